import { describe, expect, it } from 'vitest';
import { axeSeriousViolations, browserSuite, browserUnavailable, expectClean, login, loginTo, screenshot } from '../helpers/browser.js';

describe.skipIf(browserUnavailable())('user administration in a browser', () => {
  const suite = browserSuite();

  it('lets an administrator add a ward editor who can then log in, and shows field errors', async () => {
    const w = await suite.open();
    await loginTo(w.page, suite.server, 'admin', '/admin/users');
    await w.page.getByRole('heading', { name: 'ユーザー管理' }).waitFor();
    await w.page.getByRole('button', { name: 'ユーザーを追加' }).click();
    await w.page.locator('#u-username').fill('aoba-2');
    await w.page.locator('#u-name').fill('青葉区 事務局 2');
    await w.page.locator('#u-ward').selectOption('aoba');
    await w.page.locator('#u-password').fill('short');
    await w.page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => w.page.locator('#u-password-err').innerText()).toContain('12文字以上');
    await w.page.locator('#u-password').fill('a-long-enough-password');
    await w.page.getByRole('button', { name: '保存' }).click();
    await w.page.getByText('ユーザー「aoba-2」を作成しました。').waitFor();
    await screenshot(w.page, 'users-ja');
    expect(await axeSeriousViolations(w.page)).toEqual([]);
    await expectClean(w);
    await w.context.close();

    const other = await suite.open();
    await login(other.page, suite.server, 'aoba-2', 'a-long-enough-password');
    expect(await other.page.locator('header').innerText()).toContain('青葉区 事務局 2');
    // a ward editor has no user administration
    expect(await other.page.getByRole('link', { name: 'ユーザー管理' }).count()).toBe(0);
    await other.context.close();
  });
});
