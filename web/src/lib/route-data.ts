/** What the first page of a visit reads first, asked for early (see api.early) — only for the pages where it pays. */
import type { Route } from './router.svelte';
import { preloadPlanFor } from './plan/plan-api';

export function preloadRouteData(route: Route): void {
  if (route.name === 'plan' || route.name === 'gantt') preloadPlanFor(route.params.ward ?? '', Number(route.params.fy), route.name === 'plan');
}
