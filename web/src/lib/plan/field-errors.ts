/**
 * Where a server field error belongs on the page. The server names the field by a JSON Pointer into the
 * body that was sent (/schedule/2/title); the page names its inputs by an anchor key built from item ids
 * (schedule:r3:title), so an error stays beside the right row even if rows are moved afterwards.
 *
 * Anchor keys (each one is an input, select or button on the plan page):
 *   title · status · notes
 *   lastYearEfforts · lastYearEfforts:<index> · findings · findings:<index>
 *   goals · goals:<id>:text
 *   issues · issues:<id>:problem · issues:<id>:remarks · issues:<id>:actions
 *   issues:<id>:actions:<index>:text · issues:<id>:actions:<index>:meetingTypeId
 *   schedule · schedule:<id>:title · schedule:<id>:issueId · schedule:<id>:meetingTypeId · schedule:<id>:timing
 */
import type { FieldError, PlanContent } from '../../../../schemas/types';

function segments(pointer: string): string[] {
  if (!pointer.startsWith('/')) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function index(s: string | undefined, length: number): number | null {
  if (s === undefined || !/^\d+$/.test(s)) return null;
  const i = Number(s);
  return i < length ? i : null;
}

/** The anchor key of a field error, or null when the page has no input for it (shown in the summary only). */
export function anchorKey(pointer: string, sent: PlanContent): string | null {
  const [section, at, field, sub, subField] = segments(pointer);
  switch (section) {
    case 'title':
    case 'status':
    case 'notes':
      return section;
    case 'lastYearEfforts':
    case 'findings': {
      const i = index(at, sent[section].length);
      return i === null ? section : `${section}:${i}`;
    }
    case 'goals': {
      const i = index(at, sent.goals.length);
      return i === null ? 'goals' : `goals:${sent.goals[i]!.id}:text`;
    }
    case 'issues': {
      const i = index(at, sent.issues.length);
      if (i === null) return 'issues';
      const issue = sent.issues[i]!;
      if (field === 'remarks') return `issues:${issue.id}:remarks`;
      if (field === 'actions') {
        const j = index(sub, issue.actions.length);
        if (j === null) return `issues:${issue.id}:actions`;
        return `issues:${issue.id}:actions:${j}:${subField === 'meetingTypeId' ? 'meetingTypeId' : 'text'}`;
      }
      return `issues:${issue.id}:problem`;
    }
    case 'schedule': {
      const i = index(at, sent.schedule.length);
      if (i === null) return 'schedule';
      const row = sent.schedule[i]!;
      if (field === 'issueId' || field === 'meetingTypeId') return `schedule:${row.id}:${field}`;
      if (field === 'months' || field === 'timing') return `schedule:${row.id}:timing`;
      return `schedule:${row.id}:title`;
    }
    default:
      return null;
  }
}

/** The DOM id of an anchor's input (item ids are [A-Za-z0-9_-], so the id is valid as is). */
export function anchorId(key: string): string {
  return `pf-${key.replace(/:/g, '-')}`;
}

export function errorId(key: string): string {
  return `${anchorId(key)}-error`;
}

export interface PlacedError {
  key: string | null;
  error: FieldError;
}

/** Field errors with their anchors, in the order the server gave them. */
export function placeErrors(fields: readonly FieldError[], sent: PlanContent): PlacedError[] {
  return fields.map((error) => ({ key: anchorKey(error.path, sent), error }));
}
