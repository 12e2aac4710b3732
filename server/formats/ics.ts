/**
 * iCalendar (RFC 5545) feed of public calendar events, written with ical-generator: CRLF line ends, lines
 * folded at 75 octets without splitting a multi-byte character, times in Asia/Tokyo with its VTIMEZONE.
 * Only the event's name, date, time and place are written (see server/core/calendar.ts).
 */
import ical, { ICalCalendarMethod } from 'ical-generator';
import type { CalendarEvent, LocalizedText } from '../../schemas/types.js';

export const TIMEZONE = 'Asia/Tokyo';

/**
 * Japan has kept UTC+9 without daylight saving since 1951, so one STANDARD block describes the zone
 * completely; writing it ourselves avoids a timezone database download.
 */
const VTIMEZONE = ['BEGIN:VTIMEZONE', `TZID:${TIMEZONE}`, 'BEGIN:STANDARD', 'DTSTART:19700101T000000', 'TZOFFSETFROM:+0900', 'TZOFFSETTO:+0900', 'TZNAME:JST', 'END:STANDARD', 'END:VTIMEZONE'].join('\r\n');

/** A wall-clock time in Tokyo, written as local time with TZID=Asia/Tokyo. */
function tokyo(date: string, time: string): string {
  return `${date}T${time}:00`;
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export interface FeedOptions {
  /** Calendar name shown by calendar programs (X-WR-CALNAME). */
  name: string;
  /** Ward names by id, appended to each event's summary in the city-wide feed. */
  wardNames?: Map<string, LocalizedText>;
  /** DTSTAMP of every event: the feed's data version time, so an unchanged feed is byte-identical. */
  stamp: Date;
  prodId: { company: string; product: string };
}

/** Events without a fixed date are left out: a calendar entry needs a day. */
export function writeIcs(events: CalendarEvent[], options: FeedOptions): string {
  const cal = ical({ name: options.name, prodId: { ...options.prodId, language: 'JA' }, method: ICalCalendarMethod.PUBLISH, timezone: { name: null, generator: (tz) => (tz === TIMEZONE ? VTIMEZONE : null) } });
  for (const e of events) {
    if (!e.date) continue;
    const ward = options.wardNames?.get(e.wardId);
    const summary = ward ? `${e.name.ja}(${ward.ja})` : e.name.ja;
    const timed = e.startTime !== null;
    const start = timed ? tokyo(e.date, e.startTime!) : e.date;
    const end = timed ? tokyo(e.date, e.endTime ?? e.startTime!) : nextDay(e.date);
    cal.createEvent({
      id: e.uid,
      summary,
      start,
      end: timed && e.endTime === null ? undefined : end,
      allDay: !timed,
      timezone: timed ? TIMEZONE : null,
      location: e.place ?? undefined,
      stamp: options.stamp,
    });
  }
  // RFC 5545: every content line, the last included, ends with CRLF.
  return `${cal.toString()}\r\n`;
}
