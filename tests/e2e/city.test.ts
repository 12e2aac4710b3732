/**
 * The subcommittee (地域部会) page in a real browser against the real server: the city figure, the
 * wards × months heat map, ward cards, escalations with inline replies (and their 409), shared themes,
 * the plan-vs-actual drill-down, print layout, accessibility in Japanese and English.
 */
import { describe, expect, it } from 'vitest';
import type { Escalation, Rollup } from '../../schemas/types.js';
import { currentFiscalYear, currentYearMonth } from '../../server/core/fiscal-year.js';
import { axeSeriousViolations, browserSuite, browserUnavailable, expectClean, getJson, loginTo, screenshot } from '../helpers/browser.js';

const pct = (p: number | null) => (p === null ? '—' : `${p.toFixed(1)}%`);

describe.skipIf(browserUnavailable())('the subcommittee page (地域部会) in a browser', () => {
  const suite = browserSuite();

  it('shows the city at a glance in Japanese and English, matching the roll-up', async () => {
    const w = await suite.open();
    await loginTo(w.page, suite.server, 'chair', '/city/2026?asOf=2026-10');
    const page = w.page;
    const rollup = await getJson<Rollup>(page, suite.server, '/api/rollup?fiscalYear=2026&asOf=2026-10');
    await page.locator('table.heatmap').waitFor();

    expect(await page.locator('h1').innerText()).toContain('令和8年度');
    expect(await page.locator('#as-of').inputValue()).toBe('2026-10');
    const summary = await page.locator('.city-summary').innerText();
    expect(summary).toContain(pct(rollup.city.percent));
    expect(summary).toContain(`予定 ${rollup.city.due}件のうち 実施 ${rollup.city.done}件・一部実施 ${rollup.city.partial}件`);
    expect(summary).toContain({ onTrack: '順調', watch: '注意', behind: '遅れ', none: '対象なし' }[rollup.city.health]);

    // the subcommittee's calendar, the next meeting marked
    const calendar = await page.locator('.calendar').innerText();
    expect(calendar).toMatch(/2026年11月\s*第1回地域部会/);
    expect(calendar).toMatch(/2027年2月\s*第2回地域部会/);
    expect(calendar).toContain('2027年3月');
    const now = currentYearMonth();
    if (now >= '2026-04' && now <= '2026-11') expect(await page.locator('.calendar li[aria-current=date]').innerText()).toContain('第1回地域部会');

    // heat map: a real table, wards in catalog order, done/due per month from the roll-up
    const rows = page.locator('table.heatmap tbody tr');
    expect(await rows.count()).toBe(5);
    expect((await page.locator('table.heatmap tbody th').allInnerTexts()).join(' ')).toMatch(/青葉区.*宮城野区.*若林区.*太白区.*泉区/s);
    expect(await page.locator('table.heatmap caption').innerText()).toContain('2026年10月末時点');
    expect(await page.locator('table.heatmap thead th[scope=col]').count()).toBe(14);
    for (const [i, ward] of rollup.wards.entries()) {
      const may = ward.months.find((m) => m.month === 5)!;
      const cell = rows.nth(i).locator('td.heat').nth(1);
      if (may.planned) expect(await cell.innerText()).toContain(`${may.done}/${may.due}`);
      // months after the as-of month are planned-only
      const dec = ward.months.find((m) => m.month === 12)!;
      if (dec.planned) expect(await rows.nth(i).locator('td.heat').nth(8).innerText()).toContain(`予定 ${dec.planned}`);
      expect(await rows.nth(i).locator('td.total-col').innerText()).toContain(pct(ward.percent));
    }
    expect(await rows.first().locator('td.heat').nth(8).getAttribute('class')).toContain('future');

    // cards: Izumi's participation rate with its baseline, overdue rows with their month
    const izumi = page.locator('article.ward-card', { has: page.getByRole('heading', { name: '泉区' }) });
    const izumiText = await izumi.innerText();
    expect(izumiText).toContain('指定特定の会議体への参加率');
    expect(izumiText).toContain('56.0%');
    expect(izumiText).toContain('R6 45.0% → R7 53.0%');
    const aoba = page.locator('article.ward-card', { has: page.getByRole('heading', { name: '青葉区' }) });
    const aobaFigures = rollup.wards.find((x) => x.wardId === 'aoba')!;
    expect(await aoba.innerText()).toContain(`未記録・遅れ(${aobaFigures.overdue.length}件)`);
    // oldest month first (plan order within a month), whatever order the roll-up lists them in
    const oldest = [...aobaFigures.overdue].sort((a, b) => ((a.month + 8) % 12) - ((b.month + 8) % 12))[0]!;
    expect(await aoba.locator('.overdue li').first().innerText()).toContain(oldest.rowTitle!.slice(0, 6));
    expect(await aoba.locator('a[href="/plans/aoba/2026/month"]').count()).toBe(1);

    // escalations: ward, the plan's issue, the note; the confidential one is marked
    const escalations = page.locator('article.escalation');
    await escalations.first().waitFor();
    expect(await escalations.count()).toBe(3);
    const miyagino = escalations.filter({ hasText: '宮城野区' });
    expect(await miyagino.locator('.badge', { hasText: '守秘' }).count()).toBe(1);
    expect(await escalations.filter({ hasText: '若林区' }).innerText()).toContain('地域部会として市障害者支援課に伝え');
    expect(await escalations.filter({ hasText: '青葉区' }).innerText()).toContain('課題①');

    // shared themes and bodies
    const shared = await page.locator('.shared').innerText();
    expect(shared).toContain('事例検討・ケースレビュー');
    expect(shared).toContain('障害者相談支援事業所等連絡会議');

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    expect(await axeSeriousViolations(page)).toEqual([]);
    await screenshot(page, 'city-ja');

    await page.getByRole('button', { name: 'English' }).first().click();
    await page.getByRole('heading', { level: 1, name: /FY2026 Regional subcommittee/ }).waitFor();
    const main = await page.locator('main').innerText();
    expect(main).toContain('Progress by ward and month');
    expect(main).toContain('Issues raised');
    expect(main).not.toMatch(/区別・月別|課題の提起|集計時点|実施率/);
    const izumiEn = page.locator('article.ward-card', { has: page.getByRole('heading', { name: 'Izumi Ward' }) });
    expect(await izumiEn.innerText()).toContain("Designated offices' participation rate");
    expect(await izumiEn.innerText()).toContain('FY2024 45.0% → FY2025 53.0%');
    expect(await axeSeriousViolations(page)).toEqual([]);
    await screenshot(page, 'city-en');
    await expectClean(w);
    await w.context.close();
  }, 50_000);

  it('before a year has begun, counts nothing as due and says so in the as-of choice (not 0% behind)', async () => {
    const next = currentFiscalYear() + 1;
    const now = currentYearMonth();
    const [y, m] = now.split('-').map(Number) as [number, number];
    // Aoba's draft for next year, planned every month
    const admin = await suite.open();
    await loginTo(admin.page, suite.server, 'admin', '/');
    const { csrfToken } = await getJson<{ csrfToken: string }>(admin.page, suite.server, '/api/session');
    const created = await admin.page.request.post(`${suite.server.url}/api/plans`, {
      headers: { 'x-csrf-token': csrfToken },
      data: {
        wardId: 'aoba', fiscalYear: next, title: '次年度の計画案', status: 'draft', lastYearEfforts: [], findings: [], goals: [], issues: [], notes: '',
        schedule: [{ id: 'r1', title: '毎月の連絡会', timing: 'everyMonth', months: [] }],
      },
    });
    expect(created.status()).toBe(201);
    await admin.context.close();

    const w = await suite.open();
    const page = w.page;
    await loginTo(page, suite.server, 'chair', `/city/${next}`);
    await page.locator('table.heatmap').waitFor();
    const asOf = page.locator('#as-of');
    expect(await asOf.inputValue()).toBe(now);
    expect(await asOf.locator('option:checked').innerText()).toBe(`年度開始前(${y}年${m}月時点)`);
    expect(await asOf.locator('option').count()).toBe(13);
    expect(await page.locator('table.heatmap caption').innerText()).toContain(`年度開始前(${y}年${m}月時点)`);
    const aoba = page.locator('article.ward-card', { has: page.getByRole('heading', { name: '青葉区' }) });
    expect(await aoba.locator('.figure').innerText()).toContain('対象なし');
    expect(await aoba.locator('.figure').innerText()).not.toContain('遅れ');
    expect(await page.locator('.city-summary').innerText()).toContain('対象なし');
    // every month of the year is still ahead: planned only
    expect(await page.locator('table.heatmap tbody tr').first().locator('td.heat').first().getAttribute('class')).toContain('future');
    await page.getByRole('button', { name: 'English' }).first().click();
    await expect.poll(() => asOf.locator('option:checked').innerText()).toMatch(/^Before the year starts \(as of \w+ \d{4}\)$/);
    await expectClean(w);
    await w.context.close();
  }, 40_000);

  it('clears a load error once the roll-up loads', async () => {
    const w = await suite.open();
    const page = w.page;
    let fail = true;
    await page.route('**/api/rollup?*', (route) =>
      fail
        ? route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ statusCode: 503, code: 'UNAVAILABLE', message: 'Service unavailable', messageJa: '一時的に利用できません' }) })
        : route.continue(),
    );
    await loginTo(page, suite.server, 'chair', '/city/2026?asOf=2026-10');
    const banner = page.locator('[role=alert]', { hasText: '読み込めませんでした' });
    await banner.waitFor();
    expect(await banner.innerText()).toContain('一時的に利用できません');
    fail = false;
    await page.locator('#as-of').selectOption('2026-09');
    await page.locator('table.heatmap').waitFor();
    await banner.waitFor({ state: 'detached' });
    expect(await page.locator('.notice.bad').count()).toBe(0);
    expect(w.errors.every((e) => /status of 503/.test(e))).toBe(true);
    w.errors.length = 0;
    await expectClean(w);
    await w.context.close();
  }, 40_000);

  it("drills down into a ward's plan-vs-actual grid and prints without controls", async () => {
    const w = await suite.open();
    await loginTo(w.page, suite.server, 'chair', '/city/2026?asOf=2026-10');
    const page = w.page;
    await page.locator('table.heatmap').waitFor();
    await page.locator('table.heatmap tbody tr').first().getByRole('button').click();
    const grid = page.locator('table.plan-actual');
    await grid.waitFor();
    expect(await page.locator('#drilldown-heading').innerText()).toContain('青葉区');
    expect(page.url()).toContain('ward=aoba');
    expect(await grid.locator('caption').innerText()).toContain('青葉区');
    // seven schedule rows × twelve months
    expect(await grid.locator('tbody tr').count()).toBe(7);
    expect(await grid.locator('tbody tr').first().locator('td').count()).toBe(12);
    // ① ちょこっとケースレビュー: June done, October planned and not recorded (as of October)
    const r1 = grid.locator('tbody tr').first();
    expect(await r1.locator('td').nth(2).innerText()).toContain('✓');
    expect(await r1.locator('td').nth(2).getAttribute('class')).toContain('planned');
    expect(await r1.locator('td').nth(6).innerText()).toContain('○');
    expect(await r1.locator('td').nth(6).textContent()).toContain('未記録');
    // ③ (as needed): the June visit is unplanned work
    expect(await grid.locator('tbody tr').nth(2).locator('td').nth(2).innerText()).toContain('◇');
    // ④ July not done
    expect(await grid.locator('tbody tr').nth(3).locator('td').nth(3).innerText()).toContain('×');
    const legend = await page.locator('.drilldown .legend').innerText();
    for (const text of ['実施', '一部実施', '延期', '未実施', '中止', '予定(未記録)', '計画外の実施']) expect(legend).toContain(text);
    expect(await axeSeriousViolations(page)).toEqual([]);
    await page.locator('.drilldown').scrollIntoViewIfNeeded();
    await screenshot(page, 'city-drilldown-ja');

    // the link opens the same drill-down
    await page.reload();
    await page.locator('table.plan-actual').waitFor();

    // Esc closes it (keyboard), focus being inside the section
    await page.locator('.drilldown button[aria-pressed=true]').focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('table.plan-actual').count()).toBe(0);

    // print: heat map, cards and escalations stay; controls go
    await page.locator('.drilldown button', { hasText: '泉区' }).click();
    await page.locator('table.plan-actual').waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('table.heatmap').isVisible()).toBe(true);
    expect(await page.locator('article.ward-card').first().isVisible()).toBe(true);
    expect(await page.locator('article.escalation').first().isVisible()).toBe(true);
    expect(await page.locator('#as-of').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '印刷' }).isVisible()).toBe(false);
    expect(await page.locator('header.app-header').isVisible()).toBe(false);
    expect(await page.locator('.escalation textarea').first().isVisible()).toBe(false);
    expect(await page.locator('.print-only', { hasText: '2026年10月末時点' }).first().isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    await expectClean(w);
    await w.context.close();
  }, 40_000);

  it('lets the chair reply to an escalation, handles a conflict, and shows no reply form to others', async () => {
    const w = await suite.open();
    await loginTo(w.page, suite.server, 'chair', '/city/2026');
    const page = w.page;
    const aoba = page.locator('article.escalation', { hasText: '青葉区' });
    await aoba.waitFor();
    const reply = '新規指定・廃止の情報を毎月各区へ提供する方向で市障害者支援課と調整します。(e2e)';
    await aoba.getByRole('textbox').fill(reply);
    await aoba.getByRole('button', { name: '回答を保存' }).click();
    await aoba.locator('[role=status]', { hasText: '回答を保存しました' }).waitFor();
    expect(await aoba.locator('.reply').innerText()).toContain(reply);
    expect(await aoba.locator('.badge', { hasText: '回答済' }).count()).toBe(1);
    let stored = await getJson<Escalation[]>(page, suite.server, '/api/escalations?fiscalYear=2026');
    expect(stored.find((e) => e.wardId === 'aoba')).toMatchObject({ reply, status: 'answered', repliedBy: 'chair' });

    // someone else replies to Miyagino's issue while the chair is typing
    const miyagino = page.locator('article.escalation', { hasText: '宮城野区' });
    await miyagino.getByRole('textbox').fill('部会で各区の一人事業所の状況を集約します。');
    const target = stored.find((e) => e.wardId === 'miyagino')!;
    const session = await getJson<{ csrfToken: string }>(page, suite.server, '/api/session');
    const res = await page.request.post(`${suite.server.url}/api/escalations/${target.id}/reply`, {
      headers: { 'x-csrf-token': session.csrfToken },
      data: { reply: '別の委員が先に回答しました。', version: target.version },
    });
    expect(res.status()).toBe(200);
    await miyagino.getByRole('button', { name: '回答を保存' }).click();
    await miyagino.locator('[role=alert]', { hasText: '他の人が先に' }).waitFor();
    expect(await miyagino.locator('.reply').innerText()).toContain('別の委員が先に回答しました。');
    expect(await miyagino.getByRole('textbox').inputValue()).toBe('部会で各区の一人事業所の状況を集約します。');
    await miyagino.getByRole('button', { name: '回答を保存' }).click();
    await miyagino.locator('[role=status]', { hasText: '回答を保存しました' }).waitFor();
    stored = await getJson<Escalation[]>(page, suite.server, '/api/escalations?fiscalYear=2026');
    expect(stored.find((e) => e.wardId === 'miyagino')?.reply).toBe('部会で各区の一人事業所の状況を集約します。');
    await expectClean(w);
    await w.context.close();

    for (const user of ['aoba', 'viewer']) {
      const other = await suite.open();
      await loginTo(other.page, suite.server, user, '/city/2026');
      await other.page.locator('article.escalation').first().waitFor();
      expect(await other.page.locator('article.escalation').count()).toBe(3);
      expect(await other.page.locator('.escalation textarea').count()).toBe(0);
      expect(await other.page.locator('.escalation button').count()).toBe(0);
      expect(await other.page.locator('article.escalation', { hasText: '青葉区' }).innerText()).toContain(reply);
      await expectClean(other);
      await other.context.close();
    }
  }, 40_000);
});
