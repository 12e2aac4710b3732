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
import { type Catalog, bodyOf } from './catalog.js';
import { FISCAL_MONTHS, fiscalIndex, fiscalYearOfDate, monthDates, monthsElapsed, parseYearMonth } from './fiscal-year.js';

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

export function computeRollup(input: RollupInput): Rollup {
  return computeRollups(input, [input.asOf])[0]!;
}

/**
 * The roll-up of one fiscal year as of several months (a trend over the year): the input is indexed
 * once, then each as-of month costs only its own counting. Same result, month by month, as
 * `computeRollup` with that `asOf`. Besides the shared-theme and shared-body lists, which do not depend
 * on the as-of month, the results share their leaf objects that do not either (the cells of the
 * overdue, unplanned and this-month lists, the metrics' per-meeting entries): a caller that changes one
 * result in place changes those in the others too. Separate calls share nothing.
 */
export function computeRollups(input: Omit<RollupInput, 'asOf'> & { asOf?: string }, asOfs: readonly string[]): Rollup[] {
  const parsed = asOfs.map((a) => {
    const ym = parseYearMonth(a);
    if (!ym) throw new RangeError(`asOf must be YYYY-MM: ${a}`);
    return ym;
  });
  const today = input.today ? parseYearMonth(input.today.slice(0, 7)) : null;
  if (input.today && (!today || !/^\d{4}-\d{2}(-\d{2})?$/.test(input.today))) throw new RangeError(`today must be YYYY-MM-DD or YYYY-MM: ${input.today}`);
  const { finished, current } = monthsFinished(input.fiscalYear, today);
  const prepared = prepare(input, finished, current);
  const sharedThemeList = sharedThemes(input.catalog, prepared.plansByWard);
  const sharedTypeList = sharedMeetingTypes(input.catalog, prepared.plansByWard);

  return parsed.map((asOf, k) => {
    const thresholds: Thresholds = { ...(input.thresholds ?? input.catalog.city.health) };
    const ctx: Context = { elapsed: monthsElapsed(input.fiscalYear, asOf), current, thresholds };
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
  /** Fiscal months begun by the as-of month: a month is "up to the as-of month" when its fiscal index is below this. */
  elapsed: number;
  /** Fiscal index of the month in progress, or -1 when today is outside the fiscal year. */
  current: number;
  thresholds: Thresholds;
}

/**
 * Which months today has finished (a month whose fiscal index is below `finished` can be overdue), and
 * which is in progress (-1 when today is outside the fiscal year). Without a today, every month is finished.
 */
function monthsFinished(fiscalYear: number, today: { year: number; month: number } | null): { finished: number; current: number } {
  if (!today) return { finished: 12, current: -1 };
  const begun = monthsElapsed(fiscalYear, today);
  const inYear = fiscalYearOfDate(today.year, today.month) === fiscalYear;
  return inYear ? { finished: begun - 1, current: begun - 1 } : { finished: begun, current: -1 };
}

// ---------------------------------------------------------------------------------------------------
// Preparation: everything that does not depend on the as-of month, built once per call from the input.
// What a cell counts as depends on its record, its plan row and today, never on the as-of month; the
// as-of month only decides which fiscal months are counted (those before `elapsed`). So each cell is
// decided once here and added to its month's counters; the figures as of a month are then running
// totals over the first `elapsed` months, and the lists are the prepared ones cut at `elapsed`.

/** Outcome codes of a cell: what a planned cell up to the as-of month counts as. */
const ZERO = 0; // postponed, notDone, or nothing recorded: due and not achieved (unless the month is not over)
const DONE = 1;
const PARTIAL = 2;
const CANCELLED = 3;
const OUTCOME = 3;
/** Added to the outcome code: done or partly done after the planned month. */
const LATE = 4;

/**
 * A plan's cells: its rows' records and each cell's code (outcome + LATE), flat, at slot × 12 + fiscal
 * index, the slot being the row id's. The code is decided while the record is read for indexing, so that
 * counting never goes back to the record objects.
 */
interface PlanCells {
  slotOf: Map<string, number>;
  records: (ProgressRecord | undefined)[];
  codes: number[];
}

/** The five counters every figure set is built from, in this order, in the prepared arrays. */
const DUE = 0;
const DONE_N = 1;
const PARTIAL_N = 2;
const CANCELLED_N = 3;
const LATE_N = 4;
const FIELDS = 5;

/**
 * Cells of one list of the roll-up (overdue, unplanned, this month, open) in the order the list shows
 * them (rows in plan order, each row's months in fiscal order). The RollupCell objects are made when a
 * result first needs them and then reused by the other as-of months of the same call.
 */
class CellList {
  /** row × 12 + fiscal index of each cell (one push per cell while preparing) */
  readonly keys: number[] = [];
  /** the cells made so far, by position in `keys`; allocated when first needed */
  private cells: (RollupCell | undefined)[] | null = null;
  /** the latest month in the list, and whether every cell has been made */
  private last = -1;
  private complete = false;
  constructor(
    private readonly rows: ScheduleRow[],
    private readonly records: (ProgressRecord | undefined)[],
    /** each row's offset in `records` */
    private readonly base: number[],
  ) {}

  add(r: number, i: number): void {
    this.keys.push(r * 12 + i);
    if (i > this.last) this.last = i;
  }

  /** The cells of months before `elapsed`. */
  upTo(elapsed: number): RollupCell[] {
    const { keys } = this;
    if (keys.length === 0) return [];
    let cells = this.cells;
    // The whole list, once made (a later as-of month of the same call): a copy of it.
    if (cells !== null && this.complete && this.last < elapsed) return (cells as RollupCell[]).slice();
    if (cells === null) cells = this.cells = blanks<RollupCell>(keys.length);
    this.complete = this.last < elapsed;
    const out: RollupCell[] = [];
    for (let j = 0; j < keys.length; j++) {
      const key = keys[j]!;
      const i = key % 12;
      if (i >= elapsed) continue;
      let cell = cells[j];
      if (cell === undefined) {
        const r = (key - i) / 12;
        const row = this.rows[r]!;
        cell = cells[j] = { rowId: row.id, month: FISCAL_MONTHS[i]!, rowTitle: row.title, status: this.records[this.base[r]! + i]?.status ?? null };
      }
      out.push(cell);
    }
    return out;
  }
}

interface PreparedMetric {
  source: MetricSource;
  /** the plan rows whose meeting type declares the metric, and each one's declaration */
  rows: number[];
  declarations: MetricDefinition[];
  /** The meetings in the order they were held (fiscal month, then plan row): d × 12 + fiscal index, d indexing `rows`. */
  keys: number[];
  /** Their per-meeting entries, made when first needed (shared by the as-of months of a call). */
  entries: PerMeeting[];
  /**
   * Running sums over the entries made so far, in meeting order (index j = over the first j entries):
   * the values (count, sum), or the numerators and denominators of the meetings with both (ratio).
   * Summed one entry at a time from the first, exactly as a loop over the meetings would.
   */
  totals: number[];
  numerators: number[];
  denominators: number[];
}

interface PreparedPlan {
  plan: Plan;
  rows: ScheduleRow[];
  /** the plan's cells (see PlanCells), each row's at base[r] + fiscal index */
  records: (ProgressRecord | undefined)[];
  codes: number[];
  base: number[];
  /**
   * Running totals of the five counters: for group g (0 = the ward, 1… = the plan's issues, then its
   * goals) over the first k fiscal months (k = 0…12), at ((g × 13) + k) × FIELDS.
   */
  totals: number[];
  /** The ward's counters of each fiscal month alone, at i × FIELDS. */
  perMonth: number[];
  /** planned cells per fiscal index, whatever the as-of month */
  plannedPerMonth: number[];
  /** done or partly done cells outside the plan, per fiscal index */
  unplannedPerMonth: number[];
  overdue: CellList;
  unplanned: CellList;
  thisMonth: CellList;
  /** the month in progress: planned cells, done or partly, cancelled, and the open ones */
  inProgress: { planned: number; done: number; cancelled: number; open: CellList };
  metrics: PreparedMetric[];
}

interface PreparedWard {
  wardId: string;
  escalated: number;
  plan: PreparedPlan | null;
}

function prepare(input: Omit<RollupInput, 'asOf'>, finished: number, current: number): { wards: PreparedWard[]; plansByWard: Map<string, Plan> } {
  const plansByWard = selectPlans(input);
  const lastDays = FISCAL_MONTHS.map((m) => monthDates(input.fiscalYear, m).last);
  const recordsByPlan = indexRecords(input.progress, plansByWard, lastDays);
  const escalatedByWard = countEscalated(input.escalations, input.fiscalYear);
  const sources = perTypeList(metricSources);
  const wards = input.catalog.wards.map((ward): PreparedWard => {
    const plan = plansByWard.get(ward.id);
    return {
      wardId: ward.id,
      escalated: escalatedByWard.get(ward.id) ?? 0,
      plan: plan ? preparePlan(plan, sources(ward.meetingTypes), recordsByPlan.get(plan.id)!, finished, current) : null,
    };
  });
  return { wards, plansByWard };
}

/** Adds one counted cell to the month's counters of a group (see PreparedPlan.totals). */
function tally(totals: number[], group: number, i: number, outcome: number, late: boolean): void {
  const at = (group * 13 + i + 1) * FIELDS;
  if (outcome === CANCELLED) {
    totals[at + CANCELLED_N]! += 1;
    return;
  }
  totals[at + DUE]! += 1;
  if (outcome === DONE) totals[at + DONE_N]! += 1;
  else if (outcome === PARTIAL) totals[at + PARTIAL_N]! += 1;
  if (late) totals[at + LATE_N]! += 1;
}

function preparePlan(
  plan: Plan,
  sources: MetricSource[],
  cells: PlanCells,
  finished: number,
  current: number,
): PreparedPlan {
  const issueIndex = new Map(plan.issues.map((issue, i) => [issue.id, i]));
  const goalIndex = new Map(plan.goals.map((goal, i) => [goal.id, i]));
  // Each issue's goals, once each, in the order the issue names them (unknown ids dropped).
  const goalsOfIssue: number[][] = [];
  for (const issue of plan.issues) {
    const gs: number[] = [];
    for (const id of issue.goalIds ?? []) {
      const g = goalIndex.get(id);
      if (g !== undefined && !gs.includes(g)) gs.push(g);
    }
    goalsOfIssue.push(gs);
  }
  const firstGoal = 1 + plan.issues.length;
  const groups = firstGoal + plan.goals.length;
  // Each group's counters of month i sit at k = i + 1; turned into running totals at the end.
  const totals = zeros(groups * 13 * FIELDS);
  const plannedPerMonth = zeros(12);
  const unplannedPerMonth = zeros(12);
  const rows = plan.schedule;
  const { records, codes } = cells;
  const base = rows.map((row) => cells.slotOf.get(row.id)! * 12);
  const overdue = new CellList(rows, records, base);
  const unplanned = new CellList(rows, records, base);
  const thisMonth = new CellList(rows, records, base);
  const inProgress = { planned: 0, done: 0, cancelled: 0, open: new CellList(rows, records, base) };

  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const planned = plannedMask(row);
    const at = base[r]!;
    const issue = row.issueId !== null && row.issueId !== undefined ? (issueIndex.get(row.issueId) ?? -1) : -1;
    for (let i = 0; i < 12; i++) {
      const code = codes[at + i]!;
      const o = code & OUTCOME;
      const isPlanned = (planned >> i) & 1;
      if (i === current && isPlanned) {
        inProgress.planned += 1;
        if (o === DONE || o === PARTIAL) inProgress.done += 1;
        else if (o === CANCELLED) inProgress.cancelled += 1;
        else inProgress.open.add(r, i);
      }
      if (isPlanned) {
        plannedPerMonth[i]! += 1;
        if (o === ZERO) {
          // Not done in a month that is not over yet: not late, not due ("this month" when in progress).
          if (i >= finished) {
            if (i === current) thisMonth.add(r, i);
            continue;
          }
          overdue.add(r, i);
        }
        const late = code >= LATE;
        // Into the row's issue, or straight into the ward when it has none; the ward and the goals get
        // the issues' counters added below (one tally per cell instead of one per group).
        tally(totals, issue >= 0 ? 1 + issue : 0, i, o, late);
      } else if (o === DONE || o === PARTIAL) {
        unplannedPerMonth[i]! += 1;
        unplanned.add(r, i);
      }
    }
  }

  for (let k = 0; k < plan.issues.length; k++) {
    const from = (1 + k) * 13 * FIELDS;
    addMonths(totals, 0, from);
    for (const g of goalsOfIssue[k]!) addMonths(totals, (firstGoal + g) * 13 * FIELDS, from);
  }
  const perMonth = totals.slice(FIELDS, 13 * FIELDS);
  for (let g = 0; g < groups; g++) {
    for (let k = 1; k <= 12; k++) {
      const at = (g * 13 + k) * FIELDS;
      for (let f = 0; f < FIELDS; f++) totals[at + f]! += totals[at - FIELDS + f]!;
    }
  }
  return {
    plan,
    rows,
    records,
    codes,
    base,
    totals,
    perMonth,
    plannedPerMonth,
    unplannedPerMonth,
    overdue,
    unplanned,
    thisMonth,
    inProgress,
    metrics: prepareMetrics(rows, codes, base, sources),
  };
}

/**
 * Plain arrays of small integers rather than typed arrays: V8 keeps typed arrays over 64 bytes off the heap, and allocating and freeing those costs more than the counting.
 * Copied out of a template that only ever grows (never handed out, never written to): a slice of a
 * packed array is a block copy, several times quicker than `new Array(n).fill(0)`, and stays packed.
 */
function zeros(n: number): number[] {
  while (ZEROS.length < n) ZEROS.push(0);
  return ZEROS.slice(0, n);
}
const ZEROS: number[] = [];

/** n empty slots (undefined), made like `zeros`. */
function blanks<T>(n: number): (T | undefined)[] {
  while (BLANKS.length < n) BLANKS.push(undefined);
  return BLANKS.slice(0, n) as (T | undefined)[];
}
const BLANKS: undefined[] = [];

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
 * Records of the plans used, by plan and cell (records of other plans, or of rows no longer in the plan,
 * are never read). The store's key is (plan, row, month), so a cell has one record; should a caller pass
 * duplicates, the newest (highest version, then latest update) wins, with a content tie-break so that
 * the choice never depends on array order.
 */
function indexRecords(records: ProgressRecord[], plansByWard: Map<string, Plan>, lastDays: string[]): Map<string, PlanCells> {
  const byPlan = new Map<string, PlanCells>();
  for (const plan of plansByWard.values()) {
    let cells = byPlan.get(plan.id);
    if (!cells) byPlan.set(plan.id, (cells = { slotOf: new Map(), records: [], codes: [] }));
    for (const row of plan.schedule) if (!cells.slotOf.has(row.id)) cells.slotOf.set(row.id, cells.slotOf.size);
  }
  for (const cells of byPlan.values()) {
    cells.records = blanks<ProgressRecord>(cells.slotOf.size * 12);
    cells.codes = zeros(cells.slotOf.size * 12); // ZERO
  }
  let lastPlanId: string | undefined;
  let cells: PlanCells | undefined;
  let lastRowId: string | undefined;
  let slot: number | undefined;
  for (const record of records) {
    // Records arrive grouped by plan and row (the store's order), so the lookups are mostly skipped.
    if (record.planId !== lastPlanId || !cells) {
      lastPlanId = record.planId;
      lastRowId = undefined;
      cells = byPlan.get(lastPlanId);
      if (!cells) continue;
    }
    if (record.rowId !== lastRowId) {
      lastRowId = record.rowId;
      slot = cells.slotOf.get(lastRowId);
    }
    const i = (record.month + 8) % 12;
    // A month outside 1–12 that does not wrap onto one names no cell.
    if (slot === undefined || !(i >= 0 && Number.isInteger(i))) continue;
    const at = slot * 12 + i;
    const current = cells.records[at];
    if (!current || newerRecord(record, current)) {
      cells.records[at] = record;
      cells.codes[at] = codeOf(record, lastDays[i]!);
    }
  }
  return byPlan;
}

/** A cell's code: its outcome, plus LATE when done (or partly) on a date after the planned month's last day. */
function codeOf(record: ProgressRecord, lastDay: string): number {
  const o = outcomeOf(record);
  return (o === DONE || o === PARTIAL) && record.heldOn !== null && record.heldOn > lastDay ? o + LATE : o;
}

/** Adds a group's twelve months of counters to another's. */
function addMonths(totals: number[], into: number, from: number): void {
  for (let f = FIELDS; f < 13 * FIELDS; f++) totals[into + f]! += totals[from + f]!;
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

function outcomeOf(record: ProgressRecord): number {
  switch (record.status) {
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

/** Planned months of a row as twelve bits by fiscal index (April = bit 0). */
function plannedMask(row: ScheduleRow): number {
  if (row.timing === 'everyMonth') return 0xfff;
  let mask = 0;
  if (row.timing === 'months') for (const m of row.months) mask |= 1 << fiscalIndex(m);
  return mask;
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

function groupFiguresAt(id: string, a: number[], at: number): RollupGroupFigures {
  const done = a[at + DONE_N]!;
  const partial = a[at + PARTIAL_N]!;
  const due = a[at + DUE]!;
  const score = done + 0.5 * partial;
  return { id, due, done, partial, cancelled: a[at + CANCELLED_N]!, late: a[at + LATE_N]!, score, percent: percentOf(score, due) };
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

/** A month of a ward: counted when it is before the as-of month, otherwise only its planned cells. */
function wardMonthFigures(p: PreparedPlan, i: number, counted: boolean): RollupMonthFigures {
  if (!counted) return { month: FISCAL_MONTHS[i]!, planned: p.plannedPerMonth[i]!, due: 0, done: 0, partial: 0, cancelled: 0, late: 0, score: 0, percent: null, unplanned: 0 };
  const a = p.perMonth;
  const at = i * FIELDS;
  const done = a[at + DONE_N]!;
  const partial = a[at + PARTIAL_N]!;
  const due = a[at + DUE]!;
  const score = done + 0.5 * partial;
  return {
    month: FISCAL_MONTHS[i]!,
    planned: p.plannedPerMonth[i]!,
    due,
    done,
    partial,
    cancelled: a[at + CANCELLED_N]!,
    late: a[at + LATE_N]!,
    score,
    percent: percentOf(score, due),
    unplanned: p.unplannedPerMonth[i]!,
  };
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

function wardRollup(p: PreparedPlan, escalated: number, ctx: Context): RollupWard {
  const { plan, totals } = p;
  const { elapsed, current } = ctx;
  const at = elapsed * FIELDS;
  const done = totals[at + DONE_N]!;
  const partial = totals[at + PARTIAL_N]!;
  const due = totals[at + DUE]!;
  const score = done + 0.5 * partial;
  const percent = percentOf(score, due);
  const firstGoal = 1 + plan.issues.length;
  const issues: RollupGroupFigures[] = [];
  for (let k = 0; k < plan.issues.length; k++) issues.push(groupFiguresAt(plan.issues[k]!.id, totals, ((1 + k) * 13 + elapsed) * FIELDS));
  const goals: RollupGroupFigures[] = [];
  for (let k = 0; k < plan.goals.length; k++) goals.push(groupFiguresAt(plan.goals[k]!.id, totals, ((firstGoal + k) * 13 + elapsed) * FIELDS));
  const months: RollupMonthFigures[] = [];
  for (let i = 0; i < 12; i++) months.push(wardMonthFigures(p, i, i < elapsed));
  const metrics: RollupMetric[] = [];
  for (const m of p.metrics) metrics.push(wardMetric(m, p, elapsed));
  const ip = p.inProgress;
  return {
    wardId: plan.wardId,
    planId: plan.id,
    rank: 0,
    // The ward's figures written out (the same keys in the same order as figuresOf's), not spread from an object made for it.
    due,
    done,
    partial,
    cancelled: totals[at + CANCELLED_N]!,
    late: totals[at + LATE_N]!,
    score,
    percent,
    health: healthOf(percent, ctx.thresholds),
    // Fiscal order within each row, so that the overdue and unplanned lists read left to right like the grid.
    overdue: p.overdue.upTo(elapsed),
    unplanned: p.unplanned.upTo(elapsed),
    thisMonth: p.thisMonth.upTo(elapsed),
    // The month in progress, whatever the as-of month.
    inProgress: current < 0 ? null : { month: FISCAL_MONTHS[current]!, planned: ip.planned, done: ip.done, cancelled: ip.cancelled, open: ip.open.upTo(12) },
    escalated,
    issues,
    goals,
    months,
    metrics,
  };
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
  let overdue = 0;
  let unplanned = 0;
  let thisMonth = 0;
  let escalated = 0;
  for (const w of wards) {
    addCounter(total, w);
    for (let i = 0; i < 12; i++) {
      const m = w.months[i]!;
      const into = months[i]!;
      addCounter(into, m);
      into.planned += m.planned;
      into.unplanned += m.unplanned;
    }
    overdue += w.overdue.length;
    unplanned += w.unplanned.length;
    thisMonth += w.thisMonth.length;
    escalated += w.escalated;
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
    overdue,
    unplanned,
    thisMonth,
    inProgress,
    escalated,
    months: months.map((m, i) => monthFiguresOf(i, m)),
  };
}


// ---------------------------------------------------------------------------------------------------
// What several wards share.

/** City themes found in more than one ward's plan (issues' themes, and themes of the meeting types the plan names). */
function sharedThemes(catalog: Catalog, plansByWard: Map<string, Plan>): RollupShared[] {
  const types = perTypeList(typesById);
  const themesByWard = catalog.wards.map((ward) => {
    const plan = plansByWard.get(ward.id);
    return { wardId: ward.id, themes: plan ? planThemes(plan, types(ward.meetingTypes)) : new Set<string>() };
  });
  return catalog.city.themes.flatMap((theme) => {
    const wardIds = themesByWard.filter((w) => w.themes.has(theme.id)).map((w) => w.wardId);
    return wardIds.length > 1 ? [{ id: theme.id, name: { ...theme.name }, wardIds }] : [];
  });
}

function planThemes(plan: Plan, types: Map<string, MeetingType>): Set<string> {
  const themes = new Set<string>();
  for (const issue of plan.issues) for (const theme of issue.themeIds ?? []) themes.add(theme);
  const addThemesOf = (id: string | null | undefined) => {
    const type = id === null || id === undefined ? undefined : types.get(id);
    if (type) for (const theme of type.themes) themes.add(theme);
  };
  for (const row of plan.schedule) addThemesOf(row.meetingTypeId);
  for (const issue of plan.issues) for (const action of issue.actions) addThemesOf(action.meetingTypeId);
  return themes;
}

/**
 * `derive` of a ward's meeting types, made again only when a ward's list differs from the previous
 * ward's (the same type objects in the same order): wards mostly carry the city's bodies plus the same
 * local types, so this is per catalog rather than per ward. Within one call only; the results are read, never changed.
 */
function perTypeList<T>(derive: (meetingTypes: MeetingType[]) => T): (meetingTypes: MeetingType[]) => T {
  let last: MeetingType[] | null = null;
  let value: T | undefined;
  return (meetingTypes) => {
    if (last === null || !sameItems(last, meetingTypes)) {
      value = derive(meetingTypes);
      last = meetingTypes.slice();
    }
    return value!;
  };
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A ward's meeting types by id; the first of an id, as a search through the list would find. */
function typesById(meetingTypes: MeetingType[]): Map<string, MeetingType> {
  const byId = new Map<string, MeetingType>();
  for (const type of meetingTypes) if (!byId.has(type.id)) byId.set(type.id, type);
  return byId;
}

/**
 * City meeting bodies scheduled in more than one ward's plan. A ward's own type counts for the body it
 * is based on (Aoba's casual case review is a form of the liaison meeting), so wards compare like with like.
 */
function sharedMeetingTypes(catalog: Catalog, plansByWard: Map<string, Plan>): RollupShared[] {
  const bodies = cityBodies(catalog);
  const typesOf = perTypeList(typesById);
  const bodiesByWard = catalog.wards.map((ward) => {
    const plan = plansByWard.get(ward.id);
    const scheduled = new Set<string>();
    const types = typesOf(ward.meetingTypes);
    for (const row of plan?.schedule ?? []) {
      const type = row.meetingTypeId === null || row.meetingTypeId === undefined ? undefined : types.get(row.meetingTypeId);
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

/** The meetings of each metric the ward's meeting types declare, in the order they were held; their values are worked out when first shown. */
function prepareMetrics(rows: ScheduleRow[], codes: number[], base: number[], sources: MetricSource[]): PreparedMetric[] {
  return sources.map((source) => {
    const m: PreparedMetric = { source, rows: [], declarations: [], keys: [], entries: [], totals: [0], numerators: [0], denominators: [0] };
    for (let r = 0; r < rows.length; r++) {
      const id = rows[r]!.meetingTypeId;
      const declaration = id ? source.declaredBy.get(id) : undefined;
      if (declaration) {
        m.rows.push(r);
        m.declarations.push(declaration);
      }
    }
    // Month first, then row: the meetings in the order they were held.
    for (let i = 0; i < 12; i++) {
      for (let d = 0; d < m.rows.length; d++) {
        const o = codes[base[m.rows[d]!]! + i]! & OUTCOME;
        if (o === DONE || o === PARTIAL) m.keys.push(d * 12 + i);
      }
    }
    return m;
  });
}

/**
 * A metric up to the as-of month: the meetings held in months before `elapsed`. The figure over the
 * year so far is summed in meeting order; a ratio is Σ numerators / Σ denominators over the meetings
 * where both were filled in (a weighted rate, not an average of per-meeting rates).
 */
function wardMetric(m: PreparedMetric, p: PreparedPlan, elapsed: number): RollupMetric {
  const definition = m.source.definition;
  const ratio = definition.kind === 'ratio';
  const { keys, entries } = m;
  // Keys are in month order: the meetings shown are the first `cut`.
  let cut = 0;
  while (cut < keys.length && keys[cut]! % 12 < elapsed) cut++;
  // Entries (and the running sums) are made in order, as far as an as-of month of this call has needed.
  for (let j = entries.length; j < cut; j++) {
    const i = keys[j]! % 12;
    const d = (keys[j]! - i) / 12;
    const r = m.rows[d]!;
    const row = p.rows[r]!;
    const entry = perMeetingEntry(m.declarations[d]!, p.records[p.base[r]! + i]!.extra, row.id, FISCAL_MONTHS[i]!, row.meetingTypeId!);
    entries.push(entry);
    m.totals.push(m.totals[j]! + (entry.value ?? 0));
    const both = entry.numerator !== undefined && entry.denominator !== undefined;
    m.numerators.push(both ? m.numerators[j]! + entry.numerator! : m.numerators[j]!);
    m.denominators.push(both ? m.denominators[j]! + entry.denominator! : m.denominators[j]!);
  }
  const perMeeting = entries.slice(0, cut);
  const total = m.totals[cut]!;
  const numerator = m.numerators[cut]!;
  const denominator = m.denominators[cut]!;
  const metric = metricHeader(definition) as RollupMetric;
  if (!ratio) metric.value = total;
  else {
    metric.value = denominator === 0 ? null : numerator / denominator;
    metric.numerator = numerator;
    metric.denominator = denominator;
  }
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
  if (d.baseline) header.baseline = copyRecord(d.baseline);
  return header;
}

/** A shallow copy of a plain record (own enumerable keys, in their order); quicker than a spread for integer-like keys such as years. */
function copyRecord<T>(from: Record<string, T>): Record<string, T> {
  const to: Record<string, T> = {};
  for (const key of Object.keys(from)) to[key] = from[key]!;
  return to;
}

/** A field's value when it is a finite number; anything else counts as not filled in. */
function numberField(extra: Record<string, unknown>, field: string | undefined): number | undefined {
  const value = field === undefined ? undefined : extra[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** One meeting's entry: count = 1 or 0; sum = the field (null when not filled in); ratio = numerator / denominator. */
function perMeetingEntry(d: MetricDefinition, extra: Record<string, unknown>, rowId: string, month: number, meetingTypeId: string): PerMeeting {
  if (d.kind === 'count') return { rowId, month, meetingTypeId, value: d.field !== undefined && extra[d.field] === true ? 1 : 0 };
  if (d.kind === 'sum') return { rowId, month, meetingTypeId, value: numberField(extra, d.field) ?? null };
  const numerator = numberField(extra, d.numerator);
  const denominator = numberField(extra, d.denominator);
  const entry: PerMeeting = { rowId, month, meetingTypeId, value: numerator !== undefined && denominator !== undefined && denominator !== 0 ? numerator / denominator : null };
  if (numerator !== undefined) entry.numerator = numerator;
  if (denominator !== undefined) entry.denominator = denominator;
  return entry;
}
