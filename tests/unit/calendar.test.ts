/** Public calendar events from plan rows, and the iCalendar feed parsed back by an independent parser (ical.js). */
import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import type { MeetingType } from '../../schemas/types.js';
import { type CalendarPlan, dateFitsMonth, planEvents } from '../../server/core/calendar.js';
import { writeIcs } from '../../server/formats/ics.js';

const LONG = '相談支援事業所等連絡会議(事例検討・ちょこっとケースレビュー・新規開設事業所との顔つなぎを含む)';
const TYPES: Record<string, MeetingType> = {
  liaison: { id: 'liaison', name: { ja: LONG, en: 'Liaison meeting' }, cadence: { kind: 'timesPerYear', times: 3 }, defaultMonths: [], themes: [], origin: 'ward' },
  steering: { id: 'steering', name: { ja: '運営会議' }, cadence: { kind: 'monthly' }, defaultMonths: [], themes: [], origin: 'city' },
  visit: { id: 'visit', name: { ja: '新規事業所訪問' }, cadence: { kind: 'asNeeded' }, defaultMonths: [], themes: [], origin: 'ward' },
};
const PLAN: CalendarPlan = {
  wardId: 'aoba',
  fiscalYear: 2026,
  schedule: [
    { id: 'r1', timing: 'months', months: [6, 1], meetingTypeId: 'liaison' },
    { id: 'r2', timing: 'everyMonth', months: [], meetingTypeId: 'steering' },
    { id: 'r3', timing: 'asNeeded', months: [], meetingTypeId: 'visit' },
    { id: 'r4', timing: 'months', months: [5], meetingTypeId: null },
  ],
};
const FIXED = [
  { rowId: 'r1', month: 6, date: '2026-06-18', startTime: '13:30', endTime: '15:30', place: '区役所 4階 第1会議室' },
  { rowId: 'r3', month: 9, date: '2026-09-03', startTime: null, endTime: null, place: '' },
];

describe('planEvents', () => {
  const events = planEvents('sendai', PLAN, (id) => TYPES[id], FIXED);

  it('lists meeting rows in their planned months and fixed as-needed months, in order', () => {
    expect(events.filter((e) => e.uid.includes('-r1-')).map((e) => e.yearMonth)).toEqual(['2026-06', '2027-01']);
    expect(events.filter((e) => e.uid.includes('-r2-'))).toHaveLength(12);
    expect(events.filter((e) => e.uid.includes('-r3-')).map((e) => e.date)).toEqual(['2026-09-03']);
    expect(events.some((e) => e.uid.includes('-r4-'))).toBe(false);
    expect(events.map((e) => e.yearMonth)).toEqual([...events.map((e) => e.yearMonth)].sort());
  });

  it('leaves out the rows of a meeting type the plugin keeps off the public calendar, even with a fixed date', () => {
    const types: Record<string, MeetingType> = { ...TYPES, visit: { ...TYPES.visit!, publicCalendar: false } };
    const kept = planEvents('sendai', PLAN, (id) => types[id], FIXED);
    expect(kept.some((e) => e.uid.includes('-r3-'))).toBe(false);
    expect(kept).toEqual(events.filter((e) => !e.uid.includes('-r3-')));
  });

  it('names a meeting by its meeting type and carries date, time and place once fixed', () => {
    const june = events.find((e) => e.uid === 'aoba-2026-r1-6@sendai.council-planner')!;
    expect(june).toEqual({ uid: 'aoba-2026-r1-6@sendai.council-planner', wardId: 'aoba', name: TYPES.liaison!.name, month: 6, yearMonth: '2026-06', date: '2026-06-18', startTime: '13:30', endTime: '15:30', place: '区役所 4階 第1会議室' });
    expect(events.find((e) => e.uid === 'aoba-2026-r1-1@sendai.council-planner')).toMatchObject({ date: null, startTime: null, place: null });
  });

  it('checks a fixed date against the row month of the fiscal year', () => {
    expect(dateFitsMonth(2026, 1, '2027-01-15')).toBe(true);
    expect(dateFitsMonth(2026, 1, '2026-01-15')).toBe(false);
  });
});

describe('writeIcs', () => {
  const events = planEvents('sendai', PLAN, (id) => TYPES[id], FIXED);
  const ics = writeIcs(events, { name: '青葉区 会議予定', stamp: new Date('2026-10-01T01:02:03Z'), prodId: { company: 'council-planner', product: 'sendai' }, wardNames: new Map([['aoba', { ja: '青葉区' }]]) });

  it('is CRLF-terminated, folded at 75 octets without splitting a character', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = ics.split('\r\n').slice(0, -1);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
    // Folded at all, and every fold keeps whole characters: unfolding gives the name back exactly.
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
    expect(ics.includes('\uFFFD')).toBe(false);
    expect(ics.replace(/\r\n /g, '')).toContain(`SUMMARY:${LONG}(青葉区)`);
  });

  it('parses back with ical.js: one event per fixed date, Tokyo time, stable UID', () => {
    const comp = new ICAL.Component(ICAL.parse(ics));
    const vevents = comp.getAllSubcomponents('vevent');
    expect(vevents).toHaveLength(2);
    // The feed's own VTIMEZONE is what converts its times (no timezone database involved).
    const vtz = comp.getFirstSubcomponent('vtimezone')!;
    expect(vtz.getFirstPropertyValue('tzid')).toBe('Asia/Tokyo');
    ICAL.TimezoneService.register(vtz);
    const juneComp = vevents.find((v) => v.getFirstPropertyValue('uid') === 'aoba-2026-r1-6@sendai.council-planner')!;
    const june = new ICAL.Event(juneComp);
    expect(june.summary).toBe(`${LONG}(青葉区)`);
    expect(june.location).toBe('区役所 4階 第1会議室');
    expect(juneComp.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Asia/Tokyo');
    expect(june.startDate.toString()).toBe('2026-06-18T13:30:00');
    // 13:30 in Tokyo is 04:30 UTC.
    expect(june.startDate.toJSDate().toISOString()).toBe('2026-06-18T04:30:00.000Z');
    expect(june.endDate.toString()).toBe('2026-06-18T15:30:00');
    const allDay = new ICAL.Event(vevents.find((v) => String(v.getFirstPropertyValue('uid')).includes('-r3-9@'))!);
    expect(allDay.startDate.isDate).toBe(true);
    expect(allDay.startDate.toString()).toBe('2026-09-03');
    expect(comp.getFirstPropertyValue('version')).toBe('2.0');
    expect(String(comp.getFirstPropertyValue('prodid'))).toContain('council-planner');
  });

  it('is the same text for the same data (stable UID and DTSTAMP)', () => {
    const again = writeIcs(planEvents('sendai', PLAN, (id) => TYPES[id], FIXED), { name: '青葉区 会議予定', stamp: new Date('2026-10-01T01:02:03Z'), prodId: { company: 'council-planner', product: 'sendai' }, wardNames: new Map([['aoba', { ja: '青葉区' }]]) });
    expect(again).toBe(ics);
    expect(ics).toContain('DTSTAMP:20261001T010203Z');
  });
});
