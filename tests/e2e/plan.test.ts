/**
 * The plan page in a real browser against the real server (demo data, file database): editing in place
 * and saving, a save conflict between two people, server field errors beside their inputs, a lost
 * session, escalations, the history page, read-only readers, a missing plan, and the page's hygiene
 * (no external requests, no CSP violations, no page errors, no serious axe findings, fits 1366 px).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Escalation, Plan, PlanSummary } from '../../schemas/types.js';
import {
  DEMO_PASSWORD,
  type E2EServer,
  axeSeriousViolations,
  browserSuite,
  browserUnavailable,
  countDialogs,
  expectClean,
  expectNoHorizontalScroll,
  loginTo,
  screenshot,
} from '../helpers/browser.js';

/** A logged-in API client over app.inject (to check what the server stored, independent of the page). */
async function apiAs(server: E2EServer, username: string) {
  const res = await server.app.inject({ method: 'POST', url: '/api/session', payload: { username, password: DEMO_PASSWORD } });
  expect(res.statusCode).toBe(200);
  const sid = res.cookies.find((c) => c.name === 'sid')!.value;
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  const send = async (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => {
    const r = await server.app.inject({
      method,
      url,
      headers: { cookie: `sid=${sid}`, 'x-csrf-token': csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return { status: r.statusCode, body: r.json() as unknown };
  };
  return {
    get: (url: string) => send('GET', url),
    post: (url: string, body: unknown) => send('POST', url, body),
    async plan(wardId: string, fiscalYear: number): Promise<Plan> {
      const list = (await send('GET', `/api/plans?fiscalYear=${fiscalYear}&ward=${wardId}`)).body as PlanSummary[];
      expect(list).toHaveLength(1);
      return (await send('GET', `/api/plans/${list[0]!.id}`)).body as Plan;
    },
  };
}

/** The plan opens as a document; 編集 (Edit) in the toolbar switches it into editing. */
async function startEditing(page: Page, name = '編集'): Promise<void> {
  await page.locator('.toolbar').getByRole('button', { name, exact: true }).click();
  await page.locator('#pf-title').waitFor();
}

const monthCell = (page: Page, rowId: string, month: number) =>
  page.locator(`tr[data-row-id="${rowId}"] td.month button`).nth([4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3].indexOf(month));

describe.skipIf(browserUnavailable())('the plan page in a browser', () => {
  let admin: Awaited<ReturnType<typeof apiAs>>;
  const suite = browserSuite(async (server) => {
    admin = await apiAs(server, 'admin');
  });

  it('edits a goal, a month cell and a new schedule row in place, saves, and finds them after a reload and in the API', async () => {
    const w = await suite.open();
    const { page } = w;
    await loginTo(page, suite.server, 'aoba', '/plans/aoba/2026');
    await startEditing(page);
    const goal = page.locator('#pf-goals-g1-text');
    await goal.waitFor();

    // the document's sections, in order, with the year of last year's efforts in the era
    const headings = await page.locator('article.plan-doc h2:not(.visually-hidden)').allInnerTexts();
    expect(headings).toEqual(['令和7年度の取組', '令和7年度の取組を通じて明らかになったこと', '目標', '課題解決のための取組に係る作業手順・スケジュール', 'その他計画案に関する特記事項']);
    expect(await page.locator('table.issues thead th').allInnerTexts()).toEqual(expect.arrayContaining(['番号', '目標達成に向け解決すべき課題', '課題解決のための取組', '備考']));
    expect(await page.locator('table.schedule thead th.month-head').allInnerTexts()).toEqual(['4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月', '1月', '2月', '3月']);
    // recorded progress shows read-only in the grid, with its legend
    expect(await monthCell(page, 'r1', 6).getAttribute('aria-label')).toMatch(/^① ちよこっとケースレビューの実施 6月 計画あり 実績: 実施$/);
    await expect.poll(() => page.locator('.legend').innerText()).toMatch(/実績[\s\S]*実施/);
    // free-text fields say that no personal data belongs there
    expect(await goal.getAttribute('placeholder')).toBe('個人が特定される情報は記載しないでください');
    // the meeting lists say which types stay off the public calendar (青葉区's visit to one new office)
    const meetingOptions = await page.getByLabel('スケジュール③の会議').locator('option').allInnerTexts();
    expect(meetingOptions).toContain('新規事業所への訪問(自立協の説明・顔つなぎ)(公開カレンダーに載せない)');
    expect(meetingOptions).toContain('ちょこっとケースレビュー');
    // …and a mark beside the select says it of the chosen one (the closed select cuts a long name before it)
    const meetingSelect = page.getByLabel('スケジュール③の会議');
    const third = page.locator('tr.schedule-row').nth(2);
    expect(await meetingSelect.locator('option:checked').innerText()).toBe('新規事業所への訪問(自立協の説明・顔つなぎ)(公開カレンダーに載せない)');
    expect(await third.locator('.off-calendar').allInnerTexts()).toEqual(['公開カレンダー外']);
    const visit = await meetingSelect.inputValue();
    await meetingSelect.selectOption({ label: 'ちょこっとケースレビュー' });
    await expect.poll(() => third.locator('.off-calendar').count()).toBe(0);
    await meetingSelect.selectOption(visit);
    await expect.poll(() => third.locator('.off-calendar').allInnerTexts()).toEqual(['公開カレンダー外']);
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'plan-ja');
    expect(await axeSeriousViolations(page)).toEqual([]);

    await goal.fill('① 相談員同士が日頃から情報共有や相談し合える関係性を構築する。(E2E で編集)');
    await expect.poll(() => page.locator('[data-testid=unsaved]').count()).toBe(1);

    const may = monthCell(page, 'r2', 5);
    expect(await may.getAttribute('aria-pressed')).toBe('false');
    await may.click();
    expect(await may.getAttribute('aria-pressed')).toBe('true');
    expect(await may.getAttribute('aria-label')).toMatch(/^② 新規事業所向けの相談支援事業所等連絡会議.* 5月 計画あり$/);
    // the keyboard toggles too (Space on the focused cell)
    const aug = monthCell(page, 'r2', 8);
    await aug.focus();
    await page.keyboard.press('Space');
    expect(await aug.getAttribute('aria-pressed')).toBe('true');

    await page.getByRole('button', { name: '＋ 行を追加' }).click();
    const newTitle = page.locator('tr.schedule-row').last().locator('textarea');
    await expect.poll(() => newTitle.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('E2E で追加した作業手順');
    // ⑧ is new: plan it in November with its month cell
    const newRowId = await page.locator('tr.schedule-row').last().getAttribute('data-row-id');
    expect(newRowId).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    await monthCell(page, newRowId!, 11).click();

    // reorder with buttons: last year's effort ② moves up and the focus stays with it
    const firstEffort = await page.locator('#pf-lastYearEfforts-0').inputValue();
    const secondEffort = await page.locator('#pf-lastYearEfforts-1').inputValue();
    await page.getByRole('button', { name: '令和7年度の取組 ②を上へ移動' }).click();
    expect(await page.locator('#pf-lastYearEfforts-0').inputValue()).toBe(secondEffort);
    expect(await page.locator('#pf-lastYearEfforts-1').inputValue()).toBe(firstEffort);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('pf-lastYearEfforts-0-down');

    // leaving with unsaved changes asks first; staying keeps everything
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.dismiss();
    });
    await page.locator('.toolbar').getByRole('link', { name: 'ガントチャート' }).click();
    await expect.poll(() => asked).toContain('保存していない変更があります');
    expect(page.url()).toBe(`${suite.server.url}/plans/aoba/2026`);
    expect(await goal.inputValue()).toContain('(E2E で編集)');

    await page.keyboard.press('Control+s');
    await page.getByRole('status').filter({ hasText: '保存しました' }).waitFor();
    expect(await page.locator('[data-testid=unsaved]').count()).toBe(0);
    // the status moves only by the lifecycle's steps; a revision of the approved plan is marked
    expect(await page.locator('.toolbar .badge').first().innerText()).toBe('承認済');
    await page.locator('[data-testid=changed-since-approval]').waitFor();

    await page.reload();
    await startEditing(page);
    await goal.waitFor();
    expect(await goal.inputValue()).toContain('(E2E で編集)');
    expect(await monthCell(page, 'r2', 5).getAttribute('aria-pressed')).toBe('true');
    expect(await monthCell(page, 'r2', 8).getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator(`tr[data-row-id="${newRowId}"] textarea`).first().inputValue()).toBe('E2E で追加した作業手順');

    const stored = await admin.plan('aoba', 2026);
    expect(stored.goals[0]!.text).toContain('(E2E で編集)');
    expect(stored.schedule.find((r) => r.id === 'r2')!.months).toEqual([5, 7, 8]);
    expect(stored.schedule.at(-1)).toMatchObject({ id: newRowId, title: 'E2E で追加した作業手順', timing: 'months', months: [11] });
    expect(stored.updatedBy).toBe('aoba');
    expect(stored.status).toBe('approved');
    expect(stored.changedSinceApproval).toBe(true);
    expect(stored.lastYearEfforts.slice(0, 2)).toEqual([secondEffort, firstEffort]);
    await expectClean(w);
    await w.context.close();
  });

  it('keeps the edits when the session is lost and saves them after logging in again', async () => {
    const w = await suite.open();
    const { page } = w;
    await loginTo(page, suite.server, 'aoba', '/plans/aoba/2026');
    await startEditing(page);
    const notes = page.locator('#pf-notes');
    await notes.waitFor();
    await notes.fill('セッション切れの後も残る特記事項');
    await w.context.clearCookies();
    await page.getByRole('button', { name: '保存', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await page.locator('.toolbar .message').innerText()).toContain('ログインし直してから');
    await dialog.locator('#login-password').fill(DEMO_PASSWORD);
    await dialog.locator('button[type=submit]').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await notes.inputValue()).toBe('セッション切れの後も残る特記事項');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '保存しました' }).waitFor();
    expect((await admin.plan('aoba', 2026)).notes).toBe('セッション切れの後も残る特記事項');
    await expectClean(w);
    await w.context.close();
  });

  it('asks before the browser’s Back button leaves unsaved edits: staying keeps them and the address, leaving goes back', async () => {
    const w = await suite.open();
    const { page } = w;
    // a history entry inside the app to go back to: the Gantt chart, then the plan by the menu
    await loginTo(page, suite.server, 'aoba', '/plans/aoba/2026/gantt');
    await page.locator('header.app-header nav').getByRole('link', { name: '計画', exact: true }).click();
    await startEditing(page);
    const notes = page.locator('#pf-notes');
    await notes.waitFor();
    await notes.fill('戻るボタンでも消えない特記事項');
    await expect.poll(() => page.locator('[data-testid=unsaved]').count()).toBe(1);

    // Back, and stay: the same page with the edit, at its own address
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.dismiss();
    });
    await page.goBack();
    await expect.poll(() => asked).toContain('保存していない変更があります');
    await expect.poll(() => page.url()).toBe(`${suite.server.url}/plans/aoba/2026`);
    expect(await notes.inputValue()).toBe('戻るボタンでも消えない特記事項');
    expect(await page.locator('[data-testid=unsaved]').count()).toBe(1);

    // Back, and leave: the Gantt chart; nothing was saved
    page.once('dialog', (d) => void d.accept());
    await page.goBack();
    await page.locator('header.gantt-head').waitFor();
    await expect.poll(() => page.url()).toBe(`${suite.server.url}/plans/aoba/2026/gantt`);
    expect(await page.locator('#pf-notes').count()).toBe(0);
    expect((await admin.plan('aoba', 2026)).notes).not.toBe('戻るボタンでも消えない特記事項');
    await expectClean(w);
    await w.context.close();
  });

  it('never overwrites someone else’s save: shows the conflict and what changed, then re-applies on top or reloads theirs', async () => {
    const a = await suite.open();
    const b = await suite.open();
    await loginTo(a.page, suite.server, 'aoba', '/plans/aoba/2026');
    await loginTo(b.page, suite.server, 'admin', '/plans/aoba/2026');
    await startEditing(a.page);
    await startEditing(b.page);
    await a.page.locator('#pf-notes').waitFor();
    await b.page.locator('#pf-goals-g2-text').waitFor();
    const before = await admin.plan('aoba', 2026);

    // A saves first
    await a.page.locator('#pf-notes').fill('A が先に保存した特記事項');
    await monthCell(a.page, 'r5', 11).click();
    await a.page.locator('#pf-issues-i1-actions-0-text').fill('A が編集した取組①');
    await a.page.locator('#pf-issues-i1-actions-2-text').fill('A が編集した取組③');
    await a.page.getByRole('button', { name: '保存', exact: true }).click();
    await a.page.getByRole('status').filter({ hasText: '保存しました' }).waitFor();

    // B, still on the version A started from, saves another part — and another action of the same issue,
    // and action ③ which A changed too
    await b.page.locator('#pf-goals-g2-text').fill('② B が編集した目標');
    await b.page.locator('#pf-issues-i1-actions-1-text').fill('B が編集した取組②');
    await b.page.locator('#pf-issues-i1-actions-2-text').fill('B が編集した取組③');
    await b.page.getByRole('button', { name: '保存', exact: true }).click();
    const panel = b.page.locator('section.conflict');
    await panel.waitFor();
    expect(await panel.locator('h2').innerText()).toBe('他の人が先に保存しました');
    const text = await panel.innerText();
    expect(text).toContain(`版 ${before.version}`);
    expect(text).toContain(`版 ${before.version + 1}`);
    // A's changes, section by section, with both versions' values
    expect(text).toContain('特記事項');
    expect(text).toContain('A が先に保存した特記事項');
    expect(text).toMatch(/スケジュール⑤ 実施月/);
    expect(text).toContain('10月～11月');
    // the one thing both changed (the actions of issue ①: ③) is marked: re-applying keeps B's version there
    const overlap = panel.locator('tr.overlap');
    expect(await overlap.count()).toBe(1);
    expect(await overlap.locator('th').innerText()).toMatch(/課題①\s*取組[\s\S]*取組③はあなたも変更しています/);
    expect(await b.page.evaluate(() => document.activeElement?.closest('section.conflict') !== null)).toBe(true);
    await screenshot(b.page, 'plan-conflict-ja');
    expect(await axeSeriousViolations(b.page)).toEqual([]);

    // nothing was overwritten
    let stored = await admin.plan('aoba', 2026);
    expect(stored.version).toBe(before.version + 1);
    expect(stored.notes).toBe('A が先に保存した特記事項');
    expect(stored.goals[1]!.text).toBe(before.goals[1]!.text);

    // re-apply B's edit on top of A's version
    await panel.getByRole('button', { name: '自分の変更を最新版に重ねて保存' }).click();
    await b.page.getByRole('status').filter({ hasText: '保存しました' }).waitFor();
    expect(await panel.count()).toBe(0);
    stored = await admin.plan('aoba', 2026);
    expect(stored.version).toBe(before.version + 2);
    expect(stored.notes).toBe('A が先に保存した特記事項');
    expect(stored.goals[1]!.text).toBe('② B が編集した目標');
    expect(stored.schedule.find((r) => r.id === 'r5')!.months).toEqual([10, 11]);
    // the actions merge one by one: A's ①, B's ②, and B's ③ where both edited it
    expect(stored.issues.find((i) => i.id === 'i1')!.actions.map((x) => x.text)).toEqual(['A が編集した取組①', 'B が編集した取組②', 'B が編集した取組③']);
    expect(stored.updatedBy).toBe('admin');

    // A (now behind) edits and saves: conflict again; A loads the stored version instead (after confirming)
    await a.page.locator('#pf-notes').fill('A の二度目の編集');
    await a.page.getByRole('button', { name: '保存', exact: true }).click();
    const panelA = a.page.locator('section.conflict');
    await panelA.waitFor();
    expect(await panelA.innerText()).toContain('② B が編集した目標');
    a.page.once('dialog', (d) => void d.accept());
    await panelA.getByRole('button', { name: '最新版を読み込む(自分の変更を破棄)' }).click();
    await panelA.waitFor({ state: 'detached' });
    expect(await a.page.locator('#pf-notes').inputValue()).toBe('A が先に保存した特記事項');
    expect(await a.page.locator('#pf-goals-g2-text').inputValue()).toBe('② B が編集した目標');
    expect(await a.page.locator('[data-testid=unsaved]').count()).toBe(0);
    expect((await admin.plan('aoba', 2026)).version).toBe(before.version + 2);

    for (const w of [a, b]) {
      await expectClean(w);
      await w.context.close();
    }
  });

  it('shows a 400 from the server beside the field it concerns, with a summary that links to it', async () => {
    const w = await suite.open();
    const { page } = w;
    await loginTo(page, suite.server, 'aoba', '/plans/aoba/2026');
    await startEditing(page);
    const title = page.locator('#pf-schedule-r3-title');
    await title.waitFor();
    await title.fill('');
    await page.getByRole('button', { name: '保存', exact: true }).click();

    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    expect(await title.getAttribute('aria-describedby')).toContain('pf-schedule-r3-title-error');
    // beside the input: in the same cell of row ③, in Japanese
    const message = page.locator('tr[data-row-id="r3"] #pf-schedule-r3-title-error');
    expect(await message.innerText()).toMatch(/空にはできません|空白だけにはできません/);
    expect(await page.getByRole('status').innerText()).toContain('保存できませんでした');
    const link = summary.getByRole('link', { name: 'スケジュール③ 作業手順' });
    await link.click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pf-schedule-r3-title');
    expect(page.url()).toBe(`${suite.server.url}/plans/aoba/2026`);

    // nothing stored; fixing the field clears its error and the save goes through
    expect((await admin.plan('aoba', 2026)).schedule.find((r) => r.id === 'r3')!.title).not.toBe('');
    await page.keyboard.type('新規事業所への訪問等での自立協の説明・顔つなぎ(随時)');
    expect(await title.getAttribute('aria-invalid')).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pf-schedule-r3-title');
    expect(await title.inputValue()).toBe('新規事業所への訪問等での自立協の説明・顔つなぎ(随時)');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '保存しました' }).waitFor();
    expect(await summary.count()).toBe(0);
    await expectClean(w);
    await w.context.close();
  });

  it('renders a schedule title holding HTML as text, never as markup', async () => {
    const w = await suite.open();
    const { page } = w;
    const dialogs = countDialogs(page);
    const hostile = '<img src=x onerror=alert(1)>';
    await loginTo(page, suite.server, 'aoba', '/plans/aoba/2026');
    await startEditing(page);
    await page.locator('#pf-schedule-r7-title').fill(hostile);
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '保存しました' }).waitFor();
    await page.reload();
    await startEditing(page);
    await page.locator('#pf-schedule-r7-title').waitFor();
    expect(await page.locator('#pf-schedule-r7-title').inputValue()).toBe(hostile);
    expect(await monthCell(page, 'r7', 2).getAttribute('aria-label')).toContain('⑦ <img src=x onerror');
    expect(await page.locator('img').count()).toBe(0);

    // a reader sees it as plain text
    const v = await suite.open();
    const readerDialogs = countDialogs(v.page);
    await loginTo(v.page, suite.server, 'viewer', '/plans/aoba/2026');
    await v.page.locator('article.plan-doc').waitFor();
    expect(await v.page.locator('tr[data-row-id="r7"] th.task').innerText()).toContain(hostile);
    expect(await v.page.locator('img').count()).toBe(0);
    await v.page.waitForTimeout(200);
    expect(dialogs() + readerDialogs()).toBe(0);
    for (const x of [w, v]) {
      await expectClean(x);
      await x.context.close();
    }
  });

  it('lets the ward raise an issue with the subcommittee, shows its status, and withdraws it', async () => {
    const w = await suite.open();
    const { page } = w;
    await loginTo(page, suite.server, 'aoba', '/plans/aoba/2026');
    await startEditing(page);
    await page.locator('#pf-issues-i1-problem').waitFor();
    // the demo escalation of issue ① is shown on its row, with its status
    const existing = page.locator('tr.escalation-row').first();
    expect(await existing.innerText()).toMatch(/回答待ち|回答済/);
    expect(await page.locator('tr.issue-row').nth(0).getByRole('button', { name: '部会へ提起' }).count()).toBe(0);
    expect(await page.locator('tr.issue-row').nth(1).getByRole('button', { name: '部会へ提起' }).count()).toBe(1);

    await page.getByRole('button', { name: '部会へ提起' }).click(); // issue ② is the only one without
    const note = page.locator('#pf-issues-i2-escalation-note');
    await expect.poll(() => note.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await note.getAttribute('placeholder')).toBe('個人が特定される情報は記載しないでください');
    await note.fill('包括との共催について、全市で日程調整の仕組みを検討してほしい。');
    await page.getByLabel('守秘(スーパービジョン等)由来:事業所名・個人名を記載しない').check();
    await page.getByRole('button', { name: '提起する' }).click();
    const row = page.locator('tr.escalation-row').filter({ hasText: '包括との共催について' });
    await row.waitFor();
    expect(await row.innerText()).toContain('回答待ち');
    expect(await row.innerText()).toContain('守秘由来');

    const plan = await admin.plan('aoba', 2026);
    let list = (await admin.get(`/api/escalations?planId=${plan.id}`)).body as Escalation[];
    const mine = list.find((e) => e.issueId === 'i2')!;
    expect(mine).toMatchObject({ status: 'open', confidential: true, createdBy: 'aoba' });

    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: '取り下げる' }).click();
    await expect.poll(() => row.innerText()).toContain('取り下げ');
    list = (await admin.get(`/api/escalations?planId=${plan.id}`)).body as Escalation[];
    expect(list.find((e) => e.id === mine.id)!.status).toBe('withdrawn');
    await expectClean(w);
    await w.context.close();
  });

  it('reads in English for an editor and as a read-only document for a viewer', async () => {
    const en = await suite.open({ lang: 'en' });
    await loginTo(en.page, suite.server, 'aoba', '/plans/aoba/2026');
    await startEditing(en.page, 'Edit');
    await en.page.locator('#pf-goals-g1-text').waitFor();
    const headings = await en.page.locator('article.plan-doc h2:not(.visually-hidden)').allInnerTexts();
    expect(headings).toEqual(['Efforts in FY2025', 'What the FY2025 efforts showed', 'Goals', 'Work steps and schedule of the actions', 'Other notes on the plan']);
    expect(await en.page.locator('table.schedule thead th.month-head').allInnerTexts()).toEqual(['Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Jan', 'Feb', 'Mar']);
    expect(await monthCell(en.page, 'r1', 6).getAttribute('aria-label')).toMatch(/, Jun, planned, recorded: Done$/);
    // the interface around the (Japanese) plan text is English throughout
    const chrome = await en.page.locator('.toolbar, .privacy, table.schedule thead, table.issues thead, .legend, .row-meta label > span, .add').allInnerTexts();
    expect(chrome.join(' ')).not.toMatch(/[\u3040-\u30ff]/);
    expect(await en.page.locator('#pf-goals-g1-text').getAttribute('placeholder')).toBe('Do not enter anything that identifies a person');
    await expectNoHorizontalScroll(en.page);
    await screenshot(en.page, 'plan-en');
    expect(await axeSeriousViolations(en.page)).toEqual([]);
    await expectClean(en);
    await en.context.close();

    const v = await suite.open();
    await loginTo(v.page, suite.server, 'viewer', '/plans/aoba/2026');
    await v.page.locator('article.plan-doc').waitFor();
    expect(await v.page.locator('.toolbar .badge').allInnerTexts()).toContain('閲覧のみ');
    expect(await v.page.locator('article.plan-doc textarea, article.plan-doc select, table.schedule button').count()).toBe(0);
    expect(await v.page.getByRole('button', { name: '保存' }).count()).toBe(0);
    expect(await v.page.locator('h1').innerText()).toContain('青葉区障害者自立支援協議会');
    expect(await axeSeriousViolations(v.page)).toEqual([]);
    await expectClean(v);
    await v.context.close();
  });

  it('opens as a document to read; 編集 switches to editing under a solid toolbar', async () => {
    for (const [lang, viewport] of [
      ['ja', { width: 1366, height: 768 }],
      ['ja', { width: 1920, height: 1080 }],
      ['en', { width: 1366, height: 768 }],
      ['en', { width: 1920, height: 1080 }],
    ] as const) {
      const w = await suite.open({ lang, viewport });
      const { page } = w;
      await loginTo(page, suite.server, 'aoba', '/plans/aoba/2026');
      await page.locator('article.plan-doc').waitFor();
      // the document: no form fields, no ↑ ↓ 削除, no month toggles — nothing to tab through
      const article = page.locator('article.plan-doc');
      expect(await article.locator('textarea, select, input, button, [tabindex="0"]').count()).toBe(0);
      // (an earlier test added ⑧)
      const rows = await page.locator('tr.schedule-row').count();
      expect(rows).toBeGreaterThanOrEqual(7);
      expect(await page.locator('tr[data-row-id="r1"] th.task').innerText()).toContain('ちよこっとケースレビューの実施');
      const edit = page.locator('.toolbar').getByRole('button', { name: lang === 'ja' ? '編集' : 'Edit', exact: true });
      expect(await edit.count()).toBe(1);
      expect(await page.getByRole('button', { name: lang === 'ja' ? '保存' : 'Save', exact: true }).count()).toBe(0);
      expect(await page.title()).toEqual(lang === 'ja' ? '計画 | 青葉区 | 令和8年度(2026) | 仙台市 計画・進捗管理' : expect.stringMatching(/^Plan \| Aoba Ward \| FY2026/));
      // the sticky toolbar is opaque: nothing scrolls through it
      expect(await page.locator('.toolbar').evaluate((el) => getComputedStyle(el).backgroundColor)).toMatch(/^rgb\(\d+, \d+, \d+\)$/);
      await page.evaluate(() => window.scrollTo(0, 900));
      const covered = () =>
        page.locator('.toolbar').evaluate((bar) => {
          const box = bar.getBoundingClientRect();
          const hit = document.elementFromPoint(box.left + 4, box.top + box.height / 2);
          return !!hit && bar.contains(hit) && box.top <= 1;
        });
      await expect.poll(covered).toBe(true);
      await page.evaluate(() => window.scrollTo(0, 0));
      await expectNoHorizontalScroll(page);
      expect(await axeSeriousViolations(page)).toEqual([]);
      await screenshot(page, `plan-read-${lang}-${viewport.width}`);

      await edit.click();
      await page.locator('#pf-title').waitFor();
      expect(await article.locator('textarea').count()).toBeGreaterThan(10);
      expect(await page.locator('.toolbar').getByRole('button', { name: lang === 'ja' ? '閲覧に戻る' : 'Back to reading', exact: true }).count()).toBe(1);
      expect(await page.locator('td.month button').count()).toBe(rows * 12);
      expect(await page.locator('td.month button[tabindex="0"]').count()).toBe(1);
      expect(await axeSeriousViolations(page)).toEqual([]);
      await screenshot(page, `plan-edit-${lang}-${viewport.width}`);
      await page.locator('.toolbar').getByRole('button', { name: lang === 'ja' ? '閲覧に戻る' : 'Back to reading', exact: true }).click();
      await expect.poll(() => article.locator('textarea').count()).toBe(0);
      await expectClean(w);
      await w.context.close();
    }
    // four windows, each checked with axe twice: more than the default 30 s on a busy machine
  }, 180_000);

  it('makes the schedule grid one tab stop with arrow keys, Space/Enter toggles, Ctrl+Z undoes; says when 毎月 changes and warns before un-planning a recorded month', async () => {
    const w = await suite.open();
    const { page } = w;
    await loginTo(page, suite.server, 'aoba', '/plans/aoba/2026');
    await startEditing(page);
    const focusedCell = () => page.evaluate(() => document.activeElement?.getAttribute('data-sg-cell') ?? null);
    const stop = page.locator('td.month button[tabindex="0"]');
    expect(await stop.count()).toBe(1);
    // Tab from ①'s timing select reaches the grid's one tab stop (①, April), and Tab leaves it at once
    await page.locator('#pf-schedule-r1-timing').focus();
    await page.keyboard.press('Tab');
    expect(await focusedCell()).toBe('0-0');
    await page.keyboard.press('Tab');
    expect(await focusedCell()).toBeNull();
    await page.keyboard.press('Shift+Tab');
    expect(await focusedCell()).toBe('0-0');

    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await focusedCell()).toBe('0-2');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^① .* 6月 計画あり 実績: 実施$/);
    await page.keyboard.press('ArrowDown');
    expect(await focusedCell()).toBe('1-2');
    await page.keyboard.press('End');
    expect(await focusedCell()).toBe('1-11');
    await page.keyboard.press('Home');
    expect(await focusedCell()).toBe('1-0');
    await page.keyboard.press('Control+End');
    const lastRow = (await page.locator('tr.schedule-row').count()) - 1;
    expect(await focusedCell()).toBe(`${lastRow}-11`);
    await page.keyboard.press('Control+Home');
    expect(await focusedCell()).toBe('0-0');
    expect(await stop.getAttribute('data-sg-cell')).toBe('0-0');

    // Space and Enter toggle; Ctrl+Z takes the changes back one by one, newest first
    await page.keyboard.press('ArrowDown'); // ② April
    const aprR2 = monthCell(page, 'r2', 4);
    const wasApr = await aprR2.getAttribute('aria-pressed');
    await page.keyboard.press('Space');
    expect(await aprR2.getAttribute('aria-pressed')).not.toBe(wasApr);
    await page.keyboard.press('ArrowRight'); // ② May
    const mayR2 = monthCell(page, 'r2', 5);
    const wasMay = await mayR2.getAttribute('aria-pressed');
    await page.keyboard.press('Enter');
    expect(await mayR2.getAttribute('aria-pressed')).not.toBe(wasMay);
    await expect.poll(() => page.locator('[data-testid=unsaved]').count()).toBe(1);
    const undoButton = page.getByRole('button', { name: /元に戻す/ });
    expect(await undoButton.isEnabled()).toBe(true);
    await page.keyboard.press('Control+z');
    expect(await mayR2.getAttribute('aria-pressed')).toBe(wasMay);
    expect(await focusedCell()).toBe('1-1');
    await page.keyboard.press('Control+z');
    expect(await aprR2.getAttribute('aria-pressed')).toBe(wasApr);
    expect(await focusedCell()).toBe('1-0');
    expect(await undoButton.isEnabled()).toBe(false);
    await expect.poll(() => page.locator('[data-testid=unsaved]').count()).toBe(0);

    // ④ is 毎月: taking out December makes it 月を指定, and the page says so; Ctrl+Z restores 毎月
    const timing = page.locator('#pf-schedule-r4-timing');
    expect(await timing.inputValue()).toBe('everyMonth');
    await monthCell(page, 'r4', 12).click();
    expect(await timing.inputValue()).toBe('months');
    const notice = page.locator('[data-testid=grid-notice]');
    expect(await notice.innerText()).toContain('④は「毎月」でしたが、12月を外したため「月を指定」に変わり');
    expect(await monthCell(page, 'r4', 12).getAttribute('aria-pressed')).toBe('false');
    expect(await monthCell(page, 'r4', 1).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Control+z');
    expect(await timing.inputValue()).toBe('everyMonth');
    expect(await notice.count()).toBe(0);

    // ① June has a record (実施): un-planning it asks first and says what becomes of the record
    const juneR1 = monthCell(page, 'r1', 6);
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.dismiss();
    });
    await juneR1.click();
    await expect.poll(() => asked).toContain('①の6月には実績「実施」が記録されています');
    expect(asked).toContain('記録は消えずに残ります');
    expect(await juneR1.getAttribute('aria-pressed')).toBe('true');
    page.once('dialog', (d) => void d.accept());
    await juneR1.click();
    expect(await juneR1.getAttribute('aria-pressed')).toBe('false');
    expect(await notice.innerText()).toContain('記録「実施」は消えずに、計画していない月の記録として残ります');
    await screenshot(page, 'plan-grid-notice-ja');
    await page.keyboard.press('Control+z');
    expect(await juneR1.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.locator('[data-testid=unsaved]').count()).toBe(0);
    // Ctrl+Z in a text field stays the browser's own text undo
    const title = page.locator('#pf-schedule-r1-title');
    const before = await title.inputValue();
    await title.focus();
    await page.keyboard.press('End');
    await page.keyboard.type('X');
    await page.keyboard.press('Control+z');
    expect(await title.inputValue()).toBe(before);
    expect(await juneR1.getAttribute('aria-pressed')).toBe('true');
    await expectClean(w);
    await w.context.close();
  });

  it('lists the saved versions, shows an older one read-only, compares it and restores it as a new version', async () => {
    const w = await suite.open();
    const { page } = w;
    const before = await admin.plan('aoba', 2026);
    await loginTo(page, suite.server, 'aoba', '/plans/aoba/2026/history');
    const rows = page.locator('table.history tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(before.version);
    expect(await rows.first().innerText()).toContain('現在の版');
    expect(await rows.last().locator('th').innerText()).toBe('1');

    await page.getByRole('button', { name: /^表示\s*\(版 1\)$/ }).click();
    const shown = page.locator('section.shown');
    await shown.waitFor();
    expect(await shown.locator('h2').innerText()).toContain('版 1 の内容');
    expect(await shown.locator('article.plan-doc textarea').count()).toBe(0);
    expect(await shown.locator('article.plan-doc').innerText()).not.toContain('(E2E で編集)');
    expect(await axeSeriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: /^現在と比較\s*\(版 1\)$/ }).click();
    await expect.poll(() => shown.locator('h2').innerText()).toContain(`版 1 と現在の版 ${before.version} の違い`);
    const diff = await shown.innerText();
    expect(diff).toMatch(/目標①\s*変更/);
    expect(diff).toContain('(E2E で編集)');
    // last year's efforts ① and ② swapped places: a move, not a removal and an addition
    expect(diff).toMatch(/①→②\s*並び順/);
    await screenshot(page, 'history-ja');

    page.once('dialog', (d) => void d.accept());
    await shown.getByRole('button', { name: 'この版に戻す' }).click();
    await page.getByRole('status').filter({ hasText: `版 1 の内容を版 ${before.version + 1} として保存しました` }).waitFor();
    const after = await admin.plan('aoba', 2026);
    expect(after.version).toBe(before.version + 1);
    expect(after.goals[0]!.text).not.toContain('(E2E で編集)');
    expect(after.notes).toBe('');
    expect(await rows.count()).toBe(before.version + 1);
    expect(await axeSeriousViolations(page)).toEqual([]);
    await expectClean(w);
    await w.context.close();
  });

  it('says when a ward has no plan for the year and lets its editor create one', async () => {
    const v = await suite.open();
    await loginTo(v.page, suite.server, 'viewer', '/plans/izumi/2027');
    await v.page.getByText('この年度の計画はまだありません。').waitFor();
    expect(await v.page.getByRole('button', { name: '白紙から作成' }).count()).toBe(0);
    await expectClean(v);
    await v.context.close();

    const w = await suite.open();
    await loginTo(w.page, suite.server, 'izumi', '/plans/izumi/2027');
    // the empty state offers last year's plan, a template, or a blank plan
    await w.page.getByRole('button', { name: '令和8年度の計画から作成' }).waitFor();
    await w.page.getByRole('button', { name: '白紙から作成' }).click();
    await w.page.locator('#pf-title').waitFor();
    expect(await w.page.locator('#pf-title').inputValue()).toContain('令和9年度');
    expect((await admin.plan('izumi', 2027)).createdAt).toBeTruthy();
    await expectClean(w);
    await w.context.close();
  });
});
