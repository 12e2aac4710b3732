/**
 * The matrix method (a ward practice described in the seeds, sendai-council-r2-report): each action or schedule row is rated on effect,
 * effort and whether the people concerned want it, so that the most effective, least costly, most wanted
 * come first and the reasons survive staff changes. Pure; the web app draws the chart from these points.
 */
import type { MatrixRating, PlanContent } from '../../schemas/types.js';

export interface MatrixItem {
  /** "row:<id>" or "action:<issueId>:<index>" */
  key: string;
  kind: 'row' | 'action';
  /** ①… position of the row, or of the issue and the action */
  label: string;
  text: string;
  rating: MatrixRating | undefined;
  lastRating: MatrixRating | undefined;
}

/** Every rateable item of a plan, rows first (the schedule is what the year is made of). */
export function matrixItems(plan: PlanContent): MatrixItem[] {
  const rows: MatrixItem[] = plan.schedule.map((row, i) => ({
    key: `row:${row.id}`,
    kind: 'row',
    label: circled(i),
    text: row.title,
    rating: row.rating,
    lastRating: row.carried?.lastRating,
  }));
  const actions: MatrixItem[] = plan.issues.flatMap((issue, i) =>
    issue.actions.map((a, j) => ({
      key: `action:${issue.id}:${j}`,
      kind: 'action' as const,
      label: `${circled(i)}-${j + 1}`,
      text: a.text,
      rating: a.rating,
      lastRating: a.lastRating,
    })),
  );
  return [...rows, ...actions];
}

/**
 * Priority: effect up, effort down, wanted up, weighted equally (3 + 3 − 1 + 3 = 8 at best, 1 + 1 − 3 + 1 = 0
 * at worst). Ties keep the plan's order.
 */
export function priorityScore(r: MatrixRating): number {
  return r.effect - r.effort + r.wanted;
}

/** The rated items, best first. */
export function byPriority(items: MatrixItem[]): (MatrixItem & { rating: MatrixRating })[] {
  return items
    .filter((x): x is MatrixItem & { rating: MatrixRating } => x.rating !== undefined)
    .map((x, i) => ({ x, i }))
    .sort((a, b) => priorityScore(b.x.rating) - priorityScore(a.x.rating) || a.i - b.i)
    .map(({ x }) => x);
}

/** Sets (or clears, with undefined) the rating of one item; returns whether the key was found. */
export function setRating(plan: PlanContent, key: string, rating: MatrixRating | undefined): boolean {
  const [kind, a, b] = key.split(':');
  if (kind === 'row') {
    const row = plan.schedule.find((r) => r.id === a);
    if (!row) return false;
    if (rating) row.rating = rating;
    else delete row.rating;
    return true;
  }
  const action = plan.issues.find((i) => i.id === a)?.actions[Number(b)];
  if (kind !== 'action' || !action) return false;
  if (rating) action.rating = rating;
  else delete action.rating;
  return true;
}

function circled(index: number): string {
  return index < 20 ? String.fromCodePoint(0x2460 + index) : `(${index + 1})`;
}
