/**
 * Attendance ticking on the month page: the ward's registry and the plan's attendance, loaded once per
 * plan and shared by every record's ticker.
 */
import type { Attendance, Office } from '../../../../schemas/types';
import { networkApi } from './network-api';

interface PlanAttendance {
  offices: Office[];
  records: Map<string, Attendance>;
}

const cache = new Map<string, Promise<PlanAttendance>>();

export function attendanceKey(rowId: string, month: number): string {
  return `${rowId}/${month}`;
}

/** The registry of the plan's ward and the plan's attendance records (one request each, shared). */
export function planAttendance(planId: string, wardId: string): Promise<PlanAttendance> {
  let found = cache.get(planId);
  if (!found) {
    found = Promise.all([networkApi.offices(wardId), networkApi.attendance(planId)]).then(([offices, records]) => ({
      offices,
      records: new Map(records.map((r) => [attendanceKey(r.rowId, r.month), r])),
    }));
    // A failed load is not kept: the next ticker asks again.
    found.catch(() => cache.delete(planId));
    cache.set(planId, found);
  }
  return found;
}

export async function saveTicks(planId: string, wardId: string, rowId: string, month: number, officeIds: string[]): Promise<Attendance> {
  const state = await planAttendance(planId, wardId);
  const before = state.records.get(attendanceKey(rowId, month));
  const saved = await networkApi.saveAttendance(planId, rowId, month, officeIds, before?.version ?? null);
  state.records.set(attendanceKey(rowId, month), saved);
  return saved;
}

/** Offices a meeting on `date` could have had: open that day, or already ticked. */
export function candidates(offices: Office[], date: string, ticked: Set<string>): Office[] {
  return offices.filter((o) => ticked.has(o.id) || ((o.openedOn === null || o.openedOn <= date) && (o.closedOn === null || o.closedOn > date)));
}
