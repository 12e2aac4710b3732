/**
 * Next year's plan drafted from this year's (plan + records + escalations + comments → draft content).
 * The plan's first two sections are exactly what the system knows: 「令和N年度の取組」 is written from the
 * rows actually carried out (months, how often, attendance, the ward's own figures), as editable sentences
 * in the document's style; 「明らかになったこと」 is prefilled with what the year recorded (notes,
 * escalations and replies, comments) for the planner to rewrite. Goals, issues, actions and remarks are
 * carried over; every schedule row is carried with its months and meeting type, and rows that slipped
 * (as the roll-up engine counts them: overdue, postponed, not done) are marked. Pure: the caller loads
 * the data and chooses the as-of month (normally the current month, capped at the year's last).
 */
import type { Escalation, Plan, PlanComment, PlanContent, ProgressRecord, RollupMetric, RollupWard, ScheduleRow } from '../../schemas/types.js';
import type { Catalog } from './catalog.js';
import { findWard } from './catalog.js';
import { FISCAL_MONTHS, eraFiscalYear, fiscalIndex, yearMonthOf } from './fiscal-year.js';
import { computeRollup } from './rollup.js';

export interface NextYearInput {
  plan: Plan;
  catalog: Catalog;
  progress: ProgressRecord[];
  escalations: Escalation[];
  comments: PlanComment[];
  /** 'YYYY-MM': records up to this month count (the roll-up's as-of rule). */
  asOf: string;
  /** The year's office-network figures as sentences (core/participation.ts `effortLines`), if any. */
  networkLines?: string[];
}

/** The draft and what the drafting found (for the caller's message and for tests). */
export interface NextYearDraft {
  content: PlanContent;
  /** Row ids of the source plan that slipped, with their overdue months. */
  slipped: Map<string, number[]>;
}

const MAX_ITEMS = 50;
const MAX_PARAGRAPH = 4000;

/**
 * The as-of month for drafting from year `fiscalYear` on `today` ('YYYY-MM'): the last month that is
 * over — a row planned this month has not slipped yet, whatever it will be — and never past the year's
 * March. (Drafting in October, as wards do, counts April–September.)
 */
export function draftingAsOf(fiscalYear: number, today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const previous = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  const last = yearMonthOf(fiscalYear, 3);
  return previous > last ? last : previous;
}

/** The plan's title with its era moved on by one year (or the city's title pattern when the era is not in it). */
export function nextYearTitle(title: string, fiscalYear: number, catalog: Catalog, wardId: string): string {
  const era = eraFiscalYear(fiscalYear);
  if (title.includes(era)) return title.split(era).join(eraFiscalYear(fiscalYear + 1));
  return planTitleFor(catalog, wardId, fiscalYear + 1);
}

/** A new plan's title from the city plugin's pattern ({era}, {ward}). */
export function planTitleFor(catalog: Catalog, wardId: string, fiscalYear: number): string {
  const ward = findWard(catalog, wardId);
  return catalog.city.planTitle.ja.replace('{era}', eraFiscalYear(fiscalYear)).replace('{ward}', ward?.councilName.ja ?? wardId);
}

export function draftNextYear(input: NextYearInput): NextYearDraft {
  const { plan, catalog } = input;
  const ownRecords = input.progress.filter((r) => r.planId === plan.id);
  const ward = rollupOf(input, ownRecords);
  const slipped = slippedRows(ward);
  const rating = (r: ScheduleRow) => r.rating;

  const content: PlanContent = {
    wardId: plan.wardId,
    fiscalYear: plan.fiscalYear + 1,
    title: nextYearTitle(plan.title, plan.fiscalYear, catalog, plan.wardId),
    status: 'draft',
    lastYearEfforts: cap([...effortSentences(plan, ownRecords), ...metricSentences(ward?.metrics ?? [], plan.fiscalYear), ...(input.networkLines ?? [])]),
    findings: cap(findingsOf(plan, ownRecords, input.escalations, input.comments, catalog)),
    goals: plan.goals.map((g) => ({ ...g })),
    issues: plan.issues.map((issue) => ({
      ...issue,
      actions: issue.actions.map((a) => {
        const { lastRating: _old, ...action } = a;
        return a.rating ? { ...action, lastRating: { ...a.rating } } : action;
      }),
      ...(issue.goalIds ? { goalIds: [...issue.goalIds] } : {}),
      ...(issue.themeIds ? { themeIds: [...issue.themeIds] } : {}),
    })),
    schedule: plan.schedule.map((row) => {
      const { carried: _old, ...rest } = row;
      const months = slipped.get(row.id) ?? [];
      const last = rating(row);
      return {
        ...rest,
        months: [...row.months],
        carried: { fromRowId: row.id, slipped: months.length > 0, slippedMonths: months, ...(last ? { lastRating: { ...last } } : {}) },
      };
    }),
    notes: plan.notes,
    sourceNote: `${eraFiscalYear(plan.fiscalYear)}の計画(第${plan.version}版)と${asOfLabel(input.asOf)}までの記録から作成した下書きです。取組と明らかになったことは記録から書き起こした文案です。`,
  };
  return { content, slipped };
}

function rollupOf(input: NextYearInput, records: ProgressRecord[]): RollupWard | undefined {
  const rollup = computeRollup({
    fiscalYear: input.plan.fiscalYear,
    asOf: input.asOf,
    catalog: input.catalog,
    plans: [input.plan],
    progress: records,
    escalations: input.escalations,
  });
  return rollup.wards.find((w) => w.planId === input.plan.id);
}

/** Rows with at least one overdue cell (the engine's rule), with those months in fiscal order. */
function slippedRows(ward: RollupWard | undefined): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  for (const cell of ward?.overdue ?? []) {
    const months = rows.get(cell.rowId) ?? [];
    if (!months.includes(cell.month)) months.push(cell.month);
    rows.set(cell.rowId, months);
  }
  for (const months of rows.values()) months.sort((a, b) => fiscalIndex(a) - fiscalIndex(b));
  return rows;
}

const isWorkDone = (r: ProgressRecord) => r.status === 'done' || r.status === 'partial';

/** 「<row>」を5月・9月・1月に実施した(計3回、うち一部実施1回、延べ参加者42人)。 — one sentence per row carried out. */
function effortSentences(plan: Plan, records: ProgressRecord[]): string[] {
  return plan.schedule.flatMap((row) => {
    const done = records.filter((r) => r.rowId === row.id && isWorkDone(r)).sort((a, b) => fiscalIndex(a.month) - fiscalIndex(b.month));
    if (done.length === 0) return [];
    const months = [...new Set(done.map((r) => r.month))];
    const partial = done.filter((r) => r.status === 'partial').length;
    const attendance = done.reduce((sum, r) => sum + (r.attendance ?? 0), 0);
    const details = [`計${done.length}回`];
    if (partial > 0) details.push(`うち一部実施${partial}回`);
    if (attendance > 0) details.push(`延べ参加者${attendance}人`);
    const { subject, verb } = phrase(row.title);
    return [`${subject}を${monthsPhrase(months)}${verb}(${details.join('、')})。`];
  });
}

/** "ちよこっとケースレビューの実施" → ちよこっとケースレビュー + 実施した; otherwise the title + 行った. */
function phrase(title: string): { subject: string; verb: string } {
  const oneLine = title.replace(/\s+/g, ' ').trim();
  const m = /^(.+?)(?:の実施|を実施|の開催|を開催|実施|開催)$/.exec(oneLine);
  if (m) return { subject: m[1]!, verb: oneLine.endsWith('開催') ? '開催した' : '実施した' };
  return { subject: `「${oneLine}」`, verb: '行った' };
}

/** 5月・9月・1月に / 4月から9月まで毎月 (three or more consecutive fiscal months). */
function monthsPhrase(months: number[]): string {
  const idx = months.map(fiscalIndex);
  const consecutive = idx.every((v, i) => i === 0 || v === idx[i - 1]! + 1);
  if (months.length >= 3 && consecutive) return `${months[0]}月から${months[months.length - 1]}月まで毎月`;
  return `${months.map((m) => `${m}月`).join('・')}に`;
}

/** The ward's own figures (plugin metrics) of the year, with last year's baseline when the plugin gives one. */
function metricSentences(metrics: RollupMetric[], fiscalYear: number): string[] {
  return metrics.flatMap((m) => {
    if (m.perMeeting.length === 0 || m.value === null) return [];
    const value = formatMetric(m.format, m.value);
    const base = m.baseline?.[String(fiscalYear - 1)];
    const details = [`${m.perMeeting.length}回の記録`];
    if (m.kind === 'ratio' && m.numerator !== undefined && m.denominator !== undefined) details.push(`延べ${m.denominator}のうち${m.numerator}`);
    if (base !== undefined) details.push(`${eraFiscalYear(fiscalYear - 1)}は${formatMetric(m.format, base)}`);
    return [`${m.name.ja}は${value}であった(${details.join('、')})。`];
  });
}

function formatMetric(format: string, value: number): string {
  return format === 'percent' ? `${(Math.round(value * 1000) / 10).toFixed(1)}%` : String(Math.round(value * 100) / 100);
}

/** Escalations with the subcommittee's replies, the comments, then the notes of the records row by row. */
function findingsOf(plan: Plan, records: ProgressRecord[], escalations: Escalation[], comments: PlanComment[], catalog: Catalog): string[] {
  // The city's own words (区 / エリア, 地域部会 / 相談支援部会), never Sendai's by default.
  const unit = catalog.city.unitName.ja;
  const body = catalog.city.subcommittee.name.ja;
  const issueNo = (id: string) => {
    const i = plan.issues.findIndex((x) => x.id === id);
    return i >= 0 ? `課題${circled(i)}` : '課題';
  };
  const found: string[] = [];
  for (const e of escalations.filter((x) => x.planId === plan.id && x.status !== 'withdrawn').sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    const reply = e.reply ? ` ${body}からの回答: ${e.reply}` : '';
    found.push(`${issueNo(e.issueId)}について、${unit}単独では解決できない課題として${body}に提起した: ${e.note}${reply}`);
  }
  for (const c of comments.filter((x) => x.planId === plan.id).sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    const who = c.authorRole === 'wardEditor' ? `${unit}事務局` : body;
    const about = c.issueId ? `(${issueNo(c.issueId)})` : '';
    found.push(`${who}のコメント${about}: ${c.body}`);
  }
  for (const row of plan.schedule) {
    const notes = records
      .filter((r) => r.rowId === row.id && r.note.trim())
      .sort((a, b) => fiscalIndex(a.month) - fiscalIndex(b.month))
      .map((r) => `${r.month}月 ${r.note.trim()}`);
    if (notes.length) found.push(`「${row.title.trim()}」の記録より: ${notes.join(' / ')}`);
  }
  return found;
}

function circled(index: number): string {
  return index < 20 ? String.fromCodePoint(0x2460 + index) : `(${index + 1})`;
}

function asOfLabel(asOf: string): string {
  const [y, m] = asOf.split('-').map(Number) as [number, number];
  return `${y}年${m}月`;
}

/** At most 50 paragraphs of at most 4000 characters (the plan schema's limits). */
function cap(items: string[]): string[] {
  return items.slice(0, MAX_ITEMS).map((s) => (s.length > MAX_PARAGRAPH ? `${s.slice(0, MAX_PARAGRAPH - 1)}…` : s));
}

/** Exported for the tests' expectations: the fiscal months a row's records were carried out in. */
export function monthsCarriedOut(records: ProgressRecord[], rowId: string): number[] {
  const months = new Set(records.filter((r) => r.rowId === rowId && isWorkDone(r)).map((r) => r.month));
  return FISCAL_MONTHS.filter((m) => months.has(m));
}
