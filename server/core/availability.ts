/**
 * The "who can take new cases" board: every open office with its latest status-sheet answer, stale
 * answers marked (older than the city's staleAfterDays, or never given).
 */
import type { AvailabilityBoard, NewCases } from '../../schemas/types.js';
import { isNewOn, isOpenOn } from './offices.js';

export interface BoardOffice {
  id: string;
  wardId: string;
  name: string;
  kind: string;
  servesChildren: boolean;
  onePerson: boolean;
  openedOn: string | null;
  closedOn: string | null;
  contactRole: string;
  contactPhone: string;
}

export interface BoardSheet {
  officeId: string;
  reportedOn: string;
  createdAt: string;
  newCases: NewCases;
  availableFrom: string | null;
}

/** `date` minus `days` days, as YYYY-MM-DD. */
export function daysBefore(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

export function availabilityBoard(offices: BoardOffice[], sheets: BoardSheet[], on: string, rules: { staleAfterDays: number; newOfficeYears: number }): AvailabilityBoard {
  const latest = new Map<string, BoardSheet>();
  for (const s of sheets) {
    if (s.reportedOn > on) continue;
    const prev = latest.get(s.officeId);
    // The latest report wins; two on one day: the one entered last.
    if (!prev || s.reportedOn > prev.reportedOn || (s.reportedOn === prev.reportedOn && s.createdAt > prev.createdAt)) latest.set(s.officeId, s);
  }
  const staleBefore = daysBefore(on, rules.staleAfterDays);
  return {
    on,
    staleAfterDays: rules.staleAfterDays,
    offices: offices
      .filter((o) => isOpenOn(o, on))
      .map((o) => {
        const s = latest.get(o.id);
        return {
          officeId: o.id,
          wardId: o.wardId,
          name: o.name,
          kind: o.kind,
          servesChildren: o.servesChildren,
          onePerson: o.onePerson,
          isNew: isNewOn(o, on, rules.newOfficeYears),
          newCases: s?.newCases ?? null,
          availableFrom: s?.availableFrom ?? null,
          reportedOn: s?.reportedOn ?? null,
          stale: !s || s.reportedOn < staleBefore,
          contactRole: o.contactRole,
          contactPhone: o.contactPhone,
        };
      }),
  };
}
