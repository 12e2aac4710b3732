/**
 * The pages fetched on first visit (code splitting by route): the one place that names each page's
 * chunk, for PageRoutes (which shows it) and for the boot (which asks for the first page's chunk while
 * the session is still being checked, instead of after the shell has rendered). The login and home
 * pages carry none of them; frappe-gantt comes only with the Gantt page.
 */
import type { Component } from 'svelte';
import type { Route } from '../lib/router.svelte';

type Loader = () => Promise<{ default: Component<never> }>;

export const pageChunks = {
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

/** Starts fetching the chunk of `route`'s page, if it has one (a failure shows when the page asks again). */
export function preloadPage(route: Route): void {
  const load = (pageChunks as Partial<Record<Route['name'], Loader>>)[route.name];
  load?.().catch(() => undefined);
}
