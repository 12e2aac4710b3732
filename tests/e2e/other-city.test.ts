/**
 * Another city in a real browser: the app started on a plugins folder holding only the Toyonaka example
 * (docs/examples/toyonaka, three エリア and a 相談支援部会), without demo data. Every place the interface
 * names the city's unit or its subcommittee takes the words from the city plugin, in both languages —
 * never Sendai's 区 / 地域部会.
 */
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserSuite, browserUnavailable, expectClean, login, screenshot } from '../helpers/browser.js';
import { ROOT } from '../helpers/app.js';

const ADMIN_PASSWORD = 'toyonaka-admin-2026';

function toyonakaPlugins(): string {
  const dir = mkdtempSync(join(tmpdir(), 'council-toyonaka-'));
  const example = join(ROOT, 'docs', 'examples', 'toyonaka');
  for (const id of readdirSync(example)) cpSync(join(example, id), join(dir, id), { recursive: true });
  return dir;
}

describe.skipIf(browserUnavailable())('another city (Toyonaka) in a browser', () => {
  const suite = browserSuite(undefined, { env: { PLUGINS_DIR: toyonakaPlugins(), CITY: 'toyonaka', DEMO_DATA: 'false', ADMIN_PASSWORD } });

  it('names its areas (エリア) and its 相談支援部会 from the city plugin, in Japanese and English', async () => {
    const w = await suite.open();
    const { page } = w;
    await login(page, suite.server, 'admin', ADMIN_PASSWORD, '/plans/toyonaka-north/2026');
    await page.getByText('この年度の計画はまだありません。').waitFor();

    // the header: the unit picker is the area picker; the menu names the subcommittee
    const picker = page.locator('header.app-header select').nth(1);
    expect(await picker.getAttribute('aria-label')).toBe('エリア');
    expect(await picker.locator('option').allInnerTexts()).toEqual(['北部エリア', '中部エリア', '南部エリア']);
    const nav = page.locator('header.app-header nav');
    expect(await nav.getByRole('link', { name: '相談支援部会' }).count()).toBe(1);
    expect(await page.locator('header.app-header').innerText()).not.toMatch(/区|地域部会/);

    // the subcommittee page
    await nav.getByRole('link', { name: '相談支援部会' }).click();
    const h1 = page.getByRole('heading', { level: 1 });
    await page.locator('table.heatmap').waitFor();
    expect(await h1.innerText()).toBe('令和8年度(2026) 相談支援部会 各エリアの進捗');
    expect(await page.locator('#heat-heading').innerText()).toBe('エリア別・月別の実施状況');
    expect(await page.locator('#cards-heading').innerText()).toBe('エリアごとの状況');
    expect(await page.locator('table.heatmap thead th').first().innerText()).toBe('エリア');
    expect(await page.locator('table.heatmap tbody th').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('北部エリア')]));
    expect(await page.locator('.calendar').innerText()).toContain('第1回相談支援部会');
    const text = await page.locator('body').innerText();
    expect(text).not.toContain('地域部会');
    expect(text).not.toMatch(/区/);
    await screenshot(page, 'other-city-ja');

    await page.getByRole('button', { name: 'English' }).first().click();
    await h1.filter({ hasText: 'Consultation support subcommittee' }).waitFor();
    expect(await h1.innerText()).toBe('FY2026 Consultation support subcommittee: area progress');
    expect(await page.locator('#heat-heading').innerText()).toBe('Progress by area and month');
    expect(await page.locator('#cards-heading').innerText()).toBe('Area by area');
    expect(await page.locator('table.heatmap thead th').first().innerText()).toBe('Area');
    expect(await page.locator('body').innerText()).not.toMatch(/\b[Ww]ards?\b|Regional subcommittee/);
    await page.goto(`${suite.server.url}/plans/toyonaka-south/2026`);
    await page.locator('header.app-header select').nth(1).waitFor();
    expect(await page.locator('header.app-header select').nth(1).getAttribute('aria-label')).toBe('Area');
    await expectClean(w);
    await w.context.close();
  });
});
