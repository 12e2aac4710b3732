/**
 * Years side by side: one ward's plans of two years compared section by section and row by row (added,
 * removed, changed — with the words that changed), and the figures of both years from the roll-up
 * engine. Pure; the caller loads the two years' plans, records and escalations.
 */
import type { CompareItem, CompareSection, DiffToken, Escalation, Plan, PlanContent, PlanIssue, ProgressRecord, ScheduleRow, YearFigures } from '../../schemas/types.js';
import type { Catalog } from './catalog.js';
import { computeRollup } from './rollup.js';

/** Longest texts compared word by word; longer ones are shown as replaced whole (bounded work). */
const MAX_TOKENS = 1500;

/**
 * Splits text into "words": single kanji (compounds share characters: 強化 → 一層強化 adds 一層), runs
 * of hiragana, of katakana, of Latin letters and digits, single punctuation marks and whitespace runs.
 * Japanese has no spaces; this is close to what a reader sees as a changed word (年4回 → 年6回).
 */
export function tokenize(text: string): string[] {
  const re = /\p{Script=Han}|\p{Script=Hiragana}+|[\p{Script=Katakana}ー]+|[\p{Script=Latin}\p{Nd}]+|\s+|./gsu;
  return text.match(re) ?? [];
}

/** Word diff of two texts (LCS over tokens); adjacent tokens of one kind are merged. */
export function diffWords(before: string, after: string): DiffToken[] {
  const a = tokenize(before);
  const b = tokenize(after);
  if (a.length > MAX_TOKENS || b.length > MAX_TOKENS) {
    return merge([...(before ? [{ kind: 'removed' as const, text: before }] : []), ...(after ? [{ kind: 'added' as const, text: after }] : [])]);
  }
  // lengths[i][j] = LCS of a[i..] and b[j..]
  const lengths: Uint16Array[] = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const out: DiffToken[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) {
      out.push({ kind: 'removed', text: a[i++]! });
    } else {
      out.push({ kind: 'added', text: b[j++]! });
    }
  }
  while (i < a.length) out.push({ kind: 'removed', text: a[i++]! });
  while (j < b.length) out.push({ kind: 'added', text: b[j++]! });
  return merge(out);
}

function merge(tokens: DiffToken[]): DiffToken[] {
  const out: DiffToken[] = [];
  for (const t of tokens) {
    const last = out[out.length - 1];
    if (last && last.kind === t.kind) last.text += t.text;
    else out.push({ ...t });
  }
  return out;
}

function item(key: string, before: string | null, after: string | null): CompareItem {
  if (before === null) return { key, change: 'added', before, after };
  if (after === null) return { key, change: 'removed', before, after };
  if (before === after) return { key, change: 'same', before, after };
  return { key, change: 'changed', before, after, tokens: diffWords(before, after) };
}

/**
 * Paragraph lists (efforts, findings): the paragraphs both years share are unchanged; of the rest, each
 * later paragraph is paired with the most alike earlier one when they are alike enough to read as one
 * paragraph rewritten; the others are added or removed (two unrelated paragraphs are not a "change").
 */
function compareParagraphs(before: string[], after: string[], prefix: string): CompareItem[] {
  const beforeLeft = before.filter((p) => !after.includes(p));
  const items: CompareItem[] = [];
  after.forEach((p, i) => {
    if (before.includes(p)) {
      items.push(item(`${prefix}${i + 1}`, p, p));
      return;
    }
    let best = -1;
    let bestScore = 0.4;
    beforeLeft.forEach((b, k) => {
      const score = similarity(b, p);
      if (score >= bestScore) [best, bestScore] = [k, score];
    });
    const [paired] = best >= 0 ? beforeLeft.splice(best, 1) : [null];
    items.push(item(`${prefix}${i + 1}`, paired ?? null, p));
  });
  beforeLeft.forEach((b, k) => items.push(item(`${prefix}-${k + 1}`, b, null)));
  return items;
}

/**
 * Items with ids (goals, issues, rows) matched across the years: a drafted row names the row it was
 * carried from; otherwise the same text, then the same heading (a row's title without its months), then
 * the same id when the texts are still alike (ids r1, r2… of unrelated years must not pair unlike rows).
 */
function compareKeyed<T extends { id: string }>(
  before: T[],
  after: T[],
  text: (x: T) => string,
  carriedFrom: (x: T) => string | undefined,
  prefix: string,
  heading: (x: T) => string = text,
): CompareItem[] {
  const used = new Set<T>();
  const matched = new Map<T, T>();
  const passes: ((a: T, b: T) => boolean)[] = [
    (a, b) => carriedFrom(b) !== undefined && a.id === carriedFrom(b),
    (a, b) => text(a) === text(b),
    (a, b) => heading(a) === heading(b),
    (a, b) => a.id === b.id && similarity(text(a), text(b)) >= 0.4,
  ];
  for (const pass of passes) {
    for (const b of after) {
      if (matched.has(b)) continue;
      const a = before.find((x) => !used.has(x) && pass(x, b));
      if (!a) continue;
      used.add(a);
      matched.set(b, a);
    }
  }
  const items = after.map((b) => {
    const a = matched.get(b);
    return item(`${prefix}${b.id}`, a ? text(a) : null, text(b));
  });
  for (const a of before) if (!used.has(a)) items.push(item(`${prefix}${a.id}`, text(a), null));
  return items;
}

/**
 * How alike two texts are (0–1): the Dice coefficient of their character pairs. Linear in the length,
 * so pairing every paragraph of two years stays cheap (50 × 50 paragraphs of up to 4000 characters).
 */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const pairs = (t: string) => {
    const counts = new Map<string, number>();
    const chars = [...t.replace(/\s+/g, '')];
    for (let i = 0; i + 1 < chars.length; i++) {
      const k = chars[i]! + chars[i + 1]!;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return { counts, total: Math.max(0, chars.length - 1) };
  };
  const x = pairs(a);
  const y = pairs(b);
  if (x.total + y.total === 0) return 0;
  let shared = 0;
  for (const [k, n] of x.counts) shared += Math.min(n, y.counts.get(k) ?? 0);
  return (2 * shared) / (x.total + y.total);
}

function issueText(issue: PlanIssue): string {
  const actions = issue.actions.map((a) => `・${a.text}`).join('\n');
  return [issue.problem, actions, issue.remarks ? `備考: ${issue.remarks}` : ''].filter(Boolean).join('\n');
}

const MONTH_ORDER = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3];

function rowText(row: ScheduleRow): string {
  const when =
    row.timing === 'everyMonth' ? '毎月' : row.timing === 'asNeeded' ? '随時' : MONTH_ORDER.filter((m) => row.months.includes(m)).map((m) => `${m}月`).join('・');
  return `${row.title}【${when || '月未定'}】`;
}

/** The two plans' documents, section by section in the order of the paper form. */
export function comparePlans(before: PlanContent, after: PlanContent): CompareSection[] {
  return [
    { section: 'title', items: [item('title', before.title, after.title)] },
    { section: 'lastYearEfforts', items: compareParagraphs(before.lastYearEfforts, after.lastYearEfforts, 'e') },
    { section: 'findings', items: compareParagraphs(before.findings, after.findings, 'f') },
    { section: 'goals', items: compareKeyed(before.goals, after.goals, (g) => g.text, () => undefined, 'goal:') },
    { section: 'issues', items: compareKeyed(before.issues, after.issues, issueText, () => undefined, 'issue:') },
    { section: 'schedule', items: compareKeyed(before.schedule, after.schedule, rowText, (r) => r.carried?.fromRowId, 'row:', (r) => r.title.trim()) },
    { section: 'notes', items: [item('notes', before.notes, after.notes)] },
  ];
}

export interface YearData {
  fiscalYear: number;
  plan: Plan | null;
  progress: ProgressRecord[];
  escalations: Escalation[];
  /** 'YYYY-MM' */
  asOf: string;
}

/** A year's figures from the roll-up engine: percent done, rows slipped, escalations, the ward's metrics. */
export function yearFigures(catalog: Catalog, wardId: string, year: YearData): YearFigures {
  const rollup = computeRollup({
    fiscalYear: year.fiscalYear,
    asOf: year.asOf,
    catalog,
    plans: year.plan ? [year.plan] : [],
    progress: year.progress,
    escalations: year.escalations,
  });
  const ward = rollup.wards.find((w) => w.wardId === wardId);
  return {
    fiscalYear: year.fiscalYear,
    planId: year.plan?.id ?? null,
    status: year.plan?.status ?? null,
    asOf: year.asOf,
    percent: ward?.percent ?? null,
    due: ward?.due ?? 0,
    rowsSlipped: new Set((ward?.overdue ?? []).map((c) => c.rowId)).size,
    escalations: ward?.escalated ?? 0,
    metrics: (ward?.metrics ?? []).map((m) => ({ metricId: m.metricId, name: m.name, format: m.format, value: m.perMeeting.length ? m.value : null })),
  };
}
