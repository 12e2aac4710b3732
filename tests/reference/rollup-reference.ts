/**
 * FROZEN REFERENCE — test-only. The roll-up engine exactly as it was before the issue-13 speed work
 * (server/core/rollup.ts at commit 2842e39), kept so that tests/unit/rollup-equivalence.test.ts can
 * prove the faster engine gives byte-for-byte the same output. Do not edit or "fix" this file: if a rule
 * of the roll-up changes on purpose, change the engine and its own tests, and retire this reference.
 */
/**
 * The citywide roll-up (地域部会の進捗一覧): every ward's progress against its plan as of a month, the
 * city totals, a wards × months heat map, themes and meeting bodies several wards share, and the
 * plugin-defined metrics. Pure and deterministic: no I/O, no clock; the same input gives the same output
 * whatever the order of the input arrays. The rules are written out in docs/rollup.md.
 */
import type {
  Escalation,
  Health,
  MeetingType,
  MetricDefinition,
  Plan,
  ProgressRecord,
  Rollup,
  RollupCell,
  RollupCity,
  RollupFigures,
  RollupGroupFigures,
  RollupMetric,
  RollupMonthFigures,
  RollupShared,
  RollupWard,
  ScheduleRow,
} from '../../schemas/types.js';
import { type Catalog, bodyOf } from '../../server/core/catalog.js';
import { FISCAL_MONTHS, fiscalIndex, fiscalYearOfDate, monthDates, monthsElapsed, parseYearMonth } from '../../server/core/fiscal-year.js';

export interface RollupInput {
  /** Gregorian start year: 2026 = April 2026 – March 2027. */
  fiscalYear: number;
  /** 'YYYY-MM'. */
  asOf: string;
  catalog: Catalog;
  /** Plans of that fiscal year (at most one per ward). */
  plans: Plan[];
  /** Progress records of that fiscal year. */
  progress: ProgressRecord[];
  /** Escalations of that fiscal year. */
  escalations: Escalation[];
  /** Health thresholds in percent; default catalog.city.health. */
  thresholds?: { onTrack: number; watch: number };
  /**
   * Today, 'YYYY-MM-DD' or 'YYYY-MM' (Japan time; the core has no clock). Its month is the month in
   * progress: its cells not yet done are "this month", not overdue, and later months are not due until
   * done. Omitted or null: every month counts as finished (the rules before the month in progress).
   */
  today?: string | null;
}

type Thresholds = Rollup['thresholds'];
type PerMeeting = RollupMetric['perMeeting'][number];

/** The counters every figure set is built from; score and percent are derived from them at the end. */
type Tally = Pick<RollupFigures, 'due' | 'done' | 'partial' | 'cancelled' | 'late'>;

type InProgress = NonNullable<RollupWard['inProgress']>;

export function computeRollup(input: RollupInput): Rollup {
  return computeRollups(input, [input.asOf])[0]!;
}

/**
 * The roll-up of one fiscal year as of several months (a trend over the year): the input is indexed
 * once, then each as-of month costs only its own counting. Same result, month by month, as
 * `computeRollup` with that `asOf`. The shared-theme and shared-body lists do not depend on the as-of
 * month and are computed once (the results share those two arrays).
 */
export function computeRollups(input: Omit<RollupInput, 'asOf'> & { asOf?: string }, asOfs: readonly string[]): Rollup[] {
  const parsed = asOfs.map((a) => {
    const ym = parseYearMonth(a);
    if (!ym) throw new RangeError(`asOf must be YYYY-MM: ${a}`);
    return ym;
  });
  const today = input.today ? parseYearMonth(input.today.slice(0, 7)) : null;
  if (input.today && (!today || !/^\d{4}-\d{2}(-\d{2})?$/.test(input.today))) throw new RangeError(`today must be YYYY-MM-DD or YYYY-MM: ${input.today}`);
  const prepared = prepare(input);
  const { finished, current } = monthsFinished(input.fiscalYear, today);
  const sharedThemeList = sharedThemes(input.catalog, prepared.plansByWard);
  const sharedTypeList = sharedMeetingTypes(input.catalog, prepared.plansByWard);

  return parsed.map((asOf, k) => {
    const thresholds: Thresholds = { ...(input.thresholds ?? input.catalog.city.health) };
    const ctx: Context = { fiscalYear: input.fiscalYear, elapsed: monthsElapsed(input.fiscalYear, asOf), finished, current, thresholds };
    const wards = prepared.wards.map((w) => (w.plan ? wardRollup(w.plan, w.escalated, ctx) : emptyWard(w.wardId, w.escalated, ctx)));
    assignRanks(wards);
    return {
      fiscalYear: input.fiscalYear,
      asOf: asOfs[k]!,
      today: today ? input.today!.slice(0, 7) : null,
      thresholds,
      city: cityRollup(wards, thresholds, ctx),
      wards,
      sharedThemes: sharedThemeList,
      sharedMeetingTypes: sharedTypeList,
    };
  });
}

/** What one as-of month's counting needs besides the prepared plans. */
interface Context {
  fiscalYear: number;
  /** Fiscal months begun by the as-of month: a month is "up to the as-of month" when its fiscal index is below this. */
  elapsed: number;
  /** Fiscal months finished by today: a month whose fiscal index is below this can be overdue. */
  finished: number;
  /** Fiscal index of the month in progress, or -1 when today is outside the fiscal year. */
  current: number;
  thresholds: Thresholds;
}

/** Which months today has finished, and which is in progress. Without a today, every month is finished. */
function monthsFinished(fiscalYear: number, today: { year: number; month: number } | null): Pick<Context, 'finished' | 'current'> {
  if (!today) return { finished: 12, current: -1 };
  const begun = monthsElapsed(fiscalYear, today);
  const inYear = fiscalYearOfDate(today.year, today.month) === fiscalYear;
  return inYear ? { finished: begun - 1, current: begun - 1 } : { finished: begun, current: -1 };
}

// ---------------------------------------------------------------------------------------------------
// Preparation: everything that does not depend on the as-of month, built once per call from the input
// (records indexed by cell, each cell's outcome and lateness decided once, metric values per meeting).

/** A row's records, indexed by fiscal index (April = 0). */
type RowRecords = (ProgressRecord | undefined)[];

/** Outcome codes of a cell, decided once: what a planned cell up to the as-of month counts as. */
const ZERO = 0; // postponed, notDone, or nothing recorded: due and not achieved (unless the month is not over)
const DONE = 1;
const PARTIAL = 2;
const CANCELLED = 3;

interface PreparedRow {
  row: ScheduleRow;
  planned: boolean[];
  records: RowRecords;
  /** per fiscal index: ZERO, DONE, PARTIAL or CANCELLED */
  outcome: number[];
  /** per fiscal index: done or partly done after the planned month */
  late: boolean[];
  /** index into the plan's issues, or -1 */
  issue: number;
  /** indexes into the plan's goals (each once) */
  goals: number[];
}

interface PreparedMetric {
  source: MetricSource;
  /** the meetings in the order they were held (fiscal month, then plan row), each with its value */
  meetings: { i: number; rowId: string; meetingTypeId: string; value: MeetingValue }[];
}

interface PreparedPlan {
  plan: Plan;
  rows: PreparedRow[];
  /** planned cells per fiscal index, whatever the as-of month */
  plannedPerMonth: number[];
  metrics: PreparedMetric[];
}

interface PreparedWard {
  wardId: string;
  escalated: number;
  plan: PreparedPlan | null;
}

function prepare(input: Omit<RollupInput, 'asOf'>): { wards: PreparedWard[]; plansByWard: Map<string, Plan> } {
  const plansByWard = selectPlans(input);
  const recordsByPlan = indexRecords(input.progress);
  const escalatedByWard = countEscalated(input.escalations, input.fiscalYear);
  const lastDays = FISCAL_MONTHS.map((m) => monthDates(input.fiscalYear, m).last);
  const wards = input.catalog.wards.map((ward): PreparedWard => {
    const plan = plansByWard.get(ward.id);
    return {
      wardId: ward.id,
      escalated: escalatedByWard.get(ward.id) ?? 0,
      plan: plan ? preparePlan(plan, ward.meetingTypes, recordsByPlan.get(plan.id), lastDays) : null,
    };
  });
  return { wards, plansByWard };
}

const NO_RECORDS: RowRecords = new Array<ProgressRecord | undefined>(12).fill(undefined);

function preparePlan(plan: Plan, meetingTypes: MeetingType[], records: Map<string, RowRecords> | undefined, lastDays: string[]): PreparedPlan {
  const issueIndex = new Map(plan.issues.map((issue, i) => [issue.id, i]));
  const goalIndex = new Map(plan.goals.map((goal, i) => [goal.id, i]));
  const goalsOfIssue = plan.issues.map((issue) => [...new Set(issue.goalIds ?? [])].flatMap((g) => (goalIndex.has(g) ? [goalIndex.get(g)!] : [])));
  const plannedPerMonth = new Array<number>(12).fill(0);
  const rows = plan.schedule.map((row): PreparedRow => {
    const planned = plannedIndexes(row);
    const rowRecords = records?.get(row.id) ?? NO_RECORDS;
    const outcome = new Array<number>(12);
    const late = new Array<boolean>(12);
    for (let i = 0; i < 12; i++) {
      if (planned[i]) plannedPerMonth[i]! += 1;
      const record = rowRecords[i];
      const code = outcomeOf(record);
      outcome[i] = code;
      // Late: done (or partly) on a date after the planned month's last day.
      late[i] = (code === DONE || code === PARTIAL) && record!.heldOn !== null && record!.heldOn > lastDays[i]!;
    }
    const issue = row.issueId !== null && row.issueId !== undefined ? (issueIndex.get(row.issueId) ?? -1) : -1;
    return { row, planned, records: rowRecords, outcome, late, issue, goals: issue >= 0 ? goalsOfIssue[issue]! : [] };
  });
  return { plan, rows, plannedPerMonth, metrics: prepareMetrics(rows, meetingTypes) };
}

/**
 * One plan per catalog ward for the fiscal year. The store keeps at most one, but if the caller passes
 * two we still must not depend on their order: the smallest id wins.
 */
function selectPlans(input: Pick<RollupInput, 'catalog' | 'plans' | 'fiscalYear'>): Map<string, Plan> {
  const wardIds = new Set(input.catalog.wards.map((w) => w.id));
  const byWard = new Map<string, Plan>();
  for (const plan of input.plans) {
    if (plan.fiscalYear !== input.fiscalYear || !wardIds.has(plan.wardId)) continue;
    const current = byWard.get(plan.wardId);
    if (!current || plan.id < current.id) byWard.set(plan.wardId, plan);
  }
  return byWard;
}

/**
 * Records by plan and cell. The store's key is (plan, row, month), so a cell has one record; should a
 * caller pass duplicates, the newest (highest version, then latest update) wins, with a content
 * tie-break so that the choice never depends on array order.
 */
function indexRecords(records: ProgressRecord[]): Map<string, Map<string, RowRecords>> {
  const byPlan = new Map<string, Map<string, RowRecords>>();
  let lastPlanId = '';
  let rows: Map<string, RowRecords> | undefined;
  for (const record of records) {
    // Records arrive grouped by plan (the store's order), so the plan lookup is mostly skipped.
    if (record.planId !== lastPlanId || !rows) {
      lastPlanId = record.planId;
      rows = byPlan.get(lastPlanId);
      if (!rows) byPlan.set(lastPlanId, (rows = new Map()));
    }
    let cells = rows.get(record.rowId);
    if (!cells) rows.set(record.rowId, (cells = [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined]));
    const i = (record.month + 8) % 12;
    const current = cells[i];
    if (!current || newerRecord(record, current)) cells[i] = record;
  }
  return byPlan;
}

function newerRecord(a: ProgressRecord, b: ProgressRecord): boolean {
  if (a.version !== b.version) return a.version > b.version;
  if (a.updatedAt !== b.updatedAt) return a.updatedAt > b.updatedAt;
  return JSON.stringify(a) > JSON.stringify(b);
}

/** Escalations that still stand, by ward (open or answered; a withdrawn one no longer asks the city for anything). */
function countEscalated(escalations: Escalation[], fiscalYear: number): Map<string, number> {
  const byWard = new Map<string, number>();
  for (const e of escalations) if (e.fiscalYear === fiscalYear && e.status !== 'withdrawn') byWard.set(e.wardId, (byWard.get(e.wardId) ?? 0) + 1);
  return byWard;
}

function outcomeOf(record: ProgressRecord | undefined): number {
  switch (record?.status) {
    case 'done':
      return DONE;
    case 'partial':
      return PARTIAL;
    case 'cancelled':
      return CANCELLED;
    default:
      return ZERO;
  }
}

/** Planned months of a row as twelve flags by fiscal index. */
function plannedIndexes(row: ScheduleRow): boolean[] {
  const flags = new Array<boolean>(12).fill(row.timing === 'everyMonth');
  if (row.timing === 'months') for (const m of row.months) flags[fiscalIndex(m)] = true;
  return flags;
}

// ---------------------------------------------------------------------------------------------------
// Figures.

/** The counters every figure set is built from; one shape for all (ward, issue, goal, month), so the hot loop stays monomorphic. */
interface Counter {
  due: number;
  done: number;
  partial: number;
  cancelled: number;
  late: number;
  planned: number;
  unplanned: number;
}

const newCounter = (): Counter => ({ due: 0, done: 0, partial: 0, cancelled: 0, late: 0, planned: 0, unplanned: 0 });

function count(c: Counter, outcome: number, late: boolean): void {
  if (outcome === CANCELLED) {
    c.cancelled += 1;
    return;
  }
  c.due += 1;
  if (outcome === DONE) c.done += 1;
  else if (outcome === PARTIAL) c.partial += 1;
  if (late) c.late += 1;
}

function addCounter(into: Counter, from: Tally): void {
  into.due += from.due;
  into.done += from.done;
  into.partial += from.partial;
  into.cancelled += from.cancelled;
  into.late += from.late;
}

/**
 * 100 × score / due to one decimal, or null when nothing is due. Computed as a rounded integer of
 * tenths first (score is a multiple of 0.5, so 2·score is an integer): 2/3 gives 66.7, not 66.66666….
 */
function percentOf(score: number, due: number): number | null {
  if (due === 0) return null;
  const tenths = Math.round((500 * Math.round(2 * score)) / due);
  return tenths / 10;
}

function figuresOf(t: Tally): RollupFigures {
  const score = t.done + 0.5 * t.partial;
  return { due: t.due, done: t.done, partial: t.partial, cancelled: t.cancelled, late: t.late, score, percent: percentOf(score, t.due) };
}

function monthFiguresOf(i: number, m: Counter): RollupMonthFigures {
  const score = m.done + 0.5 * m.partial;
  return {
    month: FISCAL_MONTHS[i]!,
    planned: m.planned,
    due: m.due,
    done: m.done,
    partial: m.partial,
    cancelled: m.cancelled,
    late: m.late,
    score,
    percent: percentOf(score, m.due),
    unplanned: m.unplanned,
  };
}

function groupFiguresOf(id: string, t: Tally): RollupGroupFigures {
  const score = t.done + 0.5 * t.partial;
  return { id, due: t.due, done: t.done, partial: t.partial, cancelled: t.cancelled, late: t.late, score, percent: percentOf(score, t.due) };
}

/** Health compares the rounded percent shown to the reader, so the label never contradicts the number. */
function healthOf(percent: number | null, thresholds: Thresholds): Health {
  if (percent === null) return 'none';
  if (percent >= thresholds.onTrack) return 'onTrack';
  if (percent >= thresholds.watch) return 'watch';
  return 'behind';
}

const twelveCounters = (): Counter[] => Array.from({ length: 12 }, newCounter);

// ---------------------------------------------------------------------------------------------------
// One ward.

function emptyWard(wardId: string, escalated: number, ctx: Context): RollupWard {
  return {
    wardId,
    planId: null,
    rank: 0,
    ...figuresOf(newCounter()),
    health: 'none',
    overdue: [],
    unplanned: [],
    thisMonth: [],
    inProgress: ctx.current < 0 ? null : { month: FISCAL_MONTHS[ctx.current]!, planned: 0, done: 0, cancelled: 0, open: [] },
    escalated,
    issues: [],
    goals: [],
    months: twelveCounters().map((m, i) => monthFiguresOf(i, m)),
    metrics: [],
  };
}

function wardRollup(prepared: PreparedPlan, escalated: number, ctx: Context): RollupWard {
  const { plan, rows } = prepared;
  const total = newCounter();
  const months = twelveCounters();
  for (let i = 0; i < 12; i++) months[i]!.planned = prepared.plannedPerMonth[i]!;
  const issues = plan.issues.map(newCounter);
  const goals = plan.goals.map(newCounter);
  const overdue: RollupCell[] = [];
  const unplanned: RollupCell[] = [];
  const thisMonth: RollupCell[] = [];
  const inProgress: InProgress | null = ctx.current < 0 ? null : { month: FISCAL_MONTHS[ctx.current]!, planned: 0, done: 0, cancelled: 0, open: [] };
  const { elapsed, finished, current } = ctx;

  for (const r of rows) {
    const { planned, outcome, late, records, row } = r;
    const issue = r.issue >= 0 ? issues[r.issue]! : null;
    // Fiscal order, so that the overdue and unplanned lists read left to right like the grid.
    for (let i = 0; i < elapsed; i++) {
      const o = outcome[i]!;
      if (planned[i]) {
        if (o === ZERO) {
          const status = records[i]?.status ?? null;
          // Not done in a month that is not over yet: not late, not due ("this month" when in progress).
          if (i >= finished) {
            if (i === current) thisMonth.push(cellOf(row, i, status));
            continue;
          }
          overdue.push(cellOf(row, i, status));
        }
        const l = late[i]!;
        count(total, o, l);
        count(months[i]!, o, l);
        if (issue) count(issue, o, l);
        for (const g of r.goals) count(goals[g]!, o, l);
      } else if (o === DONE || o === PARTIAL) {
        months[i]!.unplanned += 1;
        unplanned.push(cellOf(row, i, records[i]!.status));
      }
    }
    // The month in progress, whatever the as-of month.
    if (inProgress && planned[current]) {
      const o = outcome[current]!;
      inProgress.planned += 1;
      if (o === DONE || o === PARTIAL) inProgress.done += 1;
      else if (o === CANCELLED) inProgress.cancelled += 1;
      else inProgress.open.push(cellOf(row, current, records[current]?.status ?? null));
    }
  }

  const figures = figuresOf(total);
  return {
    wardId: plan.wardId,
    planId: plan.id,
    rank: 0,
    ...figures,
    health: healthOf(figures.percent, ctx.thresholds),
    overdue,
    unplanned,
    thisMonth,
    inProgress,
    escalated,
    issues: issues.map((t, k) => groupFiguresOf(plan.issues[k]!.id, t)),
    goals: goals.map((t, k) => groupFiguresOf(plan.goals[k]!.id, t)),
    months: months.map((m, i) => monthFiguresOf(i, m)),
    metrics: prepared.metrics.map((m) => wardMetric(m, elapsed)),
  };
}

function cellOf(row: ScheduleRow, i: number, status: string | null): RollupCell {
  return { rowId: row.id, month: FISCAL_MONTHS[i]!, rowTitle: row.title, status };
}

// ---------------------------------------------------------------------------------------------------
// Ranking and the city.

/**
 * Rank 1 = highest percent. A stable sort on catalog order, so equal percents keep catalog order and
 * take consecutive ranks; wards with nothing due (percent null) come after every ward with a percent.
 */
function assignRanks(wards: RollupWard[]): void {
  const key = (w: RollupWard) => (w.percent === null ? -Infinity : w.percent);
  [...wards].sort((a, b) => key(b) - key(a) || 0).forEach((w, i) => (w.rank = i + 1));
}

function cityRollup(wards: RollupWard[], thresholds: Thresholds, ctx: Context): RollupCity {
  const total = newCounter();
  const months = twelveCounters();
  const inProgress = ctx.current < 0 ? null : { month: FISCAL_MONTHS[ctx.current]!, planned: 0, done: 0, cancelled: 0, open: 0 };
  for (const w of wards) {
    addCounter(total, w);
    w.months.forEach((m, i) => {
      const into = months[i]!;
      addCounter(into, m);
      into.planned += m.planned;
      into.unplanned += m.unplanned;
    });
    if (inProgress && w.inProgress) {
      inProgress.planned += w.inProgress.planned;
      inProgress.done += w.inProgress.done;
      inProgress.cancelled += w.inProgress.cancelled;
      inProgress.open += w.inProgress.open.length;
    }
  }
  // From summed counts, not an average of percents: a ward with more due cells weighs more.
  const figures = figuresOf(total);
  return {
    ...figures,
    health: healthOf(figures.percent, thresholds),
    overdue: sum(wards.map((w) => w.overdue.length)),
    unplanned: sum(wards.map((w) => w.unplanned.length)),
    thisMonth: sum(wards.map((w) => w.thisMonth.length)),
    inProgress,
    escalated: sum(wards.map((w) => w.escalated)),
    months: months.map((m, i) => monthFiguresOf(i, m)),
  };
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

// ---------------------------------------------------------------------------------------------------
// What several wards share.

/** City themes found in more than one ward's plan (issues' themes, and themes of the meeting types the plan names). */
function sharedThemes(catalog: Catalog, plansByWard: Map<string, Plan>): RollupShared[] {
  const themesByWard = catalog.wards.map((ward) => {
    const plan = plansByWard.get(ward.id);
    return { wardId: ward.id, themes: plan ? planThemes(plan, ward.meetingTypes) : new Set<string>() };
  });
  return catalog.city.themes.flatMap((theme) => {
    const wardIds = themesByWard.filter((w) => w.themes.has(theme.id)).map((w) => w.wardId);
    return wardIds.length > 1 ? [{ id: theme.id, name: { ...theme.name }, wardIds }] : [];
  });
}

function planThemes(plan: Plan, meetingTypes: MeetingType[]): Set<string> {
  const themes = new Set<string>(plan.issues.flatMap((i) => i.themeIds ?? []));
  const named = [
    ...plan.schedule.map((r) => r.meetingTypeId),
    ...plan.issues.flatMap((i) => i.actions.map((a) => a.meetingTypeId)),
  ];
  for (const id of named) {
    for (const theme of meetingTypes.find((m) => m.id === id)?.themes ?? []) themes.add(theme);
  }
  return themes;
}

/**
 * City meeting bodies scheduled in more than one ward's plan. A ward's own type counts for the body it
 * is based on (Aoba's casual case review is a form of the liaison meeting), so wards compare like with like.
 */
function sharedMeetingTypes(catalog: Catalog, plansByWard: Map<string, Plan>): RollupShared[] {
  const bodies = cityBodies(catalog);
  const bodiesByWard = catalog.wards.map((ward) => {
    const plan = plansByWard.get(ward.id);
    const scheduled = new Set<string>();
    for (const row of plan?.schedule ?? []) {
      const type = ward.meetingTypes.find((m) => m.id === row.meetingTypeId);
      const body = type && bodyOf(type);
      if (body) scheduled.add(body);
    }
    return { wardId: ward.id, scheduled };
  });
  return bodies.flatMap((body) => {
    const wardIds = bodiesByWard.filter((w) => w.scheduled.has(body.id)).map((w) => w.wardId);
    return wardIds.length > 1 ? [{ id: body.id, name: { ...body.name }, wardIds }] : [];
  });
}

/** The city's common bodies in catalog order (every ward carries them; the first occurrence of each id names it). */
function cityBodies(catalog: Catalog): MeetingType[] {
  const bodies = new Map<string, MeetingType>();
  for (const ward of catalog.wards) {
    for (const type of ward.meetingTypes) if (type.origin === 'city' && !bodies.has(type.id)) bodies.set(type.id, type);
  }
  return [...bodies.values()];
}

// ---------------------------------------------------------------------------------------------------
// Plugin metrics.

interface MetricSource {
  /** The first declaration in catalog order: it gives the name, kind, format and baseline. */
  definition: MetricDefinition;
  /** Meeting type id → that type's own declaration (its own field names). */
  declaredBy: Map<string, MetricDefinition>;
}

/**
 * The metrics the ward's meeting types declare, merged by id: Izumi's participation rate is declared on
 * two meeting types and is one figure over both. A later declaration of another kind cannot be added to
 * the first and is left out.
 */
function metricSources(meetingTypes: MeetingType[]): MetricSource[] {
  const sources = new Map<string, MetricSource>();
  for (const type of meetingTypes) {
    for (const definition of type.metrics ?? []) {
      const source = sources.get(definition.id);
      if (!source) sources.set(definition.id, { definition, declaredBy: new Map([[type.id, definition]]) });
      else if (source.definition.kind === definition.kind && !source.declaredBy.has(type.id)) source.declaredBy.set(type.id, definition);
    }
  }
  return [...sources.values()];
}

/** The meetings of each metric the ward's meeting types declare, with their values, in the order they were held. */
function prepareMetrics(rows: PreparedRow[], meetingTypes: MeetingType[]): PreparedMetric[] {
  return metricSources(meetingTypes).map((source) => {
    const declared = rows.flatMap((r) => {
      const declaration = r.row.meetingTypeId ? source.declaredBy.get(r.row.meetingTypeId) : undefined;
      return declaration ? [{ r, declaration }] : [];
    });
    const meetings: PreparedMetric['meetings'] = [];
    // Month first, then row: the meetings in the order they were held.
    for (let i = 0; i < 12; i++) {
      for (const { r, declaration } of declared) {
        const o = r.outcome[i];
        if (o !== DONE && o !== PARTIAL) continue;
        meetings.push({ i, rowId: r.row.id, meetingTypeId: r.row.meetingTypeId!, value: meetingValue(declaration, r.records[i]!.extra) });
      }
    }
    return { source, meetings };
  });
}

/** A metric up to the as-of month: the meetings held in months before `elapsed`. */
function wardMetric(m: PreparedMetric, elapsed: number): RollupMetric {
  const perMeeting: PerMeeting[] = [];
  for (const meeting of m.meetings) {
    if (meeting.i >= elapsed) break;
    const entry: PerMeeting = { rowId: meeting.rowId, month: FISCAL_MONTHS[meeting.i]!, meetingTypeId: meeting.meetingTypeId, value: meeting.value.value };
    if (meeting.value.numerator !== undefined) entry.numerator = meeting.value.numerator;
    if (meeting.value.denominator !== undefined) entry.denominator = meeting.value.denominator;
    perMeeting.push(entry);
  }
  const definition = m.source.definition;
  const metric = metricHeader(definition) as RollupMetric;
  const year = yearValue(definition.kind, perMeeting);
  metric.value = year.value;
  if (year.numerator !== undefined) metric.numerator = year.numerator;
  if (year.denominator !== undefined) metric.denominator = year.denominator;
  metric.perMeeting = perMeeting;
  return metric;
}

type MetricHeader = Pick<RollupMetric, 'metricId' | 'name' | 'kind' | 'format' | 'baseline'>;

/** Names and baselines are copied, so that a caller changing the result cannot change the catalog. */
function metricHeader(d: MetricDefinition): MetricHeader {
  const header: MetricHeader = {
    metricId: d.id,
    name: { ...d.name },
    kind: d.kind,
    format: d.format ?? 'number',
  };
  if (d.baseline) header.baseline = { ...d.baseline };
  return header;
}

/** A field's value when it is a finite number; anything else counts as not filled in. */
function numberField(extra: Record<string, unknown>, field: string | undefined): number | undefined {
  const value = field === undefined ? undefined : extra[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

type MeetingValue = Omit<PerMeeting, 'rowId' | 'month' | 'meetingTypeId'>;

/** One meeting's value: count = 1 or 0; sum = the field (null when not filled in); ratio = numerator / denominator. */
function meetingValue(d: MetricDefinition, extra: Record<string, unknown>): MeetingValue {
  if (d.kind === 'count') return { value: d.field !== undefined && extra[d.field] === true ? 1 : 0 };
  if (d.kind === 'sum') return { value: numberField(extra, d.field) ?? null };
  const numerator = numberField(extra, d.numerator);
  const denominator = numberField(extra, d.denominator);
  const value = numerator !== undefined && denominator !== undefined && denominator !== 0 ? numerator / denominator : null;
  const entry: MeetingValue = { value };
  if (numerator !== undefined) entry.numerator = numerator;
  if (denominator !== undefined) entry.denominator = denominator;
  return entry;
}

/**
 * The figure over the year so far. A ratio is Σ numerators / Σ denominators over the meetings where both
 * were filled in (a weighted rate, not an average of per-meeting rates).
 */
function yearValue(kind: MetricDefinition['kind'], perMeeting: PerMeeting[]): Pick<RollupMetric, 'value' | 'numerator' | 'denominator'> {
  if (kind !== 'ratio') return { value: sum(perMeeting.map((m) => m.value ?? 0)) };
  const complete = perMeeting.filter((m) => m.numerator !== undefined && m.denominator !== undefined);
  const numerator = sum(complete.map((m) => m.numerator!));
  const denominator = sum(complete.map((m) => m.denominator!));
  return { value: denominator === 0 ? null : numerator / denominator, numerator, denominator };
}
