/**
 * What differs between two versions of a plan, section by section, in terms a ward secretary reads on
 * paper ("スケジュール③: 実施月 6月・8月 → 6月・9月"), and the three-way merge that re-applies one's own
 * edits on top of a version someone else saved meanwhile. Pure: no Svelte, no DOM, no language.
 */
import type { PlanAction, PlanContent, PlanStatus, RowTiming } from '../../../../schemas/types';
import { sameValue } from './plan-content';

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
 * A list of paragraphs without ids: the longest common subsequence of equal texts stays; a text that
 * left its place and reappears elsewhere unchanged is a move; between two kept texts, the remaining
 * removed and added texts are paired up as edits of the same item, the rest is added/removed.
 */
function diffTextList(section: SectionKey, before: readonly string[], after: readonly string[]): DiffItem[] {
  const pairs = lcs(before, after, (a, b) => a === b);
  const keptBefore = new Set(pairs.map(([b]) => b));
  const keptAfter = new Set(pairs.map(([, a]) => a));
  const out: DiffItem[] = [];
  const movedBefore = new Set<number>();
  const movedAfter = new Set<number>();
  before.forEach((t, b) => {
    if (keptBefore.has(b)) return;
    const a = after.findIndex((u, i) => u === t && !keptAfter.has(i) && !movedAfter.has(i));
    if (a < 0) return;
    movedBefore.add(b);
    movedAfter.add(a);
    out.push({ section, field: 'order', change: 'moved', beforeNumber: b + 1, afterNumber: a + 1, before: text(t), after: text(t), scope: section });
  });
  let bi = 0;
  let ai = 0;
  const flush = (bEnd: number, aEnd: number) => {
    const bs: number[] = [];
    const as: number[] = [];
    for (; bi < bEnd; bi++) if (!movedBefore.has(bi)) bs.push(bi);
    for (; ai < aEnd; ai++) if (!movedAfter.has(ai)) as.push(ai);
    const n = Math.min(bs.length, as.length);
    for (let k = 0; k < n; k++) {
      const [b, a] = [bs[k]!, as[k]!];
      out.push({ section, field: 'value', change: 'changed', beforeNumber: b + 1, afterNumber: a + 1, before: text(before[b]!), after: text(after[a]!), scope: section });
    }
    for (const b of bs.slice(n)) out.push({ section, field: 'item', change: 'removed', beforeNumber: b + 1, afterNumber: null, before: text(before[b]!), after: null, scope: section });
    for (const a of as.slice(n)) out.push({ section, field: 'item', change: 'added', beforeNumber: null, afterNumber: a + 1, before: null, after: text(after[a]!), scope: section });
  };
  for (const [b, a] of pairs) {
    flush(b, a);
    bi = b + 1;
    ai = a + 1;
  }
  flush(before.length, after.length);
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
    for (const [field, bv, av] of fields(b, a)) out.push({ section, field, change: 'changed', beforeNumber: bi + 1, afterNumber: ai + 1, before: bv, after: av, scope });
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

/** Scopes (see DiffItem.scope) that both sides changed from the common base: the same thing edited twice. */
export function overlappingScopes(base: PlanContent, mine: PlanContent, theirs: PlanContent): Set<string> {
  const mineScopes = new Set(diffPlans(base, mine).map((d) => d.scope));
  return new Set(diffPlans(base, theirs).map((d) => d.scope).filter((s) => mineScopes.has(s)));
}

/**
 * Re-applies my edits (base → mine) on top of theirs: whatever I changed is taken from mine, everything
 * else from theirs. Lists with ids merge item by item and field by field (their new rows stay, my new
 * rows are inserted after the row that precedes them in my version); lists without ids (last year's
 * efforts, findings) are taken whole from whichever side changed them, mine when both did.
 */
export function rebase(base: PlanContent, mine: PlanContent, theirs: PlanContent): PlanContent {
  const pick = <V>(b: V, m: V, t: V): V => (sameValue(m, b) ? t : m);
  const result: PlanContent = {
    ...structuredClone(theirs),
    title: pick(base.title, mine.title, theirs.title),
    status: pick(base.status, mine.status, theirs.status),
    lastYearEfforts: structuredClone(pick(base.lastYearEfforts, mine.lastYearEfforts, theirs.lastYearEfforts)),
    findings: structuredClone(pick(base.findings, mine.findings, theirs.findings)),
    goals: mergeKeyed(base.goals, mine.goals, theirs.goals),
    issues: mergeKeyed(base.issues, mine.issues, theirs.issues),
    schedule: mergeKeyed(base.schedule, mine.schedule, theirs.schedule),
    notes: pick(base.notes, mine.notes, theirs.notes),
  };
  // references to items one side removed
  const goalIds = new Set(result.goals.map((g) => g.id));
  const issueIds = new Set(result.issues.map((i) => i.id));
  for (const issue of result.issues) if (issue.goalIds) issue.goalIds = issue.goalIds.filter((g) => goalIds.has(g));
  for (const row of result.schedule) if (row.issueId && !issueIds.has(row.issueId)) row.issueId = null;
  return result;
}

function mergeKeyed<T extends { id: string }>(base: readonly T[], mine: readonly T[], theirs: readonly T[]): T[] {
  const baseById = new Map(base.map((x) => [x.id, x]));
  const mineById = new Map(mine.map((x) => [x.id, x]));
  const theirsById = new Map(theirs.map((x) => [x.id, x]));
  const merged = (id: string): T | null => {
    const b = baseById.get(id);
    const m = mineById.get(id);
    const t = theirsById.get(id);
    if (!b) return structuredClone((m ?? t)!); // added by one side
    if (!m) return null; // I removed it
    if (!t) return sameValue(m, b) ? null : structuredClone(m); // they removed it; keep it only if I edited it
    const out = { ...structuredClone(t) } as Record<string, unknown>;
    const keys = new Set([...Object.keys(b), ...Object.keys(m), ...Object.keys(t)]);
    for (const k of keys) {
      const bv = (b as Record<string, unknown>)[k];
      const mv = (m as Record<string, unknown>)[k];
      if (!sameValue(bv, mv)) {
        if (mv === undefined) delete out[k];
        else out[k] = structuredClone(mv);
      }
    }
    return out as T;
  };

  const baseOrder = base.map((x) => x.id).filter((id) => mineById.has(id));
  const myOrder = mine.map((x) => x.id).filter((id) => baseById.has(id));
  const iReordered = !sameValue(baseOrder, myOrder);

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
