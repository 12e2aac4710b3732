/** The city and its wards (from the plugins), loaded once after login. */
import type { City, MeetingType, Ward } from '../../../schemas/types';
import { api } from './api';

export const catalog = $state<{ city: City | null; wards: Ward[]; loaded: boolean }>({ city: null, wards: [], loaded: false });

export async function loadCatalog(): Promise<void> {
  const [city, wards] = await Promise.all([api.get<City>('/api/city'), api.get<Ward[]>('/api/wards')]);
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
