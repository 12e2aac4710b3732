import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, axeSeriousViolations, browserSuite, browserUnavailable, expectClean, login, screenshot } from '../helpers/browser.js';

describe.skipIf(browserUnavailable())('hardening in a browser (issue 8)', () => {
  const suite = browserSuite();

  it('a logged-out page load logs no error at all in the console (8.14)', async () => {
    const w = await suite.open();
    const all: string[] = []; // unfiltered: the suite's own watcher forgives 401s, this test does not
    w.page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') all.push(`${m.type()}: ${m.text()}`);
    });
    const sessionAnswers: number[] = [];
    w.page.on('response', (r) => {
      if (r.url().endsWith('/api/session')) sessionAnswers.push(r.status());
    });
    await w.page.goto(suite.server.url + '/');
    await w.page.locator('#login-username').waitFor();
    await w.page.goto(suite.server.url + '/plans/aoba/2026');
    await w.page.locator('#login-username').waitFor();
    expect(sessionAnswers.length).toBeGreaterThan(0);
    expect(sessionAnswers.every((s) => s === 200)).toBe(true);
    expect(all).toEqual([]);
    await expectClean(w);
    await w.context.close();
  });

  it('the administrator sees a login lock on the users page and clears it (8.2)', { timeout: 120_000 }, async () => {
    const url = suite.server.url;
    const attempt = (password: string) => fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'izumi', password }) });
    for (let i = 0; i < 5; i++) expect((await attempt(`wrong-guess-${i}`)).status).toBe(401);
    expect((await attempt(DEMO_PASSWORD)).status).toBe(429);

    const w = await suite.open();
    await login(w.page, suite.server, 'admin');
    await w.page.getByRole('link', { name: 'ユーザー管理' }).click();
    const panel = w.page.locator('section[aria-labelledby=locks-heading]');
    await panel.getByRole('cell', { name: 'izumi' }).first().waitFor();
    await screenshot(w.page, 'users-login-locks');
    expect(await panel.locator('tbody tr').count()).toBe(1);
    expect(await axeSeriousViolations(w.page)).toEqual([]);
    await panel.getByRole('button', { name: /izumi/ }).click();
    await panel.getByText('ロックを解除しました').waitFor();
    await panel.getByText('現在ロックはありません。').waitFor();
    expect((await attempt(DEMO_PASSWORD)).status).toBe(200);
    await expectClean(w);
    await w.context.close();
  });
});
