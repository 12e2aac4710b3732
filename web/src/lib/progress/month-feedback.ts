/**
 * The month page's feedback as data: the lines of the error summary (which row and field, why, where to
 * jump), and what a version conflict means for each entry. Pure; the page only applies the results.
 */
import type { ProgressRecord } from '../../../../schemas/types';
import { circled } from '../format';
import { loc } from '../i18n/index.svelte';
import { yearMonthLabel } from './month-label';
import { tp } from './strings';
import { type MonthEntry, type PlacedError, type ProgressDraft, type SummaryItem, draftFrom, fieldId, isChanged } from './month-entries';

export type SaveProblem = { kind: 'errors' | 'conflict' | 'expired' | 'failed' | 'unresolved' | 'refreshFailed'; message?: string };

function subLabel(entry: MonthEntry, sub: string): string {
  if (sub === 'status') return tp('status');
  if (sub === 'heldOn') return tp('heldOn');
  if (sub === 'attendance') return tp('attendance');
  if (sub === 'note') return tp('note');
  const field = entry.fields.find((f) => sub === `extra/${f.key}`);
  return field ? loc(field.label) : '';
}

/** One line per missing status and per standing server error, in page order of the entries. */
export function summaryItemsOf(entries: MonthEntry[], missing: string[], standing: PlacedError[], fiscalYear: number, lang: 'ja' | 'en'): SummaryItem[] {
  const label = (e: MonthEntry) => `${circled(e.rowIndex)} ${e.row.title}(${yearMonthLabel(fiscalYear, e.month)})`;
  const items: SummaryItem[] = [];
  for (const entry of entries) {
    if (missing.includes(entry.key)) items.push({ label: label(entry), message: `${tp('status')}: ${tp('chooseStatus')}`, targetId: fieldId(entry, 'status') });
    for (const p of standing.filter((x) => x.key === entry.key)) {
      const field = subLabel(entry, p.sub);
      items.push({
        label: label(entry),
        message: `${field ? field + ': ' : ''}${lang === 'ja' ? p.error.messageJa : p.error.message}`,
        targetId: fieldId(entry, field ? p.sub : ''),
      });
    }
  }
  return items;
}

/**
 * After a 409: entries the user did not change take the fresh record; changed entries whose record moved
 * (and differs from what was typed) become conflicts to resolve; the rest keep what was typed.
 */
export function mergeConflicts(
  entries: MonthEntry[],
  changedKeys: Set<string>,
  before: Map<string, ProgressRecord>,
  fresh: ProgressRecord[],
  drafts: Record<string, ProgressDraft>,
  keyOf: (r: ProgressRecord) => string,
): { conflicts: Record<string, { record: ProgressRecord | null }>; refreshed: Record<string, ProgressDraft> } {
  const freshByKey = new Map(fresh.map((r) => [keyOf(r), r]));
  const conflicts: Record<string, { record: ProgressRecord | null }> = {};
  const refreshed: Record<string, ProgressDraft> = {};
  for (const e of entries) {
    const now = freshByKey.get(e.key);
    const moved = (before.get(e.key)?.version ?? null) !== (now?.version ?? null);
    if (!changedKeys.has(e.key)) {
      if (moved) refreshed[e.key] = draftFrom(now);
    } else if (moved && isChanged(drafts[e.key]!, now)) {
      conflicts[e.key] = { record: now ?? null };
    }
  }
  return { conflicts, refreshed };
}
