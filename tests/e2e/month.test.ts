/**
 * The ward secretariat's "this month" page in a real browser against the real server: recording a month
 * in one pass, server-side validation errors beside their fields, a version conflict, read-only users,
 * and the city view following what was recorded.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ProgressList, Rollup } from '../../schemas/types.js';
import { type BrowserSuite, type E2EServer, type OpenPageOptions, type WatchedPage, axeSeriousViolations, browserSuite, browserUnavailable, expectClean, getJson, login, loginTo, screenshot } from '../helpers/browser.js';

async function planId(page: Page, server: E2EServer, ward: string): Promise<string> {
  const list = await getJson<{ id: string }[]>(page, server, `/api/plans?fiscalYear=2026&ward=${ward}`);
  return list[0]!.id;
}

async function records(page: Page, server: E2EServer, ward: string): Promise<ProgressList['records']> {
  return (await getJson<ProgressList>(page, server, `/api/plans/${await planId(page, server, ward)}/progress`)).records;
}

/** Sets a status by its radio (the segmented control's input). */
async function setStatus(page: Page, cell: string, status: string): Promise<void> {
  await page.locator(`#p-${cell}-status input[value="${status}"]`).check();
}

/** Full-page screenshots with the sticky save bar at the end of the page, where it belongs. */
async function shootMonth(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await screenshot(page, name);
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** Server and browser both on 29 November 2026 (Japan): November is the month in progress. */
const NOW = '2026-11-29T10:00:00+09:00';

async function openAt(suite: BrowserSuite, options?: OpenPageOptions): Promise<WatchedPage> {
  const w = await suite.open(options);
  await w.page.clock.setFixedTime(new Date(NOW));
  return w;
}

describe.skipIf(browserUnavailable())('the month page (今月の記録) in a browser', () => {
  const suite = browserSuite(undefined, { env: { FIXED_NOW: NOW } });

  it('records a month in one pass, finds it after a reload, and the city view follows', async () => {
    const chair = await openAt(suite);
    await login(chair.page, suite.server, 'chair');
    const before = await getJson<Rollup>(chair.page, suite.server, '/api/rollup?fiscalYear=2026&asOf=2026-10');
    const aobaBefore = before.wards.find((w) => w.wardId === 'aoba')!;
    const octBefore = aobaBefore.months.find((m) => m.month === 10)!;

    const w = await openAt(suite);
    await loginTo(w.page, suite.server, 'aoba', '/plans/aoba/2026/month?month=10');
    const page = w.page;
    await page.getByRole('heading', { level: 1, name: '2026年10月の記録' }).waitFor();
    // one card per task with the month's cell and the months it is behind on inside it; the as-needed row apart
    await page.locator('#p-r4-10').waitFor();
    const r4 = page.locator('section.row-card', { has: page.locator('#p-r4-10') });
    expect(await r4.locator('article.entry').count()).toBe(2); // October, and July behind
    expect(await r4.locator('#p-r4-7').innerText()).toContain('未記録・遅れ 7月');
    expect(await page.locator('#p-r6-8').innerText()).toContain('未記録・遅れ 8月');
    expect(await page.locator('#p-r3-10').count()).toBe(1);
    // work may be dated in another month of the year (done late or early), never after today
    expect(await page.locator('#p-r1-10-heldOn').getAttribute('min')).toBe('2026-04-01');
    expect(await page.locator('#p-r1-10-heldOn').getAttribute('max')).toBe('2026-11-29');
    expect(await page.locator('label[for="p-r6-8-heldOn"]').innerText()).toBe('実施日(遅れて実施した日)');
    expect(await page.locator('#p-r1-10').innerText()).toContain('個人が特定される情報は記載しないでください');

    await setStatus(page, 'r1-10', 'done');
    await page.locator('#p-r1-10-heldOn').fill('2026-10-15');
    await page.locator('#p-r1-10-attendance').fill('18');
    await page.locator('#p-r1-10-note').fill('小グループで近況を共有した(e2e)');
    await setStatus(page, 'r4-10', 'done');
    await page.locator('#p-r4-10-heldOn').fill('2026-10-06');
    await setStatus(page, 'r5-10', 'partial');
    await page.locator('#p-r5-10-note').fill('包括連絡会と日程調整中');
    // the as-needed row with Aoba's plugin field (offices visited)
    await setStatus(page, 'r3-10', 'done');
    await page.locator('#p-r3-10-extra-officesVisited').fill('2');
    // an overdue cell recorded for its own month
    await setStatus(page, 'r6-8', 'done');
    await page.locator('#p-r6-8-heldOn').fill('2026-08-27');
    expect(await page.locator('.save-bar [role=status]').innerText()).toContain('未保存の変更 5件');

    const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/progress'));
    await page.getByRole('button', { name: 'まとめて保存' }).click();
    const body = (await posted).postDataJSON() as { records: { rowId: string; month: number }[] };
    // only the changed cells are sent, in one request
    expect(body.records.map((r) => `${r.rowId}-${r.month}`).sort()).toEqual(['r1-10', 'r3-10', 'r4-10', 'r5-10', 'r6-8']);
    await page.locator('.save-bar [role=status]', { hasText: '5件の記録を保存しました' }).waitFor();
    // the overdue list updates: the August cell is done now
    await expect.poll(() => page.locator('#p-r6-8').count()).toBe(0);
    expect(await page.locator('#p-r4-7').count()).toBe(1);

    const stored = await records(page, suite.server, 'aoba');
    const r1 = stored.find((r) => r.rowId === 'r1' && r.month === 10)!;
    expect(r1).toMatchObject({ status: 'done', heldOn: '2026-10-15', attendance: 18, note: '小グループで近況を共有した(e2e)', updatedBy: 'aoba' });
    expect(stored.find((r) => r.rowId === 'r3' && r.month === 10)).toMatchObject({ status: 'done', extra: { officesVisited: 2 } });
    expect(stored.find((r) => r.rowId === 'r5' && r.month === 10)?.status).toBe('partial');

    await page.reload();
    await page.locator('#p-r1-10').waitFor();
    expect(await page.locator('#p-r1-10-status input[value="done"]').isChecked()).toBe(true);
    expect(await page.locator('#p-r1-10-heldOn').inputValue()).toBe('2026-10-15');
    expect(await page.locator('#p-r1-10-attendance').inputValue()).toBe('18');
    expect(await page.locator('#p-r1-10-note').inputValue()).toBe('小グループで近況を共有した(e2e)');
    expect(await page.locator('#p-r3-10-extra-officesVisited').inputValue()).toBe('2');
    expect(await page.locator('#p-r5-10-status input[value="partial"]').isChecked()).toBe(true);
    expect(await page.locator('.save-bar [role=status]').innerText()).toContain('未保存の変更はありません');

    // the chair's city view reflects the new records
    const after = await getJson<Rollup>(chair.page, suite.server, '/api/rollup?fiscalYear=2026&asOf=2026-10');
    const aobaAfter = after.wards.find((x) => x.wardId === 'aoba')!;
    const octAfter = aobaAfter.months.find((m) => m.month === 10)!;
    expect(aobaAfter.done).toBe(aobaBefore.done + 3);
    expect(aobaAfter.partial).toBe(aobaBefore.partial + 1);
    expect(aobaAfter.percent).not.toBe(aobaBefore.percent);
    expect(`${octBefore.done}/${octBefore.due}`).toBe('0/3');
    expect(`${octAfter.done}/${octAfter.due}`).toBe('2/3');
    await chair.page.goto(suite.server.url + '/city/2026?asOf=2026-10');
    const card = chair.page.locator('article.ward-card', { has: chair.page.getByRole('heading', { name: '青葉区' }) });
    await card.waitFor();
    expect(await card.innerText()).toContain(`${aobaAfter.percent!.toFixed(1)}%`);
    const aobaRow = chair.page.locator('table.heatmap tbody tr').first();
    expect(await aobaRow.locator('th').innerText()).toContain('青葉区');
    const octCell = aobaRow.locator('td.heat').nth(6);
    expect(await octCell.innerText()).toContain('2/3');
    expect(await octCell.innerText()).toContain('△1');
    expect(await chair.page.locator('.city-summary').innerText()).toContain(`${after.city.percent!.toFixed(1)}%`);

    await expectClean(w);
    await expectClean(chair);
    await w.context.close();
    await chair.context.close();
  }, 60_000);

  it('shows a server-side error beside its field and saves nothing', async () => {
    const w = await openAt(suite);
    await loginTo(w.page, suite.server, 'izumi', '/plans/izumi/2026/month?month=11');
    const page = w.page;
    await page.locator('#p-r4-11').waitFor();
    // Izumi's liaison meeting has the plugin's invited / participating offices fields, labelled from x-label
    expect(await page.locator('label[for="p-r4-11-extra-invitedOffices"]').innerText()).toBe('対象の指定特定事業所数');
    await setStatus(page, 'r1-11', 'done');
    await setStatus(page, 'r4-11', 'done');
    await page.locator('#p-r4-11-extra-invitedOffices').fill('10');
    await page.locator('#p-r4-11-extra-participatingOffices').fill('12');
    await page.getByRole('button', { name: 'まとめて保存' }).click();

    const error = page.locator('#p-r4-11-extra-participatingOffices-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('10以下');
    expect(await page.locator('#p-r4-11-extra-participatingOffices').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#p-r4-11-extra-participatingOffices').getAttribute('aria-describedby')).toContain('p-r4-11-extra-participatingOffices-error');
    const summary = page.locator('.error-summary');
    expect(await summary.getAttribute('role')).toBe('alert');
    expect(await summary.innerText()).toContain('参加した指定特定事業所数');
    // the summary's link moves focus to the field
    await summary.getByRole('button').first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('p-r4-11-extra-participatingOffices');
    // all or nothing: neither record was saved; the typed values are still there
    const stored = await records(page, suite.server, 'izumi');
    expect(stored.filter((r) => r.month === 11)).toEqual([]);
    expect(await page.locator('#p-r4-11-extra-participatingOffices').inputValue()).toBe('12');
    expect(await page.locator('#p-r1-11-status input[value="done"]').isChecked()).toBe(true);

    // corrected, it saves, and the error goes away
    await page.locator('#p-r4-11-extra-participatingOffices').fill('8');
    await page.getByRole('button', { name: 'まとめて保存' }).click();
    await page.locator('.save-bar [role=status]', { hasText: '2件の記録を保存しました' }).waitFor();
    expect(await error.count()).toBe(0);
    const saved = (await records(page, suite.server, 'izumi')).find((r) => r.rowId === 'r4' && r.month === 11);
    expect(saved?.extra).toEqual({ invitedOffices: 10, participatingOffices: 8 });
    await expectClean(w);
    await w.context.close();
  }, 40_000);

  it('on a version conflict shows the other record, keeps the input and lets the user re-apply it', async () => {
    const w = await openAt(suite);
    await loginTo(w.page, suite.server, 'aoba', '/plans/aoba/2026/month?month=11');
    const page = w.page;
    await page.locator('#p-r4-11').waitFor();
    await setStatus(page, 'r4-11', 'done');
    await page.locator('#p-r4-11-note').fill('自分の記録');

    // someone else (same ward) records the same cell first
    const session = await getJson<{ csrfToken: string }>(page, suite.server, '/api/session');
    const id = await planId(page, suite.server, 'aoba');
    const res = await page.request.post(`${suite.server.url}/api/plans/${id}/progress`, {
      headers: { 'x-csrf-token': session.csrfToken },
      data: { records: [{ rowId: 'r4', month: 11, status: 'partial', note: '別の人の記録' }] },
    });
    expect(res.status()).toBe(200);

    await page.getByRole('button', { name: 'まとめて保存' }).click();
    await page.locator('[role=alert]', { hasText: '他の人が先に記録を変更した' }).waitFor();
    const row = page.locator('#p-r4-11');
    expect(await row.innerText()).toContain('別の人の記録');
    expect(await page.locator('#p-r4-11-note').inputValue()).toBe('自分の記録');
    expect(await page.locator('#p-r4-11-status input[value="done"]').isChecked()).toBe(true);

    await row.getByRole('button', { name: '自分の入力で保存し直す' }).click();
    await page.getByRole('button', { name: 'まとめて保存' }).click();
    await page.locator('.save-bar [role=status]', { hasText: '1件の記録を保存しました' }).waitFor();
    const stored = (await records(page, suite.server, 'aoba')).find((r) => r.rowId === 'r4' && r.month === 11);
    expect(stored).toMatchObject({ status: 'done', note: '自分の記録', version: 2 });
    await expectClean(w);
    await w.context.close();
  }, 40_000);

  it('asks before the browser’s Back button leaves unsaved records: staying keeps them, leaving goes back', async () => {
    const w = await openAt(suite);
    const { page } = w;
    await loginTo(page, suite.server, 'wakabayashi', '/plans/wakabayashi/2026/month?month=10');
    await page.locator('form article.entry').first().waitFor();
    await page.locator('nav.month-nav').getByRole('link', { name: '11月' }).click();
    await page.getByRole('heading', { level: 1, name: '2026年11月の記録' }).waitFor();
    const first = page.locator('form article.entry').first();
    await first.waitFor();
    const id = (await first.getAttribute('id'))!;
    await page.locator(`#${id}-note`).fill('戻るボタンでも消えない記録');
    expect(await page.locator('.save-bar [role=status]').innerText()).toContain('未保存の変更 1件');

    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.dismiss();
    });
    await page.goBack();
    await expect.poll(() => asked).toContain('保存していない変更があります');
    await expect.poll(() => page.url()).toBe(`${suite.server.url}/plans/wakabayashi/2026/month?month=11`);
    expect(await page.locator('h1').innerText()).toBe('2026年11月の記録');
    expect(await page.locator(`#${id}-note`).inputValue()).toBe('戻るボタンでも消えない記録');

    page.once('dialog', (d) => void d.accept());
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: '2026年10月の記録' }).waitFor();
    expect(page.url()).toBe(`${suite.server.url}/plans/wakabayashi/2026/month?month=10`);
    await expectClean(w);
    await w.context.close();
  }, 40_000);

  it('says the records were saved when only the refresh of the list after saving fails', async () => {
    const w = await openAt(suite);
    const { page } = w;
    await loginTo(page, suite.server, 'miyagino', '/plans/miyagino/2026/month?month=11');
    const first = page.locator('form article.entry').first();
    await first.waitFor();
    const id = (await first.getAttribute('id'))!;
    await page.locator(`#${id}-status input[value="partial"]`).check();
    await page.locator(`#${id}-note`).fill('保存後の一覧更新だけが失敗(e2e)');

    // the save goes through; the agenda reload after it does not
    let failAgenda = true;
    await page.route('**/api/plans/*/agenda?*', (route) =>
      failAgenda
        ? route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ statusCode: 503, code: 'UNAVAILABLE', message: 'Service unavailable', messageJa: '一時的に利用できません' }) })
        : route.continue(),
    );
    await page.getByRole('button', { name: 'まとめて保存' }).click();
    const notice = page.locator('[role=alert]', { hasText: '記録は保存しました' });
    await notice.waitFor();
    expect(await notice.innerText()).toContain('一覧(予定・未記録・遅れ)を最新の状態に更新できませんでした');
    expect(await page.locator('main').innerText()).not.toContain('何も保存されていません');
    expect(await page.locator('.save-bar [role=status]').innerText()).toContain('1件の記録を保存しました');
    const [rowId, month] = id.replace(/^p-/, '').split('-');
    const stored = (await records(page, suite.server, 'miyagino')).find((r) => r.rowId === rowId && r.month === Number(month));
    expect(stored).toMatchObject({ status: 'partial', note: '保存後の一覧更新だけが失敗(e2e)' });

    // refreshing again works and clears the notice
    failAgenda = false;
    await notice.getByRole('button', { name: '一覧を更新' }).click();
    await notice.waitFor({ state: 'detached' });
    // the browser logs the refused reload (503) as a console error: that one is expected
    expect(w.errors.every((e) => /status of 503/.test(e))).toBe(true);
    w.errors.length = 0;
    await expectClean(w);
    await w.context.close();
  }, 40_000);

  it('keeps the input when the session has ended, and saves after logging in again', async () => {
    const w = await openAt(suite);
    await loginTo(w.page, suite.server, 'taihaku', '/plans/taihaku/2026/month?month=11');
    const page = w.page;
    const first = page.locator('form article.entry').first();
    await first.waitFor();
    const id = (await first.getAttribute('id'))!;
    await page.locator(`#${id}-status input[value="postponed"]`).check();
    await page.locator(`#${id}-note`).fill('講師の都合で12月に延期');
    await w.context.clearCookies();
    await page.getByRole('button', { name: 'まとめて保存' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await page.locator(`#${id}-note`).inputValue()).toBe('講師の都合で12月に延期');
    await dialog.locator('#login-password').fill('council-demo-2026');
    await dialog.locator('button[type=submit]').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('[role=alert]', { hasText: 'ログインし直してから' }).count()).toBe(1);
    await page.getByRole('button', { name: 'まとめて保存' }).click();
    await page.locator('.save-bar [role=status]', { hasText: '1件の記録を保存しました' }).waitFor();
    const [rowId, month] = id.replace(/^p-/, '').split('-');
    const stored = (await records(page, suite.server, 'taihaku')).find((r) => r.rowId === rowId && r.month === Number(month));
    expect(stored).toMatchObject({ status: 'postponed', note: '講師の都合で12月に延期', updatedBy: 'taihaku' });
    await expectClean(w);
    await w.context.close();
  }, 40_000);

  it('is read-only for others, accessible in Japanese and English', async () => {
    const viewer = await openAt(suite);
    await loginTo(viewer.page, suite.server, 'viewer', '/plans/aoba/2026/month?month=10');
    await viewer.page.locator('#p-r1-10').waitFor();
    expect(await viewer.page.locator('form input, form select, form textarea').count()).toBe(0);
    expect(await viewer.page.getByRole('button', { name: 'まとめて保存' }).count()).toBe(0);
    expect(await viewer.page.locator('.notice', { hasText: '閲覧のみ' }).count()).toBe(1);
    // the records made in the first test are shown
    expect(await viewer.page.locator('#p-r1-10').innerText()).toContain('小グループで近況を共有した(e2e)');
    expect(await viewer.page.locator('#p-r1-10').innerText()).toContain('2026年10月15日');
    expect(await axeSeriousViolations(viewer.page)).toEqual([]);
    await expectClean(viewer);
    await viewer.context.close();

    const ja = await openAt(suite);
    await loginTo(ja.page, suite.server, 'aoba', '/plans/aoba/2026/month?month=12');
    await ja.page.locator('#p-r1-12').waitFor();
    // work outside the plan: ② (planned in July only) was held again in December
    expect(await ja.page.locator('#p-r2-12').count()).toBe(0);
    await ja.page.locator('#unplanned-row').selectOption('r2');
    await ja.page.getByRole('button', { name: '計画外の実施を追加' }).click();
    await ja.page.locator('#p-r2-12').waitFor();
    expect(await ja.page.evaluate(() => document.activeElement?.closest('article')?.id)).toBe('p-r2-12');
    await setStatus(ja.page, 'r2-12', 'done');
    await ja.page.locator('#p-r2-12-extra-newOfficesInvited').fill('3');
    await ja.page.locator('#p-r2-12-extra-newOfficesAttending').fill('2');
    // December has not begun on 29 November: work done ahead of it needs its date (done early)
    await ja.page.locator('#p-r2-12-heldOn').fill('2026-11-20');
    await ja.page.getByRole('button', { name: 'まとめて保存' }).click();
    await ja.page.locator('.save-bar [role=status]', { hasText: '1件の記録を保存しました' }).waitFor();
    expect((await records(ja.page, suite.server, 'aoba')).find((r) => r.rowId === 'r2' && r.month === 12)).toMatchObject({ status: 'done', extra: { newOfficesInvited: 3, newOfficesAttending: 2 } });
    await ja.page.reload();
    await ja.page.locator('section[aria-labelledby=unplanned-heading] #p-r2-12').waitFor();
    expect(await ja.page.locator('#p-r2-12-extra-newOfficesAttending').inputValue()).toBe('2');
    await setStatus(ja.page, 'r1-12', 'done');
    await ja.page.locator('#p-r1-12-note').fill('ケースレビューを実施');
    expect(await axeSeriousViolations(ja.page)).toEqual([]);
    await shootMonth(ja.page, 'month-ja');
    await expectClean(ja);
    await ja.context.close();

    const en = await openAt(suite, { lang: 'en' });
    await loginTo(en.page, suite.server, 'izumi', '/plans/izumi/2026/month?month=10');
    await en.page.getByRole('heading', { level: 1, name: 'Records for October 2026' }).waitFor();
    await en.page.locator('#p-r1-10').waitFor();
    expect(await en.page.locator('main').innerText()).not.toMatch(/まとめて保存|未記録・遅れ|実施日/);
    expect(await en.page.getByRole('button', { name: 'Save all' }).count()).toBe(1);
    expect(await axeSeriousViolations(en.page)).toEqual([]);
    await shootMonth(en.page, 'month-en');
    // no horizontal scrolling at 1366×768
    expect(await en.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    await expectClean(en);
    await en.context.close();
  }, 50_000);
});
