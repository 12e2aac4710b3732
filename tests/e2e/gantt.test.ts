/**
 * The Gantt view of a plan in a real browser: non-adjacent months as separate bars on one line, a
 * 50-row plan, hostile titles rendered as text, navigation to the month page, both languages, and
 * the page's hygiene (no external requests, no CSP violations, no page errors, no serious axe findings).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Plan, PlanContent, ScheduleRow } from '../../schemas/types.js';
import { client } from '../helpers/app.js';
import { DEMO_PASSWORD, axeSeriousViolations, browserSuite, countDialogs, browserUnavailable, expectClean, expectNoHorizontalScroll, loginTo, screenshot } from '../helpers/browser.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

/** x and y of the bars drawn for the row on chart line `line`, left to right. */
async function barsOfLine(page: Page, line: number): Promise<{ x: number; y: number; width: number }[]> {
  const bars = await page.locator(`.fg-host .bar-wrapper[data-fg-line="${line}"] rect.bar`).evaluateAll((rects) =>
    rects.map((r) => ({ x: Number(r.getAttribute('x')), y: Number(r.getAttribute('y')), width: Number(r.getAttribute('width')) })),
  );
  return bars.sort((a, b) => a.x - b.x);
}

/** A plan with `n` schedule rows: varied timing, three issues; row ① has a hostile title, row ② is planned in May, September and January. */
function bigPlan(n: number): PlanContent {
  const issues = ['a', 'b', 'c'].map((k, i) => ({ id: `i${k}`, problem: `課題 ${i + 1}`, actions: [{ text: `取組 ${i + 1}`, meetingTypeId: null }], remarks: '' }));
  const schedule: ScheduleRow[] = Array.from({ length: n }, (_, i) => {
    const timing = i > 1 && i % 10 === 4 ? 'everyMonth' : i > 1 && i % 10 === 7 ? 'asNeeded' : 'months';
    const months = i === 1 ? [5, 9, 1] : timing === 'months' ? [[4, 5], [6], [7, 8, 9], [10, 12], [1, 2, 3]][i % 5]! : [];
    return { id: `r${i + 1}`, title: i === 0 ? HOSTILE : `作業手順 ${i + 1}`, issueId: issues[i % 3]!.id, meetingTypeId: null, timing, months };
  });
  return {
    wardId: 'taihaku',
    fiscalYear: 2027,
    title: '令和9年度 指定特定相談支援事業所と関係機関のネットワーク強化に向けた計画案(太白区障害者自立支援協議会)',
    status: 'draft',
    lastYearEfforts: ['前年度の取組'],
    findings: ['明らかになったこと'],
    goals: [{ id: 'g1', text: '目標' }],
    issues,
    schedule,
    notes: '',
  };
}

describe.skipIf(browserUnavailable())('the Gantt view in a browser', () => {
  const suite = browserSuite(async (server) => {
    // the 50-row plan, created through the API as an administrator
    const admin = await client(server.app, 'admin', { viaLogin: true, password: DEMO_PASSWORD });
    const created = await admin.post('/api/plans', bigPlan(50));
    expect(created.statusCode, created.body).toBe(201);
    expect((created.json() as Plan).schedule).toHaveLength(50);
  });

  it('draws a row planned in non-adjacent months as separate bars on one line, and opens the month page from a bar', async () => {
    const w = await suite.open();
    const { page } = w;
    await loginTo(page, suite.server, 'aoba', '/plans/aoba/2026/gantt');
    await page.locator('.fg-host .bar-wrapper').first().waitFor();

    expect(await page.locator('h1').innerText()).toContain('令和8年度 指定特定相談支援事業所と関係機関のネットワーク強化に向けた計画案');
    expect(await page.getByRole('link', { name: '計画を開く' }).getAttribute('href')).toBe('/plans/aoba/2026');
    expect(await page.locator('.fg-label').count()).toBe(7);
    expect(await page.locator('.fg-label .fg-num').allInnerTexts()).toEqual(['①', '②', '③', '④', '⑤', '⑥', '⑦']);
    expect(await page.locator('.fg-label .fg-title').first().innerText()).toBe('ちよこっとケースレビューの実施');

    // r1 = [6, 8, 10, 12, 2]: five bars, one line, one vertical position, one month apart
    const bars = await barsOfLine(page, 0);
    expect(bars).toHaveLength(5);
    expect(new Set(bars.map((b) => b.y)).size).toBe(1);
    for (let i = 1; i < bars.length; i++) expect(bars[i]!.x).toBeGreaterThan(bars[i - 1]!.x + bars[i - 1]!.width);
    // r4 (毎月) is one bar over the whole year, on its own line below
    const everyMonth = await barsOfLine(page, 3);
    expect(everyMonth).toHaveLength(1);
    expect(everyMonth[0]!.y).toBeGreaterThan(bars[0]!.y);
    // issues as groups, progress as marks
    const legend = await page.locator('.fg-legend').innerText();
    expect(legend).toContain('課題①');
    expect(legend).toContain('課題②');
    expect(await page.locator('.fg-host .fg-mark').count()).toBeGreaterThan(5);
    expect(await page.locator('.fg-sr-only tbody tr').count()).toBe(7);
    await expectNoHorizontalScroll(page);

    await screenshot(page, 'gantt-ja');
    expect(await axeSeriousViolations(page)).toEqual([]);

    // ①'s October bar (nothing recorded yet) opens the October record; ②'s July mark the July record
    await page.locator('.fg-host .bar-wrapper[data-id="fg-0-2"] rect.bar').click();
    await page.waitForURL(`${suite.server.url}/plans/aoba/2026/month?month=10`);
    await page.goBack();
    await page.locator('.fg-host .fg-mark[data-fg-line="1"][data-fg-month="7"]').click();
    await page.waitForURL(`${suite.server.url}/plans/aoba/2026/month?month=7`);
    await expectClean(w);
    await w.context.close();
  });

  it('reads in English', async () => {
    const w = await suite.open({ lang: 'en' });
    const { page } = w;
    await loginTo(page, suite.server, 'viewer', '/plans/miyagino/2026/gantt');
    await page.locator('.fg-host .bar-wrapper').first().waitFor();
    expect(await page.locator('.gantt-head').innerText()).toContain('Gantt chart');
    expect(await page.getByRole('link', { name: 'Open the plan' }).count()).toBe(1);
    const legend = await page.locator('.fg-legend').innerText();
    expect(legend).toContain('Issue ①');
    expect(legend).not.toMatch(/課題|実施|随時/);
    expect(await page.locator('.fg-labels-head').innerText()).toBe('Task');
    await screenshot(page, 'gantt-en');
    expect(await axeSeriousViolations(page)).toEqual([]);
    await expectClean(w);
    await w.context.close();
  });

  it('renders a 50-row plan with exactly 50 lines, and a hostile title as text in the chart and on the plan page', async () => {
    const w = await suite.open();
    const { page } = w;
    const dialogs = countDialogs(page);
    await loginTo(page, suite.server, 'admin', '/plans/taihaku/2027/gantt');
    await page.locator('.fg-host .bar-wrapper').first().waitFor();
    expect(await page.locator('.fg-label').count()).toBe(50);
    expect(await page.locator('.fg-sr-only tbody tr').count()).toBe(50);
    const lines = await page.locator('.fg-host .bar-wrapper').evaluateAll((els) => [...new Set(els.map((e) => Number(e.getAttribute('data-fg-line'))))]);
    expect(Math.max(...lines)).toBe(49);
    expect(Math.min(...lines)).toBe(0);

    // ② = [5, 9, 1]: three separate bars at one height
    const bars = await barsOfLine(page, 1);
    expect(bars).toHaveLength(3);
    expect(new Set(bars.map((b) => b.y)).size).toBe(1);

    // ① is hostile: text, not markup
    expect(await page.locator('.fg-label .fg-title').first().textContent()).toBe(HOSTILE);
    expect(await page.locator('.fg-sr-only tbody tr').first().locator('th').textContent()).toBe(HOSTILE);
    expect(await page.locator('img').count()).toBe(0);

    await page.getByRole('link', { name: '計画を開く' }).click();
    await page.locator('#pf-schedule-r1-title').waitFor();
    expect(await page.locator('tr.schedule-row').count()).toBe(50);
    expect(await page.locator('#pf-schedule-r1-title').inputValue()).toBe(HOSTILE);
    expect(await page.locator('img').count()).toBe(0);
    await expectNoHorizontalScroll(page);
    await page.waitForTimeout(200);
    expect(dialogs()).toBe(0);
    await expectClean(w);
    await w.context.close();
  });
});
