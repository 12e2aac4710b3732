/**
 * What differs between two versions of a plan, section by section, in terms a ward secretary reads on
 * paper ("スケジュール③: 実施月 6月・8月 → 6月・9月"), and the three-way merge that re-applies one's own
 * edits on top of a version someone else saved meanwhile. Pure: no Svelte, no DOM, no language.
 */
import type { Goal, PlanAction, PlanContent, PlanIssue, PlanStatus, RowTiming, ScheduleRow } from '../../../../schemas/types.js';
import { sameValue } from './plan-content.js';

export type SectionKey = 'title' | 'status' | 'lastYearEfforts' | 'findings' | 'goals' | 'issues' | 'schedule' | 'notes';

export const SECTION_ORDER: readonly SectionKey[] = ['title', 'status', 'lastYearEfforts', 'findings', 'goals', 'issues', 'schedule', 'notes'];

export type DiffField =
  | 'value' // the whole scalar section (title, status, notes) or a list item's text
  | 'item' // an added or removed item (its main text is shown)
  | 'order'
  | 'problem'
  | 'actions'
  | 'remarks'
  | 'title'
  | 'issue'
  | 'meetingType'
  | 'months';

export type DiffValue =
  | { kind: 'text'; text: string }
  | { kind: 'status'; status: PlanStatus }
  | { kind: 'months'; timing: RowTiming; months: number[] }
  /** the linked issue, by its 1-based number in that version (null = none) */
  | { kind: 'issueRef'; number: number | null }
  | { kind: 'meetingType'; id: string | null }
  | { kind: 'actions'; actions: PlanAction[] };

export interface DiffItem {
  section: SectionKey;
  field: DiffField;
  change: 'changed' | 'added' | 'removed' | 'moved';
  /** 1-based position in the "before" version (①…), null when the item is new */
  beforeNumber: number | null;
  afterNumber: number | null;
  before: DiffValue | null;
  after: DiffValue | null;
  /** what a concurrent edit of the same thing would collide on: a section, or one item of a list */
  scope: string;
}

const text = (t: string): DiffValue => ({ kind: 'text', text: t });

export function diffPlans(before: PlanContent, after: PlanContent): DiffItem[] {
  const out: DiffItem[] = [];
  const scalar = (section: SectionKey, b: DiffValue, a: DiffValue) => {
    if (!sameValue(b, a)) out.push({ section, field: 'value', change: 'changed', beforeNumber: null, afterNumber: null, before: b, after: a, scope: section });
  };
  scalar('title', text(before.title), text(after.title));
  scalar('status', { kind: 'status', status: before.status }, { kind: 'status', status: after.status });
  out.push(...diffTextList('lastYearEfforts', before.lastYearEfforts, after.lastYearEfforts));
  out.push(...diffTextList('findings', before.findings, after.findings));

  out.push(
    ...diffKeyed('goals', before.goals, after.goals, (g) => text(g.text), (b, a) => (b.text === a.text ? [] : [['value', text(b.text), text(a.text)]])),
  );
  out.push(
    ...diffKeyed(
      'issues',
      before.issues,
      after.issues,
      (i) => text(i.problem),
      (b, a) => {
        const fields: [DiffField, DiffValue, DiffValue][] = [];
        if (b.problem !== a.problem) fields.push(['problem', text(b.problem), text(a.problem)]);
        const actions = (x: PlanAction[]) => x.map((y) => ({ text: y.text, meetingTypeId: y.meetingTypeId ?? null }));
        if (!sameValue(actions(b.actions), actions(a.actions))) fields.push(['actions', { kind: 'actions', actions: b.actions }, { kind: 'actions', actions: a.actions }]);
        if (b.remarks !== a.remarks) fields.push(['remarks', text(b.remarks), text(a.remarks)]);
        return fields;
      },
    ),
  );
  const issueNumber = (plan: PlanContent, id: string | null | undefined): number | null => {
    if (!id) return null;
    const i = plan.issues.findIndex((x) => x.id === id);
    return i < 0 ? null : i + 1;
  };
  out.push(
    ...diffKeyed(
      'schedule',
      before.schedule,
      after.schedule,
      (r) => text(r.title),
      (b, a) => {
        const fields: [DiffField, DiffValue, DiffValue][] = [];
        if (b.title !== a.title) fields.push(['title', text(b.title), text(a.title)]);
        const bi = issueNumber(before, b.issueId);
        const ai = issueNumber(after, a.issueId);
        if ((b.issueId ?? null) !== (a.issueId ?? null) || bi !== ai) fields.push(['issue', { kind: 'issueRef', number: bi }, { kind: 'issueRef', number: ai }]);
        if ((b.meetingTypeId ?? null) !== (a.meetingTypeId ?? null)) {
          fields.push(['meetingType', { kind: 'meetingType', id: b.meetingTypeId ?? null }, { kind: 'meetingType', id: a.meetingTypeId ?? null }]);
        }
        const months = (r: typeof b): DiffValue => ({ kind: 'months', timing: r.timing, months: r.timing === 'months' ? [...r.months] : [] });
        const bm = months(b);
        const am = months(a);
        const sorted = (v: DiffValue) => (v.kind === 'months' ? { ...v, months: [...v.months].sort((x, y) => x - y) } : v);
        if (!sameValue(sorted(bm), sorted(am))) fields.push(['months', bm, am]);
        return fields;
      },
    ),
  );
  scalar('notes', text(before.notes), text(after.notes));
  return out;
}

/**
 * How a list without ids went from `before` to `after`, as the steps a reader sees: the longest common
 * subsequence of equal items stays; an item that left its place and reappears elsewhere unchanged is a
 * move; between two kept items, the remaining removed and added items are paired up as edits of the same
 * item, the rest is removed/added. The steps come in the order diffTextList lists them before sorting.
 */
type Step =
  | { kind: 'kept'; before: number; after: number }
  | { kind: 'moved'; before: number; after: number }
  | { kind: 'changed'; before: number; after: number }
  | { kind: 'removed'; before: number }
  | { kind: 'added'; after: number };

function alignList<T>(before: readonly T[], after: readonly T[], eq: (a: T, b: T) => boolean): Step[] {
  const pairs = lcs(before, after, eq);
  const keptBefore = new Set(pairs.map(([b]) => b));
  const keptAfter = new Set(pairs.map(([, a]) => a));
  const steps: Step[] = pairs.map(([b, a]) => ({ kind: 'kept', before: b, after: a }));
  const movedBefore = new Set<number>();
  const movedAfter = new Set<number>();
  before.forEach((t, b) => {
    if (keptBefore.has(b)) return;
    const a = after.findIndex((u, i) => eq(u, t) && !keptAfter.has(i) && !movedAfter.has(i));
    if (a < 0) return;
    movedBefore.add(b);
    movedAfter.add(a);
    steps.push({ kind: 'moved', before: b, after: a });
  });
  let bi = 0;
  let ai = 0;
  const flush = (bEnd: number, aEnd: number) => {
    const bs: number[] = [];
    const as: number[] = [];
    for (; bi < bEnd; bi++) if (!movedBefore.has(bi)) bs.push(bi);
    for (; ai < aEnd; ai++) if (!movedAfter.has(ai)) as.push(ai);
    const n = Math.min(bs.length, as.length);
    for (let k = 0; k < n; k++) steps.push({ kind: 'changed', before: bs[k]!, after: as[k]! });
    for (const b of bs.slice(n)) steps.push({ kind: 'removed', before: b });
    for (const a of as.slice(n)) steps.push({ kind: 'added', after: a });
  };
  for (const [b, a] of pairs) {
    flush(b, a);
    bi = b + 1;
    ai = a + 1;
  }
  flush(before.length, after.length);
  return steps;
}

/** A list of paragraphs without ids (see alignList). Each item's scope is its paragraph in the "before" version. */
function diffTextList(section: SectionKey, before: readonly string[], after: readonly string[]): DiffItem[] {
  const out: DiffItem[] = [];
  for (const step of alignList(before, after, (a, b) => a === b)) {
    switch (step.kind) {
      case 'kept':
        break;
      case 'moved':
        out.push({ section, field: 'order', change: 'moved', beforeNumber: step.before + 1, afterNumber: step.after + 1, before: text(before[step.before]!), after: text(after[step.after]!), scope: `${section}:${step.before}` });
        break;
      case 'changed':
        out.push({ section, field: 'value', change: 'changed', beforeNumber: step.before + 1, afterNumber: step.after + 1, before: text(before[step.before]!), after: text(after[step.after]!), scope: `${section}:${step.before}` });
        break;
      case 'removed':
        out.push({ section, field: 'item', change: 'removed', beforeNumber: step.before + 1, afterNumber: null, before: text(before[step.before]!), after: null, scope: `${section}:${step.before}` });
        break;
      case 'added':
        out.push({ section, field: 'item', change: 'added', beforeNumber: null, afterNumber: step.after + 1, before: null, after: text(after[step.after]!), scope: `${section}:+${step.after}` });
        break;
    }
  }
  return out.sort((x, y) => (x.afterNumber ?? x.beforeNumber ?? 0) - (y.afterNumber ?? y.beforeNumber ?? 0));
}

function diffKeyed<T extends { id: string }>(
  section: SectionKey,
  before: readonly T[],
  after: readonly T[],
  main: (item: T) => DiffValue,
  fields: (b: T, a: T) => [DiffField, DiffValue, DiffValue][],
): DiffItem[] {
  const out: DiffItem[] = [];
  const beforeIndex = new Map(before.map((x, i) => [x.id, i]));
  const afterIndex = new Map(after.map((x, i) => [x.id, i]));
  // moves: common items outside the longest common subsequence of ids changed their relative order
  const commonBefore = before.filter((x) => afterIndex.has(x.id)).map((x) => x.id);
  const commonAfter = after.filter((x) => beforeIndex.has(x.id)).map((x) => x.id);
  const stay = new Set(lcs(commonBefore, commonAfter, (a, b) => a === b).map(([b]) => commonBefore[b]!));
  after.forEach((a, ai) => {
    const bi = beforeIndex.get(a.id);
    const scope = `${section}:${a.id}`;
    if (bi === undefined) {
      out.push({ section, field: 'item', change: 'added', beforeNumber: null, afterNumber: ai + 1, before: null, after: main(a), scope });
      return;
    }
    const b = before[bi]!;
    if (!stay.has(a.id)) out.push({ section, field: 'order', change: 'moved', beforeNumber: bi + 1, afterNumber: ai + 1, before: main(b), after: main(a), scope: `${section}:order` });
    for (const [field, bv, av] of fields(b, a)) out.push({ section, field, change: 'changed', beforeNumber: bi + 1, afterNumber: ai + 1, before: bv, after: av, scope: `${scope}:${field}` });
  });
  before.forEach((b, bi) => {
    if (!afterIndex.has(b.id)) out.push({ section, field: 'item', change: 'removed', beforeNumber: bi + 1, afterNumber: null, before: main(b), after: null, scope: `${section}:${b.id}` });
  });
  return out.sort((x, y) => (x.afterNumber ?? x.beforeNumber ?? 0) - (y.afterNumber ?? y.beforeNumber ?? 0));
}

/** Index pairs [i, j] of a longest common subsequence, in order. */
function lcs<T>(a: readonly T[], b: readonly T[], eq: (x: T, y: T) => boolean): [number, number][] {
  const n = a.length;
  const m = b.length;
  const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] = eq(a[i]!, b[j]!) ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (eq(a[i]!, b[j]!)) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

// ---- the three-way merge ---------------------------------------------------------------------------

/**
 * Re-applies my edits (base → mine) on top of theirs (base → theirs): whatever I changed is taken from
 * mine, everything else from theirs, as finely as the plan's structure allows:
 *
 * - title, status, notes: whole.
 * - goals, issues, schedule rows (lists with ids): item by item, and inside an item field by field. Their
 *   new items stay; mine are inserted after the item that precedes them in my version. An item one side
 *   removed stays removed unless the other side edited it (then it comes back only if that side is mine).
 *   A row's timing and months are ONE field: one side's 毎月 never gets the other side's months.
 * - lists without ids (last year's efforts, findings, an issue's actions): element by element when both
 *   sides kept the base's length (base/mine/theirs at each position); when only one side added or removed
 *   elements, the other side's edits are applied to the elements they edited where those still are; only
 *   when both sides changed the length is the list taken whole from mine.
 *
 * Where both sides changed the same thing differently, mine wins, and `overlaps` names the scopes of the
 * other side's changes that were replaced (DiffItem.scope of diffPlans(base, theirs)), so that the diff
 * shown to the user marks them. A section name in `overlaps` marks all of that section's changes; inside
 * a list shown as one change (an issue's actions) it also names the elements (read it with overlapOf).
 */
export function mergePlans(base: PlanContent, mine: PlanContent, theirs: PlanContent): { content: PlanContent; overlaps: Set<string> } {
  const marks = new Marks();
  const scalar = <V>(scope: SectionKey, b: V, m: V, t: V): V => {
    if (sameValue(m, b)) return t;
    if (!sameValue(t, b) && !sameValue(m, t)) marks.scope(scope);
    return m;
  };
  const textList = (section: 'lastYearEfforts' | 'findings'): string[] => {
    const r = mergeList(base[section], mine[section], theirs[section], (x, y) => x === y);
    marks.list(section, r, theirs[section].length === base[section].length);
    return r.items;
  };
  const result: PlanContent = {
    ...structuredClone(theirs),
    title: scalar('title', base.title, mine.title, theirs.title),
    status: scalar('status', base.status, mine.status, theirs.status),
    lastYearEfforts: textList('lastYearEfforts'),
    findings: textList('findings'),
    goals: mergeKeyed('goals', GOAL_FIELDS, base.goals, mine.goals, theirs.goals, marks),
    issues: mergeKeyed('issues', ISSUE_FIELDS, base.issues, mine.issues, theirs.issues, marks),
    schedule: mergeKeyed('schedule', ROW_FIELDS, base.schedule, mine.schedule, theirs.schedule, marks),
    notes: scalar('notes', base.notes, mine.notes, theirs.notes),
  };
  // references to items one side removed
  const goalIds = new Set(result.goals.map((g) => g.id));
  const issueIds = new Set(result.issues.map((i) => i.id));
  for (const issue of result.issues) if (issue.goalIds) issue.goalIds = issue.goalIds.filter((g) => goalIds.has(g));
  for (const row of result.schedule) if (row.issueId && !issueIds.has(row.issueId)) row.issueId = null;
  return { content: result, overlaps: marks.resolve(diffPlans(base, theirs)) };
}

/** The merged plan (see mergePlans). */
export function rebase(base: PlanContent, mine: PlanContent, theirs: PlanContent): PlanContent {
  return mergePlans(base, mine, theirs).content;
}

/** Scopes of their changes (DiffItem.scope) that my edits replace when re-applied (see mergePlans). */
export function overlappingScopes(base: PlanContent, mine: PlanContent, theirs: PlanContent): Set<string> {
  return mergePlans(base, mine, theirs).overlaps;
}

/** Separates a list change's scope from the element positions that overlap inside it (issues:i1:actions#3). */
const ELEMENT = '#';

/**
 * What re-applying my edits does to one of their changes:
 * - null: their change is kept;
 * - 'replaced': both changed it; mine is kept instead;
 * - { elements }: in this list (an issue's actions) both changed these elements (1-based positions in
 *   the version both started from); mine are kept there, the rest of their change is kept;
 * - 'list': both added or removed elements of this list; my whole list is kept instead.
 */
export type Overlap = null | 'replaced' | 'list' | { elements: number[] };

export function overlapOf(d: DiffItem, overlaps: ReadonlySet<string>): Overlap {
  if (!overlaps.has(d.scope) && !overlaps.has(d.section)) return null;
  if (overlaps.has(`${d.scope}${ELEMENT}all`)) return 'list';
  const elements: number[] = [];
  for (const s of overlaps) if (s.startsWith(`${d.scope}${ELEMENT}`)) elements.push(Number(s.slice(d.scope.length + 1)));
  return elements.length ? { elements: elements.sort((x, y) => x - y) } : 'replaced';
}

/** What the merge overrode of their changes, turned into the scopes of their diff items at the end. */
class Marks {
  private readonly scopes = new Set<string>();
  /** [section, base position, whether their list kept the base's length] */
  private readonly positions: [SectionKey, number, boolean][] = [];
  private readonly items: string[] = [];

  /** their change with this exact scope */
  scope(scope: string): void {
    this.scopes.add(scope);
  }
  /** every change of theirs to this item (its fields, or its removal) */
  item(section: SectionKey, id: string): void {
    this.items.push(`${section}:${id}`);
  }
  /** the outcome of a list without ids that their diff shows as one change (an issue's actions) */
  elements(scope: string, r: ListMerge<unknown>): void {
    if (!r.whole && !r.conflicts.length) return;
    this.scope(scope);
    if (r.whole) this.scope(`${scope}${ELEMENT}all`);
    for (const i of r.conflicts) this.scope(`${scope}${ELEMENT}${i + 1}`);
  }
  /** the outcome of a list without ids whose elements their diff shows one by one (a section) */
  list(section: SectionKey, r: ListMerge<unknown>, theirsSameLength: boolean): void {
    if (r.whole) this.scope(section);
    for (const i of r.conflicts) this.positions.push([section, i, theirsSameLength]);
  }

  resolve(theirChanges: DiffItem[]): Set<string> {
    const out = new Set(this.scopes);
    for (const prefix of this.items) {
      for (const d of theirChanges) if (d.scope === prefix || d.scope.startsWith(`${prefix}:`)) out.add(d.scope);
    }
    for (const [section, i, sameLength] of this.positions) {
      // their change at base position i: the item that took it away (before) or, when their list kept its
      // length and so compares position by position, the item now standing there (after)
      const hits = theirChanges.filter((d) => d.section === section && (d.beforeNumber === i + 1 || (sameLength && d.afterNumber === i + 1)));
      if (hits.length) for (const d of hits) out.add(d.scope);
      else out.add(section);
    }
    return out;
  }
}

interface ListMerge<T> {
  items: T[];
  /** base positions both sides changed differently (mine was kept) */
  conflicts: number[];
  /** both sides changed the length: the list is mine, whole */
  whole: boolean;
}

/** Three-way merge of a list without ids (see mergePlans). */
function mergeList<T>(base: readonly T[], mine: readonly T[], theirs: readonly T[], eq: (a: T, b: T) => boolean): ListMerge<T> {
  const same = (x: readonly T[], y: readonly T[]) => x.length === y.length && x.every((v, i) => eq(v, y[i]!));
  const done = (items: readonly T[], conflicts: number[] = [], whole = false): ListMerge<T> => ({ items: structuredClone([...items]), conflicts, whole });
  if (same(mine, base)) return done(theirs);
  if (same(theirs, base) || same(mine, theirs)) return done(mine);

  const mineKept = mine.length === base.length;
  const theirsKept = theirs.length === base.length;
  if (mineKept && theirsKept) {
    const conflicts: number[] = [];
    const items = base.map((b, i) => {
      const m = mine[i]!;
      const t = theirs[i]!;
      if (eq(m, b)) return t;
      if (!eq(t, b) && !eq(m, t)) conflicts.push(i);
      return m;
    });
    return done(items, conflicts);
  }
  if (!mineKept && !theirsKept) return done(mine, [], true);

  // One side (S) edited elements in place; the other (L) added or removed some. S's edits go to where
  // their element is in L; where L also edited or removed that element, mine wins.
  const sIsMine = mineKept;
  const [s, l] = sIsMine ? [mine, theirs] : [theirs, mine];
  const where = new Map<number, Step>();
  for (const step of alignList(base, l, eq)) if (step.kind !== 'added') where.set(step.before, step);
  const slots = [...l];
  const inserts = new Map<number, T[]>(); // after L's position (-1: at the start)
  const conflicts: number[] = [];
  base.forEach((b, i) => {
    const edited = s[i]!;
    if (eq(edited, b)) return;
    const step = where.get(i)!;
    if (step.kind === 'kept' || step.kind === 'moved') {
      slots[step.after] = edited;
    } else if (step.kind === 'changed') {
      if (eq(slots[step.after]!, edited)) return;
      conflicts.push(i);
      if (sIsMine) slots[step.after] = edited;
    } else if (step.kind === 'removed') {
      conflicts.push(i);
      if (!sIsMine) return;
      let after = -1;
      for (let k = i - 1; k >= 0; k--) {
        const prev = where.get(k);
        if (prev && prev.kind !== 'removed' && prev.kind !== 'added') {
          after = prev.after;
          break;
        }
      }
      inserts.set(after, [...(inserts.get(after) ?? []), edited]);
    }
  });
  const items = [...(inserts.get(-1) ?? [])];
  slots.forEach((x, j) => items.push(x, ...(inserts.get(j) ?? [])));
  return done(items, conflicts);
}

/**
 * The fields of an item with an id, merged one group at a time. `scope` names the DiffItem field the
 * group is shown as (null: not shown in the diff); `value` compares it the way the server reads it
 * (absent = null, a 毎月 row's months = none); `list` merges it element by element.
 */
interface FieldGroup<T> {
  keys: (keyof T & string)[];
  scope: DiffField | null;
  value: (item: T) => unknown;
  list?: { of: (item: T) => unknown[]; eq: (a: unknown, b: unknown) => boolean };
}

const orNull = (v: unknown) => v ?? null;
const actionValue = (a: PlanAction) => ({ text: a.text, meetingTypeId: a.meetingTypeId ?? null });

const GOAL_FIELDS: FieldGroup<Goal>[] = [{ keys: ['text'], scope: 'value', value: (g) => g.text }];

const ISSUE_FIELDS: FieldGroup<PlanIssue>[] = [
  { keys: ['problem'], scope: 'problem', value: (i) => i.problem },
  {
    keys: ['actions'],
    scope: 'actions',
    value: (i) => i.actions.map(actionValue),
    list: { of: (i) => i.actions, eq: (a, b) => sameValue(actionValue(a as PlanAction), actionValue(b as PlanAction)) },
  },
  { keys: ['remarks'], scope: 'remarks', value: (i) => i.remarks },
  { keys: ['goalIds'], scope: null, value: (i) => i.goalIds ?? [] },
  { keys: ['themeIds'], scope: null, value: (i) => i.themeIds ?? [] },
];

const ROW_FIELDS: FieldGroup<ScheduleRow>[] = [
  { keys: ['title'], scope: 'title', value: (r) => r.title },
  { keys: ['issueId'], scope: 'issue', value: (r) => orNull(r.issueId) },
  { keys: ['meetingTypeId'], scope: 'meetingType', value: (r) => orNull(r.meetingTypeId) },
  // one field: 毎月 / 随時 / the listed months
  { keys: ['timing', 'months'], scope: 'months', value: (r) => ({ timing: r.timing, months: r.timing === 'months' ? [...r.months].sort((a, b) => a - b) : [] }) },
];

function mergeKeyed<T extends { id: string }>(
  section: SectionKey,
  groups: FieldGroup<T>[],
  base: readonly T[],
  mine: readonly T[],
  theirs: readonly T[],
  marks: Marks,
): T[] {
  const baseById = new Map(base.map((x) => [x.id, x]));
  const mineById = new Map(mine.map((x) => [x.id, x]));
  const theirsById = new Map(theirs.map((x) => [x.id, x]));
  // keys no group names (none today) are merged one by one
  const allGroups = (items: T[]): FieldGroup<T>[] => {
    const named = new Set(groups.flatMap((g) => g.keys as string[]));
    const extra = [...new Set(items.flatMap((x) => Object.keys(x)))].filter((k) => k !== 'id' && !named.has(k)) as (keyof T & string)[];
    return [...groups, ...extra.map((k): FieldGroup<T> => ({ keys: [k], scope: null, value: (x) => orNull(x[k]) }))];
  };
  const sameItem = (x: T, y: T) => allGroups([x, y]).every((g) => sameValue(g.value(x), g.value(y)));

  const merged = (id: string): T | null => {
    const b = baseById.get(id);
    const m = mineById.get(id);
    const t = theirsById.get(id);
    if (!b) return structuredClone((m ?? t)!); // added by one side
    if (!m) {
      // I removed it; had they edited it, their edit goes with it
      if (t && !sameItem(t, b)) marks.item(section, id);
      return null;
    }
    if (!t) {
      // they removed it; it stays only if I edited it
      if (sameItem(m, b)) return null;
      marks.scope(`${section}:${id}`);
      return structuredClone(m);
    }
    const out = structuredClone(t) as Record<string, unknown>;
    const take = (from: T, keys: string[]) => {
      for (const k of keys) {
        const v = (from as Record<string, unknown>)[k];
        if (v === undefined) delete out[k];
        else out[k] = structuredClone(v);
      }
    };
    for (const g of allGroups([b, m, t])) {
      const [bv, mv, tv] = [g.value(b), g.value(m), g.value(t)];
      if (sameValue(mv, bv)) continue; // theirs (already in out)
      if (g.list) {
        const r = mergeList(g.list.of(b), g.list.of(m), g.list.of(t), g.list.eq);
        out[g.keys[0]!] = r.items;
        if (g.scope) marks.elements(`${section}:${id}:${g.scope}`, r);
        continue;
      }
      take(m, g.keys);
      if (!sameValue(tv, bv) && !sameValue(mv, tv) && g.scope) marks.scope(`${section}:${id}:${g.scope}`);
    }
    return out as T;
  };

  const orderOf = (list: readonly T[], present: Map<string, T>) => list.map((x) => x.id).filter((id) => baseById.has(id) && present.has(id));
  const iReordered = !sameValue(orderOf(base, mineById), orderOf(mine, mineById));
  const theyReordered = !sameValue(orderOf(base, theirsById), orderOf(theirs, theirsById));
  if (iReordered && theyReordered) {
    const common = (list: readonly T[]) => list.map((x) => x.id).filter((id) => baseById.has(id) && mineById.has(id) && theirsById.has(id));
    if (!sameValue(common(mine), common(theirs))) marks.scope(`${section}:order`);
  }

  // the skeleton: the side whose order wins; then the other side's additions after their predecessor
  const [primary, secondary] = iReordered ? [mine, theirs] : [theirs, mine];
  const order: string[] = primary.map((x) => x.id);
  secondary.forEach((x, i) => {
    if (order.includes(x.id) || baseById.has(x.id)) return;
    let at = 0;
    for (let k = i - 1; k >= 0; k--) {
      const p = order.indexOf(secondary[k]!.id);
      if (p >= 0) {
        at = p + 1;
        break;
      }
    }
    order.splice(at, 0, x.id);
  });
  // items they removed but I edited come back (merged() decides), in my order
  mine.forEach((x, i) => {
    if (order.includes(x.id)) return;
    const prev = i > 0 ? order.indexOf(mine[i - 1]!.id) : -1;
    order.splice(prev + 1, 0, x.id);
  });
  return order.map(merged).filter((x): x is T => x !== null);
}
