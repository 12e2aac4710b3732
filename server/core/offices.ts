/**
 * The office registry's rules: which kinds of office a city knows, when an office is open, when it counts
 * as new, and what makes a record of an office inconsistent. Offices are organisations; nothing here
 * describes a person. Dates are ISO `YYYY-MM-DD` strings, which compare correctly as text.
 */
import type { City, FieldError, LocalizedText, OfficeFields } from '../../schemas/types.js';
import { fieldError } from './errors.js';

export interface OfficeKind {
  id: string;
  name: LocalizedText;
}

/** The kinds every city has; a city plugin may add its own (settings.network.officeKinds). */
export const BASE_OFFICE_KINDS: readonly OfficeKind[] = [
  { id: 'designated', name: { ja: '指定特定相談支援事業所', en: 'Designated consultation office' } },
  { id: 'commissioned', name: { ja: '委託相談支援事業所', en: 'Commissioned consultation office' } },
  { id: 'core-centre', name: { ja: '基幹相談支援センター', en: 'Core consultation support centre' } },
  { id: 'houkatsu', name: { ja: '地域包括支援センター', en: 'Community general support centre' } },
  { id: 'other', name: { ja: 'その他', en: 'Other' } },
];

export interface NetworkRules {
  /** An office is new for this many years after it opened. */
  newOfficeYears: number;
  /** A status-sheet answer older than this many days is stale. */
  staleAfterDays: number;
  kinds: OfficeKind[];
  /** Kinds counted in participation, never-reached and visit coverage. */
  participationKinds: string[];
}

export const DEFAULT_NEW_OFFICE_YEARS = 2;
export const DEFAULT_STALE_AFTER_DAYS = 90;

/** The city's network settings with defaults filled in. */
export function networkRules(city: Pick<City, 'network'>): NetworkRules {
  const s = city.network ?? {};
  const extra = (s.officeKinds ?? []).filter((k) => !BASE_OFFICE_KINDS.some((b) => b.id === k.id));
  return {
    newOfficeYears: s.newOfficeYears ?? DEFAULT_NEW_OFFICE_YEARS,
    staleAfterDays: s.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS,
    kinds: [...BASE_OFFICE_KINDS, ...extra],
    participationKinds: s.participationKinds ?? ['designated'],
  };
}

/** The dates of an office that decide whether it is open or new. */
export interface OfficeDates {
  openedOn: string | null;
  closedOn: string | null;
}

/** Open on `date`: opened on or before it (or opening date unknown) and not yet suspended/closed. */
export function isOpenOn(office: OfficeDates, date: string): boolean {
  return (office.openedOn === null || office.openedOn <= date) && (office.closedOn === null || office.closedOn > date);
}

/** Open at some time in [from, to] (both inclusive). */
export function isOpenDuring(office: OfficeDates, from: string, to: string): boolean {
  return (office.openedOn === null || office.openedOn <= to) && (office.closedOn === null || office.closedOn > from);
}

/** `YYYY-MM-DD` + n years (29 February stays a text date that still compares correctly). */
export function addYears(date: string, years: number): string {
  return `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4)}`;
}

/**
 * New on `date`: opened at most `years` years earlier (the day it turns `years` years old it is no longer
 * new). An office whose opening date is unknown is never new.
 */
export function isNewOn(office: OfficeDates, date: string, years: number): boolean {
  return office.openedOn !== null && office.openedOn <= date && date < addYears(office.openedOn, years);
}

/** Whether the office was new at any time in [from, to] (a new office of this year, as the plans mean it). */
export function isNewDuring(office: OfficeDates, from: string, to: string, years: number): boolean {
  return office.openedOn !== null && office.openedOn <= to && addYears(office.openedOn, years) > from;
}

/** Consistency of one office record beyond what its JSON Schema checks; `pointer` prefixes the paths. */
export function checkOffice(fields: OfficeFields, rules: NetworkRules, pointer = ''): FieldError[] {
  const problems: FieldError[] = [];
  if (!rules.kinds.some((k) => k.id === fields.kind)) {
    const known = rules.kinds.map((k) => k.id).join(', ');
    problems.push(fieldError(`${pointer}/kind`, `"${fields.kind}" is not an office kind of this city (${known})`, `「${fields.kind}」はこの市の事業所種別にありません(${known})`));
  }
  const closedOn = fields.closedOn ?? null;
  const closure = fields.closure ?? null;
  if (closedOn && fields.openedOn && closedOn < fields.openedOn) {
    problems.push(fieldError(`${pointer}/closedOn`, 'must not be before the opening date', '開設日より前にはできません'));
  }
  if (closedOn && !closure) problems.push(fieldError(`${pointer}/closure`, 'say whether the office was suspended or closed', '休止か廃止かを選んでください'));
  if (!closedOn && closure) problems.push(fieldError(`${pointer}/closedOn`, 'give the date of the suspension or closure', '休止・廃止の日付を入力してください'));
  const staff = fields.staffCount ?? null;
  if (fields.onePerson && staff !== null && staff > 1) {
    problems.push(fieldError(`${pointer}/staffCount`, 'a one-person office has one consultation specialist', '一人事業所の相談支援専門員は1人です'));
  }
  if (staff !== null && fields.fte !== undefined && fields.fte !== null && fields.fte > staff) {
    problems.push(fieldError(`${pointer}/fte`, 'the full-time equivalent cannot exceed the head-count', '常勤換算数は人数を超えられません'));
  }
  return problems;
}
