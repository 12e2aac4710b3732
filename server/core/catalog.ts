/**
 * The catalog: the city, its wards and their meeting types, as the plugins define them. Pure data plus
 * look-ups; the core reads it and never names a ward itself.
 */
import type { City, Ward, MeetingType } from '../../schemas/types.js';

export interface Catalog {
  city: City;
  /** In the order the city plugin names them. */
  wards: Ward[];
}

export function findWard(catalog: Catalog, wardId: string): Ward | undefined {
  return catalog.wards.find((w) => w.id === wardId);
}

export function findMeetingType(catalog: Catalog, wardId: string, meetingTypeId: string): MeetingType | undefined {
  return findWard(catalog, wardId)?.meetingTypes.find((m) => m.id === meetingTypeId);
}

/** The city body a meeting type belongs to: itself when it is a city body, else the body it is based on. */
export function bodyOf(meetingType: MeetingType): string | undefined {
  return meetingType.origin === 'city' ? meetingType.id : meetingType.basedOn;
}
