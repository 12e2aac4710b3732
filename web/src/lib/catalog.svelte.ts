/** The city and its wards (from the plugins), loaded once after login. */
import type { City, MeetingType, Ward } from '../../../schemas/types';
import { api } from './api';

export const catalog = $state<{ city: City | null; wards: Ward[]; loaded: boolean }>({ city: null, wards: [], loaded: false });

let pending: Promise<void> | null = null;

/** Loads the catalog; a call while it is on its way joins it (the boot and the App's effect may both ask). */
export function loadCatalog(): Promise<void> {
  pending ??= Promise.all([api.get<City>('/api/city'), api.get<Ward[]>('/api/wards')])
    .then(([city, wards]) => {
      catalog.city = city;
      catalog.wards = wards;
      catalog.loaded = true;
    })
    .finally(() => (pending = null));
  return pending;
}

/** The catalog the server rendered the page with (boot.ts, hydrating a page from web/src/ssr.ts). */
export function setCatalog(city: City, wards: Ward[]): void {
  catalog.city = city;
  catalog.wards = wards;
  catalog.loaded = true;
}

export function wardById(id: string): Ward | undefined {
  return catalog.wards.find((w) => w.id === id);
}

export function meetingTypeOf(wardId: string, meetingTypeId: string | null | undefined): MeetingType | undefined {
  if (!meetingTypeId) return undefined;
  return wardById(wardId)?.meetingTypes.find((m) => m.id === meetingTypeId);
}
