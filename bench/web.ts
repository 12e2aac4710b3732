/**
 * The web app in Chromium (Debian's /usr/bin/chromium through playwright-core), against a production
 * server on loopback: the gzip size of the JavaScript each page loads, where the Gantt library is loaded,
 * and — with the CPU slowed 4× (CDP Emulation.setCPUThrottlingRate), as on an office PC — the time from
 * navigation to the plan page's and the Gantt page's content, each from a fresh browser context (cold).
 */
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { type Browser, type BrowserContext, type CDPSession, type Page, type Response, chromium } from 'playwright-core';
import { type BenchRow, login, removeDir, startDemoServer } from './lib.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'council-demo-2026';
/** A string only frappe-gantt's code holds (its container class). */
const GANTT_MARK = 'gantt-container';
/** Cold loads per page; the median is reported (single loads at 4× vary by ±40 % on a 2-core machine). */
const RUNS = 9;

export const title = 'Web';
export const notes = [
  'Code splitting by route: every page is its own chunk, fetched when first visited (web/src/pages/page-chunks.ts, shown by PageRoutes.svelte); the login and home pages load only the app shell, and frappe-gantt arrives with the Gantt page only.',
  'Content times: from navigation to the first animation frame with the content in the page, noted by the page itself (an init script: MutationObserver, then requestAnimationFrame) and read over CDP — not with waitForFunction, whose injected script costs ~200 ms of main thread at 4× throttling during the load (the figures before this change were measured that way: plan 1964 ms, Gantt 2097 ms on a quiet machine).',
  'What the load of a plan or Gantt page does (issue 13): the server renders it (web/src/ssr.ts via server/http/page-render.ts) with the API answers it needs (asked through inject with the visitor\'s cookie) and puts them in the page; the browser paints that HTML, then loads the app (boot.ts, after the first paint) and hydrates it without a request. On the Gantt page the server also writes the chart itself into the page (lib/gantt/static-chart.ts: the markup frappe-gantt would make, element for element, without a DOM), so the bars are in the first paint; the app draws the live chart from the embedded answers before hydrating the page (lib/gantt/predraw.ts), replacing the server\'s markup in one task. Before: HTML → app → session → catalog and the page\'s data → the page\'s chunk → render, all in the browser.',
  'Plan page: the matrix panel\'s body (half the page\'s DOM for an editor: a select per item and axis) is built when the panel is first opened — it starts closed while nothing is rated; the comments are built just after the plan has been painted (components/AfterPaint.svelte). Gantt: header class names without Intl.DateTimeFormat (two per column in frappe-gantt\'s date_utils.format), and the chart drawn once at its final size, read at mount instead of a frame later from ResizeObserver.',
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
 * Has every page of `context` note the first animation frame in which `selector` is in it, in ms from
 * navigation (a MutationObserver added before any of the page's scripts, then one requestAnimationFrame);
 * contentTimeOf reads it over CDP. Playwright's waitForFunction would first inject its own utility
 * script into the page, ~200 ms of main-thread work at 4× throttling while the app loads — the harness's
 * cost, not the app's.
 */
export async function markContentTime(context: BrowserContext, selector: string): Promise<void> {
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
}

export async function contentTimeOf(cdp: CDPSession, what: string): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { result } = await cdp.send('Runtime.evaluate', { expression: 'window.__contentAt', returnByValue: true });
    if (typeof result.value === 'number') return result.value;
    if (Date.now() > deadline) throw new Error(`${what} did not appear within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Milliseconds from navigation to `selector` in the page, CPU 4× slower, in a fresh context (cold cache)
 * with the session cookie set; and to the page's first contentful paint (reported beside it: the frame
 * noted is the one that starts drawing the content, the paint is when that frame is on screen).
 */
async function contentTime(browser: Browser, url: string, cookie: string, path: string, selector: string): Promise<{ content: number; fcp: number }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  try {
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url }]);
    await markContentTime(context, selector);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(`${url}${path}`, { waitUntil: 'commit' });
    const content = await contentTimeOf(cdp, `${path}: ${selector}`);
    const { result } = await cdp.send('Runtime.evaluate', {
      expression: "new Promise((resolve) => new PerformanceObserver((l) => resolve(l.getEntries()[0].startTime)).observe({ type: 'paint', buffered: true }))",
      awaitPromise: true,
      returnByValue: true,
    });
    return { content, fcp: Number(result.value) };
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
    const plan: { content: number; fcp: number }[] = [];
    const gantt: { content: number; fcp: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      plan.push(await contentTime(browser, url, session.cookie, '/plans/aoba/2026', '.plan-doc .doc-row'));
      gantt.push(await contentTime(browser, url, session.cookie, '/plans/aoba/2026/gantt', '.fg-host .bar-wrapper'));
    }
    for (const [name, runs, target] of [['plan', plan, 1000], ['Gantt', gantt, 800]] as const) {
      const content = median(runs.map((r) => r.content));
      const note = `runs ${runs.map((r) => r.content.toFixed(0)).join(', ')} ms; first contentful paint (median) ${median(runs.map((r) => r.fcp)).toFixed(0)} ms`;
      rows.push({ figure: `${name} page content, CPU 4× slower, cold (median of ${RUNS})`, value: `${content.toFixed(0)} ms`, target: `≤ ${target} ms`, ratio: content / target, met: content <= target, note });
    }
  } finally {
    await browser.close();
    await server.stop();
    removeDir(server.dataDir);
  }
  return rows;
}
