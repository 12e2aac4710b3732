/**
 * Invariants of the roll-up on random catalogs, plans, progress and as-of months (fast-check). Each
 * property is checked against figures recomputed here from the input, not against the engine's own helpers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Escalation, MeetingType, Plan, PlanIssue, ProgressRecord, ProgressStatus, Rollup, RollupFigures, ScheduleRow, Ward } from '../../schemas/types.js';
import type { Catalog } from '../../server/core/catalog.js';
import { FISCAL_MONTHS, yearMonthOf } from '../../server/core/fiscal-year.js';
import { computeRollup, type RollupInput } from '../../server/core/rollup.js';
import { createAjv } from '../../server/validation/schemas.js';

const FY = 2026;
const RUNS = 100;
const STATUSES: ProgressStatus[] = ['done', 'partial', 'postponed', 'notDone', 'cancelled'];
const THEMES = ['t1', 't2', 't3'];

// ---------------------------------------------------------------------------------------------------
// Arbitraries.

const monthArb = fc.constantFrom(...FISCAL_MONTHS);

const rowArb = (issueIds: string[], typeIds: string[]) =>
  fc.record({
    timing: fc.constantFrom('months', 'months', 'everyMonth', 'asNeeded') as fc.Arbitrary<ScheduleRow['timing']>,
    months: fc.uniqueArray(monthArb, { maxLength: 12 }),
    issueId: fc.constantFrom(null, 'missing-issue', ...issueIds),
    meetingTypeId: fc.constantFrom(null, ...typeIds),
  });

const issueArb = (goalIds: string[]) =>
  fc.record({
    goalIds: fc.subarray([...goalIds, 'missing-goal']),
    themeIds: fc.subarray([...THEMES, 'not-a-city-theme']),
  });

/** A ward's meeting types: the two city bodies, and up to three local ones (some based on a body, some with metrics). */
const localTypesArb = fc.array(
  fc.record({
    basedOn: fc.constantFrom(undefined, 'liaison', 'plenary'),
    themes: fc.subarray(THEMES),
    metric: fc.constantFrom(undefined, 'ratio', 'sum', 'count') as fc.Arbitrary<'ratio' | 'sum' | 'count' | undefined>,
  }),
  { maxLength: 3 },
);

interface WardSpec {
  local: { basedOn: string | undefined; themes: string[]; metric: 'ratio' | 'sum' | 'count' | undefined }[];
  plan: null | {
    goals: number;
    issues: { goalIds: string[]; themeIds: string[] }[];
    rows: { timing: ScheduleRow['timing']; months: number[]; issueId: string | null; meetingTypeId: string | null }[];
  };
}

const wardSpecArb: fc.Arbitrary<WardSpec> = localTypesArb.chain((local) => {
  const typeIds = ['liaison', 'plenary', ...local.map((_, i) => `local${i}`)];
  const planArb = fc.integer({ min: 0, max: 3 }).chain((goals) => {
    const goalIds = Array.from({ length: goals }, (_, i) => `g${i}`);
    return fc.array(issueArb(goalIds), { maxLength: 3 }).chain((issues) =>
      fc.record({
        goals: fc.constant(goals),
        issues: fc.constant(issues),
        rows: fc.array(rowArb(issues.map((_, i) => `i${i}`), typeIds), { maxLength: 7 }),
      }),
    );
  });
  return fc.record({ local: fc.constant(local), plan: fc.option(planArb, { freq: 5 }) });
});

/** A record's cell: indices resolved against the plan's rows when the input is built. */
const recordSpecArb = fc.record({
  ward: fc.nat(),
  row: fc.nat(),
  month: monthArb,
  /** Most records are for planned cells: then the month is one of the row's planned months. */
  onPlanned: fc.boolean(),
  pick: fc.nat(),
  status: fc.constantFrom('done', 'done', ...STATUSES),
  participating: fc.option(fc.nat({ max: 20 }), { nil: undefined }),
  invited: fc.option(fc.nat({ max: 20 }), { nil: undefined }),
  flag: fc.boolean(),
  stray: fc.constantFrom('none', 'none', 'none', 'deletedRow', 'otherPlan'),
});

const escalationSpecArb = fc.record({ ward: fc.nat(), status: fc.constantFrom('open', 'answered', 'withdrawn') as fc.Arbitrary<Escalation['status']> });

/** As-of months before the fiscal year, inside it (the most interesting, so drawn more often) and after it. */
const yearMonth = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;
const asOfArb = fc.oneof(
  { weight: 1, arbitrary: fc.oneof(fc.integer({ min: 1, max: 12 }).map((m) => yearMonth(2025, m)), fc.integer({ min: 1, max: 3 }).map((m) => yearMonth(2026, m))) },
  { weight: 4, arbitrary: monthArb.map((m) => yearMonth(m >= 4 ? 2026 : 2027, m)) },
  { weight: 1, arbitrary: fc.oneof(fc.integer({ min: 4, max: 12 }).map((m) => yearMonth(2027, m)), fc.integer({ min: 1, max: 12 }).map((m) => yearMonth(2028, m))) },
);

const thresholdsArb = fc.option(
  fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })).map(([x, y]) => ({ onTrack: Math.max(x, y), watch: Math.min(x, y) })),
  { nil: undefined },
);

const inputArb = fc
  .record({
    wards: fc.array(wardSpecArb, { minLength: 1, maxLength: 5 }),
    records: fc.array(recordSpecArb, { maxLength: 60, size: 'medium' }),
    escalations: fc.array(escalationSpecArb, { maxLength: 6 }),
    asOf: asOfArb,
    thresholds: thresholdsArb,
  })
  .map(buildInput);

// ---------------------------------------------------------------------------------------------------
// Building the input from the specs.

type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

function buildInput(spec: {
  wards: WardSpec[];
  records: ValueOf<typeof recordSpecArb>[];
  escalations: ValueOf<typeof escalationSpecArb>[];
  asOf: string;
  thresholds: { onTrack: number; watch: number } | undefined;
}): RollupInput {
  const city: MeetingType[] = [
    { id: 'liaison', name: { ja: '連絡会議' }, cadence: { kind: 'asNeeded' }, defaultMonths: [], themes: ['t1'], origin: 'city' },
    { id: 'plenary', name: { ja: '全体協議会' }, cadence: { kind: 'asNeeded' }, defaultMonths: [], themes: [], origin: 'city' },
  ];
  const wards: Ward[] = spec.wards.map((w, wi) => ({
    id: `w${wi}`,
    name: { ja: `区${wi}` },
    councilName: { ja: `区${wi}自立協` },
    meetingTypes: [...city, ...w.local.map((l, li) => localType(`local${li}`, l))],
  }));
  const catalog: Catalog = {
    city: {
      id: 'city',
      name: { ja: '市' },
      unitName: { ja: '区' },
      planTitle: { ja: '計画' },
      subcommittee: { name: { ja: '地域部会' }, meetings: [] },
      themes: THEMES.map((id) => ({ id, name: { ja: id } })),
      wardIds: wards.map((w) => w.id),
      health: { onTrack: 90, watch: 70 },
    },
    wards,
  };
  const plans = spec.wards.flatMap((w, wi) => (w.plan ? [buildPlan(`w${wi}`, w.plan)] : []));

  const progress: ProgressRecord[] = [];
  const seen = new Set<string>();
  for (const r of spec.records) {
    const p = plans[r.ward % Math.max(plans.length, 1)];
    if (!p) continue;
    const row = r.stray === 'deletedRow' ? undefined : p.schedule[r.row % Math.max(p.schedule.length, 1)];
    const rowId = row?.id ?? 'deleted';
    const plannedHere = row ? planned(row) : [];
    const month = r.onPlanned && plannedHere.length > 0 ? plannedHere[r.pick % plannedHere.length]! : r.month;
    const planId = r.stray === 'otherPlan' ? 'other-plan' : p.id;
    // The store keeps one record per (plan, row, month).
    const key = `${planId}|${rowId}|${month}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const extra: Record<string, unknown> = { flag: r.flag };
    if (r.participating !== undefined) extra.participating = r.participating;
    if (r.invited !== undefined) extra.invited = r.invited;
    progress.push({
      planId,
      wardId: p.wardId,
      fiscalYear: FY,
      rowId,
      month,
      status: r.status,
      heldOn: null,
      attendance: null,
      note: '',
      extra,
      version: 1,
      updatedAt: '2026-10-01T00:00:00Z',
      updatedBy: null,
    });
  }

  const escalations: Escalation[] = spec.escalations.map((e, i) => ({
    id: `e${i}`,
    planId: 'p',
    wardId: `w${e.ward % wards.length}`,
    fiscalYear: FY,
    issueId: 'i0',
    note: '課題',
    confidential: false,
    status: e.status,
    reply: null,
    repliedAt: null,
    repliedBy: null,
    createdAt: '2026-10-01T00:00:00Z',
    createdBy: null,
    updatedAt: '2026-10-01T00:00:00Z',
    version: 1,
  }));

  const input: RollupInput = { fiscalYear: FY, asOf: spec.asOf, catalog, plans, progress, escalations };
  if (spec.thresholds) input.thresholds = spec.thresholds;
  return input;
}

function localType(id: string, l: WardSpec['local'][number]): MeetingType {
  const t: MeetingType = { id, name: { ja: id }, cadence: { kind: 'asNeeded' }, defaultMonths: [], themes: l.themes, origin: 'ward' };
  if (l.basedOn) t.basedOn = l.basedOn;
  if (l.metric === 'ratio') t.metrics = [{ id: 'rate', name: { ja: '参加率' }, kind: 'ratio', numerator: 'participating', denominator: 'invited', format: 'percent' }];
  if (l.metric === 'sum') t.metrics = [{ id: 'total', name: { ja: '合計' }, kind: 'sum', field: 'participating', format: 'number' }];
  if (l.metric === 'count') t.metrics = [{ id: 'flagged', name: { ja: '件数' }, kind: 'count', field: 'flag', format: 'number' }];
  return t;
}

function buildPlan(wardId: string, spec: NonNullable<WardSpec['plan']>): Plan {
  const issues: PlanIssue[] = spec.issues.map((i, ii) => ({
    id: `i${ii}`,
    problem: '課題',
    actions: [],
    remarks: '',
    goalIds: i.goalIds,
    themeIds: i.themeIds as PlanIssue['themeIds'],
  }));
  const schedule: ScheduleRow[] = spec.rows.map((r, ri) => ({
    id: `r${ri}`,
    title: `作業${ri}`,
    issueId: r.issueId,
    meetingTypeId: r.meetingTypeId,
    timing: r.timing,
    months: (r.timing === 'months' ? r.months : []) as ScheduleRow['months'],
  }));
  return {
    id: `plan-${wardId}`,
    wardId,
    fiscalYear: FY,
    title: '計画',
    status: 'approved',
    lastYearEfforts: [],
    findings: [],
    goals: Array.from({ length: spec.goals }, (_, i) => ({ id: `g${i}`, text: '目標' })),
    issues,
    schedule,
    notes: '',
    version: 1,
    createdAt: '2026-03-01T00:00:00Z',
    updatedAt: '2026-03-01T00:00:00Z',
    updatedBy: null,
  };
}

// ---------------------------------------------------------------------------------------------------
// Oracles, computed from the input independently of the engine.

/** Whether a month of the fiscal year is at or before the as-of month, by comparing calendar months. */
const upToAsOf = (month: number, asOf: string): boolean => yearMonthOf(FY, month) <= asOf;

/** The planned months of a row, written out from the rule rather than taken from the engine. */
const planned = (row: ScheduleRow): number[] => (row.timing === 'everyMonth' ? [...FISCAL_MONTHS] : row.timing === 'asNeeded' ? [] : row.months);

const plannedCellsUpTo = (rows: ScheduleRow[], asOf: string): number => rows.reduce((n, r) => n + planned(r).filter((m) => upToAsOf(m, asOf)).length, 0);

function expectPercentConsistent(f: Pick<RollupFigures, 'score' | 'due' | 'percent'>): void {
  if (f.due === 0) {
    expect(f.percent).toBeNull();
    return;
  }
  const exact = (100 * f.score) / f.due;
  expect(f.percent).not.toBeNull();
  // One decimal, within half a tenth of the exact value.
  expect(Math.abs(f.percent! - exact)).toBeLessThanOrEqual(0.05 + 1e-9);
  expect(Math.abs(f.percent! * 10 - Math.round(f.percent! * 10))).toBeLessThan(1e-9);
  expect(Number(f.percent!.toFixed(1))).toBe(f.percent);
}

function expectFiguresSound(f: RollupFigures): void {
  expect(f.score).toBe(f.done + 0.5 * f.partial);
  expect(f.done + f.partial).toBeLessThanOrEqual(f.due);
  expect(f.score).toBeGreaterThanOrEqual(0);
  expect(f.score).toBeLessThanOrEqual(f.due);
  expectPercentConsistent(f);
}

const sumOf = <T>(xs: readonly T[], f: (x: T) => number): number => xs.reduce((n, x) => n + f(x), 0);

/** A deterministic Fisher–Yates shuffle driven by fast-check's random numbers. */
function shuffled<T>(xs: readonly T[], randoms: number[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = (randoms[i % Math.max(randoms.length, 1)] ?? 0) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const validateRollup = createAjv().getSchema('rollup.schema.json#/definitions/rollup')!;

// ---------------------------------------------------------------------------------------------------

describe('roll-up invariants (property-based)', () => {
  it('every figure set is sound: score = done + ½·partial, 0 ≤ score ≤ due, percent to one decimal', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = computeRollup(input);
        expectFiguresSound(r.city);
        for (const w of r.wards) {
          expectFiguresSound(w);
          for (const g of [...w.issues, ...w.goals, ...w.months]) expectFiguresSound(g);
        }
        for (const m of r.city.months) expectFiguresSound(m);
      }),
      { numRuns: RUNS },
    );
  });

  it('the city is the sum of the wards, its percent from the sums', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = computeRollup(input);
        for (const key of ['due', 'done', 'partial', 'cancelled', 'score', 'escalated'] as const) {
          expect(r.city[key]).toBe(sumOf(r.wards, (w) => w[key]));
        }
        expect(r.city.overdue).toBe(sumOf(r.wards, (w) => w.overdue.length));
        expect(r.city.unplanned).toBe(sumOf(r.wards, (w) => w.unplanned.length));
        const sums = { score: sumOf(r.wards, (w) => w.score), due: sumOf(r.wards, (w) => w.due), percent: r.city.percent };
        expectPercentConsistent(sums);
        r.city.months.forEach((m, i) => {
          expect(m.month).toBe(FISCAL_MONTHS[i]);
          for (const key of ['planned', 'due', 'done', 'partial', 'cancelled', 'score', 'unplanned'] as const) {
            expect(m[key]).toBe(sumOf(r.wards, (w) => w.months[i]![key]));
          }
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('per ward: due + cancelled = planned cells up to the as-of month; due = done + partial + overdue', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = computeRollup(input);
        for (const w of r.wards) {
          const plan = input.plans.find((p) => p.wardId === w.wardId);
          const rows = plan?.schedule ?? [];
          expect(w.planId).toBe(plan?.id ?? null);
          expect(w.due + w.cancelled).toBe(plannedCellsUpTo(rows, input.asOf));
          // Every due cell is done, partial, or else overdue.
          expect(w.due).toBe(w.done + w.partial + w.overdue.length);
          expect(sumOf(w.months, (m) => m.planned)).toBe(sumOf(rows, (row) => planned(row).length));
          for (const key of ['due', 'done', 'partial', 'cancelled', 'score'] as const) expect(sumOf(w.months, (m) => m[key])).toBe(w[key]);
          expect(sumOf(w.months, (m) => m.unplanned)).toBe(w.unplanned.length);
          w.months.forEach((m, i) => {
            expect(m.month).toBe(FISCAL_MONTHS[i]);
            if (!upToAsOf(m.month, input.asOf)) expect([m.due, m.cancelled, m.unplanned]).toEqual([0, 0, 0]);
          });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('overdue and unplanned cells are what they claim, and only from the plan rows', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = computeRollup(input);
        for (const w of r.wards) {
          const plan = input.plans.find((p) => p.wardId === w.wardId);
          const records = input.progress.filter((x) => x.planId === plan?.id);
          const statusOf = (rowId: string, month: number) => records.find((x) => x.rowId === rowId && x.month === month)?.status ?? null;
          const rowIndex = (rowId: string) => plan!.schedule.findIndex((row) => row.id === rowId);
          for (const cell of w.overdue) {
            const row = plan!.schedule[rowIndex(cell.rowId)]!;
            expect(planned(row)).toContain(cell.month);
            expect(upToAsOf(cell.month, input.asOf)).toBe(true);
            expect(cell.status).toBe(statusOf(cell.rowId, cell.month));
            expect(['done', 'partial', 'cancelled']).not.toContain(cell.status);
            expect(cell.rowTitle).toBe(row.title);
          }
          for (const cell of w.unplanned) {
            const row = plan!.schedule[rowIndex(cell.rowId)]!;
            expect(planned(row)).not.toContain(cell.month);
            expect(upToAsOf(cell.month, input.asOf)).toBe(true);
            expect(['done', 'partial']).toContain(cell.status);
            expect(cell.status).toBe(statusOf(cell.rowId, cell.month));
          }
          // Both lists: plan row order, then fiscal month order.
          for (const list of [w.overdue, w.unplanned]) {
            const keys = list.map((c) => rowIndex(c.rowId) * 12 + FISCAL_MONTHS.indexOf(c.month));
            expect(keys).toEqual([...keys].sort((a, b) => a - b));
          }
          // Unplanned work is every done/partial record of a plan row, outside the planned months, up to the as-of month.
          const expectedUnplanned = records.filter((x) => {
            const i = plan ? rowIndex(x.rowId) : -1;
            return i >= 0 && ['done', 'partial'].includes(x.status) && upToAsOf(x.month, input.asOf) && !planned(plan!.schedule[i]!).includes(x.month);
          });
          expect(w.unplanned.length).toBe(expectedUnplanned.length);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('issues and goals cover exactly the planned cells of their rows', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = computeRollup(input);
        for (const w of r.wards) {
          const plan = input.plans.find((p) => p.wardId === w.wardId);
          if (!plan) {
            expect([w.issues, w.goals, w.metrics]).toEqual([[], [], []]);
            continue;
          }
          expect(w.issues.map((i) => i.id)).toEqual(plan.issues.map((i) => i.id));
          expect(w.goals.map((g) => g.id)).toEqual(plan.goals.map((g) => g.id));
          for (const i of w.issues) {
            expect(i.due + i.cancelled).toBe(plannedCellsUpTo(plan.schedule.filter((row) => row.issueId === i.id), input.asOf));
          }
          for (const g of w.goals) {
            const issueIds = plan.issues.filter((i) => i.goalIds?.includes(g.id)).map((i) => i.id);
            expect(g.due + g.cancelled).toBe(plannedCellsUpTo(plan.schedule.filter((row) => issueIds.includes(row.issueId ?? '')), input.asOf));
          }
          // Rows with an issue of the plan are split among the issues without overlap.
          const withIssue = plan.schedule.filter((row) => plan.issues.some((i) => i.id === row.issueId));
          expect(sumOf(w.issues, (i) => i.due + i.cancelled)).toBe(plannedCellsUpTo(withIssue, input.asOf));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('health follows the percent and the thresholds; ranks order wards by percent, nulls last, ties by catalog order', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = computeRollup(input);
        const t = input.thresholds ?? input.catalog.city.health;
        expect(r.thresholds).toEqual(t);
        for (const x of [...r.wards, r.city]) {
          const expected = x.percent === null ? 'none' : x.percent >= t.onTrack ? 'onTrack' : x.percent >= t.watch ? 'watch' : 'behind';
          expect(x.health).toBe(expected);
        }
        expect(r.wards.map((w) => w.wardId)).toEqual(input.catalog.wards.map((w) => w.id));
        expect(r.wards.map((w) => w.rank).sort((a, b) => a - b)).toEqual(r.wards.map((_, i) => i + 1));
        const byRank = [...r.wards].sort((a, b) => a.rank - b.rank);
        for (let i = 1; i < byRank.length; i++) {
          const [prev, next] = [byRank[i - 1]!, byRank[i]!];
          const catalogOrder = r.wards.indexOf(prev) < r.wards.indexOf(next);
          if (prev.percent === null) expect(next.percent === null && catalogOrder).toBe(true);
          else if (next.percent !== null) {
            expect(prev.percent).toBeGreaterThanOrEqual(next.percent);
            if (prev.percent === next.percent) expect(catalogOrder).toBe(true);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('shared themes and meeting bodies name more than one ward, in catalog order, each at most once', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = computeRollup(input);
        const order = input.catalog.wards.map((w) => w.id);
        for (const s of [...r.sharedThemes, ...r.sharedMeetingTypes]) {
          expect(s.wardIds.length).toBeGreaterThan(1);
          expect(s.wardIds).toEqual(order.filter((id) => s.wardIds.includes(id)));
          for (const id of s.wardIds) expect(input.plans.some((p) => p.wardId === id)).toBe(true);
        }
        expect(r.sharedThemes.map((s) => s.id)).toEqual(THEMES.filter((id) => r.sharedThemes.some((s) => s.id === id)));
        expect(r.sharedMeetingTypes.map((s) => s.id).every((id) => id === 'liaison' || id === 'plenary')).toBe(true);
        // A body is shared exactly when more than one ward schedules it or a type based on it.
        for (const body of ['liaison', 'plenary']) {
          const wardsUsing = input.plans.filter((p) => {
            const types = input.catalog.wards.find((w) => w.id === p.wardId)!.meetingTypes;
            return p.schedule.some((row) => {
              const type = types.find((m) => m.id === row.meetingTypeId);
              return type?.id === body || type?.basedOn === body;
            });
          });
          expect(r.sharedMeetingTypes.some((s) => s.id === body)).toBe(wardsUsing.length > 1);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('metrics: ratios are Σnumerator / Σdenominator of their meetings, sums and counts add up', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = computeRollup(input);
        for (const w of r.wards) {
          for (const m of w.metrics) {
            for (const pm of m.perMeeting) expect(upToAsOf(pm.month, input.asOf)).toBe(true);
            if (m.kind === 'ratio') {
              const complete = m.perMeeting.filter((pm) => pm.numerator !== undefined && pm.denominator !== undefined);
              expect(m.numerator).toBe(sumOf(complete, (pm) => pm.numerator!));
              expect(m.denominator).toBe(sumOf(complete, (pm) => pm.denominator!));
              expect(m.value).toBe(m.denominator === 0 ? null : m.numerator! / m.denominator!);
              for (const pm of m.perMeeting) {
                const expected = pm.numerator === undefined || pm.denominator === undefined || pm.denominator === 0 ? null : pm.numerator / pm.denominator;
                expect(pm.value).toBe(expected);
              }
            } else {
              expect(m.value).toBe(sumOf(m.perMeeting, (pm) => pm.value ?? 0));
              if (m.kind === 'count') for (const pm of m.perMeeting) expect([0, 1]).toContain(pm.value);
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('is deterministic: shuffling plans, progress and escalations changes nothing, even with a cell recorded twice', () => {
    fc.assert(
      fc.property(inputArb, fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), fc.nat({ max: 5 }), (input, randoms, duplicates) => {
        // The store never holds two records of a cell, but the engine must not depend on order if it gets them.
        const copies = input.progress.slice(0, duplicates).map((x, i) => ({ ...x, status: STATUSES[i % STATUSES.length]!, version: x.version + (i % 2) }));
        const withCopies: RollupInput = { ...input, progress: [...input.progress, ...copies] };
        const shuffledInput: RollupInput = {
          ...withCopies,
          plans: shuffled(input.plans, randoms),
          progress: shuffled(withCopies.progress, randoms),
          escalations: shuffled(input.escalations, randoms),
        };
        expect(JSON.stringify(computeRollup(shuffledInput))).toBe(JSON.stringify(computeRollup(withCopies)));
      }),
      { numRuns: RUNS },
    );
  });

  it('always satisfies the rollup JSON Schema', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r: Rollup = computeRollup(input);
        expect(validateRollup(r), JSON.stringify(validateRollup.errors)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
