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
import { FISCAL_MONTHS, fiscalIndex, fiscalYearOfDate, monthsElapsed, parseYearMonth } from './fiscal-year.js';
import { recordTiming } from './progress-rules.js';

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
type MonthTally = Tally & Pick<RollupMonthFigures, 'month' | 'planned' | 'unplanned'>;

/** What a planned cell up to the as-of month counts as. */
type Outcome = 'done' | 'partial' | 'zero' | 'cancelled';

type InProgress = NonNullable<RollupWard['inProgress']>;

export function computeRollup(input: RollupInput): Rollup {
  const asOf = parseYearMonth(input.asOf);
  if (!asOf) throw new RangeError(`asOf must be YYYY-MM: ${input.asOf}`);
  const thresholds: Thresholds = { ...(input.thresholds ?? input.catalog.city.health) };
  const today = input.today ? parseYearMonth(input.today.slice(0, 7)) : null;
  if (input.today && (!today || !/^\d{4}-\d{2}(-\d{2})?$/.test(input.today))) throw new RangeError(`today must be YYYY-MM-DD or YYYY-MM: ${input.today}`);
  const context: Context = {
    fiscalYear: input.fiscalYear,
    elapsed: monthsElapsed(input.fiscalYear, asOf),
    ...monthsFinished(input.fiscalYear, today),
    thresholds,
    plansByWard: selectPlans(input),
    recordsByPlan: indexRecords(input.progress),
  };
  const escalatedByWard = countEscalated(input.escalations, input.fiscalYear);

  const wards = input.catalog.wards.map((ward) => {
    const plan = context.plansByWard.get(ward.id);
    const escalated = escalatedByWard.get(ward.id) ?? 0;
    return plan ? wardRollup(plan, ward.meetingTypes, escalated, context) : emptyWard(ward.id, escalated, context);
  });
  assignRanks(wards);

  return {
    fiscalYear: input.fiscalYear,
    asOf: input.asOf,
    today: today ? input.today!.slice(0, 7) : null,
    thresholds,
    city: cityRollup(wards, thresholds, context),
    wards,
    sharedThemes: sharedThemes(input.catalog, context.plansByWard),
    sharedMeetingTypes: sharedMeetingTypes(input.catalog, context.plansByWard),
  };
}

interface Context {
  fiscalYear: number;
  /** Fiscal months begun by the as-of month: a month is "up to the as-of month" when its fiscal index is below this. */
  elapsed: number;
  /** Fiscal months finished by today: a month whose fiscal index is below this can be overdue. */
  finished: number;
  /** Fiscal index of the month in progress, or -1 when today is outside the fiscal year. */
  current: number;
  thresholds: Thresholds;
  plansByWard: Map<string, Plan>;
  /** planId → rowId → the records of that row by fiscal index (built once per call, not per cell). */
  recordsByPlan: Map<string, Map<string, RowRecords>>;
}

/** A row's records, indexed by fiscal index (April = 0). */
type RowRecords = (ProgressRecord | undefined)[];

/** Which months today has finished, and which is in progress. Without a today, every month is finished. */
function monthsFinished(fiscalYear: number, today: { year: number; month: number } | null): Pick<Context, 'finished' | 'current'> {
  if (!today) return { finished: 12, current: -1 };
  const begun = monthsElapsed(fiscalYear, today);
  const inYear = fiscalYearOfDate(today.year, today.month) === fiscalYear;
  return inYear ? { finished: begun - 1, current: begun - 1 } : { finished: begun, current: -1 };
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

/**
 * Records by plan and cell. The store's key is (plan, row, month), so a cell has one record; should a
 * caller pass duplicates, the newest (highest version, then latest update) wins, with a content
 * tie-break so that the choice never depends on array order.
 */
function indexRecords(records: ProgressRecord[]): Map<string, Map<string, RowRecords>> {
  const byPlan = new Map<string, Map<string, RowRecords>>();
  for (const record of records) {
    let rows = byPlan.get(record.planId);
    if (!rows) byPlan.set(record.planId, (rows = new Map()));
    let cells = rows.get(record.rowId);
    if (!cells) rows.set(record.rowId, (cells = new Array<ProgressRecord | undefined>(12).fill(undefined)));
    const i = fiscalIndex(record.month);
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

// ---------------------------------------------------------------------------------------------------
// Figures.

const emptyTally = (): Tally => ({ due: 0, done: 0, partial: 0, cancelled: 0, late: 0 });

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

function addOutcome(tally: Tally, outcome: Outcome, late: boolean): void {
  if (outcome === 'cancelled') {
    tally.cancelled += 1;
    return;
  }
  tally.due += 1;
  if (outcome === 'done') tally.done += 1;
  if (outcome === 'partial') tally.partial += 1;
  if (late) tally.late += 1;
}

function addTally(into: Tally, from: Tally): void {
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

function emptyWard(wardId: string, escalated: number, ctx: Context): RollupWard {
  return {
    wardId,
    planId: null,
    rank: 0,
    ...figuresOf(emptyTally()),
    health: 'none',
    overdue: [],
    unplanned: [],
    thisMonth: [],
    inProgress: ctx.current < 0 ? null : { month: FISCAL_MONTHS[ctx.current]!, planned: 0, done: 0, cancelled: 0, open: [] },
    escalated,
    issues: [],
    goals: [],
    months: emptyMonths().map(monthFiguresOf),
    metrics: [],
  };
}

const NO_RECORDS: RowRecords = new Array<ProgressRecord | undefined>(12).fill(undefined);

function wardRollup(plan: Plan, meetingTypes: MeetingType[], escalated: number, ctx: Context): RollupWard {
  const rows = ctx.recordsByPlan.get(plan.id);
  const recordsOf = (row: ScheduleRow): RowRecords => rows?.get(row.id) ?? NO_RECORDS;

  const total = emptyTally();
  const months = emptyMonths();
  const issueTallies = new Map(plan.issues.map((i) => [i.id, emptyTally()]));
  const goalTallies = new Map(plan.goals.map((g) => [g.id, emptyTally()]));
  const goalsOfRow = goalLookup(plan.issues);
  const overdue: RollupCell[] = [];
  const unplanned: RollupCell[] = [];
  const thisMonth: RollupCell[] = [];
  const inProgress: InProgress | null = ctx.current < 0 ? null : { month: FISCAL_MONTHS[ctx.current]!, planned: 0, done: 0, cancelled: 0, open: [] };
  const tallies: Tally[] = [];

  for (const row of plan.schedule) {
    const planned = plannedIndexes(row);
    const records = recordsOf(row);
    // The tallies a cell of this row counts in, gathered once per row (not per cell).
    tallies.length = 0;
    tallies.push(total);
    const issueTally = row.issueId ? issueTallies.get(row.issueId) : undefined;
    if (issueTally) tallies.push(issueTally);
    for (const g of goalsOfRow(row)) {
      const t = goalTallies.get(g);
      if (t) tallies.push(t);
    }
    // Fiscal order, so that the overdue and unplanned lists read left to right like the grid.
    for (let i = 0; i < 12; i++) {
      const record = records[i];
      const monthTally = months[i]!;
      const isPlanned = planned[i]!;
      if (isPlanned) {
        monthTally.planned += 1;
        if (i === ctx.current) countInProgress(inProgress!, row, i, record);
      }
      if (i >= ctx.elapsed) continue;
      if (isPlanned) {
        const outcome = outcomeOf(record);
        if (outcome === 'zero' && i >= ctx.finished) {
          // Not done in a month that is not over yet (or has not begun): not late, not due.
          if (i === ctx.current) thisMonth.push(cellOf(row, i, record?.status ?? null));
          continue;
        }
        const late = outcome !== 'zero' && outcome !== 'cancelled' && isLate(ctx.fiscalYear, i, record!);
        addOutcome(monthTally, outcome, late);
        for (const tally of tallies) addOutcome(tally, outcome, late);
        if (outcome === 'zero') overdue.push(cellOf(row, i, record?.status ?? null));
      } else if (record && isWorkDone(record)) {
        monthTally.unplanned += 1;
        unplanned.push(cellOf(row, i, record.status));
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
    thisMonth,
    inProgress,
    escalated,
    issues: [...issueTallies].map(([id, t]) => groupFiguresOf(id, t)),
    goals: [...goalTallies].map(([id, t]) => groupFiguresOf(id, t)),
    months: months.map(monthFiguresOf),
    metrics: wardMetrics(plan, meetingTypes, recordsOf, ctx.elapsed),
  };
}

/** The month in progress, whatever the as-of month: what is planned in it and how much of it is done. */
function countInProgress(into: InProgress, row: ScheduleRow, i: number, record: ProgressRecord | undefined): void {
  into.planned += 1;
  if (record && isWorkDone(record)) into.done += 1;
  else if (record?.status === 'cancelled') into.cancelled += 1;
  else into.open.push(cellOf(row, i, record?.status ?? null));
}

/** Planned months of a row as twelve flags by fiscal index. */
function plannedIndexes(row: ScheduleRow): boolean[] {
  const flags = new Array<boolean>(12).fill(row.timing === 'everyMonth');
  if (row.timing === 'months') for (const m of row.months) flags[fiscalIndex(m)] = true;
  return flags;
}

/** Done (or partly done) after the month it was planned for: its date falls in a later month. */
function isLate(fiscalYear: number, i: number, record: ProgressRecord): boolean {
  return record.heldOn !== null && recordTiming(fiscalYear, FISCAL_MONTHS[i]!, record.heldOn) === 'late';
}

const isWorkDone = (record: ProgressRecord): boolean => record.status === 'done' || record.status === 'partial';

function cellOf(row: ScheduleRow, i: number, status: string | null): RollupCell {
  return { rowId: row.id, month: FISCAL_MONTHS[i]!, rowTitle: row.title, status };
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

function cityRollup(wards: RollupWard[], thresholds: Thresholds, ctx: Context): RollupCity {
  const total = emptyTally();
  const months = emptyMonths();
  const inProgress = ctx.current < 0 ? null : { month: FISCAL_MONTHS[ctx.current]!, planned: 0, done: 0, cancelled: 0, open: 0 };
  for (const w of wards) {
    addTally(total, w);
    w.months.forEach((m, i) => {
      const into = months[i]!;
      addTally(into, m);
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

function wardMetrics(plan: Plan, meetingTypes: MeetingType[], recordsOf: (row: ScheduleRow) => RowRecords, elapsed: number): RollupMetric[] {
  return metricSources(meetingTypes).map((source) => {
    const perMeeting: PerMeeting[] = [];
    const rows = plan.schedule.flatMap((row) => {
      const declaration = row.meetingTypeId ? source.declaredBy.get(row.meetingTypeId) : undefined;
      return declaration ? [{ row, declaration, records: recordsOf(row) }] : [];
    });
    // Month first, then row: the meetings in the order they were held.
    for (let i = 0; i < elapsed; i++) {
      for (const { row, declaration, records } of rows) {
        const record = records[i];
        if (!record || !isWorkDone(record)) continue;
        perMeeting.push({ rowId: row.id, month: FISCAL_MONTHS[i]!, meetingTypeId: row.meetingTypeId!, ...meetingValue(declaration, record.extra) });
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
