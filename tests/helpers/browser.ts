/// <reference lib="dom" />
/**
 * Browser tests: the real server (built web app, demo data, a file database) and Debian's Chromium driven
 * by playwright-core. Every page records requests to any host but the local server (tests assert there
 * are none) and CSP violations. Without Chromium the browser tests are skipped with a printed reason on
 * a developer's machine, and fail in CI (CI=true).
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
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
export async function openPage(browser: Browser, server: E2EServer, options: { lang?: 'ja' | 'en'; viewport?: { width: number; height: number } } = {}): Promise<WatchedPage> {
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
