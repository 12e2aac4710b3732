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
 * overdue, unplanned and this-month lists, a ward's month figures, the metrics' per-meeting entries and
 * the copies of a metric's name and baseline, which the wards of one call share too): a caller that
 * changes one result in place changes those in the others too. Separate calls share nothing, and no
 * result shares an object with the input.
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
  const elapsed = parsed.map((asOf) => monthsElapsed(input.fiscalYear, asOf));
  const scope: Scope = { finished, current, counted: elapsed.reduce((a, b) => Math.max(a, b), 0), reuse: parsed.length > 1 };
  const prepared = prepare(input, scope);
  const sharedThemeList = sharedThemes(input.catalog, prepared.catalogTypes, prepared.wards);
  const sharedTypeList = sharedMeetingTypes(prepared.catalogTypes, prepared.wards);

  return parsed.map((_, k) => {
    const thresholds: Thresholds = { ...(input.thresholds ?? input.catalog.city.health) };
    const ctx: Context = { elapsed: elapsed[k]!, current, thresholds };
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

/** What the preparation needs to know of the call's as-of months and today. */
interface Scope {
  /** fiscal months finished by today (see monthsFinished) */
  finished: number;
  /** fiscal index of the month in progress, or -1 */
  current: number;
  /**
   * Fiscal months that any as-of month of the call counts (the largest `elapsed`): a later month's
   * records can change no figure, list or metric of the results, so they are not read at all — except
   * those of the month in progress, which `inProgress` shows whatever the as-of month.
   */
  counted: number;
  /** whether several as-of months read the prepared plans (their output objects are then kept for reuse) */
  reuse: boolean;
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
// totals over the first `elapsed` months, and the lists are the prepared ones cut at `elapsed`. Months
// that no as-of month of the call counts (Scope.counted) are not prepared at all.

/**
 * Outcome codes of a cell: what a planned cell up to the as-of month counts as. Their two bits are read
 * as masks by preparePlan (DONE = 0b01, PARTIAL = 0b10, CANCELLED = 0b11), LATE as the third bit.
 */
const ZERO = 0; // postponed, notDone, or nothing recorded: due and not achieved (unless the month is not over)
const DONE = 1;
const PARTIAL = 2;
const CANCELLED = 3;
const OUTCOME = 3;
/** Added to the outcome code: done or partly done after the planned month. */
const LATE = 4;
/**
 * The record's status, from bit 3 on (its index in STATUS_NAMES; 0 = no record), so that the cells of
 * the lists are made without going back to the record objects (scattered over the heap: each visit is a
 * cache miss). OTHER_STATUS: a status outside the five, read from the record when needed.
 */
const STATUS_SHIFT = 3;
const STATUS_NAMES = [null, 'done', 'partial', 'cancelled', 'postponed', 'notDone'] as const;
const OTHER_STATUS = STATUS_NAMES.length;
const DONE_CODE = DONE | (STATUS_NAMES.indexOf('done') << STATUS_SHIFT);
const PARTIAL_CODE = PARTIAL | (STATUS_NAMES.indexOf('partial') << STATUS_SHIFT);
const CANCELLED_CODE = CANCELLED | (STATUS_NAMES.indexOf('cancelled') << STATUS_SHIFT);
const POSTPONED_CODE = ZERO | (STATUS_NAMES.indexOf('postponed') << STATUS_SHIFT);
const NOT_DONE_CODE = ZERO | (STATUS_NAMES.indexOf('notDone') << STATUS_SHIFT);
const OTHER_CODE = ZERO | (OTHER_STATUS << STATUS_SHIFT);
const STATUS_BITS = 7;
/**
 * The cell's record, from bit 6 on: its position in the input's progress array plus one (0 = no
 * record). Kept in the code rather than in an array of records beside it: one array a plan instead of
 * two, made and collected on every call (~10 % of a call's allocations). Codes stay small integers
 * (31 bits where V8 compresses pointers), hence MAX_RECORDS.
 */
const RECORD_SHIFT = 6;
const MAX_RECORDS = 2 ** (30 - RECORD_SHIFT) - 1;

/**
 * A plan's cells: each cell's code (outcome + LATE + status + record), flat, at slot × 12 +
 * fiscal index. A slot is a distinct row id (the first row of an id, as a search would find; rows sharing an
 * id share their cells). The code is decided while the record is read for indexing, so that counting
 * never goes back to the record objects.
 */
interface PlanCells {
  slotOf: Map<string, number>;
  /** the row id of each slot (distinct) */
  slotIds: string[];
  /** the plan whose rows are the slots one for one, in order (its row ids are distinct), if any */
  inOrder: Plan | null;
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
 * result first needs them; with several as-of months in a call, all of the list's at once, then shared.
 */
class CellList {
  /** row × 16 + fiscal index of each cell (one push per cell while preparing; bit operations take it apart) */
  readonly keys: number[] = [];
  /** the latest fiscal month in the list: an as-of month after it takes the whole list */
  private last = -1;
  /** every cell of the list, by position in `keys` (with `reuse` only), made when first needed */
  private cells: RollupCell[] | null = null;
  constructor(
    private readonly rows: ScheduleRow[],
    /** the input's progress records (a code names its record by position) */
    private readonly progress: ProgressRecord[],
    private readonly codes: number[],
    /** each row's offset in `codes` */
    private readonly base: number[],
    /** whether other as-of months of the call will ask for the same cells */
    private readonly reuse: boolean,
  ) {}

  add(r: number, i: number): void {
    this.keys.push((r << 4) | i);
    if (i > this.last) this.last = i;
  }

  /** The cells of months before `elapsed`. */
  upTo(elapsed: number): RollupCell[] {
    const { keys } = this;
    const cells = this.reuse ? (this.cells ??= this.all()) : null;
    if (this.last < elapsed) return cells !== null ? cells.slice() : this.make(keys.length, elapsed);
    // A cut: the months in a list come in no predictable order, so the cells are counted and copied
    // without branching on them ((month − elapsed) >>> 31 is 1 for a month before `elapsed`, else 0).
    let n = 0;
    for (const key of keys) n += ((key & 15) - elapsed) >>> 31;
    if (cells === null) return this.make(n, elapsed);
    const out = blanks<RollupCell>(n + 1) as RollupCell[];
    let k = 0;
    for (let j = 0; j < keys.length; j++) {
      out[k] = cells[j]!;
      k += ((keys[j]! & 15) - elapsed) >>> 31;
    }
    out.length = n; // the slot written past the last cell taken
    return out;
  }

  /** The n cells of months before `elapsed`, made straight into the list (one as-of month in the call). */
  private make(n: number, elapsed: number): RollupCell[] {
    if (n === 0) return [];
    const out = blanks<RollupCell>(n) as RollupCell[];
    let k = 0;
    for (const key of this.keys) if ((key & 15) < elapsed) out[k++] = this.cell(key);
    return out;
  }

  private all(): RollupCell[] {
    const cells = blanks<RollupCell>(this.keys.length) as RollupCell[];
    for (let j = 0; j < cells.length; j++) cells[j] = this.cell(this.keys[j]!);
    return cells;
  }

  private cell(key: number): RollupCell {
    const i = key & 15;
    const r = key >> 4;
    const row = this.rows[r]!;
    const at = this.base[r]! + i;
    const code = this.codes[at]!;
    const s = (code >> STATUS_SHIFT) & STATUS_BITS;
    // Object literal with every key at once: one hidden class for all cells.
    return { rowId: row.id, month: FISCAL_MONTHS[i]!, rowTitle: row.title, status: s < OTHER_STATUS ? STATUS_NAMES[s]! : (this.progress[(code >> RECORD_SHIFT) - 1]?.status ?? null) };
  }
}

interface PreparedMetric {
  source: MetricSource;
  /** the plan rows whose meeting type declares the metric, and each one's declaration */
  rows: number[];
  declarations: MetricDefinition[];
  /**
   * The per-meeting entries in the order the meetings were held (fiscal month, then plan row), made
   * month by month as far as an as-of month of the call has needed: those of the first `months` months.
   */
  entries: PerMeeting[];
  months: number;
  /**
   * At each month boundary k (0…12, up to `months`), over the entries of the first k months: their count
   * (at k), and the running sums of the values (count, sum) and of the numerators and denominators of
   * the meetings with both (ratio), at 13 + k, 26 + k and 39 + k. Summed one entry at a time from the
   * first, exactly as a loop over the meetings would.
   */
  atMonth: number[];
}

interface PreparedPlan {
  plan: Plan;
  rows: ScheduleRow[];
  /** the input's progress records, which the codes name by position */
  progress: ProgressRecord[];
  /** the plan's cells (see PlanCells), each row's at base[r] + fiscal index */
  codes: number[];
  base: number[];
  /**
   * Running totals of the five counters: for group g (0 = the ward, 1… = the plan's issues) over the
   * first k fiscal months, at ((g × 13) + k) × FIELDS, for k = 0 … scope.counted (no as-of month of the
   * call reads further).
   */
  totals: number[];
  /** For each goal, the issues (by position) that reach it: a goal's figures are their totals summed. */
  issuesOfGoal: number[][];
  /** The ward's counters of each fiscal month alone, at i × FIELDS (months before scope.counted). */
  perMonth: number[];
  /** planned cells per fiscal index, whatever the as-of month */
  plannedPerMonth: number[];
  /** done or partly done cells outside the plan, per fiscal index */
  unplannedPerMonth: number[];
  /**
   * With several as-of months in a call, the month figure objects made so far: a month's figures are
   * the same whatever the as-of month, once counted (at its fiscal index) or before (at 12 + index).
   */
  monthFigures: (RollupMonthFigures | undefined)[] | null;
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
  /** the ward's meeting types, and the plan's rows' (see WardTypes) */
  types: WardTypes;
  rowTypes: number[];
}

function prepare(input: Omit<RollupInput, 'asOf'>, scope: Scope): { wards: PreparedWard[]; catalogTypes: CatalogTypes } {
  const plansByWard = selectPlans(input);
  const lastDays = FISCAL_MONTHS.map((m) => monthDates(input.fiscalYear, m).last);
  const recordsByPlan = indexRecords(input.progress, plansByWard, lastDays, scope);
  const escalatedByWard = countEscalated(input.escalations, input.fiscalYear);
  const catalogTypes = catalogTypesOf(input.catalog);
  const typesOf = perTypeList((meetingTypes) => wardTypesOf(meetingTypes, catalogTypes));
  const wards: PreparedWard[] = [];
  for (const ward of input.catalog.wards) {
    const plan = plansByWard.get(ward.id);
    const types = typesOf(ward.meetingTypes);
    const rowTypes = plan ? rowTypesOf(plan.schedule, types) : [];
    wards.push({
      wardId: ward.id,
      escalated: escalatedByWard.get(ward.id) ?? 0,
      plan: plan ? preparePlan(plan, types, rowTypes, recordsByPlan.get(plan.id)!, input.progress, scope) : null,
      types,
      rowTypes,
    });
  }
  return { wards, catalogTypes };
}

function isAchieved(outcome: number): boolean {
  return outcome === DONE || outcome === PARTIAL;
}

/** Adds 1 to a counter of each month whose bit is set: `counters[at + (i + 1) × FIELDS]` for fiscal month i (see PreparedPlan.totals). */
function countMonths(counters: number[], at: number, months: number): void {
  for (let bits = months; bits !== 0; bits &= bits - 1) counters[at + (lowestBit(bits) + 1) * FIELDS]! += 1;
}

/** The index of the lowest set bit. */
function lowestBit(bits: number): number {
  return 31 - Math.clz32(bits & -bits);
}

function preparePlan(
  plan: Plan,
  types: WardTypes,
  rowTypes: number[],
  cells: PlanCells,
  progress: ProgressRecord[],
  scope: Scope,
): PreparedPlan {
  const { finished, current, counted, reuse } = scope;
  const { issues, goals } = plan;
  // The counters of group g's month i sit at k = i + 1; turned into running totals at the end.
  const totals = zeros((1 + issues.length) * 13 * FIELDS);
  const plannedPerMonth = zeros(12);
  const unplannedPerMonth = zeros(12);
  const rows = plan.schedule;
  const { codes } = cells;
  const base = cells.inOrder === plan ? rowOffsets(rows.length) : rows.map((row) => cells.slotOf.get(row.id)! * 12);
  const overdue = new CellList(rows, progress, codes, base, reuse);
  const unplanned = new CellList(rows, progress, codes, base, reuse);
  const thisMonth = new CellList(rows, progress, codes, base, reuse);
  const inProgress = { planned: 0, done: 0, cancelled: 0, open: new CellList(rows, progress, codes, base, reuse) };
  const countedMonths = (1 << counted) - 1;
  const finishedMonths = (1 << finished) - 1;
  const currentMonth = current < 0 ? 0 : 1 << current;
  let lastIssueId: string | null | undefined;
  let at0 = 0;

  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const planned = plannedMask(row);
    const at = base[r]!;
    // Into the row's issue, or straight into the ward when it has none (or one the plan lacks); the ward
    // gets the issues' counters added below, and the goals theirs when shown.
    const issueId = row.issueId;
    if (r === 0 || issueId !== lastIssueId) {
      lastIssueId = issueId;
      at0 = (issueId === null || issueId === undefined ? 0 : 1 + lastIndexOfId(issues, issueId)) * 13 * FIELDS;
    }
    // Planned cells of every month (the month figures show them whatever the as-of month).
    for (let bits = planned; bits !== 0; bits &= bits - 1) plannedPerMonth[lowestBit(bits)]! += 1;
    // The row's cells as bit masks (bit i = fiscal month i), made without branching on the outcomes
    // (they come in no predictable order): the outcome's two bits and the LATE bit, each as a mask.
    let low = 0;
    let high = 0;
    let late = 0;
    for (let i = 0; i < counted; i++) {
      const code = codes[at + i]!;
      low |= (code & 1) << i;
      high |= ((code >> 1) & 1) << i;
      late |= ((code & LATE) >> 2) << i;
    }
    const done = low & ~high; // DONE = 0b01
    const partial = high & ~low; // PARTIAL = 0b10
    const cancelled = low & high; // CANCELLED = 0b11
    const zero = ~(low | high); // ZERO = 0b00
    const plannedCounted = planned & countedMonths;
    // Planned, not done nor cancelled: overdue once its month is over; before that, not due (and "this
    // month" in the month in progress).
    const open = plannedCounted & zero;
    const tallied = plannedCounted & ~(open & ~finishedMonths);
    countMonths(totals, at0 + DUE, tallied & ~cancelled);
    countMonths(totals, at0 + DONE_N, tallied & done);
    countMonths(totals, at0 + PARTIAL_N, tallied & partial);
    countMonths(totals, at0 + CANCELLED_N, tallied & cancelled);
    countMonths(totals, at0 + LATE_N, tallied & late);
    for (let bits = open & finishedMonths; bits !== 0; bits &= bits - 1) overdue.add(r, lowestBit(bits));
    if (open & ~finishedMonths & currentMonth) thisMonth.add(r, current);
    for (let bits = (done | partial) & ~planned & countedMonths; bits !== 0; bits &= bits - 1) {
      const i = lowestBit(bits);
      unplannedPerMonth[i]! += 1;
      unplanned.add(r, i);
    }
    if (planned & currentMonth) {
      const o = codes[at + current]! & OUTCOME;
      inProgress.planned += 1;
      if (isAchieved(o)) inProgress.done += 1;
      else if (o === CANCELLED) inProgress.cancelled += 1;
      else inProgress.open.add(r, current);
    }
  }

  // The ward's months: its own rows' (those without an issue) and its issues'.
  const end = (counted + 1) * FIELDS;
  for (let k = 0; k < issues.length; k++) {
    const from = (1 + k) * 13 * FIELDS;
    for (let f = FIELDS; f < end; f++) totals[f]! += totals[from + f]!;
  }
  const perMonth = totals.slice(FIELDS, 13 * FIELDS);
  for (let g = 0; g <= issues.length; g++) {
    const from = g * 13 * FIELDS;
    for (let at = from + FIELDS; at < from + end; at++) totals[at]! += totals[at - FIELDS]!;
  }
  return {
    plan,
    rows,
    progress,
    codes,
    base,
    totals,
    issuesOfGoal: issuesOfGoal(issues, goals),
    perMonth,
    plannedPerMonth,
    unplannedPerMonth,
    monthFigures: reuse ? blanks<RollupMonthFigures>(24) : null,
    overdue,
    unplanned,
    thisMonth,
    inProgress,
    metrics: prepareMetrics(types, rowTypes),
  };
}

/**
 * For each goal, the issues that name it in `goalIds`, each once (unknown ids are ignored; an id
 * repeated in the plan's goals means the last goal of that id, as a Map built from the list would give).
 */
function issuesOfGoal(issues: Plan['issues'], goals: Plan['goals']): number[][] {
  const of: number[][] = [];
  for (let g = 0; g < goals.length; g++) of.push([]);
  for (let k = 0; k < issues.length; k++) {
    for (const id of issues[k]!.goalIds ?? []) {
      const list = of[lastIndexOfId(goals, id)];
      // Issues are visited in order, so an issue naming a goal twice is the list's last entry.
      if (list !== undefined && list[list.length - 1] !== k) list.push(k);
    }
  }
  return of;
}

/** Position of the last item with the id (as a Map built from the list would give), or -1. Plans have a handful of issues and goals: a scan is quicker than building a Map. */
function lastIndexOfId(list: readonly { id: string }[], id: string): number {
  for (let k = list.length - 1; k >= 0; k--) if (list[k]!.id === id) return k;
  return -1;
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

/**
 * 0, 12, 24, …: the rows' offsets in a plan's cells when its rows are its slots. One table, shared by
 * every plan and call, only ever read (and grown here).
 */
function rowOffsets(n: number): number[] {
  while (OFFSETS.length < n) OFFSETS.push(OFFSETS.length * 12);
  return OFFSETS;
}
const OFFSETS: number[] = [];

/**
 * n zeros in an array that holds floating-point numbers unboxed from the start (the metrics' running
 * sums), so that storing the first fraction does not convert it; made like `zeros`.
 */
function floatZeros(n: number): number[] {
  while (FLOAT_ZEROS.length < n) FLOAT_ZEROS.push(0);
  return FLOAT_ZEROS.slice(0, n);
}
const FLOAT_ZEROS: number[] = [0.5];
FLOAT_ZEROS[0] = 0;

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
function indexRecords(records: ProgressRecord[], plansByWard: Map<string, Plan>, lastDays: string[], scope: Scope): Map<string, PlanCells> {
  if (records.length > MAX_RECORDS) throw new RangeError(`a roll-up reads at most ${MAX_RECORDS} progress records: ${records.length}`);
  const { counted } = scope;
  const inProgress = scope.current;
  const byPlan = new Map<string, PlanCells>();
  for (const plan of plansByWard.values()) {
    const cells = byPlan.get(plan.id);
    if (cells) addSlots(cells, plan.schedule);
    else byPlan.set(plan.id, planSlots(plan));
  }
  for (const cells of byPlan.values()) {
    cells.codes = zeros(cells.slotIds.length * 12); // ZERO, no record
  }
  let lastPlanId: string | undefined;
  let cells: PlanCells | undefined;
  let lastRowId: string | undefined;
  let slot: number | undefined;
  /** the slot after the last one looked up */
  let next = 0;
  for (let k = 0; k < records.length; k++) {
    const record = records[k]!;
    // Records arrive grouped by plan and row, rows in schedule order (the store's order): a new row is
    // mostly the next slot, so the lookups are mostly skipped — a guess checked against the slot's id.
    if (record.planId !== lastPlanId || !cells) {
      lastPlanId = record.planId;
      lastRowId = undefined;
      next = 0;
      cells = byPlan.get(lastPlanId);
      if (!cells) continue;
    }
    const rowId = record.rowId;
    if (rowId !== lastRowId) {
      lastRowId = rowId;
      slot = cells.slotIds[next] === rowId ? next : cells.slotOf.get(rowId);
      if (slot !== undefined) next = slot + 1;
    }
    const i = (record.month + 8) % 12;
    // A month outside 1–12 that does not wrap onto one names no cell (i is then fractional or NaN; |i| < 12).
    if (slot === undefined || (i | 0) !== i || i < 0 || (i >= counted && i !== inProgress)) continue;
    const at = slot * 12 + i;
    const current = cells.codes[at]! >> RECORD_SHIFT;
    if (current === 0 || newerRecord(record, records[current - 1]!)) cells.codes[at] = codeOf(record, lastDays[i]!) | ((k + 1) << RECORD_SHIFT);
  }
  return byPlan;
}

/**
 * A plan's slots. Row ids are distinct in a plan the store keeps: set from the last row to the first
 * (the first row of an id has the last word), one Map operation a row, the map's size says whether they
 * were; only if not are the slots numbered again, densely.
 */
function planSlots(plan: Plan): PlanCells {
  const rows = plan.schedule;
  const slotOf = new Map<string, number>();
  for (let r = rows.length - 1; r >= 0; r--) slotOf.set(rows[r]!.id, r);
  const slotIds: string[] = [];
  for (let r = 0; r < rows.length; r++) slotIds.push(rows[r]!.id);
  const cells: PlanCells = { slotOf, slotIds, inOrder: plan, codes: [] };
  if (slotOf.size === rows.length) return cells;
  cells.slotOf = new Map();
  cells.slotIds = [];
  cells.inOrder = null;
  addSlots(cells, rows);
  return cells;
}

/** Slots for the ids of `rows` not yet in `cells` (a second plan of the same id, or repeated row ids). */
function addSlots(cells: PlanCells, rows: ScheduleRow[]): void {
  for (const row of rows) {
    if (cells.slotOf.has(row.id)) continue;
    cells.slotOf.set(row.id, cells.slotIds.length);
    cells.slotIds.push(row.id);
  }
}

/** A cell's code: its outcome and its status (see STATUS_SHIFT), plus LATE when done (or partly) on a date after the planned month's last day. */
function codeOf(record: ProgressRecord, lastDay: string): number {
  switch (record.status) {
    case 'done':
      return record.heldOn !== null && record.heldOn > lastDay ? DONE_CODE | LATE : DONE_CODE;
    case 'partial':
      return record.heldOn !== null && record.heldOn > lastDay ? PARTIAL_CODE | LATE : PARTIAL_CODE;
    case 'cancelled':
      return CANCELLED_CODE;
    case 'postponed':
      return POSTPONED_CODE;
    case 'notDone':
      return NOT_DONE_CODE;
    default:
      return OTHER_CODE;
  }
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

/** A goal's figures: the sums of its issues' counters as of the month. */
function goalFigures(id: string, issues: number[], totals: number[], elapsed: number): RollupGroupFigures {
  let due = 0;
  let done = 0;
  let partial = 0;
  let cancelled = 0;
  let late = 0;
  for (const k of issues) {
    const at = ((1 + k) * 13 + elapsed) * FIELDS;
    due += totals[at + DUE]!;
    done += totals[at + DONE_N]!;
    partial += totals[at + PARTIAL_N]!;
    cancelled += totals[at + CANCELLED_N]!;
    late += totals[at + LATE_N]!;
  }
  const score = done + 0.5 * partial;
  return { id, due, done, partial, cancelled, late, score, percent: percentOf(score, due) };
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
  const issues: RollupGroupFigures[] = [];
  for (let k = 0; k < plan.issues.length; k++) issues.push(groupFiguresAt(plan.issues[k]!.id, totals, ((1 + k) * 13 + elapsed) * FIELDS));
  const goals: RollupGroupFigures[] = [];
  for (let g = 0; g < plan.goals.length; g++) goals.push(goalFigures(plan.goals[g]!.id, p.issuesOfGoal[g]!, totals, elapsed));
  const months: RollupMonthFigures[] = [];
  const memo = p.monthFigures;
  for (let i = 0; i < 12; i++) {
    const counted = i < elapsed;
    if (memo === null) months.push(wardMonthFigures(p, i, counted));
    else months.push((memo[counted ? i : 12 + i] ??= wardMonthFigures(p, i, counted)));
  }
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

/**
 * The catalog's city themes and city bodies, each id at a slot (the first of an id, as a search through
 * the list would find), so that what a ward's plan names is marked in arrays rather than collected in sets.
 */
interface CatalogTypes {
  themeSlot: Map<string, number>;
  bodies: MeetingType[];
  bodySlot: Map<string, number>;
}

function catalogTypesOf(catalog: Catalog): CatalogTypes {
  const themeSlot = new Map<string, number>();
  for (const theme of catalog.city.themes) if (!themeSlot.has(theme.id)) themeSlot.set(theme.id, themeSlot.size);
  const bodies = cityBodies(catalog);
  const bodySlot = new Map<string, number>();
  for (let b = 0; b < bodies.length; b++) bodySlot.set(bodies[b]!.id, b);
  return { themeSlot, bodies, bodySlot };
}

/**
 * A ward's meeting types, resolved once per list of types (see perTypeList): each distinct id at a
 * position (the first type of an id, as a search through the list would find), and per position what the
 * roll-up needs of it. A plan's rows are then resolved to positions once (rowTypesOf), for the metrics,
 * the shared themes and the shared bodies alike.
 */
interface WardTypes {
  position: Map<string, number>;
  /** the city theme slots each type names (themes that are not city themes left out) */
  themes: number[][];
  /** the city body slot each type counts for (itself, or the body it is based on), or -1 */
  body: number[];
  /** the metrics the types declare, merged by id */
  sources: MetricSource[];
  /** per source, per position: the declaration that applies to the type's id, if any */
  declarations: (MetricDefinition | undefined)[][];
}

function wardTypesOf(meetingTypes: MeetingType[], catalogTypes: CatalogTypes): WardTypes {
  const position = new Map<string, number>();
  const themes: number[][] = [];
  const body: number[] = [];
  for (const type of meetingTypes) {
    if (position.has(type.id)) continue;
    position.set(type.id, themes.length);
    const slots: number[] = [];
    for (const theme of type.themes) {
      const slot = catalogTypes.themeSlot.get(theme);
      if (slot !== undefined) slots.push(slot);
    }
    themes.push(slots);
    const b = bodyOf(type);
    body.push(b ? (catalogTypes.bodySlot.get(b) ?? -1) : -1);
  }
  const sources = metricSources(meetingTypes);
  const declarations = sources.map((source) => {
    const byPosition: (MetricDefinition | undefined)[] = blanks(themes.length);
    // A row without a meeting type id ('' included) has no metric.
    for (const [id, p] of position) if (id) byPosition[p] = source.declaredBy.get(id);
    return byPosition;
  });
  return { position, themes, body, sources, declarations };
}

/** Each row's meeting type position in `types`, or -1 (none, or not one of the ward's). */
function rowTypesOf(rows: ScheduleRow[], types: WardTypes): number[] {
  const out = zeros(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const id = rows[r]!.meetingTypeId;
    out[r] = id === null || id === undefined ? -1 : (types.position.get(id) ?? -1);
  }
  return out;
}

/**
 * For each slot, the wards (in catalog order, once each) that mark it: `mark(slot, w)` is called for
 * ward positions in increasing order.
 */
class WardsBySlot {
  readonly wardIds: string[][] = [];
  private readonly last: number[] = [];
  constructor(slots: number) {
    for (let k = 0; k < slots; k++) {
      this.wardIds.push([]);
      this.last.push(-1);
    }
  }

  mark(slot: number, w: number, wardId: string): void {
    if (this.last[slot] === w) return;
    this.last[slot] = w;
    this.wardIds[slot]!.push(wardId);
  }
}

/** City themes found in more than one ward's plan (issues' themes, and themes of the meeting types the plan names). */
function sharedThemes(catalog: Catalog, catalogTypes: CatalogTypes, wards: PreparedWard[]): RollupShared[] {
  const { themeSlot } = catalogTypes;
  const marks = new WardsBySlot(themeSlot.size);
  for (let w = 0; w < wards.length; w++) {
    const { plan: prepared, types, rowTypes, wardId } = wards[w]!;
    if (!prepared) continue;
    const plan = prepared.plan;
    for (const issue of plan.issues) {
      for (const theme of issue.themeIds ?? []) {
        const slot = themeSlot.get(theme);
        if (slot !== undefined) marks.mark(slot, w, wardId);
      }
    }
    for (const t of rowTypes) if (t >= 0) for (const slot of types.themes[t]!) marks.mark(slot, w, wardId);
    for (const issue of plan.issues) {
      for (const action of issue.actions) {
        const id = action.meetingTypeId;
        const t = id === null || id === undefined ? undefined : types.position.get(id);
        if (t !== undefined) for (const slot of types.themes[t]!) marks.mark(slot, w, wardId);
      }
    }
  }
  const shared: RollupShared[] = [];
  for (const theme of catalog.city.themes) {
    const wardIds = marks.wardIds[themeSlot.get(theme.id)!]!;
    // A copy: a theme listed twice in the catalog gets two entries, each with its own list.
    if (wardIds.length > 1) shared.push({ id: theme.id, name: { ...theme.name }, wardIds: wardIds.slice() });
  }
  return shared;
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

/**
 * City meeting bodies scheduled in more than one ward's plan. A ward's own type counts for the body it
 * is based on (Aoba's casual case review is a form of the liaison meeting), so wards compare like with like.
 */
function sharedMeetingTypes(catalogTypes: CatalogTypes, wards: PreparedWard[]): RollupShared[] {
  const { bodies } = catalogTypes;
  const marks = new WardsBySlot(bodies.length);
  for (let w = 0; w < wards.length; w++) {
    const { plan, types, rowTypes, wardId } = wards[w]!;
    if (!plan) continue;
    for (const t of rowTypes) {
      const slot = t < 0 ? -1 : types.body[t]!;
      if (slot >= 0) marks.mark(slot, w, wardId);
    }
  }
  const shared: RollupShared[] = [];
  for (let b = 0; b < bodies.length; b++) {
    const wardIds = marks.wardIds[b]!;
    if (wardIds.length > 1) shared.push({ id: bodies[b]!.id, name: { ...bodies[b]!.name }, wardIds });
  }
  return shared;
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
  /**
   * The definition's name and baseline copied for the results, made when first needed and shared by
   * every ward and as-of month of the call that reads the metric through these types (wards mostly
   * carry the same type list: see perTypeList). A baseline is keyed by year, and an object with such
   * keys is copied slowly (V8 keeps them as sparse elements): once per ward was ~3 % of a call.
   */
  name: RollupMetric['name'] | null;
  baseline: RollupMetric['baseline'] | null;
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
      if (!source) sources.set(definition.id, { definition, declaredBy: new Map([[type.id, definition]]), name: null, baseline: null });
      else if (source.definition.kind === definition.kind && !source.declaredBy.has(type.id)) source.declaredBy.set(type.id, definition);
    }
  }
  return [...sources.values()];
}

/** The rows of each metric the ward's meeting types declare; their meetings are read when first shown. */
function prepareMetrics(types: WardTypes, rowTypes: number[]): PreparedMetric[] {
  const metrics: PreparedMetric[] = [];
  for (let k = 0; k < types.sources.length; k++) {
    const declaredBy = types.declarations[k]!;
    const m: PreparedMetric = { source: types.sources[k]!, rows: [], declarations: [], entries: [], months: 0, atMonth: floatZeros(52) };
    for (let r = 0; r < rowTypes.length; r++) {
      const t = rowTypes[r]!;
      const declaration = t < 0 ? undefined : declaredBy[t];
      if (declaration) {
        m.rows.push(r);
        m.declarations.push(declaration);
      }
    }
    metrics.push(m);
  }
  return metrics;
}

/**
 * A metric up to the as-of month: the meetings held in months before `elapsed`. The figure over the
 * year so far is summed in meeting order; a ratio is Σ numerators / Σ denominators over the meetings
 * where both were filled in (a weighted rate, not an average of per-meeting rates).
 */
function wardMetric(m: PreparedMetric, p: PreparedPlan, elapsed: number): RollupMetric {
  const definition = m.source.definition;
  const ratio = definition.kind === 'ratio';
  const { entries, atMonth } = m;
  // Meetings (done or partly done cells of the metric's rows) are read month by month, as far as an
  // as-of month of this call has needed; the running sums go on from where they were.
  if (m.months < elapsed) {
    let total = atMonth[13 + m.months]!;
    let numerator = atMonth[26 + m.months]!;
    let denominator = atMonth[39 + m.months]!;
    for (let i = m.months; i < elapsed; i++) {
      for (let d = 0; d < m.rows.length; d++) {
        const r = m.rows[d]!;
        const at = p.base[r]! + i;
        if (!isAchieved(p.codes[at]! & OUTCOME)) continue;
        const row = p.rows[r]!;
        const entry = perMeetingEntry(m.declarations[d]!, p.progress[(p.codes[at]! >> RECORD_SHIFT) - 1]!.extra, row.id, FISCAL_MONTHS[i]!, row.meetingTypeId!);
        entries.push(entry);
        total += entry.value ?? 0;
        if (entry.numerator !== undefined && entry.denominator !== undefined) {
          numerator += entry.numerator;
          denominator += entry.denominator;
        }
      }
      atMonth[i + 1] = entries.length;
      atMonth[13 + i + 1] = total;
      atMonth[26 + i + 1] = numerator;
      atMonth[39 + i + 1] = denominator;
    }
    m.months = elapsed;
  }
  const cut = atMonth[elapsed]!;
  const perMeeting = entries.slice(0, cut);
  const total = atMonth[13 + elapsed]!;
  const numerator = atMonth[26 + elapsed]!;
  const denominator = atMonth[39 + elapsed]!;
  // Names and baselines are copied, so that a caller changing the result cannot change the catalog.
  const name = (m.source.name ??= { ...definition.name });
  const metricId = definition.id;
  const kind = definition.kind;
  const format = definition.format ?? 'number';
  // Object literals with every key at once, in the order the output has always had (baseline only when
  // declared; numerator and denominator for ratios only): no properties added later.
  if (definition.baseline) {
    const baseline = (m.source.baseline ??= copyRecord(definition.baseline));
    if (!ratio) return { metricId, name, kind, format, baseline, value: total, perMeeting };
    return { metricId, name, kind, format, baseline, value: denominator === 0 ? null : numerator / denominator, numerator, denominator, perMeeting };
  }
  if (!ratio) return { metricId, name, kind, format, value: total, perMeeting };
  return { metricId, name, kind, format, value: denominator === 0 ? null : numerator / denominator, numerator, denominator, perMeeting };
}

/** A shallow copy of a plain record (own enumerable keys, in their order); quicker than a spread for integer-like keys such as years. */
function copyRecord<T>(from: Record<string, T>): Record<string, T> {
  const to: Record<string, T> = {};
  for (const key of Object.keys(from)) to[key] = from[key]!;
  return to;
}

/** A field's value when it is a finite number; anything else counts as not filled in. */
function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** One meeting's entry: count = 1 or 0; sum = the field (null when not filled in); ratio = numerator / denominator. */
function perMeetingEntry(d: MetricDefinition, extra: Record<string, unknown>, rowId: string, month: number, meetingTypeId: string): PerMeeting {
  if (d.kind === 'count') return { rowId, month, meetingTypeId, value: d.field !== undefined && extra[d.field] === true ? 1 : 0 };
  // Each field read at its own place in the code (not through a shared helper), so that each read
  // mostly sees one field name and V8 keeps it a quick lookup.
  if (d.kind === 'sum') return { rowId, month, meetingTypeId, value: (d.field === undefined ? undefined : finite(extra[d.field])) ?? null };
  const numerator = d.numerator === undefined ? undefined : finite(extra[d.numerator]);
  const denominator = d.denominator === undefined ? undefined : finite(extra[d.denominator]);
  // A field not filled in is left out of the entry (not set to undefined); one literal per case, so that
  // entries get their keys at once.
  if (numerator === undefined) return denominator === undefined ? { rowId, month, meetingTypeId, value: null } : { rowId, month, meetingTypeId, value: null, denominator };
  if (denominator === undefined) return { rowId, month, meetingTypeId, value: null, numerator };
  return { rowId, month, meetingTypeId, value: denominator !== 0 ? numerator / denominator : null, numerator, denominator };
}
