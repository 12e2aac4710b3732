/**
 * The app's start (main.ts loads it): on a page the server rendered, the state it was rendered with is
 * set and the HTML hydrated; otherwise the first page's data is asked for and the app mounted.
 */
import { hydrate, mount } from 'svelte';
import type { City, SessionInfo, Ward } from '../../schemas/types';
import App from './App.svelte';
import { seedAnswers } from './lib/api';
import { loadCatalog, setCatalog } from './lib/catalog.svelte';
import { rememberLangForServer } from './lib/i18n/index.svelte';
import { preloadRouteData } from './lib/route-data';
import { router } from './lib/router.svelte';
import { applyRenderedSession, loadSession } from './lib/session.svelte';
import { pageChunks, preloadPage } from './pages/page-chunks';

const target = document.getElementById('app')!;
/** What the server rendered the page with (server/http/page-render.ts, web/src/ssr.ts), when it did. */
const seedElement = document.getElementById('app-seed');

if (seedElement) {
  // The plan and Gantt pages come rendered, with the answers they were rendered from: the same state is
  // set here, the page's chunk loaded (the HTML preloads it), and the HTML hydrated — not built again.
  const seed = JSON.parse(seedElement.textContent ?? '{}') as { session: SessionInfo; city: City; wards: Ward[]; answers: Record<string, unknown> };
  applyRenderedSession(seed.session);
  setCatalog(seed.city, seed.wards);
  seedAnswers(seed.answers);
  void preloadPage(router.route)
    .then(predrawGantt)
    .catch((e: unknown) => console.warn('the chart could not be drawn before the page was hydrated', e))
    .then(() => {
      try {
        hydrate(App, { target });
      } catch (e) {
        // Should the HTML not match what the app renders (a build changed in between), build it afresh.
        console.warn('hydration failed; rendering again', e);
        target.textContent = '';
        mount(App, { target });
      }
      replayHeld();
    });
} else {
  // What the first page needs is asked for before the app is mounted, and at once rather than one step
  // after another: who is signed in (a request index.html has already started), then together the
  // catalog and the page's first data, and the page's chunk once those requests are out (its evaluation
  // takes the main thread, which would hold back the next request of a chain: the plan after the list).
  // The shell renders once, when the catalog and that data are in, rather than once for each.
  void loadSession(() => {
    const data = preloadRouteData(router.route);
    void data.requested.then(() => preloadPage(router.route));
    return Promise.all([loadCatalog(), data.answered]);
  });
  mount(App, { target });
  document.documentElement.dataset.ready = 'true';
}
// the server renders in the language of this cookie (a choice made before it existed is copied here)
rememberLangForServer();

/** On the Gantt page, its chart is drawn and painted first, then the page hydrated (lib/gantt/predraw.ts). */
async function predrawGantt(): Promise<void> {
  const { route } = router;
  if (route.name !== 'gantt') return;
  const page = await pageChunks.gantt();
  page.predraw(route.params.ward ?? '', Number(route.params.fy));
  await afterNextPaint();
}

/** Resolves once the browser has painted what is on the page now (a frame's callback runs before the paint, a task queued from it after). */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
}

/**
 * Clicks and submissions made on the server-rendered page before the app took it over, held by the
 * page's inline script (server/http/held-events.ts), are done now — on the same elements, which
 * hydration keeps (one that was rendered afresh is gone, and so is its click).
 */
function replayHeld(): void {
  const held = (window as { __councilHeld?: () => Element[] }).__councilHeld?.() ?? [];
  document.documentElement.dataset.ready = 'true';
  for (const el of held) {
    if (!el.isConnected) continue;
    if (el instanceof HTMLFormElement) el.requestSubmit();
    else if (el instanceof HTMLElement) el.click();
  }
}
