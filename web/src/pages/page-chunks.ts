/**
 * The pages fetched on first visit (code splitting by route): the one place that names each page's
 * chunk, for PageRoutes (which shows it) and for the boot (which asks for the first page's chunk while
 * the session is still being checked, instead of after the shell has rendered). The login and home
 * pages carry none of them; frappe-gantt comes only with the Gantt page.
 *
 * A chunk once loaded is kept and handed out as it is, not as a promise: PageRoutes' {#await} then shows
 * the page at once. That is what lets a page rendered on the server (web/src/ssr.ts, which registers its
 * pages here) be hydrated: the boot loads the chunk before hydrating, so the first client render has
 * the page where the server's HTML has it rather than a "loading" line.
 */
import type { Component } from 'svelte';
import type { Route } from '../lib/router.svelte';

type PageModule = { default: Component<never> };
type Loader = () => Promise<PageModule>;

const loaders = {
  plan: () => import('./PlanPage.svelte'),
  gantt: () => import('./GanttPage.svelte'),
  history: () => import('./HistoryPage.svelte'),
  compare: () => import('./YearComparePage.svelte'),
  month: () => import('./MonthPage.svelte'),
  city: () => import('./CityPage.svelte'),
  planPrint: () => import('./PlanPrintPage.svelte'),
  planImport: () => import('./ImportPage.svelte'),
  pack: () => import('./PackPage.svelte'),
  users: () => import('./UsersPage.svelte'),
  network: () => import('./NetworkPage.svelte'),
  board: () => import('./BoardPage.svelte'),
} satisfies Partial<Record<Route['name'], Loader>>;

export type PageName = keyof typeof loaders;
type Loaded<K extends PageName> = Awaited<ReturnType<(typeof loaders)[K]>>;

const loaded: { [K in PageName]?: Loaded<K> } = {};

/** The page's module: itself when already loaded, else a promise of it (kept once it arrives). */
function chunk<K extends PageName>(name: K): Loaded<K> | Promise<Loaded<K>> {
  const done = loaded[name];
  if (done) return done as Loaded<K>;
  return (loaders[name]() as Promise<Loaded<K>>).then((m) => {
    (loaded as Record<K, Loaded<K>>)[name] = m;
    return m;
  });
}

export const pageChunks = Object.fromEntries(Object.keys(loaders).map((name) => [name, () => chunk(name as PageName)])) as {
  [K in PageName]: () => Loaded<K> | Promise<Loaded<K>>;
};

/** For the server-side renderer, which imports its pages statically: they count as loaded. */
export function registerPages(modules: { [K in PageName]?: Loaded<K> }): void {
  Object.assign(loaded, modules);
}

/** Starts fetching the chunk of `route`'s page, if it has one; resolves when it is in (a failure shows when the page asks again). */
export function preloadPage(route: Route): Promise<void> {
  if (!(route.name in loaders)) return Promise.resolve();
  return Promise.resolve(chunk(route.name as PageName)).then(
    () => undefined,
    () => undefined,
  );
}
