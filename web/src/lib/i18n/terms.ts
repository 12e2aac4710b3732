/**
 * What the city calls one of its units and its citywide subcommittee — 区 / Ward and 地域部会 in Sendai,
 * エリア / Area and 相談支援部会 in Toyonaka — come from the city plugin (`catalog.city.unitName`,
 * `catalog.city.subcommittee.name`), never from the interface's own texts. The dictionaries write them as
 * placeholders that every translator fills in (see `translator`):
 *
 * | placeholder | ja | en |
 * |---|---|---|
 * | `{unit}`  | 区 | ward (in a sentence) |
 * | `{Unit}`  | 区 | Ward (a label, the start of a sentence) |
 * | `{units}` | 区 | wards |
 * | `{body}`  | 地域部会 | Regional subcommittee |
 */
import { catalog } from '../catalog.svelte';
import { i18n, loc } from './index.svelte';

/** Before the catalog is loaded (the login page): the plugin loader's default unit name, and a plain word. */
const FALLBACK = {
  unit: { ja: '区', en: 'Ward' },
  body: { ja: '部会', en: 'Subcommittee' },
};

/** The unit's name as the city writes it: 区 / Ward, エリア / Area. */
export function unitName(): string {
  return loc(catalog.city?.unitName) || loc(FALLBACK.unit);
}

/** The subcommittee's name: 地域部会 / Regional subcommittee, 相談支援部会 / Consultation support subcommittee. */
export function subcommitteeName(): string {
  return loc(catalog.city?.subcommittee.name) || loc(FALLBACK.body);
}

/** "Ward" → "ward" (an acronym such as "NPO" stays as it is). */
export function lowerFirst(word: string): string {
  return /^[A-Z][a-z]/.test(word) ? word[0]!.toLowerCase() + word.slice(1) : word;
}

/** English plural of a unit name: ward → wards, area → areas, city → cities, parish → parishes. */
export function plural(word: string): string {
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${word}es`;
  return `${word}s`;
}

/** The values of the placeholders above, in the interface language. */
export function terms(): Record<'unit' | 'Unit' | 'units' | 'body', string> {
  const unit = unitName();
  const body = subcommitteeName();
  if (i18n.lang === 'ja') return { unit, Unit: unit, units: unit, body };
  const lower = lowerFirst(unit);
  return { unit: lower, Unit: unit, units: plural(lower), body };
}
