/**
 * The planner's year in a real browser: a ward drafts 令和9年度 from 令和8年度 on the empty year page,
 * rates rows with the matrix, edits and saves, submits; the chair returns it with a reason, the ward
 * revises and submits again, the chair approves; then years side by side. Screenshots of the draft, the
 * matrix chart and the year comparison in Japanese and English (test-results/screenshots/planner-*).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Plan, PlanStep, PlanSummary } from '../../schemas/types.js';
import { join } from 'node:path';
import { SCREENSHOTS, axeSeriousViolations, browserSuite, browserUnavailable, expectClean, expectNoHorizontalScroll, getJson, loginTo, screenshot } from '../helpers/browser.js';

async function storedPlan(page: Page, server: { url: string }, wardId: string, fy: number): Promise<Plan> {
  const list = await getJson<PlanSummary[]>(page, server as never, `/api/plans?fiscalYear=${fy}&ward=${wardId}`);
  expect(list).toHaveLength(1);
  return getJson<Plan>(page, server as never, `/api/plans/${list[0]!.id}`);
}

async function rate(page: Page, label: string, effect: string, effort: string, wanted: string, reason: string) {
  await page.getByLabel(`${label} 効果`).selectOption({ label: effect });
  await page.getByLabel(`${label} 労力`).selectOption({ label: effort });
  await page.getByLabel(`${label} ニーズ`).selectOption({ label: wanted });
  await page.getByLabel(`${label} 理由`).fill(reason);
  await page.getByLabel(`${label} 理由`).press('Tab');
}

describe.skipIf(browserUnavailable())("the planner's year in a browser", () => {
  const suite = browserSuite();

  it('drafts next year, rates with the matrix, edits, submits; the chair returns and approves', async () => {
    const w = await suite.open({ viewport: { width: 1366, height: 900 } });
    const { page } = w;
    await loginTo(page, suite.server, 'izumi', '/plans/izumi/2027');

    // the empty year offers last year's plan, a template, a blank plan
    const empty = page.locator('[data-testid=missing-plan]');
    await empty.getByText('この年度の計画はまだありません。').waitFor();
    expect(await empty.locator('#template-choice option').allInnerTexts()).toEqual(['ネットワーク強化計画(市共通様式)', '泉区 毎月の運営会議と会議体']);
    await empty.getByRole('button', { name: '令和8年度の計画から作成' }).click();

    // the draft: era moved on, efforts written from the records, slipped rows marked
    const title = page.locator('#pf-title');
    await title.waitFor();
    expect(await title.inputValue()).toContain('令和9年度');
    expect(await page.locator('#pf-lastYearEfforts-0').inputValue()).toMatch(/運営会議.*毎月行った\(計\d+回/);
    const carried = page.locator('section.carried');
    await carried.waitFor();
    expect(await carried.locator('li').count()).toBe(5);
    expect(await carried.locator('li.slipped').count()).toBeGreaterThan(0);
    expect(await axeSeriousViolations(page)).toEqual([]);
    await screenshot(page, 'planner-draft-ja');

    // rate two rows and an action with the matrix; the chart shows them
    const matrix = page.locator('details.matrix');
    await matrix.locator('summary').click();
    await rate(page, '①', '高', '低', '高', '毎月の確認が全体を支えている');
    await rate(page, '④', '高', '中', '高', '事例検討の満足度が高い');
    await rate(page, '⑤', '中', '高', '中', '準備の負担が大きい');
    await rate(page, '①-1', '中', '低', '高', '近況票が好評');
    const chart = page.locator('[data-testid=matrix-chart]');
    await chart.waitFor();
    expect(await chart.locator('g.mark').count()).toBe(4);
    expect(await matrix.locator('ol.order li').first().innerText()).toContain('①');
    expect(await axeSeriousViolations(page)).toEqual([]);
    // below the sticky toolbar, so that it does not cover the panel in the picture
    await matrix.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await matrix.screenshot({ path: join(SCREENSHOTS, 'planner-matrix-ja.png') });

    // edit the text and save (Ctrl+S); the ratings are saved with the plan
    await page.locator('#pf-notes').fill('令和9年度は就労系事業所との連携を強める。');
    await page.keyboard.press('Control+s');
    await page.getByRole('status').filter({ hasText: '保存しました' }).waitFor();
    let stored = await storedPlan(page, suite.server, 'izumi', 2027);
    expect(stored.schedule[0]!.rating).toEqual({ effect: 3, effort: 1, wanted: 3, reason: '毎月の確認が全体を支えている' });
    expect(stored.issues[0]!.actions[0]!.rating?.reason).toBe('近況票が好評');
    expect(stored.notes).toBe('令和9年度は就労系事業所との連携を強める。');
    expect(stored.sourcePlanId).toBeTruthy();

    // submit: the plan becomes read-only for the ward
    await page.locator('button[data-step=submitted]').click();
    await page.getByRole('status').filter({ hasText: '提出済' }).waitFor();
    await expect.poll(() => page.locator('#pf-notes').count()).toBe(0);
    expect(await page.getByText('市が承認または差し戻すまで編集できません').count()).toBe(1);
    // a ward has no approve button
    expect(await page.locator('button[data-step=approved]').count()).toBe(0);

    // the chair returns it with a reason, on the subcommittee's view of next year first
    const c = await suite.open({ viewport: { width: 1366, height: 900 } });
    await loginTo(c.page, suite.server, 'chair', '/city/2027');
    const statuses = c.page.locator('[data-testid=ward-plan-statuses]');
    await statuses.waitFor();
    expect(await statuses.locator('li', { hasText: '泉区' }).innerText()).toContain('提出済');
    expect(await statuses.locator('li', { hasText: '青葉区' }).innerText()).toContain('未作成');
    await c.page.goto(`${suite.server.url}/plans/izumi/2027`);
    await c.page.locator('button[data-step=returned]').click();
    await c.page.getByLabel('差し戻しの理由').fill('よめごと会議の実施月を記入してください');
    await c.page.getByRole('button', { name: '差し戻しを確定' }).click();
    await c.page.getByRole('status').filter({ hasText: '差戻し' }).waitFor();
    // the chair never edits the ward's text
    expect(await c.page.locator('#pf-notes').count()).toBe(0);

    // the ward revises and submits again
    await page.reload();
    // the plan opens as the document to read; 編集 switches to editing
    await page.getByRole('button', { name: '編集', exact: true }).click();
    await page.locator('#pf-notes').fill('令和9年度は就労系事業所との連携を強める。よめごと会議は6月・10月・2月。');
    await page.keyboard.press('Control+s');
    await page.getByRole('status').filter({ hasText: '保存しました' }).waitFor();
    await page.locator('button[data-step=submitted]').click();
    await page.getByRole('status').filter({ hasText: '提出済' }).waitFor();

    // the chair approves
    await c.page.reload();
    await c.page.locator('button[data-step=approved]').click();
    await c.page.getByRole('status').filter({ hasText: '承認済' }).waitFor();
    stored = await storedPlan(page, suite.server, 'izumi', 2027);
    expect(stored.status).toBe('approved');
    expect(stored.approvedVersion).toBe(stored.version);

    // the history page shows the steps with who and why
    await c.page.goto(`${suite.server.url}/plans/izumi/2027/history`);
    const steps = c.page.locator('[data-testid=plan-steps] li');
    await expect.poll(() => steps.count()).toBe(4);
    expect(await steps.nth(2).innerText()).toContain('よめごと会議の実施月を記入してください');
    const api = await getJson<PlanStep[]>(c.page, suite.server, `/api/plans/${stored.id}/steps`);
    expect(api.map((s) => s.to)).toEqual(['approved', 'submitted', 'returned', 'submitted']);

    // years side by side
    await c.page.goto(`${suite.server.url}/plans/izumi/compare?from=2026&to=2027`);
    const figures = c.page.locator('[data-testid=compare-figures]');
    await figures.waitFor();
    expect(await figures.innerText()).toContain('指定特定の会議体への参加率');
    expect(await c.page.locator('ins').count()).toBeGreaterThan(0);
    expect(await axeSeriousViolations(c.page)).toEqual([]);
    await expectNoHorizontalScroll(c.page);
    await screenshot(c.page, 'planner-compare-ja');

    await expectClean(w);
    await expectClean(c);
    await w.context.close();
    await c.context.close();
  });

  it('shows the draft, the matrix and the comparison in English', async () => {
    const w = await suite.open({ lang: 'en', viewport: { width: 1366, height: 900 } });
    const { page } = w;
    await loginTo(page, suite.server, 'izumi', '/plans/izumi/2027');
    await page.locator('section.carried').waitFor();
    expect(await page.locator('section.carried h2').innerText()).toBe('Rows carried over from last year');
    expect(await page.getByRole('button', { name: 'Draft the plan for FY2028' }).count()).toBe(1);
    await screenshot(page, 'planner-draft-en');
    const matrix = page.locator('details.matrix');
    await matrix.locator('[data-testid=matrix-chart]').waitFor();
    await matrix.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await matrix.screenshot({ path: join(SCREENSHOTS, 'planner-matrix-en.png') });
    await page.goto(`${suite.server.url}/plans/izumi/compare?from=2025&to=2026`);
    await page.locator('[data-testid=compare-figures]').waitFor();
    expect(await page.locator('h1').innerText()).toContain('years side by side');
    await screenshot(page, 'planner-compare-en');
    expect(await axeSeriousViolations(page)).toEqual([]);
    await expectClean(w);
    await w.context.close();
  });
});
