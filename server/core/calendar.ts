/**
 * The public meeting calendar: every scheduled meeting of a ward's plan, from its rows and months, with the
 * date, time and place once fixed. Only what a meeting's name, date, time and place say is public — the
 * meeting type's name stands for the row, so nothing a ward wrote in its plan (row titles, notes, issues)
 * ever reaches the page or the feed.
 */
import type { CalendarEvent, MeetingType, ScheduleRow } from '../../schemas/types.js';
import { FISCAL_MONTHS, yearMonthOf } from './fiscal-year.js';

export interface CalendarPlan {
  wardId: string;
  fiscalYear: number;
  schedule: Pick<ScheduleRow, 'id' | 'timing' | 'months' | 'meetingTypeId'>[];
}

export interface FixedDate {
  rowId: string;
  month: number;
  date: string;
  startTime: string | null;
  endTime: string | null;
  place: string;
}

/** A meeting's identity in every calendar program: stable across requests, edits of its date and restarts. */
export function eventUid(cityId: string, wardId: string, fiscalYear: number, rowId: string, month: number): string {
  return `${wardId}-${fiscalYear}-${rowId}-${month}@${cityId}.council-planner`;
}

/** The months a row is planned in. */
function plannedMonths(row: CalendarPlan['schedule'][number]): number[] {
  if (row.timing === 'everyMonth') return [...FISCAL_MONTHS];
  if (row.timing === 'asNeeded') return [];
  return row.months;
}

/**
 * The public events of one plan, in fiscal-month order then date: rows that name a meeting type, in their
 * planned months and in any month a date was fixed for (an as-needed meeting once scheduled).
 */
export function planEvents(cityId: string, plan: CalendarPlan, meetingTypeOf: (id: string) => MeetingType | undefined, fixed: FixedDate[]): CalendarEvent[] {
  const events: CalendarEvent[] = [];
  for (const row of plan.schedule) {
    if (!row.meetingTypeId) continue;
    const type = meetingTypeOf(row.meetingTypeId);
    // A type the plugin keeps off the public calendar (a visit to one office, individual supervision):
    // its rows are work, not meetings anyone else comes to, and some name the office or the person.
    if (!type || type.publicCalendar === false) continue;
    const months = new Set([...plannedMonths(row), ...fixed.filter((f) => f.rowId === row.id).map((f) => f.month)]);
    for (const month of months) {
      const f = fixed.find((x) => x.rowId === row.id && x.month === month);
      events.push({
        uid: eventUid(cityId, plan.wardId, plan.fiscalYear, row.id, month),
        wardId: plan.wardId,
        name: type.name,
        month,
        yearMonth: yearMonthOf(plan.fiscalYear, month),
        date: f?.date ?? null,
        startTime: f?.startTime ?? null,
        endTime: f?.endTime ?? null,
        place: f ? f.place || null : null,
      });
    }
  }
  return sortEvents(events);
}

export function sortEvents(events: CalendarEvent[]): CalendarEvent[] {
  return events.sort(
    (a, b) =>
      a.yearMonth.localeCompare(b.yearMonth) ||
      (a.date ?? '9999').localeCompare(b.date ?? '9999') ||
      (a.startTime ?? '99').localeCompare(b.startTime ?? '99') ||
      a.uid.localeCompare(b.uid),
  );
}

/** Whether a fixed date belongs to the row's month of the fiscal year (a May meeting cannot be fixed in June). */
export function dateFitsMonth(fiscalYear: number, month: number, date: string): boolean {
  return date.slice(0, 7) === yearMonthOf(fiscalYear, month);
}

