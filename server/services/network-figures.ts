/**
 * The network's figures composed from the database and the pure rules: participation and visit coverage
 * per ward (for the roll-up, beside the plan figures), progress records with attendance in place of
 * typed-in counts, the public calendar and the new-case board. Reads only.
 */
import type { Kysely } from 'kysely';
import type { AvailabilityBoard, Attendance, Participation, Plan, ProgressRecord, PublicCalendar, VisitCoverage } from '../../schemas/types.js';
import type { Database } from '../db/database.js';
import type { LoadedPlugins } from '../plugin-host/load-plugins.js';
import { findMeetingType } from '../core/catalog.js';
import { networkRules } from '../core/offices.js';
import { type AttendedMeeting, type Period, attendanceKey, computeParticipation, meetingDate, overlayAttendance, participationFigure, periodUpTo, visitCoverage, wholeYear } from '../core/participation.js';
import { availabilityBoard } from '../core/availability.js';
import { planEvents, sortEvents } from '../core/calendar.js';
import { parseYearMonth } from '../core/fiscal-year.js';
import { attendanceOfYears, lastMeetingDateChange, listOffices, listStatusSheets, listVisits, meetingDatesOfPlans } from '../db/repositories/network.js';
import { plansOfYear } from '../db/repositories/plans.js';
import { progressOfYear } from '../db/repositories/progress.js';

type Db = Kysely<Database>;

/** How many earlier fiscal years the participation trend looks back. */
const TREND_YEARS = 4;

/** The fiscal year up to the as-of month, clamped to the year (before April: the day before it starts). */
export function periodOf(fiscalYear: number, asOf: string): Period {
  const p = parseYearMonth(asOf)!;
  const start = `${fiscalYear}-04`;
  const end = `${fiscalYear + 1}-03`;
  if (asOf < start) return { from: `${fiscalYear}-04-01`, to: `${fiscalYear}-03-31` };
  return periodUpTo(fiscalYear, asOf > end ? 3 : p.month);
}

function meetingsOf(attendance: Attendance[], progress: ProgressRecord[], fixed: Map<string, string>): AttendedMeeting[] {
  const held = new Map(progress.map((r) => [attendanceKey(r.planId, r.rowId, r.month), r.heldOn]));
  return attendance.map((a) => {
    const key = attendanceKey(a.planId, a.rowId, a.month);
    return { rowId: a.rowId, month: a.month, date: meetingDate(a.fiscalYear, a.month, held.get(key), fixed.get(key)), officeIds: a.officeIds, wardId: a.wardId, planId: a.planId };
  });
}

export interface NetworkYear {
  participation: Map<string, Participation>;
  coverage: Map<string, VisitCoverage>;
  /** The year's progress records, with attendance in place of the typed-in counts where a plugin says so. */
  progress: ProgressRecord[];
}

export async function networkYear(db: Db, plugins: LoadedPlugins, fiscalYear: number, asOf: string, plans: Plan[], progress: ProgressRecord[]): Promise<NetworkYear> {
  const rules = networkRules(plugins.catalog.city);
  const period = periodOf(fiscalYear, asOf);
  const [offices, attendance, visits, fixedDates, earlierProgress] = await Promise.all([
    listOffices(db),
    attendanceOfYears(db, fiscalYear - TREND_YEARS, fiscalYear),
    listVisits(db, { from: `${fiscalYear - TREND_YEARS}-04-01`, to: `${fiscalYear + 1}-03-31` }),
    meetingDatesOfPlans(db, plans.map((p) => p.id)),
    Promise.all(Array.from({ length: TREND_YEARS }, (_, i) => progressOfYear(db, fiscalYear - 1 - i))).then((x) => x.flat()),
  ]);
  const fixed = new Map(fixedDates.map((d) => [attendanceKey(d.planId, d.rowId, d.month), d.date]));
  const allMeetings = meetingsOf(attendance, [...progress, ...earlierProgress], fixed) as (AttendedMeeting & { wardId: string; planId: string })[];

  const participation = new Map<string, Participation>();
  const coverage = new Map<string, VisitCoverage>();
  for (const ward of plugins.catalog.wards) {
    const wardOffices = offices.filter((o) => o.wardId === ward.id);
    const meetings = allMeetings.filter((m) => m.wardId === ward.id);
    const contacts = visits.filter((v) => v.wardId === ward.id).map((v) => ({ officeId: v.officeId, date: v.visitedOn }));
    const base = { offices: wardOffices, participationKinds: rules.participationKinds };
    const trend = [];
    for (let y = fiscalYear - TREND_YEARS; y < fiscalYear; y++) {
      const ofYear = meetings.filter((m) => attendance.some((a) => a.planId === m.planId && a.fiscalYear === y));
      if (!ofYear.length) continue;
      const f = participationFigure({ ...base, meetings: ofYear, period: wholeYear(y) });
      trend.push({ fiscalYear: y, rate: f.rate, attended: f.attended, open: f.open });
    }
    participation.set(ward.id, { ...computeParticipation({ ...base, meetings, visits: contacts, period, newOfficeYears: rules.newOfficeYears }), trend });
    coverage.set(ward.id, visitCoverage({ ...base, visits: contacts, period }));
  }

  const thisYear = new Map(allMeetings.filter((m) => plans.some((p) => p.id === m.planId)).map((m) => [attendanceKey(m.planId, m.rowId, m.month), m]));
  const typeOf = (r: ProgressRecord) => findMeetingType(plugins.catalog, r.wardId, plans.find((p) => p.id === r.planId)?.schedule.find((s) => s.id === r.rowId)?.meetingTypeId ?? '');
  // Each ward's records against that ward's registry only.
  const byWard = new Map<string, ProgressRecord[]>();
  for (const r of progress) byWard.set(r.wardId, [...(byWard.get(r.wardId) ?? []), r]);
  const overlaid = [...byWard].flatMap(([wardId, records]) => overlayAttendance(records, thisYear, typeOf, offices.filter((o) => o.wardId === wardId), rules.participationKinds));
  return { participation, coverage, progress: overlaid };
}

/** The public calendar of a fiscal year: every ward's meetings (or one ward's), names/dates/times/places only. */
export async function publicCalendar(db: Db, plugins: LoadedPlugins, fiscalYear: number, wardId?: string): Promise<PublicCalendar> {
  const catalog = plugins.catalog;
  // Drafts are still being written; a ward publishes its schedule by submitting or approving the plan.
  const plans = (await plansOfYear(db, fiscalYear)).filter((p) => p.status === 'submitted' || p.status === 'approved').filter((p) => !wardId || p.wardId === wardId);
  const fixed = await meetingDatesOfPlans(db, plans.map((p) => p.id));
  const events = plans.flatMap((p) =>
    planEvents(catalog.city.id, p, (id) => findMeetingType(catalog, p.wardId, id), fixed.filter((f) => f.planId === p.id)),
  );
  const wards = catalog.wards.filter((w) => !wardId || w.id === wardId).map((w) => ({ id: w.id, name: w.name }));
  return { fiscalYear, cityName: catalog.city.name, unitName: catalog.city.unitName, wards, events: sortEvents(events) };
}

/**
 * The iCalendar feed's content: this fiscal year's and next year's public events, and the time they last
 * changed (every event's DTSTAMP, so an unchanged feed is byte-identical across requests).
 */
export async function calendarFeed(db: Db, plugins: LoadedPlugins, fiscalYear: number, wardId?: string): Promise<{ calendars: PublicCalendar[]; changedAt: string }> {
  const calendars = [await publicCalendar(db, plugins, fiscalYear, wardId), await publicCalendar(db, plugins, fiscalYear + 1, wardId)];
  const plans = [...(await plansOfYear(db, fiscalYear)), ...(await plansOfYear(db, fiscalYear + 1))].filter((p) => !wardId || p.wardId === wardId);
  const stamps = [...plans.map((p) => p.updatedAt), (await lastMeetingDateChange(db, plans.map((p) => p.id))) ?? ''];
  const changedAt = stamps.filter(Boolean).sort().at(-1) ?? `${fiscalYear}-04-01T00:00:00.000Z`;
  return { calendars, changedAt };
}

export async function availability(db: Db, plugins: LoadedPlugins, on: string, filter: { wardId?: string; kind?: string; children?: boolean }): Promise<AvailabilityBoard> {
  const rules = networkRules(plugins.catalog.city);
  const offices = (await listOffices(db, filter.wardId)).filter((o) => (!filter.kind || o.kind === filter.kind) && (filter.children === undefined || o.servesChildren === filter.children));
  const sheets = await listStatusSheets(db, { wardId: filter.wardId });
  const order = new Map(plugins.catalog.wards.map((w, i) => [w.id, i]));
  offices.sort((a, b) => (order.get(a.wardId) ?? 99) - (order.get(b.wardId) ?? 99) || a.name.localeCompare(b.name, 'ja'));
  return availabilityBoard(offices, sheets, on, rules);
}
