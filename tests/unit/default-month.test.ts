/**
 * The default month of a fiscal year's pages (web/src/lib/default-month.ts), the subcommittee view's
 * as-of choices built on it (web/src/lib/city/as-of.ts), and the month dates shared by the month page
 * and the Gantt chart (web/src/lib/month-dates.ts). Pure modules, run in Node.
 */
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../schemas/types.js';
import { computeRollup } from '../../server/core/rollup.js';
import { asOfOptions, defaultAsOf, isBeforeYear } from '../../web/src/lib/city/as-of.js';
import { daysInMonth, defaultMonth, monthDates } from '../../server/core/fiscal-year.js';

describe('the default month of a fiscal year', () => {
  it('is this month while the year runs (April … March of the next calendar year)', () => {
    expect(defaultMonth(2026, '2026-04')).toEqual({ phase: 'during', month: 4, now: '2026-04' });
    expect(defaultMonth(2026, '2026-10')).toMatchObject({ phase: 'during', month: 10 });
    expect(defaultMonth(2026, '2027-03')).toMatchObject({ phase: 'during', month: 3 });
  });

  it('is March for a past year and April for a year that has not begun', () => {
    expect(defaultMonth(2025, '2026-10')).toMatchObject({ phase: 'after', month: 3 });
    expect(defaultMonth(2026, '2027-04')).toMatchObject({ phase: 'after', month: 3 });
    expect(defaultMonth(2027, '2027-02')).toMatchObject({ phase: 'before', month: 4 });
    expect(defaultMonth(2027, '2027-03')).toMatchObject({ phase: 'before', month: 4 });
  });

  it('refuses a malformed month', () => {
    expect(() => defaultMonth(2026, '2026-13')).toThrow(RangeError);
  });
});

describe('the as-of month of the subcommittee view', () => {
  const twelve = (fy: number) => ['04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `${fy}-${m}`).concat(['01', '02', '03'].map((m) => `${fy + 1}-${m}`));

  it('while the year runs: the last finished month (April itself in April), among the twelve', () => {
    expect(asOfOptions(2026, '2026-10')).toEqual(twelve(2026));
    expect(defaultAsOf(2026, null, '2026-10')).toBe('2026-09');
    expect(defaultAsOf(2026, null, '2026-11')).toBe('2026-10');
    expect(defaultAsOf(2026, null, '2026-04')).toBe('2026-04');
    expect(defaultAsOf(2026, null, '2027-01')).toBe('2026-12');
    expect(defaultAsOf(2026, null, '2027-03')).toBe('2027-02');
    expect(defaultAsOf(2026, '2026-06', '2026-10')).toBe('2026-06');
    expect(defaultAsOf(2026, '2025-06', '2026-10')).toBe('2026-09'); // not a month of the year
  });

  it('for a past year: its March', () => {
    expect(asOfOptions(2025, '2026-10')).toEqual(twelve(2025));
    expect(defaultAsOf(2025, null, '2026-10')).toBe('2026-03');
    expect(isBeforeYear(2025, '2026-03')).toBe(false);
  });

  it('before the year has begun: today (nothing due yet), offered before the twelve months', () => {
    // viewing FY2027 drafts in February 2027
    expect(asOfOptions(2027, '2027-02')).toEqual(['2027-02', ...twelve(2027)]);
    expect(defaultAsOf(2027, null, '2027-02')).toBe('2027-02');
    expect(defaultAsOf(2027, '2027-02', '2027-02')).toBe('2027-02');
    expect(defaultAsOf(2027, '2027-05', '2027-02')).toBe('2027-05');
    expect(defaultAsOf(2027, '2026-12', '2027-02')).toBe('2027-02');
    expect(isBeforeYear(2027, '2027-02')).toBe(true);
    expect(isBeforeYear(2027, '2027-04')).toBe(false);
  });

  it('before the year, the roll-up counts nothing due: health none, not 0% behind', () => {
    const plan: Plan = {
      id: 'p1', wardId: 'a', fiscalYear: 2027, title: '計画', status: 'draft', lastYearEfforts: [], findings: [], goals: [], issues: [], notes: '',
      schedule: [{ id: 'r1', title: '毎月の会議', timing: 'everyMonth', months: [] }],
      version: 1, createdAt: '2027-01-10T00:00:00Z', updatedAt: '2027-01-10T00:00:00Z', updatedBy: null,
    };
    const catalog = {
      city: { id: 'c', name: { ja: '市' }, unitName: { ja: '区' }, planTitle: { ja: '計画' }, subcommittee: { name: { ja: '部会' }, meetings: [] }, themes: [], wardIds: ['a'], health: { onTrack: 90, watch: 70 } },
      wards: [{ id: 'a', name: { ja: 'A区' }, councilName: { ja: 'A区自立協' }, meetingTypes: [] }],
    };
    const asOf = defaultAsOf(2027, null, '2027-02');
    const before = computeRollup({ fiscalYear: 2027, asOf, catalog, plans: [plan], progress: [], escalations: [] });
    expect(before.wards[0]).toMatchObject({ due: 0, percent: null, health: 'none' });
    // the old default (the year's April) counted April as due: 0%, behind
    const april = computeRollup({ fiscalYear: 2027, asOf: '2027-04', catalog, plans: [plan], progress: [], escalations: [] });
    expect(april.wards[0]).toMatchObject({ due: 1, percent: 0, health: 'behind' });
  });
});

describe('month dates', () => {
  it('first and last day of a month of the fiscal year, January–March in the next calendar year', () => {
    expect(monthDates(2026, 4)).toEqual({ first: '2026-04-01', last: '2026-04-30' });
    expect(monthDates(2026, 12)).toEqual({ first: '2026-12-01', last: '2026-12-31' });
    expect(monthDates(2026, 2)).toEqual({ first: '2027-02-01', last: '2027-02-28' });
    expect(monthDates(2027, 2)).toEqual({ first: '2028-02-01', last: '2028-02-29' });
    expect(daysInMonth(2024, 2)).toBe(29);
  });
});
