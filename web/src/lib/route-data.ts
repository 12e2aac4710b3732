/** What the first page of a visit reads first, asked for early (see api.early) — only for the pages where it pays. */
import type { Route } from './router.svelte';
import { preloadPlanFor } from './plan/plan-api';

const NOTHING = { requested: Promise.resolve(), answered: Promise.resolve() };

/** `requested`: the requests are out; `answered`: their answers are in (or failed). */
export function preloadRouteData(route: Route): { requested: Promise<void>; answered: Promise<void> } {
  if (route.name === 'plan' || route.name === 'gantt') return preloadPlanFor(route.params.ward ?? '', Number(route.params.fy), route.name === 'plan');
  return NOTHING;
}
