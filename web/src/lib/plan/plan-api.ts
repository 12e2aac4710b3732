/** The plan endpoints the plan, Gantt and history pages use (typed wrappers over the one API client). */
import type {
  Escalation,
  EscalationCreate,
  JournalEntry,
  Plan,
  PlanContent,
  PlanSummary,
  PlanUpdate,
  ProgressList,
  ProgressRecord,
  ProgressStatus,
} from '../../../../schemas/types';
import { api } from '../api';

const plansOf = (wardId: string, fiscalYear: number) => `/api/plans?fiscalYear=${fiscalYear}&ward=${encodeURIComponent(wardId)}`;
const planPath = (id: string) => `/api/plans/${id}`;
const progressPath = (planId: string) => `/api/plans/${planId}/progress`;
const escalationsPath = (planId: string) => `/api/escalations?planId=${encodeURIComponent(planId)}`;

const summaryFor = (list: PlanSummary[], wardId: string, fiscalYear: number) => list.find((p) => p.wardId === wardId && p.fiscalYear === fiscalYear);

/** What the plan page (`escalations`) and the Gantt page read about the plan found in the year's list. */
const firstPathsOf = (planId: string, escalations: boolean) => [planPath(planId), progressPath(planId), ...(escalations ? [escalationsPath(planId)] : [])];

/**
 * The answers the plan page (`escalations`) or the Gantt page is built from, asked with `get`: the year's
 * plan list, then the plan found in it, its progress (and escalations), by path. The server renders these
 * pages from exactly them (web/src/ssr.ts → server/http/page-render.ts); seededPlanFor reads them back.
 */
export async function firstPlanAnswers(wardId: string, fiscalYear: number, escalations: boolean, get: (path: string) => Promise<unknown>): Promise<Record<string, unknown>> {
  const listPath = plansOf(wardId, fiscalYear);
  const list = (await get(listPath)) as PlanSummary[];
  const answers: Record<string, unknown> = { [listPath]: list };
  const summary = summaryFor(list, wardId, fiscalYear);
  if (summary) {
    const paths = firstPathsOf(summary.id, escalations);
    const got = await Promise.all(paths.map(get));
    paths.forEach((path, i) => (answers[path] = got[i]));
  }
  return answers;
}

/** The ward's plan for the year, or null when there is none yet. */
export async function findPlanFor(wardId: string, fiscalYear: number): Promise<Plan | null> {
  const list = await api.get<PlanSummary[]>(plansOf(wardId, fiscalYear));
  const summary = summaryFor(list, wardId, fiscalYear);
  return summary ? api.get<Plan>(planPath(summary.id)) : null;
}

/** What the plan and Gantt pages read first: the plan (null: none yet), its progress and, for the plan page, its escalations. */
export interface FirstPlanData {
  plan: Plan | null;
  records: ProgressRecord[];
  escalations: Escalation[];
}

/**
 * The page's first data when the server rendered the page with it (api.seeded), synchronously, so that
 * the first render in the browser is the server's; undefined when any part is missing (the page then
 * loads as usual). `take` false leaves the answers for the page (the chart drawn before hydration).
 */
export function seededPlanFor(wardId: string, fiscalYear: number, escalations: boolean, take = true): FirstPlanData | undefined {
  const read = take ? api.seeded : api.peekSeeded;
  const list = read<PlanSummary[]>(plansOf(wardId, fiscalYear));
  if (!list) return undefined;
  const summary = summaryFor(list, wardId, fiscalYear);
  if (!summary) return { plan: null, records: [], escalations: [] };
  const plan = read<Plan>(planPath(summary.id));
  const progress = read<ProgressList>(progressPath(summary.id));
  const found = escalations ? read<Escalation[]>(escalationsPath(summary.id)) : [];
  if (!plan || !progress || !found) return undefined;
  return { plan, records: progress.records, escalations: found };
}

/**
 * Asks early (api.early) for what the plan page (`escalations`) or the Gantt page will read first — the
 * plan, its progress and its escalations — so that it is on its way while the page's chunk loads.
 * `requested`: every request has been sent; `answered`: every answer is in (or failed: the page sees
 * the failure when it takes the answer).
 */
export function preloadPlanFor(wardId: string, fiscalYear: number, escalations: boolean): { requested: Promise<void>; answered: Promise<void> } {
  const later = api.early<PlanSummary[]>(plansOf(wardId, fiscalYear)).then((list): Promise<unknown>[] => {
    const summary = summaryFor(list, wardId, fiscalYear);
    if (!summary) return [];
    return firstPathsOf(summary.id, escalations).map((path) => api.early(path));
  });
  const requested = later.then(
    () => undefined,
    () => undefined,
  );
  const answered = later.then(
    (answers) => Promise.allSettled(answers).then(() => undefined),
    () => undefined,
  );
  return { requested, answered };
}

export const createPlan = (content: PlanContent) => api.post<Plan>('/api/plans', content);
export const savePlan = (id: string, body: PlanUpdate) => api.put<Plan>(`/api/plans/${id}`, body);

export async function loadProgress(planId: string): Promise<ProgressRecord[]> {
  return (await api.get<ProgressList>(progressPath(planId))).records;
}

/** rowId → month → recorded status */
export type ProgressIndex = Map<string, Map<number, ProgressStatus>>;

export function indexProgress(records: readonly ProgressRecord[]): ProgressIndex {
  const index: ProgressIndex = new Map();
  for (const r of records) {
    let row = index.get(r.rowId);
    if (!row) index.set(r.rowId, (row = new Map()));
    row.set(r.month, r.status);
  }
  return index;
}

export const loadEscalations = (planId: string) => api.get<Escalation[]>(escalationsPath(planId));
export const escalate = (planId: string, body: EscalationCreate) => api.post<Escalation>(`/api/plans/${planId}/escalations`, body);
export const withdrawEscalation = (e: Escalation) => api.put<Escalation>(`/api/escalations/${e.id}`, { withdrawn: true, version: e.version });

export const loadHistory = (planId: string) => api.get<JournalEntry[]>(`/api/plans/${planId}/history`);
export const loadVersion = (planId: string, version: number) => api.get<Plan>(`/api/plans/${planId}/versions/${version}`);
export const restoreVersion = (planId: string, fromVersion: number, version: number) =>
  api.post<Plan>(`/api/plans/${planId}/restore`, { fromVersion, version });
