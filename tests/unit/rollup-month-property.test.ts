/**
 * Invariants of late/early work and the month in progress on random plans, records (dated in and out of
 * their month), as-of months and todays (fast-check), checked against oracles written here from the rules
 * in docs/rollup.md.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Plan, ProgressRecord, ProgressStatus, ScheduleRow } from '../../schemas/types.js';
import type { Catalog } from '../../server/core/catalog.js';
import { FISCAL_MONTHS, monthDates, yearMonthOf } from '../../server/core/fiscal-year.js';
import { cellStatus, planCellStatuses } from '../../server/core/progress-rules.js';
import { computeRollup } from '../../server/core/rollup.js';

const FY = 2026;
const RUNS = 150;
const STATUSES: ProgressStatus[] = ['done', 'done', 'partial', 'postponed', 'notDone', 'cancelled'];

const catalog: Catalog = {
  city: {
    id: 'city', name: { ja: '市' }, unitName: { ja: '区' }, planTitle: { ja: '計画' },
    subcommittee: { name: { ja: '地域部会' }, meetings: [] }, themes: [], wardIds: ['a'], health: { onTrack: 90, watch: 70 },
  },
  wards: [{ id: 'a', name: { ja: 'A区' }, councilName: { ja: 'A区自立協' }, meetingTypes: [] }],
};

const monthArb = fc.constantFrom(...FISCAL_MONTHS);
const ymArb = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('2026-02', '2026-03', '2027-04', '2027-09') },
  { weight: 5, arbitrary: monthArb.map((m) => yearMonthOf(FY, m)) },
);
/** A date in the fiscal year: the month's day 1–28. */
const dateArb = fc.tuple(monthArb, fc.integer({ min: 1, max: 28 })).map(([m, d]) => `${yearMonthOf(FY, m)}-${String(d).padStart(2, '0')}`);

const rowArb = fc.record({
  timing: fc.constantFrom('months', 'months', 'everyMonth', 'asNeeded') as fc.Arbitrary<ScheduleRow['timing']>,
  months: fc.uniqueArray(monthArb, { maxLength: 12 }),
});
const recordArb = fc.record({ row: fc.nat(), month: monthArb, status: fc.constantFrom(...STATUSES), heldOn: fc.option(dateArb, { nil: null }) });

const inputArb = fc.record({
  rows: fc.array(rowArb, { minLength: 1, maxLength: 6 }),
  records: fc.array(recordArb, { maxLength: 40 }),
  asOf: ymArb,
  today: fc.tuple(ymArb, fc.integer({ min: 1, max: 28 })).map(([ym, d]) => `${ym}-${String(d).padStart(2, '0')}`),
});

type Spec = typeof inputArb extends fc.Arbitrary<infer T> ? T : never;

function build(spec: Spec): { plan: Plan; progress: ProgressRecord[] } {
  const schedule: ScheduleRow[] = spec.rows.map((r, i) => ({ id: `r${i}`, title: `作業${i}`, timing: r.timing, months: (r.timing === 'months' ? r.months : []) as ScheduleRow['months'] }));
  const plan: Plan = {
    id: 'p', wardId: 'a', fiscalYear: FY, title: '計画', status: 'approved', lastYearEfforts: [], findings: [], goals: [], issues: [], schedule, notes: '',
    version: 1, createdAt: '2026-03-01T00:00:00Z', updatedAt: '2026-03-01T00:00:00Z', updatedBy: null,
  };
  const seen = new Set<string>();
  const progress: ProgressRecord[] = [];
  for (const r of spec.records) {
    const rowId = `r${r.row % schedule.length}`;
    if (seen.has(`${rowId}|${r.month}`)) continue;
    seen.add(`${rowId}|${r.month}`);
    progress.push({ planId: 'p', wardId: 'a', fiscalYear: FY, rowId, month: r.month, status: r.status, heldOn: r.heldOn, attendance: null, note: '', extra: {}, version: 1, updatedAt: '2026-10-01T00:00:00Z', updatedBy: null });
  }
  return { plan, progress };
}

const plannedOf = (row: ScheduleRow): number[] => (row.timing === 'everyMonth' ? [...FISCAL_MONTHS] : row.timing === 'asNeeded' ? [] : row.months);

describe('late work and the month in progress (property-based)', () => {
  it('the roll-up agrees with the cell states: overdue = overdue cells, this month = this-month cells, due = done + partial + overdue', () => {
    fc.assert(
      fc.property(inputArb, (spec) => {
        const { plan, progress } = build(spec);
        const r = computeRollup({ fiscalYear: FY, asOf: spec.asOf, today: spec.today, catalog, plans: [plan], progress, escalations: [] });
        const w = r.wards[0]!;
        const upTo = (m: number) => yearMonthOf(FY, m) <= spec.asOf;
        const cells = planCellStatuses(plan, progress, spec.today).filter((c) => upTo(c.month));
        const planned = cells.filter((c) => c.state !== 'unplanned' && c.state !== 'empty');
        const key = (c: { rowId: string; month: number }) => `${c.rowId}|${c.month}`;
        expect(w.overdue.map(key).sort()).toEqual(planned.filter((c) => c.state === 'overdue').map(key).sort());
        expect(w.thisMonth.map(key).sort()).toEqual(planned.filter((c) => c.state === 'thisMonth').map(key).sort());
        const doneCells = planned.filter((c) => c.state === 'done' || c.state === 'lateDone');
        expect(w.done + w.partial).toBe(doneCells.length);
        expect(w.late).toBe(doneCells.filter((c) => c.state === 'lateDone').length);
        expect(w.due).toBe(w.done + w.partial + w.overdue.length);
        expect(w.cancelled).toBe(planned.filter((c) => c.state === 'cancelled').length);
        // nothing is overdue in a month that is not over
        for (const c of w.overdue) expect(yearMonthOf(FY, c.month) < spec.today.slice(0, 7)).toBe(true);
        expect(w.late).toBeLessThanOrEqual(w.done + w.partial);
      }),
      { numRuns: RUNS },
    );
  });

  it('recording work for an overdue cell, on any date after its month, moves it from overdue to done and late', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), (spec, pick) => {
        const { plan, progress } = build(spec);
        const input = { fiscalYear: FY, asOf: spec.asOf, today: spec.today, catalog, plans: [plan], progress, escalations: [] };
        const before = computeRollup(input).wards[0]!;
        if (before.overdue.length === 0) return;
        const cell = before.overdue[pick % before.overdue.length]!;
        const lastDay = monthDates(FY, cell.month).last;
        const heldOn = spec.today > lastDay ? spec.today : null; // a date after the month, not in the future
        if (!heldOn) return;
        const done: ProgressRecord = { planId: 'p', wardId: 'a', fiscalYear: FY, rowId: cell.rowId, month: cell.month, status: 'done', heldOn, attendance: null, note: '', extra: {}, version: 2, updatedAt: '2026-11-01T00:00:00Z', updatedBy: null };
        const after = computeRollup({ ...input, progress: [...progress.filter((p) => !(p.rowId === cell.rowId && p.month === cell.month)), done] }).wards[0]!;
        expect(after.overdue.length).toBe(before.overdue.length - 1);
        expect(after.done).toBe(before.done + 1);
        expect(after.late).toBe(before.late + 1);
        expect(after.due).toBe(before.due);
      }),
      { numRuns: RUNS },
    );
  });

  it('a today after the year gives the figures of no today at all (the month in progress only ever removes lateness)', () => {
    fc.assert(
      fc.property(inputArb, (spec) => {
        const { plan, progress } = build(spec);
        const base = { fiscalYear: FY, asOf: spec.asOf, catalog, plans: [plan], progress, escalations: [] };
        const none = computeRollup(base);
        const after = computeRollup({ ...base, today: '2027-04-01' });
        expect({ ...after, today: null }).toEqual(none);
        const withToday = computeRollup({ ...base, today: spec.today }).wards[0]!;
        expect(withToday.overdue.length).toBeLessThanOrEqual(none.wards[0]!.overdue.length);
        expect(withToday.done + withToday.partial).toBe(none.wards[0]!.done + none.wards[0]!.partial);
      }),
      { numRuns: RUNS },
    );
  });

  it('every planned cell has exactly one state, and done cells carry a timing', () => {
    fc.assert(
      fc.property(inputArb, (spec) => {
        const { plan, progress } = build(spec);
        for (const row of plan.schedule) {
          for (const m of plannedOf(row)) {
            const s = cellStatus(FY, m, true, progress.find((p) => p.rowId === row.id && p.month === m), spec.today);
            expect(['done', 'lateDone', 'cancelled', 'overdue', 'thisMonth', 'future']).toContain(s.state);
            expect(s.timing !== null).toBe(s.state === 'done' || s.state === 'lateDone');
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
