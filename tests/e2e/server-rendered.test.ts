/**
 * The plan and Gantt pages rendered on the server (server/http/page-render.ts, web/src/ssr.ts) and
 * hydrated in the browser (web/src/boot.ts): the HTML holds the page and the answers it was built from,
 * is never cached, falls back to the plain app when it should, escapes what it embeds, and in the browser
 * becomes the working app without asking the server again — a click made before that is not lost.
 */
import { describe, expect, it } from 'vitest';
import type { Plan, PlanSummary } from '../../schemas/types.js';
import { client } from '../helpers/app.js';
import { DEMO_PASSWORD, type E2EServer, type WatchedPage, browserSuite, browserUnavailable, expectClean, login } from '../helpers/browser.js';

const HOSTILE = '</script><script>alert(1)</script><img src=x onerror=alert(2)>';

/**
 * Signs in as aoba, leaves for a blank page (the home page's own requests are not counted) and from then
 * on records the path of every API request the page makes.
 */
async function signedInCountingApi(w: WatchedPage, server: E2EServer): Promise<string[]> {
  await login(w.page, server, 'aoba', DEMO_PASSWORD, '/');
  await w.page.goto('about:blank');
  const asked: string[] = [];
  w.page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/')) asked.push(path);
  });
  return asked;
}

/** The plain app's page: no rendered content, no embedded answers. */
function isPlainApp(html: string): boolean {
  return html.includes('<div id="app"></div>') && !html.includes('app-seed');
}

describe.skipIf(browserUnavailable())('server-rendered plan and Gantt pages', () => {
  let planId = '';
  let cookie = '';
  const suite = browserSuite(async (server) => {
    const login = await server.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'aoba', password: DEMO_PASSWORD } });
    cookie = `sid=${login.cookies.find((c) => c.name === 'sid')!.value}`;
    const list = (await server.app.inject({ url: '/api/plans?fiscalYear=2026&ward=aoba', headers: { cookie } })).json() as PlanSummary[];
    planId = list[0]!.id;
  });

  const fetchPage = (path: string, headers: Record<string, string> = {}) => fetch(`${suite.server.url}${path}`, { headers });

  it('sends the plan page rendered, with the answers it was built from, never to be cached', async () => {
    const res = await fetchPage('/plans/aoba/2026', { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const plan = (await suite.server.app.inject({ url: `/api/plans/${planId}`, headers: { cookie } })).json() as Plan;
    // the document itself is in the HTML: the plan's title and every schedule row
    const app = html.slice(html.indexOf('<div id="app">'), html.indexOf('id="app-seed"'));
    expect(app).toContain('class="plan-doc');
    for (const row of plan.schedule) expect(app).toContain(`data-row-id="${row.id}"`);
    // the answers embedded are the API's own
    const seed = JSON.parse(/<script type="application\/json" id="app-seed">([^]*?)<\/script>/.exec(html)![1]!) as { answers: Record<string, unknown>; session: { user: { username: string } } };
    expect(seed.session.user.username).toBe('aoba');
    expect(seed.answers[`/api/plans/${planId}`]).toEqual(plan);
    // the session is in the page: no early request for it
    expect(html).not.toContain('href="/api/session"');
    // the one inline script is the click holder, allowed by its hash
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('sends the plain app without a session, for an unknown ward, and for other pages', async () => {
    expect(isPlainApp(await (await fetchPage('/plans/aoba/2026')).text())).toBe(true);
    expect(isPlainApp(await (await fetchPage('/plans/aoba/2026', { cookie: 'sid=not-a-session' })).text())).toBe(true);
    expect(isPlainApp(await (await fetchPage('/plans/nowhere/2026', { cookie })).text())).toBe(true);
    expect(isPlainApp(await (await fetchPage('/plans/aoba/2026/month', { cookie })).text())).toBe(true);
    const plain = await fetchPage('/');
    expect(plain.headers.get('cache-control')).toBe('no-cache');
  });

  it('renders in the language of the language cookie', async () => {
    const html = await (await fetchPage('/plans/aoba/2026/gantt', { cookie: `${cookie}; council-lang=en` })).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Open the plan');
  });

  it('escapes a hostile title in the HTML and in the embedded answers; the browser shows it as text', async () => {
    const aoba = await client(suite.server.app, 'aoba', { viaLogin: true, password: DEMO_PASSWORD });
    const plan = (await aoba.get(`/api/plans/${planId}`)).json() as Plan;
    const saved = await aoba.put(`/api/plans/${planId}`, { ...plan, title: HOSTILE });
    expect(saved.statusCode, saved.body).toBe(200);
    const html = await (await fetchPage('/plans/aoba/2026', { cookie })).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');

    const w = await suite.open();
    let dialogs = 0;
    w.page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await login(w.page, suite.server, 'aoba', DEMO_PASSWORD, '/');
    await w.page.goto(`${suite.server.url}/plans/aoba/2026`);
    await w.page.locator('html[data-ready]').waitFor();
    expect(await w.page.locator('.plan-doc h1, .plan-doc .doc-title').first().innerText()).toContain('</script><script>alert(1)</script>');
    expect(dialogs).toBe(0);
    await expectClean(w);
    await w.context.close();
    const back = (await aoba.get(`/api/plans/${planId}`)).json() as Plan;
    expect((await aoba.put(`/api/plans/${planId}`, { ...back, title: plan.title })).statusCode).toBe(200);
  });

  it('becomes the working page in the browser without asking for its data again, and does a click made before that', async () => {
    const w = await suite.open();
    const asked = await signedInCountingApi(w, suite.server);
    // hold the app's script back, so that the click below surely comes before the app has taken over
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await w.page.route(/\/assets\/index-[^/]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    const navigation = w.page.goto(`${suite.server.url}/plans/aoba/2026`);
    const edit = w.page.locator('.toolbar').getByRole('button', { name: '編集', exact: true });
    await edit.waitFor();
    expect(await w.page.locator('html[data-ready]').count()).toBe(0);
    await edit.click();
    release();
    await navigation;
    await w.page.locator('html[data-ready]').waitFor();
    // the click was held and done once the app had taken over: the plan is open for editing
    await w.page.locator('#pf-title').waitFor();
    expect(await w.page.locator('article.plan-doc textarea').count()).toBeGreaterThan(10);
    // nothing the page was rendered from was asked for again
    expect(asked.filter((p) => /^\/api\/(session|city|wards|escalations)$|^\/api\/plans(\/[^/]+(\/progress)?)?$/.test(p))).toEqual([]);
    // (the comments below the plan are loaded after it has been painted, as before)
    await expectClean(w);
    await w.context.close();
  });

  it('draws the Gantt chart over the server-rendered grid before hydrating the page, keeps it, and does not ask for the plan again', async () => {
    const w = await suite.open();
    // the chart as first drawn is marked, with whether the app had taken the page over by then
    await w.context.addInitScript(() => {
      const observer = new MutationObserver(() => {
        // the live chart, not the server's picture of it (tested below)
        const svg = document.querySelector<SVGElement>('.fg-host > .gantt-container:not([data-fg-static]) svg');
        if (!svg || !svg.querySelector('.bar-wrapper')) return;
        observer.disconnect();
        svg.dataset['first'] = document.documentElement.dataset['ready'] ?? 'before hydration';
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    const asked = await signedInCountingApi(w, suite.server);
    await w.page.goto(`${suite.server.url}/plans/aoba/2026/gantt`);
    await w.page.locator('.fg-host .bar-wrapper').first().waitFor();
    await w.page.locator('html[data-ready]').waitFor();
    const plan = (await suite.server.app.inject({ url: `/api/plans/${planId}`, headers: { cookie } })).json() as Plan;
    expect(await w.page.locator('.fg-grid .fg-row:not(.fg-head)').count()).toBe(plan.schedule.length);
    // drawn before hydration (the window is at the width the page was rendered for), and taken over, not drawn again
    expect(await w.page.locator('.fg-host svg').count()).toBe(1);
    expect(await w.page.locator('.fg-host svg').getAttribute('data-first')).toBe('before hydration');
    expect(asked).toEqual([]);
    await expectClean(w);
    await w.context.close();
  });

  it("puts a picture of the Gantt chart in the page, element for element the chart the app draws, which takes its place", async () => {
    const html = await (await fetchPage('/plans/aoba/2026/gantt', { cookie })).text();
    expect(html).toContain('data-fg-static');
    expect(html).toContain('class="bar-wrapper');
    const w = await suite.open();
    await login(w.page, suite.server, 'aoba', DEMO_PASSWORD, '/');
    await w.page.goto(`${suite.server.url}/plans/aoba/2026/gantt`);
    await w.page.locator('html[data-ready]').waitFor();
    await w.page.locator('.fg-host .bar-wrapper').first().waitFor();
    // one chart in the box: the live one
    expect(await w.page.locator('.fg-host > .gantt-container').count()).toBe(1);
    expect(await w.page.locator('.fg-host [data-fg-static]').count()).toBe(0);
    const [picture, live] = await w.page.evaluate((pageHtml) => {
      /** Every element the eye can see, with what places and colours it. */
      const describe = (root: Element): string[] =>
        Array.from(root.querySelectorAll('*'))
          .filter((el) => !el.closest('.popup-wrapper, .extras, .side-header, .date-range-highlight, #diagonalHatch'))
          .map((el) => {
            const h = el as HTMLElement;
            const attrs = ['x', 'y', 'width', 'height', 'rx', 'ry', 'x1', 'x2', 'y1', 'y2', 'r', 'd', 'transform', 'fill', 'stroke', 'stroke-width', 'id', 'data-id', 'data-fg-line', 'data-fg-month']
              .filter((a) => el.hasAttribute(a))
              .map((a) => `${a}=${el.getAttribute(a)}`);
            const style = ['fill', 'stroke', 'visibility', 'top', 'left', 'width', 'height'].map((p) => h.style?.getPropertyValue(p)).filter(Boolean);
            const text = el.children.length === 0 ? el.textContent : '';
            return `${el.tagName.toLowerCase()}.${[...el.classList].sort().join('.')} ${attrs.join(' ')} {${style.join(';')}} ${text}`;
          });
      const parsed = new DOMParser().parseFromString(pageHtml, 'text/html').querySelector('.fg-host > [data-fg-static]')!;
      return [describe(parsed), describe(document.querySelector('.fg-host > .gantt-container')!)];
    }, html);
    expect(picture.length).toBeGreaterThan(50);
    expect(picture).toEqual(live);
    await expectClean(w);
    await w.context.close();
  });
});
