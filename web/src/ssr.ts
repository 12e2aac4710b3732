/**
 * Server-side rendering of the pages worth it — a ward's plan and its Gantt chart, the pages opened most
 * and the heaviest to build in a browser on an office PC (issue 13: content ≤ 1.0 s / 0.8 s with the CPU
 * slowed 4×). Built by Vite as a library for Node (dist/web-ssr/ssr.js, everything bundled), called by
 * the server (server/http/page-render.ts) with the same API answers the browser would have asked for.
 * The browser gets them in the page too and hydrates the HTML (boot.ts) instead of building it again.
 *
 * The app keeps its state in module-level stores (session, catalog, router, language, seeded answers).
 * Rendering is synchronous, so one request's state is set, rendered and cleared within one turn of the
 * event loop: no other request can see it.
 */
import { render } from 'svelte/server';
import type { City, SessionInfo, Ward } from '../../schemas/types';
import App from './App.svelte';
import { seedAnswers } from './lib/api';
import { listenForServerCharts } from './lib/gantt/server-charts';
import { staticChartMarkup } from './lib/gantt/static-chart';
import { catalog } from './lib/catalog.svelte';
import { type Lang, i18n } from './lib/i18n/index.svelte';
import { firstPlanAnswers } from './lib/plan/plan-api';
import { match, setLocation } from './lib/router.svelte';
import { session } from './lib/session.svelte';
import * as GanttPage from './pages/GanttPage.svelte';
import * as PlanPage from './pages/PlanPage.svelte';
import { registerPages } from './pages/page-chunks';

registerPages({ plan: PlanPage, gantt: GanttPage });

/** The pages rendered here, and their modules' keys in Vite's manifest (for the page's <head> links). */
const RENDERED = { plan: 'src/pages/PlanPage.svelte', gantt: 'src/pages/GanttPage.svelte' } as const;

/** What the server needs to render a page, from the app's own router and API paths. */
export interface RenderablePage {
  wardId: string;
  /** Vite manifest keys of the page's chunks, beyond the app's entry */
  manifestKeys: string[];
  /** the page's own first answers, asked with `get` (the server: the API through inject, with the visitor's cookie) */
  answers(get: (path: string) => Promise<unknown>): Promise<Record<string, unknown>>;
}

/** The page at `pathname` if it is one rendered on the server (a ward's plan or its Gantt chart), else null. */
export function renderablePage(pathname: string): RenderablePage | null {
  const route = match(pathname);
  if (route.name !== 'plan' && route.name !== 'gantt') return null;
  const name = route.name;
  const wardId = route.params['ward'] ?? '';
  const fiscalYear = Number(route.params['fy']);
  return {
    wardId,
    manifestKeys: ['src/boot.ts', RENDERED[name]],
    answers: (get) => firstPlanAnswers(wardId, fiscalYear, name === 'plan', get),
  };
}

export interface RenderInput {
  pathname: string;
  search: string;
  lang: Lang;
  /** GET /api/session's answer (signed in) */
  session: SessionInfo;
  city: City;
  wards: Ward[];
  /** the page's own first answers, by path (renderablePage's answers) */
  answers: Record<string, unknown>;
}

export function renderPage(input: RenderInput): { head: string; body: string } {
  try {
    setLocation(input.pathname, input.search);
    i18n.lang = input.lang;
    session.user = input.session.user;
    session.csrfToken = input.session.csrfToken;
    session.checked = true;
    catalog.city = input.city;
    catalog.wards = input.wards;
    catalog.loaded = true;
    seedAnswers(input.answers);
    const charts = new Map<string, string>();
    listenForServerCharts((uid, tasks, cfg) => charts.set(uid, staticChartMarkup(tasks, cfg)));
    const { head, body } = render(App);
    return { head, body: withCharts(body, charts) };
  } finally {
    listenForServerCharts(null);
    seedAnswers({});
    catalog.city = null;
    catalog.wards = [];
    catalog.loaded = false;
    session.user = null;
    session.csrfToken = null;
    session.checked = false;
    i18n.lang = 'ja';
    setLocation('/', '');
  }
}

/**
 * Puts each Gantt chart's markup into its chart box. The box is an element Svelte renders empty and
 * hydrates without looking inside (frappe-gantt fills it in the browser), so its content can be added
 * to the rendered HTML: the first `fg-host` after the chart's `data-fg-uid` (FiscalGantt.svelte).
 */
function withCharts(body: string, charts: ReadonlyMap<string, string>): string {
  for (const [uid, markup] of charts) {
    const root = body.indexOf(`data-fg-uid="${uid}"`);
    const host = root < 0 ? -1 : body.indexOf('<div class="fg-host"', root);
    const open = host < 0 ? -1 : body.indexOf('>', host);
    if (open < 0 || body.startsWith('</div>', open + 1) === false) continue; // not the empty box expected: leave the page as it is
    body = body.slice(0, open + 1) + markup + body.slice(open + 1);
  }
  return body;
}
