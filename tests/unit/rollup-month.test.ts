/**
 * Late and early work, and the month in progress (docs/rollup.md): the record rules of
 * server/core/progress-rules.ts, the cell states the Gantt chart and the grid show, the roll-up's
 * figures with a "today", the month list, and the default as-of month. Case by case; the invariants on
 * random data are in rollup-month-property.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Plan, ProgressBatchItem, ProgressRecord, ProgressStatus, ScheduleRow } from '../../schemas/types.js';
import type { Catalog } from '../../server/core/catalog.js';
import { monthAgenda } from '../../server/core/agenda.js';
import { currentDate, defaultAsOfMonth } from '../../server/core/fiscal-year.js';
import { cellStatus, checkProgress, monthPhase, planCellStatuses, recordTiming } from '../../server/core/progress-rules.js';
import { computeRollup } from '../../server/core/rollup.js';
import { createAjv } from '../../server/validation/schemas.js';

const FY = 2026;
const TODAY = '2026-11-29';

const catalog: Catalog = {
  city: {
    id: 'city', name: { ja: '市' }, unitName: { ja: '区' }, planTitle: { ja: '計画' },
    subcommittee: { name: { ja: '地域部会' }, meetings: [] }, themes: [], wardIds: ['a'], health: { onTrack: 90, watch: 70 },
  },
  wards: [{ id: 'a', name: { ja: 'A区' }, councilName: { ja: 'A区自立協' }, meetingTypes: [] }],
};

function row(id: string, months: number[] | 'every'): ScheduleRow {
  return months === 'every'
    ? { id, title: `作業${id}`, timing: 'everyMonth', months: [] }
    : { id, title: `作業${id}`, timing: 'months', months: months as ScheduleRow['months'] };
}

function plan(schedule: ScheduleRow[]): Plan {
  return {
    id: 'p', wardId: 'a', fiscalYear: FY, title: '計画', status: 'approved', lastYearEfforts: [], findings: [], goals: [], issues: [], schedule, notes: '',
    version: 1, createdAt: '2026-03-01T00:00:00Z', updatedAt: '2026-03-01T00:00:00Z', updatedBy: null,
  };
}

function rec(rowId: string, month: number, status: ProgressStatus, heldOn: string | null = null): ProgressRecord {
  return { planId: 'p', wardId: 'a', fiscalYear: FY, rowId, month, status, heldOn, attendance: null, note: '', extra: {}, version: 1, updatedAt: '2026-10-01T00:00:00Z', updatedBy: null };
}

const noExtra = () => [];
const check = (p: Plan, item: ProgressBatchItem, today = TODAY) => checkProgress(p, item, catalog, noExtra, '', today);
const validateRollup = createAjv().getSchema('rollup.schema.json#/definitions/rollup')!;

describe('recording work done in another month', () => {
  const p = plan([row('r1', [8]), row('r2', [12])]);

  it('accepts late work (August done on 18 September) and early work (December done in November)', () => {
    expect(check(p, { rowId: 'r1', month: 8, status: 'done', heldOn: '2026-09-18' })).toEqual([]);
    expect(check(p, { rowId: 'r2', month: 12, status: 'done', heldOn: '2026-11-20' })).toEqual([]);
    expect(check(p, { rowId: 'r1', month: 8, status: 'partial', heldOn: '2026-11-29' })).toEqual([]); // today itself
  });

  it('refuses a date outside the fiscal year, naming the field, in both languages', () => {
    for (const heldOn of ['2026-03-31', '2027-04-01']) {
      const [e] = check(p, { rowId: 'r1', month: 8, status: 'done', heldOn }, '2027-06-01');
      expect(e).toMatchObject({ path: '/heldOn' });
      expect(e!.message).toContain('fiscal year 2026');
      expect(e!.messageJa).toContain('年度内');
    }
  });

  it('refuses a date in the future, whatever the status', () => {
    for (const status of ['done', 'partial', 'cancelled', 'postponed', 'notDone'] as const) {
      const [e] = check(p, { rowId: 'r2', month: 12, status, heldOn: '2026-11-30' });
      expect(e).toMatchObject({ path: '/heldOn' });
      expect(e!.message).toContain('future');
      expect(e!.messageJa).toContain('未来');
    }
  });

  it('refuses done or partly done without a date for a month not begun; the month in progress and earlier need none', () => {
    for (const status of ['done', 'partial'] as const) {
      const [e] = check(p, { rowId: 'r2', month: 12, status });
      expect(e).toMatchObject({ path: '/heldOn' });
      expect(e!.message).toContain('2026-12 has not begun');
    }
    expect(check(p, { rowId: 'r2', month: 11, status: 'done' })).toEqual([]);
    expect(check(p, { rowId: 'r1', month: 8, status: 'done' })).toEqual([]);
  });

  it('still lets a later meeting be cancelled or postponed in advance', () => {
    for (const status of ['cancelled', 'postponed', 'notDone'] as const) expect(check(p, { rowId: 'r2', month: 12, status })).toEqual([]);
    expect(check(p, { rowId: 'r2', month: 3, status: 'cancelled', heldOn: null })).toEqual([]);
  });

  it('puts the pointer prefix of a batch on the field', () => {
    expect(checkProgress(p, { rowId: 'r2', month: 12, status: 'done' }, catalog, noExtra, '/records/3', TODAY)[0]!.path).toBe('/records/3/heldOn');
  });
});

describe('timing, month phase and cell states', () => {
  it('tells early, on time and late work by calendar month; no date counts as in its month', () => {
    expect(recordTiming(FY, 8, '2026-09-18')).toBe('late');
    expect(recordTiming(FY, 8, '2026-08-31')).toBe('onTime');
    expect(recordTiming(FY, 8, '2026-07-31')).toBe('early');
    expect(recordTiming(FY, 1, '2026-12-20')).toBe('early'); // January is in the next calendar year
    expect(recordTiming(FY, 12, '2027-01-05')).toBe('late');
    expect(recordTiming(FY, 8, null)).toBe('onTime');
  });

  it('places months against today, January–March in the next calendar year', () => {
    expect(monthPhase(FY, 10, TODAY)).toBe('past');
    expect(monthPhase(FY, 11, TODAY)).toBe('current');
    expect(monthPhase(FY, 12, '2026-11')).toBe('future');
    expect(monthPhase(FY, 1, TODAY)).toBe('future');
    expect(monthPhase(FY, 3, '2027-04-02')).toBe('past');
  });

  it('gives each cell one state', () => {
    expect(cellStatus(FY, 8, true, rec('r', 8, 'done', '2026-09-18'), TODAY)).toEqual({ state: 'lateDone', status: 'done', timing: 'late' });
    expect(cellStatus(FY, 8, true, rec('r', 8, 'partial', '2026-08-03'), TODAY)).toEqual({ state: 'done', status: 'partial', timing: 'onTime' });
    expect(cellStatus(FY, 12, true, rec('r', 12, 'done', '2026-11-20'), TODAY)).toEqual({ state: 'done', status: 'done', timing: 'early' });
    expect(cellStatus(FY, 8, true, rec('r', 8, 'postponed'), TODAY)).toEqual({ state: 'overdue', status: 'postponed', timing: null });
    expect(cellStatus(FY, 8, true, null, TODAY).state).toBe('overdue');
    expect(cellStatus(FY, 11, true, null, TODAY).state).toBe('thisMonth');
    expect(cellStatus(FY, 11, true, rec('r', 11, 'postponed'), TODAY).state).toBe('thisMonth');
    expect(cellStatus(FY, 12, true, null, TODAY).state).toBe('future');
    expect(cellStatus(FY, 12, true, rec('r', 12, 'cancelled'), TODAY).state).toBe('cancelled');
    expect(cellStatus(FY, 6, false, rec('r', 6, 'done'), TODAY)).toEqual({ state: 'unplanned', status: 'done', timing: 'onTime' });
    expect(cellStatus(FY, 6, false, rec('r', 6, 'notDone'), TODAY).state).toBe('empty');
    // without a today, every month counts as finished
    expect(cellStatus(FY, 12, true, null, null).state).toBe('overdue');
  });

  it('lists every planned or recorded cell of a plan in row, then fiscal order', () => {
    const p = plan([row('r1', [8, 11, 1]), row('r2', [])]);
    const cells = planCellStatuses(p, [rec('r1', 8, 'done', '2026-09-18'), rec('r2', 5, 'done'), rec('gone', 4, 'done')], TODAY);
    expect(cells.map((c) => [c.rowId, c.month, c.state])).toEqual([
      ['r1', 8, 'lateDone'],
      ['r1', 11, 'thisMonth'],
      ['r1', 1, 'future'],
      ['r2', 5, 'unplanned'],
    ]);
  });
});

describe('the roll-up with late work and the month in progress', () => {
  // r1: every month; r2: August (postponed, then done on 18 September); r3: November (not recorded); r4: December done early
  const p = plan([row('r1', 'every'), row('r2', [8]), row('r3', [11]), row('r4', [12])]);
  const records = [
    ...[4, 5, 6, 7, 8, 9].map((m) => rec('r1', m, 'done')),
    rec('r1', 11, 'done', '2026-11-05'),
    rec('r2', 8, 'done', '2026-09-18'),
    rec('r4', 12, 'done', '2026-11-20'),
  ];
  const run = (asOf: string, today: string | null) => {
    const r = computeRollup({ fiscalYear: FY, asOf, today, catalog, plans: [p], progress: records, escalations: [] });
    expect(validateRollup(r), JSON.stringify(validateRollup.errors)).toBe(true);
    return r;
  };

  it('counts a late cell as done and says how many were late', () => {
    const w = run('2026-10', TODAY).wards[0]!;
    // due: r1 Apr–Oct (7) + r2 Aug (1); done: r1 ×6 + r2; October of r1 is overdue
    expect(w).toMatchObject({ due: 8, done: 7, late: 1, percent: 87.5 });
    expect(w.overdue.map((c) => [c.rowId, c.month])).toEqual([['r1', 10]]);
    expect(w.months.find((m) => m.month === 8)).toMatchObject({ due: 2, done: 2, late: 1 });
  });

  it('as of the month in progress: its open cells are "this month", not overdue and not due; its done cells count', () => {
    const r = run('2026-11', TODAY);
    const w = r.wards[0]!;
    expect(r.today).toBe('2026-11');
    expect(w.thisMonth.map((c) => [c.rowId, c.month])).toEqual([['r3', 11]]);
    expect(w.overdue.map((c) => [c.rowId, c.month])).toEqual([['r1', 10]]);
    expect(w).toMatchObject({ due: 9, done: 8 }); // r1 November (done) counts, r3 November does not
    expect(r.city).toMatchObject({ thisMonth: 1, overdue: 1 });
  });

  it('reports the month in progress apart, whatever the as-of month', () => {
    const w = run('2026-10', TODAY).wards[0]!;
    expect(w.inProgress).toEqual({ month: 11, planned: 2, done: 1, cancelled: 0, open: [{ rowId: 'r3', month: 11, rowTitle: '作業r3', status: null }] });
    expect(w.thisMonth).toEqual([]); // November is after the as-of month
    expect(run('2026-10', TODAY).city.inProgress).toEqual({ month: 11, planned: 2, done: 1, cancelled: 0, open: 1 });
    expect(run('2026-10', '2027-05-01').wards[0]!.inProgress).toBeNull();
  });

  it('as of a later month: months not begun are not due until done (an early cell counts)', () => {
    const w = run('2027-03', TODAY).wards[0]!;
    // due: r1 Apr–Oct + Nov(done) = 8, r2 = 1, r4 December done early = 1
    expect(w).toMatchObject({ due: 10, done: 9, late: 1 });
    expect(w.overdue.map((c) => c.month)).toEqual([10]);
  });

  it('without a today, every month up to the as-of month is finished (the rules before the month in progress)', () => {
    const r = run('2026-11', null);
    expect(r.today).toBeNull();
    expect(r.wards[0]!.thisMonth).toEqual([]);
    expect(r.wards[0]!.inProgress).toBeNull();
    expect(r.wards[0]!.overdue.map((c) => [c.rowId, c.month])).toEqual([['r1', 10], ['r3', 11]]);
  });

  it('refuses a malformed today', () => {
    expect(() => computeRollup({ fiscalYear: FY, asOf: '2026-10', today: '2026/11/29', catalog, plans: [], progress: [], escalations: [] })).toThrow(RangeError);
  });
});

describe('the month list (agenda)', () => {
  const p = plan([row('r1', [8]), row('r2', [11]), row('r3', [12])]);

  it('offers an overdue cell until work is recorded for it, whatever the date; late work clears it', () => {
    expect(monthAgenda(p, [], 12, TODAY).overdue.map((i) => i.month)).toEqual([8]); // November is in progress, not overdue
    expect(monthAgenda(p, [], 11, TODAY).overdue.map((i) => i.month)).toEqual([8]);
    expect(monthAgenda(p, [rec('r1', 8, 'done', '2026-09-18')], 11, TODAY).overdue).toEqual([]);
    expect(monthAgenda(p, [rec('r1', 8, 'postponed')], 11, TODAY).overdue.map((i) => i.record?.status)).toEqual(['postponed']);
    expect(monthAgenda(p, [], 12, null).overdue.map((i) => i.month)).toEqual([8, 11]);
  });
});

describe('the default as-of month', () => {
  it('is the last finished month while the year runs, so a November pack is not called late for November', () => {
    expect(defaultAsOfMonth(FY, '2026-11')).toBe('2026-10');
    expect(defaultAsOfMonth(FY, '2026-04')).toBe('2026-04');
    expect(defaultAsOfMonth(FY, '2027-01')).toBe('2026-12');
    expect(defaultAsOfMonth(FY, '2027-05')).toBe('2027-03');
    expect(defaultAsOfMonth(2027, '2027-02')).toBe('2027-02');
  });

  it("takes today's date in Japan's time zone", () => {
    expect(currentDate(new Date('2026-11-30T15:30:00Z'))).toBe('2026-12-01');
    expect(currentDate(new Date('2026-11-30T14:59:00Z'))).toBe('2026-11-30');
  });
});
