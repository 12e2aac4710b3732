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
  PlanIssue,
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
import { type Catalog, bodyOf } from './catalog.js';
import { FISCAL_MONTHS, fiscalIndex, monthsElapsed, parseYearMonth } from './fiscal-year.js';
import { plannedMonths } from './plan-rules.js';

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
}

type Thresholds = Rollup['thresholds'];
type PerMeeting = RollupMetric['perMeeting'][number];

/** The counters every figure set is built from; score and percent are derived from them at the end. */
type Tally = Pick<RollupFigures, 'due' | 'done' | 'partial' | 'cancelled'>;
type MonthTally = Tally & Pick<RollupMonthFigures, 'month' | 'planned' | 'unplanned'>;

/** What a planned cell up to the as-of month counts as. */
type Outcome = 'done' | 'partial' | 'zero' | 'cancelled';

export function computeRollup(input: RollupInput): Rollup {
  const asOf = parseYearMonth(input.asOf);
  if (!asOf) throw new RangeError(`asOf must be YYYY-MM: ${input.asOf}`);
  const thresholds: Thresholds = { ...(input.thresholds ?? input.catalog.city.health) };
  const context: Context = {
    elapsed: monthsElapsed(input.fiscalYear, asOf),
    thresholds,
    plansByWard: selectPlans(input),
    recordsByPlan: indexRecords(input.progress),
  };

  const wards = input.catalog.wards.map((ward) => {
    const plan = context.plansByWard.get(ward.id);
    const escalated = countEscalated(input.escalations, ward.id, input.fiscalYear);
    return plan ? wardRollup(plan, ward.meetingTypes, escalated, context) : emptyWard(ward.id, escalated);
  });
  assignRanks(wards);

  return {
    fiscalYear: input.fiscalYear,
    asOf: input.asOf,
    thresholds,
    city: cityRollup(wards, thresholds),
    wards,
    sharedThemes: sharedThemes(input.catalog, context.plansByWard),
    sharedMeetingTypes: sharedMeetingTypes(input.catalog, context.plansByWard),
  };
}

interface Context {
  /** Fiscal months begun by the as-of month: a month is "up to the as-of month" when its fiscal index is below this. */
  elapsed: number;
  thresholds: Thresholds;
  plansByWard: Map<string, Plan>;
  /** planId → `${rowId}|${month}` → the record of that cell. */
  recordsByPlan: Map<string, Map<string, ProgressRecord>>;
}

// ---------------------------------------------------------------------------------------------------
// Input selection: make the result independent of the order of the input arrays.

/**
 * One plan per catalog ward for the fiscal year. The store keeps at most one, but if the caller passes
 * two we still must not depend on their order: the smallest id wins.
 */
function selectPlans(input: RollupInput): Map<string, Plan> {
  const wardIds = new Set(input.catalog.wards.map((w) => w.id));
  const byWard = new Map<string, Plan>();
  for (const plan of input.plans) {
    if (plan.fiscalYear !== input.fiscalYear || !wardIds.has(plan.wardId)) continue;
    const current = byWard.get(plan.wardId);
    if (!current || plan.id < current.id) byWard.set(plan.wardId, plan);
  }
  return byWard;
}

const cellKey = (rowId: string, month: number): string => `${rowId}|${month}`;

/**
 * Records by plan and cell. The store's key is (plan, row, month), so a cell has one record; should a
 * caller pass duplicates, the newest (highest version, then latest update) wins, with a content
 * tie-break so that the choice never depends on array order.
 */
function indexRecords(records: ProgressRecord[]): Map<string, Map<string, ProgressRecord>> {
  const byPlan = new Map<string, Map<string, ProgressRecord>>();
  for (const record of records) {
    let cells = byPlan.get(record.planId);
    if (!cells) byPlan.set(record.planId, (cells = new Map()));
    const key = cellKey(record.rowId, record.month);
    const current = cells.get(key);
    if (!current || newerRecord(record, current)) cells.set(key, record);
  }
  return byPlan;
}

function newerRecord(a: ProgressRecord, b: ProgressRecord): boolean {
  if (a.version !== b.version) return a.version > b.version;
  if (a.updatedAt !== b.updatedAt) return a.updatedAt > b.updatedAt;
  return JSON.stringify(a) > JSON.stringify(b);
}

/** Escalations that still stand (open or answered; a withdrawn one no longer asks the city for anything). */
function countEscalated(escalations: Escalation[], wardId: string, fiscalYear: number): number {
  return escalations.filter((e) => e.wardId === wardId && e.fiscalYear === fiscalYear && e.status !== 'withdrawn').length;
}

// ---------------------------------------------------------------------------------------------------
// Figures.

const emptyTally = (): Tally => ({ due: 0, done: 0, partial: 0, cancelled: 0 });

const emptyMonths = (): MonthTally[] => FISCAL_MONTHS.map((month) => ({ month, planned: 0, unplanned: 0, ...emptyTally() }));

function outcomeOf(record: ProgressRecord | undefined): Outcome {
  switch (record?.status) {
    case 'done':
      return 'done';
    case 'partial':
      return 'partial';
    case 'cancelled':
      return 'cancelled';
    default:
      // postponed, notDone, or nothing recorded: due and not achieved.
      return 'zero';
  }
}

function addOutcome(tally: Tally, outcome: Outcome): void {
  if (outcome === 'cancelled') {
    tally.cancelled += 1;
    return;
  }
  tally.due += 1;
  if (outcome === 'done') tally.done += 1;
  if (outcome === 'partial') tally.partial += 1;
}

function addTally(into: Tally, from: Tally): void {
  into.due += from.due;
  into.done += from.done;
  into.partial += from.partial;
  into.cancelled += from.cancelled;
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
  return { due: t.due, done: t.done, partial: t.partial, cancelled: t.cancelled, score, percent: percentOf(score, t.due) };
}

function monthFiguresOf(m: MonthTally): RollupMonthFigures {
  return { month: m.month, planned: m.planned, ...figuresOf(m), unplanned: m.unplanned };
}

/** Health compares the rounded percent shown to the reader, so the label never contradicts the number. */
function healthOf(percent: number | null, thresholds: Thresholds): Health {
  if (percent === null) return 'none';
  if (percent >= thresholds.onTrack) return 'onTrack';
  if (percent >= thresholds.watch) return 'watch';
  return 'behind';
}

// ---------------------------------------------------------------------------------------------------
// One ward.

function emptyWard(wardId: string, escalated: number): RollupWard {
  return {
    wardId,
    planId: null,
    rank: 0,
    ...figuresOf(emptyTally()),
    health: 'none',
    overdue: [],
    unplanned: [],
    escalated,
    issues: [],
    goals: [],
    months: emptyMonths().map(monthFiguresOf),
    metrics: [],
  };
}

function wardRollup(plan: Plan, meetingTypes: MeetingType[], escalated: number, ctx: Context): RollupWard {
  const cells = ctx.recordsByPlan.get(plan.id) ?? new Map<string, ProgressRecord>();
  const recordOf = (row: ScheduleRow, month: number) => cells.get(cellKey(row.id, month));
  const upToAsOf = (month: number) => fiscalIndex(month) < ctx.elapsed;

  const total = emptyTally();
  const months = emptyMonths();
  const issueTallies = new Map(plan.issues.map((i) => [i.id, emptyTally()]));
  const goalTallies = new Map(plan.goals.map((g) => [g.id, emptyTally()]));
  const goalsOfRow = goalLookup(plan.issues);
  const overdue: RollupCell[] = [];
  const unplanned: RollupCell[] = [];

  for (const row of plan.schedule) {
    const planned = new Set(plannedMonths(row));
    const issueTally = row.issueId ? issueTallies.get(row.issueId) : undefined;
    const goalTalliesOfRow = goalsOfRow(row).flatMap((g) => goalTallies.get(g) ?? []);
    // Fiscal order, so that the overdue and unplanned lists read left to right like the grid.
    for (const month of FISCAL_MONTHS) {
      const record = recordOf(row, month);
      const monthTally = months[fiscalIndex(month)]!;
      if (planned.has(month)) monthTally.planned += 1;
      if (!upToAsOf(month)) continue;
      if (planned.has(month)) {
        const outcome = outcomeOf(record);
        for (const tally of [total, monthTally, issueTally, ...goalTalliesOfRow]) if (tally) addOutcome(tally, outcome);
        if (outcome === 'zero') overdue.push(cellOf(row, month, record?.status ?? null));
      } else if (record && isWorkDone(record)) {
        monthTally.unplanned += 1;
        unplanned.push(cellOf(row, month, record.status));
      }
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
    escalated,
    issues: [...issueTallies].map(([id, t]) => groupFiguresOf(id, t)),
    goals: [...goalTallies].map(([id, t]) => groupFiguresOf(id, t)),
    months: months.map(monthFiguresOf),
    metrics: wardMetrics(plan, meetingTypes, recordOf, upToAsOf),
  };
}

const isWorkDone = (record: ProgressRecord): boolean => record.status === 'done' || record.status === 'partial';

function cellOf(row: ScheduleRow, month: number, status: string | null): RollupCell {
  return { rowId: row.id, month, rowTitle: row.title, status };
}

function groupFiguresOf(id: string, t: Tally): RollupGroupFigures {
  return { id, ...figuresOf(t) };
}

/** The goals a row serves through its issue, each once (an issue may list a goal only once, but be safe). */
function goalLookup(issues: PlanIssue[]): (row: ScheduleRow) => string[] {
  const goalsByIssue = new Map(issues.map((i) => [i.id, [...new Set(i.goalIds ?? [])]]));
  return (row) => (row.issueId ? (goalsByIssue.get(row.issueId) ?? []) : []);
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

function cityRollup(wards: RollupWard[], thresholds: Thresholds): RollupCity {
  const total = emptyTally();
  const months = emptyMonths();
  for (const w of wards) {
    addTally(total, w);
    w.months.forEach((m, i) => {
      const into = months[i]!;
      addTally(into, m);
      into.planned += m.planned;
      into.unplanned += m.unplanned;
    });
  }
  // From summed counts, not an average of percents: a ward with more due cells weighs more.
  const figures = figuresOf(total);
  return {
    ...figures,
    health: healthOf(figures.percent, thresholds),
    overdue: sum(wards.map((w) => w.overdue.length)),
    unplanned: sum(wards.map((w) => w.unplanned.length)),
    escalated: sum(wards.map((w) => w.escalated)),
    months: months.map(monthFiguresOf),
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

function wardMetrics(
  plan: Plan,
  meetingTypes: MeetingType[],
  recordOf: (row: ScheduleRow, month: number) => ProgressRecord | undefined,
  upToAsOf: (month: number) => boolean,
): RollupMetric[] {
  return metricSources(meetingTypes).map((source) => {
    const perMeeting: PerMeeting[] = [];
    // Month first, then row: the meetings in the order they were held.
    for (const month of FISCAL_MONTHS.filter(upToAsOf)) {
      for (const row of plan.schedule) {
        const declaration = row.meetingTypeId ? source.declaredBy.get(row.meetingTypeId) : undefined;
        const record = recordOf(row, month);
        if (!declaration || !record || !isWorkDone(record)) continue;
        perMeeting.push({ rowId: row.id, month, meetingTypeId: row.meetingTypeId!, ...meetingValue(declaration, record.extra) });
      }
    }
    return { ...metricHeader(source.definition), ...yearValue(source.definition.kind, perMeeting), perMeeting };
  });
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
