/**
 * The office network in a real browser against the real server with the demo city: the registry with its
 * checked CSV import, attendance ticking on the month page, the new-case board, the public calendar and
 * the participation on the subcommittee view — in Japanese and English, axe-clean, screenshots taken.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Attendance, Rollup } from '../../schemas/types.js';
import { demoPlan } from '../helpers/app.js';
import { SCREENSHOTS, axeSeriousViolations, browserSuite, browserUnavailable, expectClean, getJson, loginTo, screenshot } from '../helpers/browser.js';

describe.skipIf(browserUnavailable())('the office network in a browser', () => {
  const suite = browserSuite();

  it('shows the registry, adds an office and checks a CSV with bad rows before saving anything', { timeout: 60_000 }, async () => {
    const w = await suite.open();
    const page = w.page;
    await loginTo(page, suite.server, 'aoba', '/network/aoba/2026');
    await page.locator('table.registry').waitFor();
    expect(await page.locator('h1').innerText()).toBe('青葉区 事業所名簿');
    expect(await page.locator('table.registry tbody tr').count()).toBe(20);
    expect(await page.locator('.counts').innerText()).toContain('指定特定 19');
    expect(await page.locator('table.registry').innerText()).toContain('新規');
    expect(await page.locator('.lead').innerText()).toContain('個人情報は入力しないでください');

    await page.getByRole('button', { name: '事業所を追加' }).click();
    await page.getByLabel('事業所名').fill('相談室テスト');
    await page.getByLabel('開設日').fill('2026-10-01');
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('table.registry th', { hasText: '相談室テスト' }).waitFor();

    await page.locator('details.csv summary').click();
    const csv = '事業所名,種別,相談支援専門員数\r\n相談室よし,designated,1\r\n,designated,1\r\n相談室だめ,訪問介護,二人\r\n';
    await page.locator('#import-file').setInputFiles({ name: 'offices.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: '内容を確認' }).click();
    await page.locator('table.preview').waitFor();
    expect(await page.locator('.csv .notice.bad').innerText()).toContain('2行に誤りがあります');
    expect(await page.locator('table.preview tbody tr.bad').count()).toBe(2);
    expect(await page.locator('table.preview').innerText()).toContain('「訪問介護」は事業所種別にありません');
    expect(await page.getByRole('button', { name: /件を保存/ }).count()).toBe(0);
    await screenshot(page, 'network-registry-ja');
    expect(await axeSeriousViolations(page)).toEqual([]);
    const offices = await getJson<{ offices: unknown[] }>(page, suite.server, '/api/offices?ward=aoba');
    expect(offices.offices).toHaveLength(21);

    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('h1', { hasText: 'office registry' }).waitFor();
    await page.locator('details.meetings summary').click();
    await screenshot(page, 'network-registry-en');
    expect(await axeSeriousViolations(page)).toEqual([]);
    await expectClean(w);
  });

  it('ticks the offices that attended a meeting on the month page, and the roll-up follows', { timeout: 60_000 }, async () => {
    const w = await suite.open();
    const page = w.page;
    await loginTo(page, suite.server, 'izumi', '/plans/izumi/2026/month?month=9');
    const ticker = page.locator('#att-r4-9');
    await ticker.waitFor();
    await ticker.locator('summary').click();
    await ticker.locator('summary', { hasText: '参加事業所 18 / 31' }).waitFor();
    const boxes = ticker.locator('input[type=checkbox]');
    // 31 designated offices open on 18 September, then the commissioned office (ticked apart from the rate).
    expect(await boxes.count()).toBe(32);
    const unticked = ticker.locator('label:not(.on) input[type=checkbox]').first();
    await unticked.check();
    expect(await ticker.locator('summary').innerText()).toContain('参加事業所 19 / 31');
    await screenshot(page, 'network-attendance-ja');
    expect(await axeSeriousViolations(page)).toEqual([]);
    await ticker.getByRole('button', { name: '参加事業所を保存' }).click();
    await ticker.locator('[role=status]', { hasText: '保存しました' }).waitFor();

    const plans = await getJson<{ id: string }[]>(page, suite.server, '/api/plans?fiscalYear=2026&ward=izumi');
    const att = await getJson<{ records: Attendance[] }>(page, suite.server, `/api/plans/${plans[0]!.id}/attendance`);
    expect(att.records.find((r) => r.rowId === 'r4' && r.month === 9)!.officeIds).toHaveLength(19);
    const rollup = await getJson<Rollup>(page, suite.server, '/api/rollup?fiscalYear=2026&asOf=2026-09');
    const metric = rollup.wards.find((x) => x.wardId === 'izumi')!.metrics.find((m) => m.metricId === 'participation-rate')!;
    expect(metric.perMeeting.find((m) => m.month === 9)).toMatchObject({ numerator: 19, denominator: 31 });

    await page.getByRole('button', { name: 'English' }).click();
    await ticker.locator('summary', { hasText: 'Offices attending: 19 of 31' }).waitFor();
    await screenshot(page, 'network-attendance-en');
    await expectClean(w);
  });

  it('shows the new-case board with stale answers marked, filterable', { timeout: 60_000 }, async () => {
    const w = await suite.open();
    const page = w.page;
    await loginTo(page, suite.server, 'viewer', '/board');
    await page.locator('table.board').waitFor();
    const all = await page.locator('table.board tbody tr').count();
    expect(all).toBeGreaterThan(70);
    expect(await page.locator('table.board').innerText()).toMatch(/可|条件付き|不可/);
    expect(await page.locator('table.board .badge.warn', { hasText: '要確認' }).count()).toBeGreaterThan(0);
    await page.getByRole('combobox', { name: 'すべての区' }).selectOption('izumi');
    // 泉区: 31 designated offices and its commissioned office, all open today.
    await page.locator('[role=status]', { hasText: '32事業所を表示' }).waitFor();
    expect(await page.locator('table.board tbody tr').count()).toBe(32);
    await screenshot(page, 'network-board-ja');
    expect(await axeSeriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('h1', { hasText: 'Who can take new plan cases' }).waitFor();
    await screenshot(page, 'network-board-en');
    await expectClean(w);
  });

  it('shows the public calendar without an account, printable, with feed links', { timeout: 60_000 }, async () => {
    const w = await suite.open();
    const page = w.page;
    await page.goto(`${suite.server.url}/calendar?fy=2026`);
    await page.locator('table.schedule').waitFor();
    expect(await page.locator('#login-username').count()).toBe(0);
    const text = await page.locator('table.schedule').innerText();
    expect(text).toContain('情報交換会');
    expect(text).toContain('太白区役所 4階 大会議室');
    expect(text).toContain('日程調整中');
    expect(await page.locator('a[href="/api/calendar/city.ics"]').count()).toBe(1);
    // Only meeting names, dates, times and places: no row title, note or remark of any plan.
    const body = await page.locator('body').innerText();
    // A row whose title is its meeting type's name is named by the type, which is public.
    const names = new Set(((await (await page.request.get(`${suite.server.url}/api/calendar?fiscalYear=2026`)).json()) as { events: { name: { ja: string } }[] }).events.map((e) => e.name.ja));
    for (const ward of ['aoba', 'miyagino', 'wakabayashi', 'taihaku', 'izumi']) {
      const plan = demoPlan(ward);
      for (const t of [...plan.schedule.map((r) => r.title), ...plan.issues.map((i) => i.problem), plan.notes].filter((x) => x.length >= 6 && !names.has(x))) expect(body.includes(t), t).toBe(false);
    }
    await screenshot(page, 'network-calendar-ja');
    expect(await axeSeriousViolations(page)).toEqual([]);
    await page.locator('#cal-ward').selectOption('taihaku');
    expect(await page.locator('a[href="/api/calendar/taihaku.ics"]').count()).toBe(1);
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('h1', { hasText: 'council meetings' }).waitFor();
    await screenshot(page, 'network-calendar-en');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'network-calendar-print');
    await expectClean(w);
  });

  it('shows participation beside the plan figures on the subcommittee view', { timeout: 60_000 }, async () => {
    const w = await suite.open();
    const page = w.page;
    await loginTo(page, suite.server, 'chair', '/city/2026?asOf=2026-09');
    const section = page.locator('.participation');
    await section.waitFor();
    const rollup = await getJson<Rollup>(page, suite.server, '/api/rollup?fiscalYear=2026&asOf=2026-09');
    const izumi = rollup.wards.find((x) => x.wardId === 'izumi')!.participation!;
    const row = section.locator('tbody tr', { hasText: '泉区' });
    expect(await row.innerText()).toContain(`参加 ${izumi.attended} / ${izumi.open}`);
    await section.getByRole('button', { name: '事業所名を表示' }).click();
    await section.locator('.names').first().waitFor();
    await section.screenshot({ path: join(SCREENSHOTS, 'network-participation-ja.png') });
    expect(await axeSeriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'English' }).click();
    await section.locator('tbody tr', { hasText: `${izumi.attended} of ${izumi.open} attended` }).waitFor();
    await section.screenshot({ path: join(SCREENSHOTS, 'network-participation-en.png') });
    await expectClean(w);
  });
});
