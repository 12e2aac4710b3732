/**
 * Participation of the office network (docs/network.md): which offices took part in a ward's meetings,
 * the rate per meeting and per period, the offices never reached, the new offices and whether each was
 * reached. Pure: registry + attendance + visits in, figures out.
 *
 * The rate of a period = offices of the counted kinds that attended at least once ÷ offices of those kinds
 * open at some time in the period. A meeting's rate = counted offices ticked ÷ counted offices open on
 * its date. A meeting without attendance recorded is not a meeting of these figures at all (its typed-in
 * numbers, if any, stay as they were); a meeting recorded with nobody ticked counts with 0 attended.
 */
import type { MeetingType, Participation, ParticipationFigure, ProgressRecord, VisitCoverage } from '../../schemas/types.js';
import { type OfficeDates, isNewDuring, isOpenDuring, isOpenOn } from './offices.js';
import { monthDates } from './fiscal-year.js';

export interface RegistryOffice extends OfficeDates {
  id: string;
  kind: string;
}

export interface AttendedMeeting {
  rowId: string;
  month: number;
  /** When it was held (the record's date, else the fixed date, else the month's last day). */
  date: string;
  officeIds: string[];
}

export interface OfficeContact {
  officeId: string;
  date: string;
}

export interface Period {
  from: string;
  to: string;
}

export interface ParticipationInput {
  offices: RegistryOffice[];
  meetings: AttendedMeeting[];
  visits: OfficeContact[];
  period: Period;
  participationKinds: string[];
  newOfficeYears: number;
}

/** attended ÷ open to four decimals; null when nothing was open. */
export function ratio(attended: number, open: number): number | null {
  return open === 0 ? null : Math.round((attended / open) * 10000) / 10000;
}

function within(date: string, period: Period): boolean {
  return date >= period.from && date <= period.to;
}

/** The fiscal year from April 1 to the last day of `month` (a calendar month 1–12 of that year). */
export function periodUpTo(fiscalYear: number, month: number): Period {
  return { from: `${fiscalYear}-04-01`, to: monthDates(fiscalYear, month).last };
}

export function wholeYear(fiscalYear: number): Period {
  return periodUpTo(fiscalYear, 3);
}

/** The year's (or period's) figure alone: used for this year and, computed the same way, for the trend. */
export function participationFigure(input: Omit<ParticipationInput, 'visits' | 'newOfficeYears'>): ParticipationFigure & { attendedIds: Set<string>; openIds: string[] } {
  const counted = input.offices.filter((o) => input.participationKinds.includes(o.kind));
  const open = counted.filter((o) => isOpenDuring(o, input.period.from, input.period.to));
  const openIds = new Set(open.map((o) => o.id));
  const attendedIds = new Set<string>();
  for (const m of input.meetings) {
    if (!within(m.date, input.period)) continue;
    for (const id of m.officeIds) if (openIds.has(id)) attendedIds.add(id);
  }
  return { rate: ratio(attendedIds.size, open.length), attended: attendedIds.size, open: open.length, attendedIds, openIds: open.map((o) => o.id) };
}

export function computeParticipation(input: ParticipationInput): Omit<Participation, 'trend'> {
  const figure = participationFigure(input);
  const counted = input.offices.filter((o) => input.participationKinds.includes(o.kind));
  const countedIds = new Set(counted.map((o) => o.id));
  const visited = new Set(input.visits.filter((v) => within(v.date, input.period)).map((v) => v.officeId));

  const meetings = input.meetings
    .filter((m) => within(m.date, input.period))
    .sort((a, b) => a.date.localeCompare(b.date) || a.rowId.localeCompare(b.rowId))
    .map((m) => {
      const openOnDay = counted.filter((o) => isOpenOn(o, m.date)).length;
      const attended = new Set(m.officeIds.filter((id) => countedIds.has(id))).size;
      return { rowId: m.rowId, month: m.month, date: m.date, attended, open: openOnDay, rate: ratio(attended, openOnDay) };
    });

  const neverReached = figure.openIds.filter((id) => !figure.attendedIds.has(id) && !visited.has(id));
  const newOffices = counted
    .filter((o) => isOpenDuring(o, input.period.from, input.period.to) && isNewDuring(o, input.period.from, input.period.to, input.newOfficeYears))
    .map((o) => ({ officeId: o.id, openedOn: o.openedOn!, attended: figure.attendedIds.has(o.id), visited: visited.has(o.id) }))
    .sort((a, b) => a.openedOn.localeCompare(b.openedOn));

  return { rate: figure.rate, attended: figure.attended, open: figure.open, neverReached, meetings, newOffices };
}

/** Visit coverage: counted offices open in the period that were visited, heard or supervised at least once. */
export function visitCoverage(input: { offices: RegistryOffice[]; visits: OfficeContact[]; period: Period; participationKinds: string[] }): VisitCoverage {
  const open = input.offices.filter((o) => input.participationKinds.includes(o.kind) && isOpenDuring(o, input.period.from, input.period.to));
  const visited = new Set(input.visits.filter((v) => within(v.date, input.period)).map((v) => v.officeId));
  const reached = open.filter((o) => visited.has(o.id));
  return { rate: ratio(reached.length, open.length), visited: reached.length, open: open.length, notVisited: open.filter((o) => !visited.has(o.id)).map((o) => o.id) };
}

/** The date a meeting counts on: when it was held, else the fixed date, else the month's last day. */
export function meetingDate(fiscalYear: number, month: number, heldOn: string | null | undefined, fixedOn: string | null | undefined): string {
  return heldOn ?? fixedOn ?? monthDates(fiscalYear, month).last;
}

/**
 * Where a meeting type declares attendanceFields, a record with attendance gets those fields from the
 * attendance (attended = counted offices ticked, open = counted offices open on the meeting date), so the
 * plugin's metrics follow the registry. Records without attendance keep their typed-in numbers.
 */
export function overlayAttendance(
  records: ProgressRecord[],
  attendance: Map<string, AttendedMeeting>,
  meetingTypeOf: (record: ProgressRecord) => MeetingType | undefined,
  offices: RegistryOffice[],
  participationKinds: string[],
): ProgressRecord[] {
  const counted = offices.filter((o) => participationKinds.includes(o.kind));
  const countedIds = new Set(counted.map((o) => o.id));
  return records.map((r) => {
    const fields = meetingTypeOf(r)?.attendanceFields;
    const meeting = attendance.get(attendanceKey(r.planId, r.rowId, r.month));
    if (!fields || !meeting) return r;
    const attended = new Set(meeting.officeIds.filter((id) => countedIds.has(id))).size;
    const open = counted.filter((o) => isOpenOn(o, meeting.date)).length;
    return { ...r, extra: { ...r.extra, [fields.attended]: attended, [fields.open]: open } };
  });
}

export function attendanceKey(planId: string, rowId: string, month: number): string {
  return `${planId}/${rowId}/${month}`;
}

/**
 * The year's network figures as lines for the next year's draft ("last year's efforts"), in Japanese as
 * the plan document is written. For the drafting step to append; nothing here names an office.
 */
export function effortLines(p: Pick<Participation, 'rate' | 'attended' | 'open' | 'newOffices' | 'neverReached'>, coverage?: VisitCoverage): string[] {
  const pct = (r: number | null) => (r === null ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);
  const lines: string[] = [];
  if (p.open > 0) lines.push(`年度内に1回以上会議体に参加した指定特定相談支援事業所は${p.open}事業所中${p.attended}事業所(${pct(p.rate)})であった。`);
  if (p.newOffices.length) {
    const reached = p.newOffices.filter((n) => n.attended || n.visited).length;
    lines.push(`新規開設事業所 ${p.newOffices.length}か所のうち ${reached}か所と会議・訪問等で接点を持った。`);
  }
  if (coverage && coverage.open > 0) lines.push(`事業所への訪問・ヒアリング等を${coverage.visited}/${coverage.open}事業所(${pct(coverage.rate)})で行った。`);
  if (p.open > 0 && p.neverReached.length) lines.push(`年度内に会議参加・訪問のいずれもなかった事業所は${p.neverReached.length}か所であった。`);
  return lines;
}
