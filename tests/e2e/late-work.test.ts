/**
 * Late work and the month in progress in a real browser, on 29 November 2026 (server and browser clocks):
 * work recorded late clears the cell from "behind" on every page (month page, ward home, subcommittee
 * view); the subcommittee view opens as of October with November shown apart and no ranking; the month
 * page shows every problem at once and clears each error as it is fixed. axe-core: no violations at all.
 * Screenshots of the changed pages in Japanese and English at 1366×768 and 1920×1080.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ProgressList, Rollup } from '../../schemas/types.js';
import { ROOT } from '../helpers/app.js';
import { type BrowserSuite, type OpenPageOptions, type WatchedPage, browserSuite, browserUnavailable, expectClean, getJson, loginTo, screenshot } from '../helpers/browser.js';

const NOW = '2026-11-29T10:00:00+09:00';
/** Month labels ('10月') compared in fiscal order, April first. */
const byFiscalMonth = (a: string, b: string) => ((parseInt(a, 10) + 8) % 12) - ((parseInt(b, 10) + 8) % 12);

async function openAt(suite: BrowserSuite, options?: OpenPageOptions): Promise<WatchedPage> {
  const w = await suite.open(options);
  await w.page.clock.setFixedTime(new Date(NOW));
  return w;
}

/** Every axe-core violation, whatever its impact. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function aobaRollup(page: Page, suite: BrowserSuite, query = ''): Promise<Rollup['wards'][number]> {
  const r = await getJson<Rollup>(page, suite.server, `/api/rollup?fiscalYear=2026${query}`);
  return r.wards.find((w) => w.wardId === 'aoba')!;
}

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

describe.skipIf(browserUnavailable())('late work and the month in progress in a browser', () => {
  const suite = browserSuite(undefined, { env: { FIXED_NOW: NOW } });

  it('the subcommittee view opens as of October, shows November apart, ranks no ward, and has no axe violations', async () => {
    const w = await openAt(suite);
    await loginTo(w.page, suite.server, 'chair', '/city/2026');
    const page = w.page;
    await page.locator('.city-summary').waitFor();
    expect(await page.locator('#as-of').inputValue()).toBe('2026-10');
    expect(await page.locator('.city-summary').innerText()).toContain('11月(今月・進行中)');
    expect(await page.locator('table.heatmap thead th.current').innerText()).toContain('今月');
    expect(await page.locator('.ward-card .rank').count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toMatch(/\d位/);
    const r = await getJson<Rollup>(page, suite.server, '/api/rollup?fiscalYear=2026&asOf=2026-11');
    // as of November itself, nothing planned for November is behind yet
    expect(r.wards.flatMap((x) => x.overdue).filter((c) => c.month === 11)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.title()).toContain('2026');
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await screenshot(page, `late-city-ja-${size.width}`);
    }
    // the chair's home: each ward at a glance, as of October, with November's progress beside it
    await page.goto(`${suite.server.url}/`);
    await page.locator('#glance-heading').waitFor();
    expect(await page.locator('#glance-heading').innerText()).toContain('2026年10月末時点');
    expect(await page.locator('.glance tbody tr').count()).toBe(5);
    expect(await axeViolations(page)).toEqual([]);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await screenshot(page, `late-home-chair-ja-${size.width}`);
    }
    await expectClean(w);
    await w.context.close();

    const en = await openAt(suite, { lang: 'en' });
    await loginTo(en.page, suite.server, 'chair', '/city/2026');
    await en.page.locator('.city-summary').waitFor();
    expect(await en.page.locator('.city-summary').innerText()).toContain('(this month, in progress)');
    expect(await axeViolations(en.page)).toEqual([]);
    for (const size of SIZES) {
      await en.page.setViewportSize(size);
      await screenshot(en.page, `late-city-en-${size.width}`);
    }
    await en.page.goto(`${suite.server.url}/`);
    await en.page.locator('#glance-heading').waitFor();
    expect(await axeViolations(en.page)).toEqual([]);
    for (const size of SIZES) {
      await en.page.setViewportSize(size);
      await screenshot(en.page, `late-home-chair-en-${size.width}`);
    }
    await expectClean(en);
    await en.context.close();
  }, 90_000);

  it('the month page shows every problem at once and clears each as it is fixed; nothing is saved', async () => {
    const w = await openAt(suite);
    const page = w.page;
    await loginTo(page, suite.server, 'izumi', '/plans/izumi/2026/month?month=11');
    await page.locator('#p-r1-11').waitFor();
    await page.locator('#p-r1-11-note').fill('状況未選択のメモ');
    await page.locator('#p-r4-11-status input[value="done"]').check();
    await page.locator('#p-r4-11-heldOn').fill('2026-11-30'); // tomorrow
    await page.getByRole('button', { name: 'まとめて保存' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    // both problems at once: the missing status (found here) and the future date (found by the server)
    await page.locator('#p-r4-11-heldOn-error').waitFor();
    expect(await summary.locator('li').count()).toBe(2);
    expect(await page.locator('#p-r4-11-heldOn-error').innerText()).toContain('未来の日付');
    expect(await page.locator('#p-r1-11-status-error').innerText()).toContain('実施状況を選んでください');
    expect(await axeViolations(page)).toEqual([]);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await screenshot(page, `late-month-errors-ja-${size.width}`);
    }
    // choosing a status clears that error at once
    await page.locator('#p-r1-11-status input[value="partial"]').check();
    await expect.poll(() => page.locator('#p-r1-11-status-error').count()).toBe(0);
    expect(await summary.locator('li').count()).toBe(1);
    // correcting the date clears the last one, and the summary goes
    await page.locator('#p-r4-11-heldOn').fill('2026-11-20');
    await expect.poll(() => page.locator('#p-r4-11-heldOn-error').count()).toBe(0);
    await expect.poll(() => page.locator('.error-summary').count()).toBe(0);
    const stored = (await getJson<ProgressList>(page, suite.server, `/api/plans/${(await getJson<{ id: string }[]>(page, suite.server, '/api/plans?fiscalYear=2026&ward=izumi'))[0]!.id}/progress`)).records;
    expect(stored.filter((r) => r.month === 11)).toEqual([]);
    await expectClean(w);
    await w.context.close();
  }, 60_000);

  it('recording August work done on 18 September clears it from behind on the month page, the ward home and the subcommittee view', async () => {
    const w = await openAt(suite);
    const page = w.page;
    await loginTo(page, suite.server, 'aoba', '/');
    await page.locator('#ward-month-heading').waitFor();
    const r6 = (await aobaRollup(page, suite)).overdue.find((c) => c.rowId === 'r6' && c.month === 8)!;
    expect(r6.status).toBe('postponed');
    expect(await page.locator('.ward-month').innerText()).toContain(r6.rowTitle!);
    expect(await axeViolations(page)).toEqual([]);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await screenshot(page, `late-home-ward-ja-${size.width}`);
    }
    await page.setViewportSize(SIZES[0]!);

    await page.goto(`${suite.server.url}/plans/aoba/2026/month?month=11`);
    await page.locator('#p-r6-8').waitFor();
    const card = page.locator('section.row-card', { has: page.locator('#p-r6-8') });
    expect(await card.locator('h3').innerText()).toContain(r6.rowTitle!);
    expect(await page.locator('label[for="p-r6-8-heldOn"]').innerText()).toBe('実施日(遅れて実施した日)');
    expect(await page.title()).toContain('青葉区');
    await page.locator('#p-r6-8-status input[value="done"]').check();
    await page.locator('#p-r6-8-heldOn').fill('2026-09-18');
    expect(await page.locator('#p-r6-8').innerText()).toContain('遅れて実施');
    expect(await axeViolations(page)).toEqual([]);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await screenshot(page, `late-month-ja-${size.width}`);
    }
    await page.getByRole('button', { name: 'まとめて保存' }).click();
    await page.locator('.save-bar [role=status]', { hasText: '1件の記録を保存しました' }).waitFor();
    // the month page: the cell is no longer behind (the list was reloaded after saving)
    await expect.poll(() => page.locator('#p-r6-8').count()).toBe(0);
    const after = await aobaRollup(page, suite);
    expect(after.overdue.some((c) => c.rowId === 'r6' && c.month === 8)).toBe(false);
    expect(after.late).toBe(1);

    // the ward's home page
    await page.goto(`${suite.server.url}/`);
    await page.locator('#ward-month-heading').waitFor();
    const lateList = await page.locator('.ward-month').innerText();
    expect(lateList).not.toContain(`8月 ${r6.rowTitle}`);
    // oldest first, as a to-do list (the roll-up lists them by plan row)
    const homeMonths = await page.locator('.ward-month .month').allInnerTexts();
    expect(new Set(homeMonths).size).toBeGreaterThan(1);
    expect(homeMonths).toEqual([...homeMonths].sort(byFiscalMonth));

    // the subcommittee view (chair)
    const chair = await openAt(suite);
    await loginTo(chair.page, suite.server, 'chair', '/city/2026');
    const aobaCard = chair.page.locator('article.ward-card', { has: chair.page.getByRole('heading', { name: '青葉区' }) });
    await aobaCard.waitFor();
    expect(await aobaCard.locator('ul.overdue').innerText()).not.toContain(r6.rowTitle!);
    const cardMonths = await aobaCard.locator('ul.overdue .month').allInnerTexts();
    expect(cardMonths).toEqual([...cardMonths].sort(byFiscalMonth));
    expect(await aobaCard.innerText()).toContain('うち遅れて実施 1件');
    await expectClean(chair);
    await chair.context.close();

    const en = await openAt(suite, { lang: 'en' });
    await loginTo(en.page, suite.server, 'aoba', '/plans/aoba/2026/month?month=11');
    await en.page.locator('#p-r4-11').waitFor();
    expect(await axeViolations(en.page)).toEqual([]);
    for (const size of SIZES) {
      await en.page.setViewportSize(size);
      await screenshot(en.page, `late-month-en-${size.width}`);
    }
    await en.page.goto(`${suite.server.url}/`);
    await en.page.locator('#ward-month-heading').waitFor();
    for (const size of SIZES) {
      await en.page.setViewportSize(size);
      await screenshot(en.page, `late-home-ward-en-${size.width}`);
    }
    await expectClean(en);
    await en.context.close();
    await expectClean(w);
    await w.context.close();
  }, 120_000);
});
