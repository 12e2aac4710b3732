/**
 * The fiscal year and ward the user is looking at, derived from the URL (so every view is a link), with
 * the current fiscal year and the user's own ward as defaults.
 */
import { currentFiscalYear } from '../../../server/core/fiscal-year';
import { router } from './router.svelte';
import { session } from './session.svelte';
import { catalog } from './catalog.svelte';

export function selectedFiscalYear(): number {
  const fromRoute = Number(router.route.params.fy ?? router.query.get('fy'));
  return Number.isInteger(fromRoute) && fromRoute >= 2019 && fromRoute <= 2099 ? fromRoute : currentFiscalYear();
}

export function selectedWard(): string | undefined {
  return router.route.params.ward ?? session.user?.wardId ?? catalog.wards[0]?.id;
}

/** The URL of the same kind of page for another ward or year. */
export function samePageFor(wardId: string | undefined, fy: number): string {
  const r = router.route;
  if (r.name === 'city') return `/city/${fy}`;
  if (wardId && r.name === 'network') return `/network/${wardId}/${fy}`;
  if (wardId && (r.name === 'plan' || r.name === 'gantt' || r.name === 'month' || r.name === 'history')) {
    const suffix = r.name === 'plan' ? '' : `/${r.name}`;
    return `/plans/${wardId}/${fy}${suffix}`;
  }
  return `/?fy=${fy}`;
}
