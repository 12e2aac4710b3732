/**
 * The Gantt view of a plan in a real browser: non-adjacent months as separate bars on one line, a
 * 50-row plan, hostile titles rendered as text, navigation to the month page, both languages, and
 * the page's hygiene (no external requests, no CSP violations, no page errors, no serious axe findings).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Plan, PlanContent, ScheduleRow } from '../../schemas/types.js';
import { client } from '../helpers/app.js';
import { DEMO_PASSWORD, SCREENSHOTS, type WatchedPage, axeSeriousViolations, browserSuite, countDialogs, browserUnavailable, expectClean, expectNoHorizontalScroll, loginTo, screenshot } from '../helpers/browser.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

/** x and y of the bars drawn for the row on chart line `line`, left to right. */
async function barsOfLine(page: Page, line: number): Promise<{ x: number; y: number; width: number }[]> {
  const bars = await page.locator(`.fg-host .bar-wrapper[data-fg-line="${line}"] rect.bar`).evaluateAll((rects) =>
    rects.map((r) => ({ x: Number(r.getAttribute('x')), y: Number(r.getAttribute('y')), width: Number(r.getAttribute('width')) })),
  );
  return bars.sort((a, b) => a.x - b.x);
}

/** 29 November 2026 in Sendai: November is in progress, October is over. */
const NOV_29 = new Date('2026-11-29T10:00:00+09:00');

async function openGanttOn(w: WatchedPage, server: Parameters<typeof loginTo>[1], user: string, path: string): Promise<void> {
  await w.context.clock.setFixedTime(NOV_29);
  await loginTo(w.page, server, user, path);
  await w.page.locator('.fg-host .bar-wrapper').first().waitFor();
}

/** The cell's state and accessible name: `line-index` (fiscal index 0 = April). */
async function cell(page: Page, at: string): Promise<{ state: string | null; label: string | null }> {
  const el = page.locator(`[data-fg-cell="${at}"]`);
  return { state: await el.getAttribute('data-fg-state'), label: await el.getAttribute('aria-label') };
}

/** Every task name is shown whole: nothing clipped, no ellipsis. */
async function namesShownWhole(page: Page): Promise<string[]> {
  return page.locator('.fg-label').evaluateAll((labels) =>
    labels
      .filter((label) => {
        const title = label.querySelector('.fg-title') as HTMLElement;
        const style = getComputedStyle(title);
        return style.textOverflow === 'ellipsis' || title.scrollWidth > title.clientWidth + 1 || title.getBoundingClientRect().bottom > label.getBoundingClientRect().bottom + 1;
      })
      .map((label) => label.textContent ?? ''),
  );
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
    await openGanttOn(w, suite.server, 'aoba', '/plans/aoba/2026/gantt');

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
    expect(await page.locator('.fg-grid [role=row]').count()).toBe(8); // header + 7 rows
    expect(await page.locator('.fg-grid [role=rowheader]').count()).toBe(7);
    expect(await page.locator('.fg-grid [role=gridcell]').count()).toBe(7 * 12);
    await expectNoHorizontalScroll(page);

    await screenshot(page, 'gantt-ja');
    expect(await axeSeriousViolations(page)).toEqual([]);

    // ①'s December bar (to come) opens the December record, its October (overdue) mark the October record,
    // ②'s July mark the July record
    await page.locator('.fg-host .bar-wrapper[data-id="fg-0-3"] rect.bar').click();
    await page.waitForURL(`${suite.server.url}/plans/aoba/2026/month?month=12`);
    await page.goBack();
    await page.locator('.fg-host .fg-overdue[data-fg-line="0"][data-fg-month="10"]').click();
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
    expect(await page.locator('.fg-grid [role=rowheader]').count()).toBe(50);
    const lines = await page.locator('.fg-host .bar-wrapper').evaluateAll((els) => [...new Set(els.map((e) => Number(e.getAttribute('data-fg-line'))))]);
    expect(Math.max(...lines)).toBe(49);
    expect(Math.min(...lines)).toBe(0);

    // ② = [5, 9, 1]: three separate bars at one height
    const bars = await barsOfLine(page, 1);
    expect(bars).toHaveLength(3);
    expect(new Set(bars.map((b) => b.y)).size).toBe(1);

    // ① is hostile: text, not markup
    expect(await page.locator('.fg-label .fg-title').first().textContent()).toBe(HOSTILE);
    expect(await page.locator('.fg-grid [role=rowheader] .fg-title').first().textContent()).toBe(HOSTILE);
    expect(await page.locator('[data-fg-cell="0-0"]').getAttribute('aria-label')).toMatch(/^4月 /);
    expect(await page.locator('img').count()).toBe(0);

    await page.getByRole('link', { name: '計画を開く' }).click();
    await page.locator('article.plan-doc').waitFor();
    expect(await page.locator('tr.schedule-row').count()).toBe(50);
    expect(await page.locator('tr[data-row-id="r1"] th.task').innerText()).toContain(HOSTILE);
    await page.locator('.toolbar').getByRole('button', { name: '編集', exact: true }).click();
    await page.locator('#pf-schedule-r1-title').waitFor();
    expect(await page.locator('#pf-schedule-r1-title').inputValue()).toBe(HOSTILE);
    expect(await page.locator('img').count()).toBe(0);
    await expectNoHorizontalScroll(page);
    await page.waitForTimeout(200);
    expect(dialogs()).toBe(0);
    await expectClean(w);
    await w.context.close();
  });

  it('marks overdue months apart from this month and future ones, in shapes and words, and names every task in full', async () => {
    for (const [lang, viewport] of [
      ['ja', { width: 1366, height: 768 }],
      ['ja', { width: 1920, height: 1080 }],
      ['en', { width: 1366, height: 768 }],
      ['en', { width: 1920, height: 1080 }],
    ] as const) {
      const w = await suite.open({ lang, viewport });
      const { page } = w;
      await openGanttOn(w, suite.server, 'aoba', '/plans/aoba/2026/gantt');
      // ① = [6, 8, 10, 12, 2], June and August done: October is over and unrecorded → overdue;
      // November is not planned for ①; December is to come
      expect(await cell(page, '0-6')).toEqual({ state: 'overdue', label: lang === 'ja' ? '10月 計画・遅れ（記録なし）' : 'Oct: Planned, Late (nothing recorded)' });
      expect((await cell(page, '0-8')).state).toBe('future');
      expect((await cell(page, '0-2')).state).toBe('done');
      // ④ is planned every month: November is in progress (not late), October late, December to come
      expect((await cell(page, '3-7')).state).toBe('thisMonth');
      expect((await cell(page, '3-6')).state).toBe('overdue');
      expect((await cell(page, '3-8')).state).toBe('future');
      // the chart draws a hatch and a “!” on exactly the overdue cells, none in the month in progress
      const overdueCells = await page.locator('[data-fg-state=overdue]').count();
      expect(overdueCells).toBeGreaterThanOrEqual(3);
      expect(await page.locator('.fg-host .fg-overdue').count()).toBe(overdueCells);
      expect(await page.locator('.fg-host .fg-overdue[data-fg-line="0"][data-fg-month="10"] .fg-mark-overdue').count()).toBe(1);
      expect(await page.locator('.fg-host .fg-overdue[data-fg-month="11"], .fg-host .fg-overdue[data-fg-month="12"]').count()).toBe(0);
      // the legend explains it in words, not with a formula
      const legend = await page.locator('.fg-legend').innerText();
      if (lang === 'ja') {
        expect(legend).toContain('計画した月が過ぎたのに、記録がありません（遅れ）');
        expect(legend).toContain('まだ遅れではありません');
      } else {
        expect(legend).toContain('the planned month has passed and nothing is recorded (late)');
        expect(legend).toContain('not late even if nothing is recorded yet');
      }
      expect(legend).not.toMatch(/÷|×\s*0\.5|0\.5\s*×/);
      // full names: ⑥ is the longest demo name; nothing is cut with 「…」
      expect(await namesShownWhole(page)).toEqual([]);
      expect(await page.locator('.fg-label .fg-title').nth(5).innerText()).toBe('指定特定相談支援事業所と他機関多職種が連携した事例を用いた事例検討、好事例の紹介、関係機関からの話題提供');
      await expectNoHorizontalScroll(page);
      expect(await axeSeriousViolations(page)).toEqual([]);
      await screenshot(page, `gantt-${lang}-${viewport.width}`);
      await expectClean(w);
      await w.context.close();
    }
    // four windows, each checked with axe: more than the default 30 s on a busy machine
  }, 180_000);

  it('is one tab stop: arrow keys move between months, bars and rows, the card names the task, Enter opens the month', async () => {
    const w = await suite.open();
    const { page } = w;
    await openGanttOn(w, suite.server, 'aoba', '/plans/aoba/2026/gantt');
    expect(await page.locator('[role=gridcell][tabindex="0"]').count()).toBe(1);
    await page.getByRole('button', { name: '印刷' }).focus();
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-fg-cell') ?? document.activeElement?.tagName ?? null);
    // the tab stop starts on ①'s first bar (June)
    expect(await focused()).toBe('0-2');
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('0-3');
    await page.keyboard.press('Control+ArrowRight'); // next bar of ①: August
    expect(await focused()).toBe('0-4');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('1-4');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp'); // stays on the first row
    expect(await focused()).toBe('0-4');
    await page.keyboard.press('End');
    expect(await focused()).toBe('0-11');
    await page.keyboard.press('Control+End');
    expect(await focused()).toBe('6-11');
    await page.keyboard.press('Control+Home');
    expect(await focused()).toBe('0-0');
    // one tab stop: it follows the focus, and Tab leaves the chart
    expect(await page.locator('[role=gridcell][tabindex="0"]').getAttribute('data-fg-cell')).toBe('0-0');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('印刷');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('0-0');
    // the card shows the focused task's full name and the month's state
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('1-3');
    await expect.poll(() => page.locator('.fg-card-title').innerText()).toBe('② 新規事業所向けの相談支援事業所等連絡会議の実施');
    await screenshot(page, 'gantt-keyboard-ja');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${suite.server.url}/plans/aoba/2026/month?month=7`);
    await expectClean(w);
    await w.context.close();
  });

  it('prints on one A4 landscape page with the names, the legend and the date', async () => {
    const w = await suite.open();
    const { page } = w;
    await openGanttOn(w, suite.server, 'aoba', '/plans/aoba/2026/gantt');
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const text = pdf.toString('latin1');
    const pages = text.match(/\/Type\s*\/Page\b(?!s)/g) ?? [];
    expect(pages).toHaveLength(1);
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(text);
    expect(box).not.toBeNull();
    const [width, height] = [Number(box![1]), Number(box![2])];
    expect(Math.round(width)).toBe(842); // A4 landscape: 297 × 210 mm = 842 × 595 pt
    expect(Math.round(height)).toBe(595);
    // what the printed page holds (print media): the date, the legend, every name whole; no app chrome
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.printed').innerText()).toBe('印刷日：2026年11月29日');
    expect(await page.locator('header.app-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '印刷' }).isVisible()).toBe(false);
    expect(await page.locator('.fg-legend').isVisible()).toBe(true);
    expect(await namesShownWhole(page)).toEqual([]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    const file = join(SCREENSHOTS, 'gantt-print-ja.pdf');
    writeFileSync(file, pdf);
    // rendered for a person to look at (poppler's pdftoppm, when installed)
    if (existsSync('/usr/bin/pdftoppm')) execFileSync('/usr/bin/pdftoppm', ['-r', '80', '-png', file, join(SCREENSHOTS, 'gantt-print-ja')]);
    await expectClean(w);
    await w.context.close();
  });
});
