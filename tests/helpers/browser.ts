/// <reference lib="dom" />
/**
 * Browser tests: the real server (built web app, demo data, a file database) and Debian's Chromium driven
 * by playwright-core. Every page records requests to any host but the local server (tests assert there
 * are none) and CSP violations. Without Chromium the browser tests are skipped with a printed reason on
 * a developer's machine, and fail in CI (CI=true).
 *
 * A browser test file reads:
 *
 *     describe.skipIf(browserUnavailable())('… in a browser', () => {
 *       const suite = browserSuite();
 *       it('…', async () => {
 *         const w = await suite.open();
 *         await loginTo(w.page, suite.server, 'aoba', '/plans/aoba/2026');
 *         …
 *         await expectClean(w);
 *         await w.context.close();
 *       });
 *     });
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildApp } from '../../server/app.js';
import { configFromEnv } from '../../server/config.js';
import { ROOT } from './app.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
export const DEMO_PASSWORD = 'council-demo-2026';
/** The built web app under test (E2E_WEB_DIR lets parallel work use its own build). */
export const WEB_DIR = process.env.E2E_WEB_DIR ?? join(ROOT, 'dist', 'web');

/** Why browser tests cannot run here, or null when they can. Throws in CI, where they must run. */
export function browserUnavailable(): string | null {
  const reasons: string[] = [];
  if (!existsSync(CHROMIUM)) reasons.push(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  if (!existsSync(join(WEB_DIR, 'index.html'))) reasons.push(`the web app is not built in ${WEB_DIR} (npm run build)`);
  if (!reasons.length) return null;
  const reason = reasons.join('; ');
  if (process.env.CI) throw new Error(`Browser tests cannot run in CI: ${reason}`);
  console.warn(`\n  ⚠ Skipping browser tests: ${reason}\n`);
  return reason;
}

export interface E2EServer {
  app: FastifyInstance;
  url: string;
  close: () => Promise<void>;
}

/** The real app with the demo city, listening on a free loopback port. */
export async function startServer(env: Record<string, string> = {}): Promise<E2EServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'council-e2e-'));
  const config = configFromEnv({ DATA_DIR: dataDir, WEB_DIR, ...env });
  const app = await buildApp({ config, announce: () => undefined });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface OpenPageOptions {
  lang?: 'ja' | 'en';
  viewport?: { width: number; height: number };
}

export interface BrowserSuite {
  /** The running server (only inside the suite's tests and hooks). */
  readonly server: E2EServer;
  /** The running Chromium (only inside the suite's tests and hooks). */
  readonly browser: Browser;
  /** A new watched page in its own browser context: `openPage(suite.browser, suite.server, options)`. */
  open(options?: OpenPageOptions): Promise<WatchedPage>;
}

export interface BrowserSuiteOptions {
  /** environment of the server (see README, Configuration): e.g. { PLUGINS_DIR, CITY, DEMO_DATA, ADMIN_PASSWORD } */
  env?: Record<string, string>;
}

/**
 * Called inside a `describe`: starts the server and Chromium before the suite's tests (then runs `setup`,
 * e.g. to create test data through the API) and closes both after them.
 */
export function browserSuite(setup?: (server: E2EServer) => Promise<void>, options: BrowserSuiteOptions = {}): BrowserSuite {
  let server: E2EServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServer(options.env);
    browser = await launch();
    await setup?.(server);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const running = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`browserSuite: the ${what} is not running (use it inside the suite's tests)`);
    return value;
  };
  return {
    get server() {
      return running(server, 'server');
    },
    get browser() {
      return running(browser, 'browser');
    },
    open: (options) => openPage(running(browser, 'browser'), running(server, 'server'), options),
  };
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Requests the page tried to send anywhere but the local server (they are blocked). */
  external: string[];
  /** Content-Security-Policy violations reported by the page. */
  cspViolations: string[];
  /** Uncaught errors and console errors on the page. */
  errors: string[];
}

/** A new browser context (its own cookies and storage) in the given interface language. */
export async function openPage(browser: Browser, server: E2EServer, options: OpenPageOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1366, height: 768 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const origin = new URL(server.url).origin;
  const external: string[] = [];
  const cspViolations: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith(origin)) return route.continue();
    external.push(url);
    return route.abort('blockedbyclient');
  });
  await context.addInitScript((lang) => {
    if (lang) localStorage.setItem('council-planner.lang', lang);
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __csp: string[] }).__csp ??= [];
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  }, options.lang ?? null);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') {
      const text = m.text();
      if (/Content Security Policy/i.test(text)) cspViolations.push(text);
      // 401/409/400 answers are part of normal flows (the app shows them); the browser logs them as errors
      else if (!/status of (400|401|403|409)/.test(text)) errors.push(text);
    }
  });
  return { page, context, external, cspViolations, errors };
}

export async function cspViolationsIn(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}

export async function login(page: Page, server: E2EServer, username: string, password = DEMO_PASSWORD, path = '/'): Promise<void> {
  await page.goto(server.url + path);
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.locator('header.app-header').waitFor();
}

/** Logs in with the demo password on `path` (query string included), where the app then stays. */
export async function loginTo(page: Page, server: E2EServer, username: string, path: string): Promise<void> {
  await login(page, server, username, DEMO_PASSWORD, path);
}

/** The page's hygiene: it sent nothing off the local server, broke no CSP rule and threw no error. */
export async function expectClean(w: WatchedPage): Promise<void> {
  expect(w.external).toEqual([]);
  expect(w.cspViolations).toEqual([]);
  expect(await cspViolationsIn(w.page)).toEqual([]);
  expect(w.errors).toEqual([]);
}

/** GETs `path` with the page's session; it must answer 200. */
export async function getJson<T>(page: Page, server: E2EServer, path: string): Promise<T> {
  const res = await page.request.get(server.url + path);
  expect(res.status()).toBe(200);
  return (await res.json()) as T;
}

/** The page fits its window: no horizontal page scrolling. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll).toBeLessThanOrEqual(client);
}

/** Dismisses every dialog (alert, confirm…) the page opens; the returned function tells how many it has opened. */
export function countDialogs(page: Page): () => number {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  return () => dialogs;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function axeSeriousViolations(page: Page): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  const source = (await import('node:fs')).readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.evaluate(source);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}
