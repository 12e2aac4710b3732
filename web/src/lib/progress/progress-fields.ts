/**
 * A meeting type's extra progress fields, read from the JSON Schema its plugin declares
 * (`meetingTypes[].progressFields`), as simple descriptors a form can render: integer/number → number
 * input, string → text, string enum → select, boolean → checkbox. Labels come from "x-label" and
 * "x-enum-labels". The server validates the values with the full schema; this only shapes the form.
 */
import type { LocalizedText, MeetingType } from '../../../../schemas/types';

export type ExtraFieldKind = 'integer' | 'number' | 'text' | 'enum' | 'boolean';

export interface ExtraFieldSpec {
  key: string;
  kind: ExtraFieldKind;
  label: LocalizedText;
  min?: number;
  max?: number;
  /** A maximum given by another field ({"$data": "1/otherField"}): that field's key. */
  maxFromField?: string;
  maxLength?: number;
  options?: { value: string; label: LocalizedText }[];
}

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function localized(v: unknown): LocalizedText | undefined {
  if (isObject(v) && typeof v.ja === 'string') return { ja: v.ja, en: typeof v.en === 'string' ? v.en : undefined };
  return undefined;
}

function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** "1/invitedOffices" (a sibling field) → "invitedOffices". */
function siblingOf(v: unknown): string | undefined {
  if (!isObject(v) || typeof v.$data !== 'string') return undefined;
  const m = /^1\/([^/]+)$/.exec(v.$data);
  return m ? m[1] : undefined;
}

function typeOf(prop: JsonObject): string | undefined {
  if (typeof prop.type === 'string') return prop.type;
  if (Array.isArray(prop.type)) return prop.type.find((t) => t !== 'null') as string | undefined;
  return undefined;
}

/** The form fields of one property of the schema, or null when it has a shape the form cannot edit. */
function fieldOf(key: string, prop: JsonObject): ExtraFieldSpec | null {
  const label = localized(prop['x-label']) ?? { ja: key };
  const type = typeOf(prop);
  if (type === 'integer' || type === 'number') {
    return { key, kind: type, label, min: finite(prop.minimum), max: finite(prop.maximum), maxFromField: siblingOf(prop.maximum) };
  }
  if (type === 'boolean') return { key, kind: 'boolean', label };
  if (type === 'string' && Array.isArray(prop.enum)) {
    const labels = isObject(prop['x-enum-labels']) ? prop['x-enum-labels'] : {};
    const options = prop.enum.filter((v): v is string => typeof v === 'string').map((value) => ({ value, label: localized(labels[value]) ?? { ja: value } }));
    return { key, kind: 'enum', label, options };
  }
  if (type === 'string') return { key, kind: 'text', label, maxLength: finite(prop.maxLength) };
  return null;
}

/** The extra fields of a meeting type in the order its schema lists them (none when it has no schema). */
export function extraFieldsOf(meetingType: MeetingType | undefined): ExtraFieldSpec[] {
  const schema = meetingType?.progressFields;
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const out: ExtraFieldSpec[] = [];
  for (const [key, prop] of Object.entries(schema.properties)) {
    if (!isObject(prop)) continue;
    const field = fieldOf(key, prop);
    if (field) out.push(field);
  }
  return out;
}

/** A stored extra value as text for read-only display. */
export function extraValueText(field: ExtraFieldSpec, value: unknown, lang: 'ja' | 'en'): string {
  if (value === undefined || value === null || value === '') return '';
  if (field.kind === 'boolean') return value === true ? (lang === 'ja' ? 'はい' : 'Yes') : lang === 'ja' ? 'いいえ' : 'No';
  if (field.kind === 'enum') {
    const option = field.options?.find((o) => o.value === value);
    if (option) return lang === 'en' ? (option.label.en ?? option.label.ja) : option.label.ja;
  }
  return String(value);
}
