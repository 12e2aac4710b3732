/**
 * The web app in Chromium (Debian's /usr/bin/chromium through playwright-core), against a production
 * server on loopback: the gzip size of the JavaScript each page loads, where the Gantt library is loaded,
 * and — with the CPU slowed 4× (CDP Emulation.setCPUThrottlingRate), as on an office PC — the time from
 * navigation to the plan page's and the Gantt page's content, each from a fresh browser context (cold).
 */
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { type Browser, type Page, type Response, chromium } from 'playwright-core';
import { type BenchRow, login, removeDir, startDemoServer } from './lib.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'council-demo-2026';
/** A string only frappe-gantt's code holds (its container class). */
const GANTT_MARK = 'gantt-container';
/** Cold loads per page; the median is reported. */
const RUNS = 5;

export const title = 'Web';
export const notes = [
  'Code splitting by route: every page is its own chunk, fetched when first visited (web/src/pages/PageRoutes.svelte); the login and home pages load only the app shell, and frappe-gantt arrives with the Gantt page only.',
];

interface Scripts {
  gzipBytes: number;
  gantt: boolean;
}

/** Starts recording the scripts a page loads; the returned function sums what was loaded since. */
function watchScripts(page: Page): () => Promise<Scripts> {
  const bodies: Promise<Buffer | null>[] = [];
  const listener = (res: Response) => {
    if (res.request().resourceType() === 'script') bodies.push(res.body().catch(() => null));
  };
  page.on('response', listener);
  return async () => {
    page.off('response', listener);
    const all = (await Promise.all(bodies)).filter((b): b is Buffer => b !== null);
    return { gzipBytes: all.reduce((n, b) => n + gzipSync(b).length, 0), gantt: all.some((b) => b.includes(GANTT_MARK)) };
  };
}

/**
 * Milliseconds from navigation to the first animation frame in which `selector` is in the page. The page
 * notes the moment itself (a MutationObserver added before any of its scripts, then one
 * requestAnimationFrame), and the bench reads it over CDP: Playwright's waitForFunction would first
 * inject its own utility script into the page, ~200 ms of main-thread work at 4× throttling while the app
 * loads, which is the harness's cost, not the app's.
 */
async function contentTime(browser: Browser, url: string, cookie: string, path: string, selector: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  try {
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url }]);
    await context.addInitScript((sel: string) => {
      const w = window as unknown as { __contentAt?: number };
      const observer = new MutationObserver(() => {
        if (!document.querySelector(sel)) return;
        observer.disconnect();
        // performance.now() counts from the navigation's start
        requestAnimationFrame(() => (w.__contentAt = performance.now()));
      });
      observer.observe(document, { childList: true, subtree: true });
    }, selector);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(`${url}${path}`, { waitUntil: 'commit' });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { result } = await cdp.send('Runtime.evaluate', { expression: 'window.__contentAt', returnByValue: true });
      if (typeof result.value === 'number') return result.value;
      if (Date.now() > deadline) throw new Error(`${path}: ${selector} did not appear within 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await context.close();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function bench(): Promise<BenchRow[]> {
  if (!existsSync(CHROMIUM)) return [{ figure: 'web figures', value: 'not measured', target: '—', met: null, note: `no Chromium at ${CHROMIUM}` }];
  const server = await startDemoServer(PASSWORD);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const rows: BenchRow[] = [];
  try {
    const { url } = server;
    const context = await browser.newContext();
    const page = await context.newPage();
    let collect = watchScripts(page);
    await page.goto(url);
    await page.locator('#login-username').waitFor();
    const loginPage = await collect();
    collect = watchScripts(page);
    await page.locator('#login-username').fill('aoba');
    await page.locator('#login-password').fill(PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.locator('header.app-header').waitFor();
    await page.locator('main h1').waitFor();
    const home = await collect();
    collect = watchScripts(page);
    await page.goto(`${url}/plans/aoba/2026`);
    await page.locator('.plan-doc').waitFor();
    const planPage = await collect();
    collect = watchScripts(page);
    await page.goto(`${url}/plans/aoba/2026/gantt`);
    await page.locator('.fg-host .bar-wrapper').first().waitFor();
    const ganttPage = await collect();
    await context.close();
    const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
    rows.push({ figure: 'JavaScript loaded by the login page (gzip)', value: kb(loginPage.gzipBytes), target: '≤ 60 kB', met: loginPage.gzipBytes <= 60 * 1024 });
    rows.push({ figure: 'JavaScript loaded by the home page (login + home, gzip)', value: kb(loginPage.gzipBytes + home.gzipBytes), target: '≤ 60 kB', met: loginPage.gzipBytes + home.gzipBytes <= 60 * 1024 });
    const ganttOnlyThere = !loginPage.gantt && !home.gantt && !planPage.gantt && ganttPage.gantt;
    rows.push({ figure: 'Gantt library loaded only by the Gantt page', value: ganttOnlyThere ? 'yes' : `login ${loginPage.gantt}, home ${home.gantt}, plan ${planPage.gantt}, gantt ${ganttPage.gantt}`, target: 'yes', met: ganttOnlyThere });

    const session = await login(url, 'aoba', PASSWORD);
    const plan: number[] = [];
    const gantt: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      plan.push(await contentTime(browser, url, session.cookie, '/plans/aoba/2026', '.plan-doc .doc-row'));
      gantt.push(await contentTime(browser, url, session.cookie, '/plans/aoba/2026/gantt', '.fg-host .bar-wrapper'));
    }
    rows.push({ figure: `plan page content, CPU 4× slower, cold (median of ${RUNS})`, value: `${median(plan).toFixed(0)} ms`, target: '≤ 1000 ms', ratio: median(plan) / 1000, met: median(plan) <= 1000, note: `runs ${plan.map((x) => x.toFixed(0)).join(', ')} ms` });
    rows.push({ figure: `Gantt page content, CPU 4× slower, cold (median of ${RUNS})`, value: `${median(gantt).toFixed(0)} ms`, target: '≤ 800 ms', ratio: median(gantt) / 800, met: median(gantt) <= 800, note: `runs ${gantt.map((x) => x.toFixed(0)).join(', ')} ms` });
  } finally {
    await browser.close();
    await server.stop();
    removeDir(server.dataDir);
  }
  return rows;
}
