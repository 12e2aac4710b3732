/**
 * State of a ward's network page: its offices, visits and coverage for the year. Components read it and
 * call the actions; every rule (new, open, coverage) is the server's or the shared core's.
 */
import type { Office, VisitList } from '../../../../schemas/types';
import { ApiRequestError } from '../api';
import { catalog } from '../catalog.svelte';
import { i18n, loc } from '../i18n/index.svelte';
import { networkApi, networkRules } from './network-api';

export const registry = $state<{ wardId: string; fiscalYear: number; offices: Office[]; visits: VisitList | null; error: string; loaded: boolean }>({
  wardId: '',
  fiscalYear: 0,
  offices: [],
  visits: null,
  error: '',
  loaded: false,
});

export function messageOf(e: unknown): string {
  return e instanceof ApiRequestError ? e.localized(i18n.lang) : String(e);
}

export async function loadRegistry(wardId: string, fiscalYear: number): Promise<void> {
  registry.wardId = wardId;
  registry.fiscalYear = fiscalYear;
  try {
    const [offices, visits] = await Promise.all([networkApi.offices(wardId), networkApi.visits(wardId, fiscalYear)]);
    registry.offices = offices;
    registry.visits = visits;
    registry.error = '';
  } catch (e) {
    registry.error = messageOf(e);
  }
  registry.loaded = true;
}

export async function reloadVisits(): Promise<void> {
  registry.visits = await networkApi.visits(registry.wardId, registry.fiscalYear);
}

export function replaceOffice(office: Office): void {
  const i = registry.offices.findIndex((o) => o.id === office.id);
  if (i >= 0) registry.offices[i] = office;
  else registry.offices = [...registry.offices, office].sort((a, b) => a.name.localeCompare(b.name, 'ja'));
}

/** The office kinds of the city, as options. */
export function kindOptions(): { id: string; label: string }[] {
  return networkRules(catalog.city ?? {}).kinds.map((k) => ({ id: k.id, label: loc(k.name) }));
}

export function kindLabel(id: string): string {
  return kindOptions().find((k) => k.id === id)?.label ?? id;
}

export function officeName(id: string): string {
  return registry.offices.find((o) => o.id === id)?.name ?? id;
}
