/** Participation, never-reached, new offices and visit coverage against hand-computed cases. */
import { describe, expect, it } from 'vitest';
import type { MeetingType, ProgressRecord } from '../../schemas/types.js';
import { type AttendedMeeting, type RegistryOffice, computeParticipation, effortLines, overlayAttendance, participationFigure, periodUpTo, ratio, visitCoverage } from '../../server/core/participation.js';
import { addYears, checkOffice, isNewOn, isOpenDuring, isOpenOn, networkRules } from '../../server/core/offices.js';

const o = (id: string, openedOn: string | null, closedOn: string | null = null, kind = 'designated'): RegistryOffice => ({ id, kind, openedOn, closedOn });

// FY2026 up to September: 2026-04-01 … 2026-09-30.
const OFFICES: RegistryOffice[] = [
  o('A', '2015-04-01'),
  o('B', '2025-10-01'), // new (opened within two years), never attends, visited in June
  o('C', '2026-09-01'), // opens during the year, attends in September
  o('D', '2014-04-01', '2026-06-30'), // closed during the year, never attends
  o('E', '2012-04-01', '2026-03-31'), // closed before the year: not counted
  o('F', '2026-10-15'), // opens after the as-of month: not counted
  o('G', '2010-04-01', null, 'commissioned'), // not a counted kind
  o('H', '2010-04-01'), // open all year, never reached
];
const MEETINGS: AttendedMeeting[] = [
  { rowId: 'r4', month: 7, date: '2026-07-17', officeIds: ['A', 'G'] },
  { rowId: 'r5', month: 8, date: '2026-08-21', officeIds: ['A'] }, // A attends a second time: counted once
  { rowId: 'r4', month: 9, date: '2026-09-18', officeIds: ['A', 'C'] },
  { rowId: 'r4', month: 11, date: '2026-11-20', officeIds: ['H'] }, // after the as-of month
];
const VISITS = [
  { officeId: 'B', date: '2026-06-10' },
  { officeId: 'A', date: '2026-05-01' },
  { officeId: 'G', date: '2026-05-02' },
  { officeId: 'H', date: '2026-11-01' }, // after the period
];
const PERIOD = periodUpTo(2026, 9);
const base = { offices: OFFICES, period: PERIOD, participationKinds: ['designated'], newOfficeYears: 2 };

describe('participation', () => {
  it('counts offices attending at least once over offices open at some time in the period', () => {
    const p = computeParticipation({ ...base, meetings: MEETINGS, visits: VISITS });
    // Open: A, B, C, D, H (E closed before, F opens after, G not counted) = 5; attended A, C = 2.
    expect(PERIOD).toEqual({ from: '2026-04-01', to: '2026-09-30' });
    expect(p.open).toBe(5);
    expect(p.attended).toBe(2);
    expect(p.rate).toBe(0.4);
  });

  it('gives each meeting its own rate over the offices open on its date', () => {
    const p = computeParticipation({ ...base, meetings: MEETINGS, visits: VISITS });
    expect(p.meetings).toEqual([
      // 17 July: A, B, H open (C not yet, D closed on 30 June); A attended (G is not counted).
      { rowId: 'r4', month: 7, date: '2026-07-17', attended: 1, open: 3, rate: 0.3333 },
      { rowId: 'r5', month: 8, date: '2026-08-21', attended: 1, open: 3, rate: 0.3333 },
      // 18 September: C has opened.
      { rowId: 'r4', month: 9, date: '2026-09-18', attended: 2, open: 4, rate: 0.5 },
    ]);
  });

  it('lists the offices never reached: open, never attended, never visited', () => {
    const p = computeParticipation({ ...base, meetings: MEETINGS, visits: VISITS });
    // B never attended but was visited; H's visit falls after the period.
    expect(p.neverReached).toEqual(['D', 'H']);
  });

  it('lists the new offices and whether each was reached', () => {
    const p = computeParticipation({ ...base, meetings: MEETINGS, visits: VISITS });
    expect(p.newOffices).toEqual([
      { officeId: 'B', openedOn: '2025-10-01', attended: false, visited: true },
      { officeId: 'C', openedOn: '2026-09-01', attended: true, visited: false },
    ]);
  });

  it('gives a ward with no meetings yet 0 of its open offices, all never reached', () => {
    const p = computeParticipation({ ...base, meetings: [], visits: [] });
    expect(p).toMatchObject({ rate: 0, attended: 0, open: 5, neverReached: ['A', 'B', 'C', 'D', 'H'], meetings: [] });
  });

  it('has no rate when no office was open', () => {
    expect(computeParticipation({ ...base, offices: [o('Z', '2027-01-01')], meetings: [], visits: [] }).rate).toBeNull();
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(17, 30)).toBe(0.5667);
  });

  it('counts a meeting recorded with nobody ticked as a meeting with 0 attended', () => {
    const p = computeParticipation({ ...base, meetings: [{ rowId: 'r4', month: 7, date: '2026-07-17', officeIds: [] }], visits: [] });
    expect(p.meetings).toEqual([{ rowId: 'r4', month: 7, date: '2026-07-17', attended: 0, open: 3, rate: 0 }]);
    expect(p.attended).toBe(0);
  });

  it('computes a whole earlier year the same way (the trend)', () => {
    const f = participationFigure({ offices: OFFICES, meetings: [{ rowId: 'r1', month: 6, date: '2025-06-10', officeIds: ['A', 'D', 'H'] }], period: periodUpTo(2025, 3), participationKinds: ['designated'] });
    // FY2025 (2025-04-01 … 2026-03-31): A, B (opened Oct 2025), D, E (closed 31 March 2026), H open = 5; A, D, H attended.
    expect([f.attended, f.open, f.rate]).toEqual([3, 5, 0.6]);
  });
});

describe('the meeting without attendance and the typed-in counts', () => {
  const type = { id: 'liaison', attendanceFields: { attended: 'participatingOffices', open: 'invitedOffices' } } as unknown as MeetingType;
  const rec = (rowId: string, month: number, extra: Record<string, unknown>) => ({ planId: 'p', rowId, month, extra }) as unknown as ProgressRecord;

  it('replaces the declared fields where attendance was recorded and keeps old records as typed', () => {
    const records = [rec('r4', 7, { invitedOffices: 30, participatingOffices: 17 }), rec('r4', 9, { invitedOffices: 31, participatingOffices: 18, note: 'x' })];
    const attendance = new Map([['p/r4/9', { rowId: 'r4', month: 9, date: '2026-09-18', officeIds: ['A', 'C', 'G'] }]]);
    const out = overlayAttendance(records, attendance, () => type, OFFICES, ['designated']);
    expect(out[0]!.extra).toEqual({ invitedOffices: 30, participatingOffices: 17 });
    expect(out[1]!.extra).toEqual({ invitedOffices: 4, participatingOffices: 2, note: 'x' });
  });

  it('leaves records of meeting types without attendanceFields alone', () => {
    const records = [rec('r1', 9, { participatingOffices: 5 })];
    const out = overlayAttendance(records, new Map([['p/r1/9', { rowId: 'r1', month: 9, date: '2026-09-01', officeIds: ['A'] }]]), () => ({ id: 'x' }) as MeetingType, OFFICES, ['designated']);
    expect(out[0]).toBe(records[0]);
  });
});

describe('the new-office rule and opening dates', () => {
  it('is new for the city period after opening, up to the day before the anniversary', () => {
    const b = o('B', '2025-10-01');
    expect(isNewOn(b, '2025-09-30', 2)).toBe(false);
    expect(isNewOn(b, '2025-10-01', 2)).toBe(true);
    expect(isNewOn(b, '2027-09-30', 2)).toBe(true);
    expect(isNewOn(b, '2027-10-01', 2)).toBe(false);
    expect(isNewOn(b, '2026-10-01', 1)).toBe(false);
    expect(isNewOn(o('U', null), '2026-10-01', 2)).toBe(false);
    expect(addYears('2024-02-29', 2)).toBe('2026-02-29');
  });

  it('takes the period from the city setting (default two years)', () => {
    expect(networkRules({}).newOfficeYears).toBe(2);
    expect(networkRules({ network: { newOfficeYears: 3 } }).newOfficeYears).toBe(3);
    expect(networkRules({ network: { officeKinds: [{ id: 'employment', name: { ja: '就労系' } }] } }).kinds.map((k) => k.id)).toContain('employment');
  });

  it('is open from its opening day and no longer on its closing day', () => {
    const d = o('D', '2014-04-01', '2026-06-30');
    expect(isOpenOn(d, '2026-06-29')).toBe(true);
    expect(isOpenOn(d, '2026-06-30')).toBe(false);
    expect(isOpenDuring(d, '2026-06-30', '2026-09-30')).toBe(false);
    expect(isOpenDuring(d, '2026-06-29', '2026-09-30')).toBe(true);
  });

  it('finds inconsistent office records', () => {
    const rules = networkRules({});
    const fields = (x: object) => ({ name: 'a', kind: 'designated', ...x });
    expect(checkOffice(fields({ kind: 'nope' }), rules).map((p) => p.path)).toEqual(['/kind']);
    expect(checkOffice(fields({ openedOn: '2026-05-01', closedOn: '2026-04-01', closure: 'closed' }), rules).map((p) => p.path)).toEqual(['/closedOn']);
    expect(checkOffice(fields({ closedOn: '2026-04-01' }), rules).map((p) => p.path)).toEqual(['/closure']);
    expect(checkOffice(fields({ onePerson: true, staffCount: 2 }), rules).map((p) => p.path)).toEqual(['/staffCount']);
    expect(checkOffice(fields({ staffCount: 2, fte: 2.5 }), rules).map((p) => p.path)).toEqual(['/fte']);
    expect(checkOffice(fields({ staffCount: 1, fte: 0.8, onePerson: true }), rules)).toEqual([]);
  });
});

describe('visit coverage', () => {
  it('counts counted offices open in the period that were visited, heard or supervised', () => {
    const c = visitCoverage({ offices: OFFICES, visits: VISITS, period: PERIOD, participationKinds: ['designated'] });
    // Open: A, B, C, D, H; visited in the period: A (hearing), B (visit); G is not counted, H's visit is later.
    expect(c).toEqual({ rate: 0.4, visited: 2, open: 5, notVisited: ['C', 'D', 'H'] });
  });
});

describe('lines for the next year\'s "last year\'s efforts"', () => {
  it('states the rate, new offices reached, visits and offices never reached', () => {
    const p = computeParticipation({ ...base, meetings: MEETINGS, visits: VISITS });
    const c = visitCoverage({ offices: OFFICES, visits: VISITS, period: PERIOD, participationKinds: ['designated'] });
    expect(effortLines(p, c)).toEqual([
      '年度内に1回以上会議体に参加した指定特定相談支援事業所は5事業所中2事業所(40.0%)であった。',
      '新規開設事業所 2か所のうち 2か所と会議・訪問等で接点を持った。',
      '事業所への訪問・ヒアリング等を2/5事業所(40.0%)で行った。',
      '年度内に会議参加・訪問のいずれもなかった事業所は2か所であった。',
    ]);
    expect(effortLines({ rate: null, attended: 0, open: 0, newOffices: [], neverReached: [] })).toEqual([]);
  });
});
