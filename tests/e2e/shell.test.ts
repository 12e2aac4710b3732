import { describe, expect, it } from 'vitest';
import { axeSeriousViolations, browserSuite, browserUnavailable, cspViolationsIn, expectClean, login, screenshot } from '../helpers/browser.js';

describe.skipIf(browserUnavailable())('the app shell in a browser', () => {
  const suite = browserSuite();

  it('logs in, shows the five wards in Japanese, switches to English and remembers it', async () => {
    const w = await suite.open();
    await w.page.goto(suite.server.url + '/');
    await w.page.locator('h1').waitFor();
    expect(await w.page.locator('h1').innerText()).toContain('計画・進捗管理');
    await screenshot(w.page, 'login-ja');
    await login(w.page, suite.server, 'chair');
    // The header appears as soon as the session is known; the ward list comes with the plans and the
    // catalog, later (a loaded machine once read it empty). Wait for the last ward before reading them.
    await w.page.locator('ul.wards h2', { hasText: '泉区' }).waitFor();
    const names = await w.page.locator('ul.wards h2').allInnerTexts();
    expect(names.join(' ')).toMatch(/青葉区.*宮城野区.*若林区.*太白区.*泉区/s);
    await screenshot(w.page, 'home-ja');
    await w.page.getByRole('button', { name: 'English' }).first().click();
    await w.page.getByText('Plans for FY2026').waitFor();
    await w.page.reload();
    await w.page.getByText('Plans for FY2026').waitFor();
    await screenshot(w.page, 'home-en');
    expect(await axeSeriousViolations(w.page)).toEqual([]);
    await expectClean(w);
    await w.context.close();
  });

  it('runs under an active Content-Security-Policy: an injected inline script is blocked and reported', async () => {
    const w = await suite.open();
    await login(w.page, suite.server, 'viewer');
    const ran = await w.page.evaluate(async () => {
      (window as unknown as { __ran: boolean }).__ran = false;
      const s = document.createElement('script');
      s.textContent = 'window.__ran = true';
      document.body.appendChild(s);
      await new Promise((r) => setTimeout(r, 50));
      return (window as unknown as { __ran: boolean }).__ran;
    });
    expect(ran).toBe(false);
    expect((await cspViolationsIn(w.page)).join(' ')).toMatch(/script-src/);
    const res = await w.page.request.get(suite.server.url + '/');
    expect(res.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await w.context.close();
  });

  it('serves the OpenAPI documentation locally', async () => {
    const w = await suite.open();
    await w.page.goto(suite.server.url + '/api/docs/');
    await w.page.locator('.swagger-ui .info .title').waitFor({ timeout: 15_000 });
    expect(await w.page.locator('.swagger-ui .info .title').innerText()).toContain('Council planner API');
    expect(w.external).toEqual([]);
    await w.context.close();
  });

  it('refuses a wrong password with a clear message', async () => {
    const w = await suite.open();
    await w.page.goto(suite.server.url + '/');
    await w.page.locator('#login-username').fill('aoba');
    await w.page.locator('#login-password').fill('wrong-password-123');
    await w.page.locator('form button[type=submit]').click();
    // Wait for the refusal itself, not for whichever alert shows first.
    await w.page.locator('[role=alert]', { hasText: 'ユーザー名またはパスワードが正しくありません' }).waitFor();
    await w.context.close();
  });
});
