/**
 * The roll-up rules (docs/rollup.md), case by case, on small catalogs and plans built here. One test at
 * the end runs the real plugins and demo plans.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  City,
  Escalation,
  EscalationStatus,
  MeetingType,
  MetricDefinition,
  Plan,
  PlanContent,
  PlanIssue,
  ProgressRecord,
  ProgressStatus,
  Rollup,
  RollupWard,
  ScheduleRow,
  Ward,
} from '../../schemas/types.js';
import type { Catalog } from '../../server/core/catalog.js';
import { computeRollup, type RollupInput } from '../../server/core/rollup.js';
import { loadPlugins } from '../../server/plugin-host/load-plugins.js';
import { createAjv } from '../../server/validation/schemas.js';

// ---------------------------------------------------------------------------------------------------
// Builders.

const FY = 2026;
const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

function meetingType(id: string, extra: Partial<MeetingType> = {}): MeetingType {
  return { id, name: { ja: `会議${id}` }, cadence: { kind: 'asNeeded' }, defaultMonths: [], themes: [], origin: 'ward', ...extra };
}

function ward(id: string, meetingTypes: MeetingType[] = []): Ward {
  return { id, name: { ja: `${id}区` }, councilName: { ja: `${id}区自立協` }, meetingTypes };
}

function makeCatalog(wards: Ward[], city: Partial<City> = {}): Catalog {
  return {
    city: {
      id: 'city',
      name: { ja: '市' },
      unitName: { ja: '区' },
      planTitle: { ja: '計画' },
      subcommittee: { name: { ja: '地域部会' }, meetings: [] },
      themes: [],
      wardIds: wards.map((w) => w.id),
      health: { onTrack: 90, watch: 70 },
      ...city,
    },
    wards,
  };
}

type Timing = number[] | 'every' | 'asNeeded';

function row(id: string, timing: Timing, extra: Partial<ScheduleRow> = {}): ScheduleRow {
  const base =
    timing === 'every'
      ? { timing: 'everyMonth' as const, months: [] as [] }
      : timing === 'asNeeded'
        ? { timing: 'asNeeded' as const, months: [] as [] }
        : { timing: 'months' as const, months: timing as ScheduleRow['months'] };
  return { id, title: `作業${id}`, issueId: null, meetingTypeId: null, ...base, ...extra };
}

function issue(id: string, extra: Partial<PlanIssue> = {}): PlanIssue {
  return { id, problem: `課題${id}`, actions: [], remarks: '', ...extra };
}

function plan(wardId: string, schedule: ScheduleRow[], extra: Partial<PlanContent> & { id?: string } = {}): Plan {
  return {
    id: `plan-${wardId}`,
    wardId,
    fiscalYear: FY,
    title: '計画',
    status: 'approved',
    lastYearEfforts: [],
    findings: [],
    goals: [],
    issues: [],
    schedule,
    notes: '',
    version: 1,
    createdAt: '2026-03-01T00:00:00Z',
    updatedAt: '2026-03-01T00:00:00Z',
    updatedBy: null,
    ...extra,
  };
}

function rec(p: Plan, rowId: string, month: number, status: ProgressStatus, extra: Record<string, unknown> = {}): ProgressRecord {
  return {
    planId: p.id,
    wardId: p.wardId,
    fiscalYear: p.fiscalYear,
    rowId,
    month,
    status,
    heldOn: null,
    attendance: null,
    note: '',
    extra,
    version: 1,
    updatedAt: '2026-10-01T00:00:00Z',
    updatedBy: null,
  };
}

let escalationSeq = 0;
function escalation(wardId: string, status: EscalationStatus, fiscalYear = FY): Escalation {
  escalationSeq += 1;
  return {
    id: `e${escalationSeq}`,
    planId: `plan-${wardId}`,
    wardId,
    fiscalYear,
    issueId: 'i1',
    note: '区単独では解決できない課題',
    confidential: false,
    status,
    reply: null,
    repliedAt: null,
    repliedBy: null,
    createdAt: '2026-10-01T00:00:00Z',
    createdBy: null,
    updatedAt: '2026-10-01T00:00:00Z',
    version: 1,
  };
}

const ajv = createAjv();
const validateRollup = ajv.getSchema('rollup.schema.json#/definitions/rollup')!;

/** Runs the roll-up and checks every result against the contract, so each test also exercises the schema. */
function run(input: Partial<RollupInput> & Pick<RollupInput, 'catalog'>): Rollup {
  const result = computeRollup({ fiscalYear: FY, asOf: '2027-03', plans: [], progress: [], escalations: [], ...input });
  expect(validateRollup(result), JSON.stringify(validateRollup.errors)).toBe(true);
  return result;
}

/** A one-ward roll-up: the ward's entry. */
function oneWard(schedule: ScheduleRow[], records: (p: Plan) => ProgressRecord[], asOf: string, planExtra: Partial<PlanContent> = {}): RollupWard {
  const p = plan('a', schedule, planExtra);
  return run({ catalog: makeCatalog([ward('a')]), plans: [p], progress: records(p), asOf }).wards[0]!;
}

const monthOf = (w: RollupWard, month: number) => w.months.find((m) => m.month === month)!;

// ---------------------------------------------------------------------------------------------------

describe('planned months and the as-of month', () => {
  it('counts non-adjacent months in fiscal order: [5, 9, 1] has two cells due by September', () => {
    const w = oneWard([row('r1', [5, 9, 1])], () => [], '2026-09');
    expect(w).toMatchObject({ due: 2, done: 0, partial: 0, cancelled: 0, score: 0, percent: 0 });
    expect(w.months.map((m) => m.planned)).toEqual([0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0]);
    expect(w.months.map((m) => m.due)).toEqual([0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('takes an every-month row (毎月) as twelve planned cells and an as-needed row (随時) as none', () => {
    const w = oneWard([row('every', 'every'), row('needed', 'asNeeded')], () => [], '2026-09');
    expect(w.due).toBe(6); // April–September
    expect(w.months.map((m) => m.planned)).toEqual(Array(12).fill(1));
    expect(w.overdue.map((c) => c.rowId)).toEqual(Array(6).fill('every'));
  });

  it('has nothing due before the year begins: percent null, health none', () => {
    const w = oneWard([row('r1', 'every'), row('r2', [4])], () => [], '2026-03');
    expect(w).toMatchObject({ due: 0, score: 0, percent: null, health: 'none', overdue: [] });
    expect(w.months.map((m) => m.planned)).toEqual([2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(w.months.every((m) => m.due === 0 && m.percent === null)).toBe(true);
  });

  it('at the January boundary (2027-01) has April–December and January due, but not February or March', () => {
    const w = oneWard([row('every', 'every'), row('jan', [1]), row('febmar', [2, 3])], () => [], '2027-01');
    expect(w.due).toBe(11);
    expect(w.months.map((m) => m.due)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 0, 0]);
  });

  it('after the year has every planned cell due', () => {
    for (const asOf of ['2027-04', '2030-01']) {
      const w = oneWard([row('every', 'every'), row('r2', [5, 9, 1]), row('needed', 'asNeeded')], () => [], asOf);
      expect(w.due).toBe(15);
    }
  });

  it('the last month of the year (2027-03) already has everything due', () => {
    const w = oneWard([row('r1', [3, 4])], () => [], '2027-03');
    expect(w.due).toBe(2);
  });

  it('rejects an as-of month that is not YYYY-MM', () => {
    expect(() => computeRollup({ fiscalYear: FY, asOf: '2026-9', catalog: makeCatalog([]), plans: [], progress: [], escalations: [] })).toThrow(RangeError);
  });
});

describe('scoring due cells', () => {
  it('scores done 1, partial 0.5, postponed / notDone / no record 0', () => {
    const w = oneWard(
      [row('r1', [4, 5, 6, 7, 8])],
      (p) => [rec(p, 'r1', 4, 'done'), rec(p, 'r1', 5, 'partial'), rec(p, 'r1', 6, 'postponed'), rec(p, 'r1', 7, 'notDone')],
      '2026-08',
    );
    expect(w).toMatchObject({ due: 5, done: 1, partial: 1, cancelled: 0, score: 1.5, percent: 30 });
  });

  it('takes a cancelled cell out of the due set and counts it as cancelled', () => {
    const w = oneWard([row('r1', [5, 9, 1])], (p) => [rec(p, 'r1', 5, 'cancelled'), rec(p, 'r1', 9, 'done')], '2027-03');
    expect(w).toMatchObject({ due: 2, done: 1, cancelled: 1, score: 1, percent: 50 });
    expect(monthOf(w, 5)).toMatchObject({ planned: 1, due: 0, cancelled: 1, percent: null });
    expect(w.overdue).toEqual([{ rowId: 'r1', month: 1, rowTitle: '作業r1', status: null }]);
  });

  it('does not count a cancellation after the as-of month', () => {
    const w = oneWard([row('r1', [5, 9, 1])], (p) => [rec(p, 'r1', 1, 'cancelled')], '2026-09');
    expect(w).toMatchObject({ due: 2, cancelled: 0 });
  });

  it('does not count work recorded for planned cells after the as-of month', () => {
    const w = oneWard([row('r1', [5, 9, 1])], (p) => [rec(p, 'r1', 5, 'done'), rec(p, 'r1', 1, 'done')], '2026-09');
    expect(w).toMatchObject({ due: 2, done: 1, percent: 50 });
  });

  it('rounds the percent to one decimal without float noise', () => {
    const pct = (done: number, partial: number, due: number) => {
      const months = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3].slice(0, due);
      return oneWard(
        [row('r1', months)],
        (p) => months.slice(0, done + partial).map((m, i) => rec(p, 'r1', m, i < done ? 'done' : 'partial')),
        '2027-03',
      ).percent;
    };
    expect(pct(2, 0, 3)).toBe(66.7);
    expect(pct(1, 0, 3)).toBe(33.3);
    expect(pct(0, 1, 3)).toBe(16.7); // 16.666…
    expect(pct(1, 0, 7)).toBe(14.3);
    expect(pct(0, 1, 8)).toBe(6.3); // 6.25 rounds half up
    expect(pct(3, 0, 3)).toBe(100);
    expect(pct(0, 0, 3)).toBe(0);
  });

  it('gives a ward whose rows are all as-needed nothing due, health none', () => {
    const w = oneWard([row('r1', 'asNeeded')], (p) => [rec(p, 'r1', 5, 'done')], '2027-03');
    expect(w).toMatchObject({ due: 0, percent: null, health: 'none', overdue: [] });
    expect(w.unplanned).toHaveLength(1);
  });
});

describe('overdue cells', () => {
  it('lists due cells scoring 0 in plan row order, then fiscal month order, with the recorded status', () => {
    const w = oneWard(
      [row('second', [1, 5, 9]), row('first', [4, 6]), row('third', [7])],
      (p) => [
        rec(p, 'second', 5, 'postponed'),
        rec(p, 'second', 9, 'done'),
        rec(p, 'first', 4, 'partial'),
        rec(p, 'first', 6, 'notDone'),
        rec(p, 'third', 7, 'cancelled'),
      ],
      '2027-01',
    );
    expect(w.overdue).toEqual([
      { rowId: 'second', month: 5, rowTitle: '作業second', status: 'postponed' },
      { rowId: 'second', month: 1, rowTitle: '作業second', status: null },
      { rowId: 'first', month: 6, rowTitle: '作業first', status: 'notDone' },
    ]);
  });

  it('shows a status outside the five as it was recorded (read back from its record, wherever it sits in the input)', () => {
    const p = plan('a', [row('r1', [4, 5]), row('r2', [6])]);
    const odd = { ...rec(p, 'r2', 6, 'notDone'), status: 'onHold' as ProgressStatus };
    const progress = [rec(p, 'r1', 4, 'done'), rec(p, 'r1', 5, 'postponed'), odd];
    for (const order of [progress, [...progress].reverse()]) {
      const w = computeRollup({ fiscalYear: FY, asOf: '2026-09', catalog: makeCatalog([ward('a')]), plans: [p], progress: order, escalations: [] }).wards[0]!;
      expect(w.overdue).toEqual([
        { rowId: 'r1', month: 5, rowTitle: '作業r1', status: 'postponed' },
        { rowId: 'r2', month: 6, rowTitle: '作業r2', status: 'onHold' },
      ]);
      expect(w).toMatchObject({ due: 3, done: 1 });
    }
  });
});

describe('unplanned work', () => {
  it('lists done or partial work in unplanned months up to the as-of month, as-needed rows included', () => {
    const w = oneWard(
      [row('r1', [5]), row('needed', 'asNeeded')],
      (p) => [
        rec(p, 'r1', 5, 'done'), // planned: not unplanned work
        rec(p, 'r1', 6, 'done'),
        rec(p, 'r1', 7, 'postponed'), // nothing was done
        rec(p, 'r1', 8, 'cancelled'),
        rec(p, 'needed', 4, 'partial'),
        rec(p, 'needed', 9, 'done'),
        rec(p, 'needed', 10, 'done'), // after the as-of month
      ],
      '2026-09',
    );
    expect(w.unplanned).toEqual([
      { rowId: 'r1', month: 6, rowTitle: '作業r1', status: 'done' },
      { rowId: 'needed', month: 4, rowTitle: '作業needed', status: 'partial' },
      { rowId: 'needed', month: 9, rowTitle: '作業needed', status: 'done' },
    ]);
    expect(w.months.map((m) => m.unplanned)).toEqual([1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    // Unplanned work never adds to the score.
    expect(w).toMatchObject({ due: 1, done: 1, percent: 100 });
  });

  it('counts unplanned cells for the city', () => {
    const a = plan('a', [row('r1', 'asNeeded')]);
    const b = plan('b', [row('r1', [4])]);
    const r = run({
      catalog: makeCatalog([ward('a'), ward('b')]),
      plans: [a, b],
      progress: [rec(a, 'r1', 4, 'done'), rec(a, 'r1', 5, 'done'), rec(b, 'r1', 5, 'partial')],
      asOf: '2026-06',
    });
    expect(r.city.unplanned).toBe(3);
    expect(r.city.months.slice(0, 3).map((m) => m.unplanned)).toEqual([1, 2, 0]);
  });
});

describe('records that no longer match the plan', () => {
  it('ignores records for deleted rows and for plans not given', () => {
    const p = plan('a', [row('r1', [4, 5])]);
    const other = { ...plan('a', []), id: 'old-plan' };
    const r = run({
      catalog: makeCatalog([ward('a')]),
      plans: [p],
      progress: [rec(p, 'gone', 4, 'done'), rec(other, 'r1', 4, 'done'), rec(other, 'r1', 6, 'done'), rec(p, 'r1', 5, 'done')],
      asOf: '2026-06',
    });
    const w = r.wards[0]!;
    expect(w).toMatchObject({ due: 2, done: 1, percent: 50, unplanned: [] });
    expect(w.overdue).toEqual([{ rowId: 'r1', month: 4, rowTitle: '作業r1', status: null }]);
  });

  it('ignores plans of another fiscal year and of wards outside the catalog', () => {
    const other = plan('a', [row('r1', [4])], { fiscalYear: 2025, id: 'p2025' });
    const stranger = plan('zz', [row('r1', [4])]);
    const r = run({ catalog: makeCatalog([ward('a')]), plans: [other, stranger], asOf: '2026-06' });
    expect(r.wards.map((w) => [w.wardId, w.planId, w.due])).toEqual([['a', null, 0]]);
  });
});

describe('issues and goals', () => {
  it('gives figures per issue and per goal in plan order, a row counting once per goal', () => {
    const w = oneWard(
      [row('r1', [4, 5], { issueId: 'i1' }), row('r2', [4], { issueId: 'i2' }), row('r3', [4, 5]), row('r4', [5], { issueId: 'i2' })],
      (p) => [rec(p, 'r1', 4, 'done'), rec(p, 'r1', 5, 'partial'), rec(p, 'r2', 4, 'cancelled'), rec(p, 'r3', 4, 'done'), rec(p, 'r4', 5, 'notDone')],
      '2026-05',
      {
        goals: [
          { id: 'g2', text: '目標2' },
          { id: 'g1', text: '目標1' },
          { id: 'g3', text: '目標3' },
        ],
        issues: [issue('i2', { goalIds: ['g2'] }), issue('i1', { goalIds: ['g1', 'g2'] }), issue('i3', { goalIds: ['g3'] })],
      },
    );
    expect(w.issues).toEqual([
      { id: 'i2', due: 1, done: 0, partial: 0, cancelled: 1, late: 0, score: 0, percent: 0 },
      { id: 'i1', due: 2, done: 1, partial: 1, cancelled: 0, late: 0, score: 1.5, percent: 75 },
      { id: 'i3', due: 0, done: 0, partial: 0, cancelled: 0, late: 0, score: 0, percent: null },
    ]);
    expect(w.goals).toEqual([
      { id: 'g2', due: 3, done: 1, partial: 1, cancelled: 1, late: 0, score: 1.5, percent: 50 },
      { id: 'g1', due: 2, done: 1, partial: 1, cancelled: 0, late: 0, score: 1.5, percent: 75 },
      { id: 'g3', due: 0, done: 0, partial: 0, cancelled: 0, late: 0, score: 0, percent: null },
    ]);
    // The row without an issue counts for the ward only.
    expect(w).toMatchObject({ due: 5, done: 2, partial: 1, cancelled: 1, score: 2.5, percent: 50 });
  });
});

/** A plan of `due` due cells (every-month rows, year over) of which the first `done` are done. */
function scoredPlan(wardId: string, due: number, done: number): { plan: Plan; progress: ProgressRecord[] } {
  const months = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3];
  const rows: ScheduleRow[] = [];
  for (let i = 0; i * 12 < due; i++) rows.push(row(`r${i}`, months.slice(0, Math.min(12, due - i * 12))));
  const p = plan(wardId, rows);
  const cells = rows.flatMap((r) => r.months.map((m) => [r.id, m] as const));
  return { plan: p, progress: cells.slice(0, done).map(([id, m]) => rec(p, id, m, 'done')) };
}

function scoredRollup(scores: [string, number, number][], input: Partial<RollupInput> = {}): Rollup {
  const built = scores.map(([id, due, done]) => scoredPlan(id, due, done));
  return run({
    catalog: makeCatalog(scores.map(([id]) => ward(id))),
    plans: built.map((b) => b.plan),
    progress: built.flatMap((b) => b.progress),
    asOf: '2027-03',
    ...input,
  });
}

describe('health', () => {
  it('is onTrack at exactly 90, watch at 89.9 and at exactly 70, behind below 70', () => {
    const r = scoredRollup([
      ['a', 10, 9], // 90
      ['b', 69, 62], // 89.855… → 89.9
      ['c', 10, 7], // 70
      ['d', 73, 51], // 69.863… → 69.9
      ['e', 0, 0],
    ]);
    expect(r.wards.map((w) => [w.percent, w.health])).toEqual([
      [90, 'onTrack'],
      [89.9, 'watch'],
      [70, 'watch'],
      [69.9, 'behind'],
      [null, 'none'],
    ]);
    expect(r.thresholds).toEqual({ onTrack: 90, watch: 70 });
  });

  it('uses the catalog thresholds by default and custom thresholds when given', () => {
    const scores: [string, number, number][] = [
      ['a', 10, 8],
      ['b', 10, 5],
      ['c', 10, 3],
    ];
    const byCatalog = scoredRollup(scores, { catalog: makeCatalog([ward('a'), ward('b'), ward('c')], { health: { onTrack: 80, watch: 50 } }) });
    expect(byCatalog.thresholds).toEqual({ onTrack: 80, watch: 50 });
    expect(byCatalog.wards.map((w) => w.health)).toEqual(['onTrack', 'watch', 'behind']);

    const custom = scoredRollup(scores, { thresholds: { onTrack: 50, watch: 30 } });
    expect(custom.thresholds).toEqual({ onTrack: 50, watch: 30 });
    expect(custom.wards.map((w) => w.health)).toEqual(['onTrack', 'onTrack', 'watch']);
    expect(custom.city).toMatchObject({ percent: 53.3, health: 'onTrack' });
  });
});

describe('ranking', () => {
  it('ranks by percent, ties in catalog order, wards with nothing due last', () => {
    const built = [scoredPlan('a', 4, 2), scoredPlan('b', 5, 4), scoredPlan('d', 2, 1), scoredPlan('f', 3, 3)];
    const nothingDue = plan('e', [row('r1', 'asNeeded')]);
    const r = run({
      catalog: makeCatalog(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ward(id))),
      plans: [nothingDue, ...built.map((b) => b.plan)],
      progress: built.flatMap((b) => b.progress),
      asOf: '2027-03',
    });
    // Listed in catalog order, whatever the rank.
    expect(r.wards.map((w) => w.wardId)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(r.wards.map((w) => [w.wardId, w.percent, w.rank])).toEqual([
      ['a', 50, 3],
      ['b', 80, 2],
      ['c', null, 5],
      ['d', 50, 4],
      ['e', null, 6],
      ['f', 100, 1],
    ]);
  });
});

describe('a ward without a plan', () => {
  it('appears with zeros, no plan id, health none, empty lists and twelve empty months', () => {
    const b = plan('b', [row('r1', [4])]);
    const r = run({ catalog: makeCatalog([ward('a'), ward('b')]), plans: [b], progress: [rec(b, 'r1', 4, 'done')], asOf: '2026-09' });
    const a = r.wards[0]!;
    expect(a).toEqual({
      wardId: 'a',
      planId: null,
      rank: 2,
      due: 0,
      done: 0,
      partial: 0,
      cancelled: 0,
      late: 0,
      score: 0,
      percent: null,
      health: 'none',
      overdue: [],
      unplanned: [],
      thisMonth: [],
      inProgress: null,
      escalated: 0,
      issues: [],
      goals: [],
      months: [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3].map((month) => ({
        month,
        planned: 0,
        due: 0,
        done: 0,
        partial: 0,
        cancelled: 0,
        late: 0,
        score: 0,
        percent: null,
        unplanned: 0,
      })),
      metrics: [],
    });
    expect(r.wards[1]).toMatchObject({ planId: 'plan-b', rank: 1, percent: 100 });
  });
});

describe('escalations', () => {
  it('counts the ward escalations of the year that are not withdrawn', () => {
    const r = run({
      catalog: makeCatalog([ward('a'), ward('b')]),
      plans: [plan('a', [])],
      escalations: [
        escalation('a', 'open'),
        escalation('a', 'answered'),
        escalation('a', 'withdrawn'),
        escalation('a', 'open', 2025),
        escalation('b', 'open'),
        escalation('b', 'withdrawn'),
        escalation('zz', 'open'),
      ],
    });
    expect(r.wards.map((w) => w.escalated)).toEqual([2, 1]);
    expect(r.city.escalated).toBe(3);
  });
});

describe('the city', () => {
  it('sums the wards and takes the percent from the sums, not the average of percents', () => {
    const r = scoredRollup([
      ['a', 1, 1], // 100 %
      ['b', 3, 0], // 0 %
    ]);
    expect(r.city).toMatchObject({ due: 4, done: 1, partial: 0, cancelled: 0, score: 1, percent: 25, health: 'behind', overdue: 3, unplanned: 0, escalated: 0 });
    expect(r.city.months.map((m) => m.month)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]);
    expect(r.city.months.slice(0, 4).map((m) => [m.planned, m.due, m.done, m.percent])).toEqual([
      [2, 2, 1, 50],
      [1, 1, 0, 0],
      [1, 1, 0, 0],
      [0, 0, 0, null],
    ]);
  });

  it('has percent null and health none when nothing is due anywhere', () => {
    const r = run({ catalog: makeCatalog([ward('a')]), plans: [plan('a', [row('r1', [4])])], asOf: '2026-01' });
    expect(r.city).toMatchObject({ due: 0, percent: null, health: 'none', overdue: 0 });
  });
});

describe('shared themes and meeting types', () => {
  const themes = [
    { id: 't2', name: { ja: 'テーマ2' } },
    { id: 't1', name: { ja: 'テーマ1' } },
    { id: 't3', name: { ja: 'テーマ3' } },
    { id: 't4', name: { ja: 'テーマ4' } },
  ];
  const liaison = meetingType('liaison', { origin: 'city', name: { ja: '連絡会議' }, themes: ['t4'] });
  const plenary = meetingType('plenary', { origin: 'city', name: { ja: '全体協議会' } });
  const common = [liaison, plenary];
  const catalog = makeCatalog(
    [
      ward('a', [...common, meetingType('choco', { basedOn: 'liaison' })]),
      ward('b', [...common, meetingType('b-local', { themes: ['t1', 't2'] })]),
      ward('c', [...common, meetingType('c-local', { themes: ['t2'] })]),
      ward('d', [...common]),
      ward('e', [...common, meetingType('e-local')]),
    ],
    { themes },
  );
  const plans = [
    plan('a', [row('r1', [5], { meetingTypeId: 'choco' })], { issues: [issue('i1', { themeIds: ['t1', 'unknown'] })] }),
    plan('b', [row('r1', 'asNeeded', { meetingTypeId: 'b-local' }), row('r2', [6], { meetingTypeId: 'liaison' })]),
    plan('c', [row('r1', [7], { meetingTypeId: 'plenary' })], {
      issues: [issue('i1', { themeIds: ['t3'], actions: [{ text: '取組', meetingTypeId: 'c-local' }] })],
    }),
    // d names the plenary only in an action, not on the schedule.
    plan('d', [row('r1', [8])], { issues: [issue('i1', { actions: [{ text: '取組', meetingTypeId: 'plenary' }] })] }),
    plan('e', [row('r1', [9], { meetingTypeId: 'e-local' })]),
  ];

  it('lists city themes in more than one ward plan, from issues, schedule rows and actions, in city theme order', () => {
    const r = run({ catalog, plans });
    expect(r.sharedThemes).toEqual([
      { id: 't2', name: { ja: 'テーマ2' }, wardIds: ['b', 'c'] },
      { id: 't1', name: { ja: 'テーマ1' }, wardIds: ['a', 'b'] },
      // t4 (a theme of the liaison body itself) is in b's plan only: a's "choco" does not inherit its body's themes.
    ]);
  });

  it('lists city meeting bodies scheduled in more than one ward plan, counting local types for the body they are based on', () => {
    const r = run({ catalog, plans });
    expect(r.sharedMeetingTypes).toEqual([{ id: 'liaison', name: { ja: '連絡会議' }, wardIds: ['a', 'b'] }]);
  });

  it('shares a body once a second ward schedules it, in ward catalog order', () => {
    const more = [...plans.filter((p) => p.wardId !== 'd'), plan('d', [row('r1', [8], { meetingTypeId: 'plenary' }), row('r2', [9], { meetingTypeId: 'liaison' })])];
    const r = run({ catalog, plans: more.reverse() });
    expect(r.sharedMeetingTypes).toEqual([
      { id: 'liaison', name: { ja: '連絡会議' }, wardIds: ['a', 'b', 'd'] },
      { id: 'plenary', name: { ja: '全体協議会' }, wardIds: ['c', 'd'] },
    ]);
    expect(r.sharedThemes.map((t) => [t.id, t.wardIds])).toEqual([
      ['t2', ['b', 'c']],
      ['t1', ['a', 'b']],
      ['t4', ['b', 'd']],
    ]);
  });
});

describe('plugin metrics', () => {
  const rate: MetricDefinition = {
    id: 'participation-rate',
    name: { ja: '参加率' },
    kind: 'ratio',
    numerator: 'participating',
    denominator: 'invited',
    format: 'percent',
    baseline: { '2024': 0.45, '2025': 0.53 },
  };
  const sheets: MetricDefinition = { id: 'sheets', name: { ja: '近況票' }, kind: 'sum', field: 'sheets', format: 'number' };
  const prepared: MetricDefinition = { id: 'prepared', name: { ja: '事前共有' }, kind: 'count', field: 'shared' };
  const unused: MetricDefinition = { id: 'unused', name: { ja: '未使用' }, kind: 'sum', field: 'x', format: 'number' };
  const catalog = makeCatalog([
    ward('a', [
      meetingType('plain'),
      meetingType('liaison', { metrics: [rate] }),
      meetingType('calls', { metrics: [sheets] }),
      meetingType('yomegoto', { metrics: [rate] }),
      meetingType('supervision', { metrics: [prepared] }),
      meetingType('spare', { metrics: [unused] }),
    ]),
    ward('b', [meetingType('plain')]),
  ]);
  const p = plan('a', [
    row('rA', [5, 9, 11, 1], { meetingTypeId: 'liaison' }),
    row('rB', [6], { meetingTypeId: 'yomegoto' }),
    row('rC', 'asNeeded', { meetingTypeId: 'calls' }),
    row('rD', 'every', { meetingTypeId: 'supervision' }),
    row('rE', [5], { meetingTypeId: 'plain' }),
  ]);
  const progress = [
    rec(p, 'rA', 5, 'done', { participating: 5, invited: 10 }),
    rec(p, 'rB', 6, 'partial', { participating: 3, invited: 0 }), // zero denominator
    rec(p, 'rA', 7, 'done', { participating: 1, invited: 4 }), // unplanned month: still a meeting held
    rec(p, 'rA', 9, 'done', { participating: 4, invited: 6 }),
    rec(p, 'rA', 11, 'done', { participating: 2 }), // denominator missing
    rec(p, 'rA', 1, 'done', { participating: 10, invited: 10 }), // after the as-of month
    rec(p, 'rB', 8, 'postponed', { participating: 9, invited: 9 }), // not held
    rec(p, 'rC', 8, 'done', { sheets: 3 }),
    rec(p, 'rC', 10, 'partial', { sheets: 4 }),
    rec(p, 'rC', 11, 'done', {}),
    rec(p, 'rD', 4, 'done', { shared: true }),
    rec(p, 'rD', 5, 'done', { shared: false }),
    rec(p, 'rD', 6, 'partial', { shared: true }),
    rec(p, 'rD', 7, 'notDone', { shared: true }),
    rec(p, 'rD', 8, 'done', {}),
    rec(p, 'rE', 5, 'done', { participating: 1, invited: 1 }),
  ];
  let r: Rollup;
  beforeAll(() => {
    r = run({ catalog, plans: [p], progress, asOf: '2026-12' });
  });
  const metric = (id: string) => r.wards[0]!.metrics.find((m) => m.metricId === id)!;

  it('lists the metrics of the ward meeting types in catalog order, once per id', () => {
    expect(r.wards[0]!.metrics.map((m) => m.metricId)).toEqual(['participation-rate', 'sheets', 'prepared', 'unused']);
    expect(r.wards[1]!.metrics).toEqual([]);
  });

  it('computes a ratio per meeting and over the year across two meeting types', () => {
    const m = metric('participation-rate');
    expect(m.perMeeting).toEqual([
      { rowId: 'rA', month: 5, meetingTypeId: 'liaison', value: 0.5, numerator: 5, denominator: 10 },
      { rowId: 'rB', month: 6, meetingTypeId: 'yomegoto', value: null, numerator: 3, denominator: 0 },
      { rowId: 'rA', month: 7, meetingTypeId: 'liaison', value: 0.25, numerator: 1, denominator: 4 },
      { rowId: 'rA', month: 9, meetingTypeId: 'liaison', value: 4 / 6, numerator: 4, denominator: 6 },
      { rowId: 'rA', month: 11, meetingTypeId: 'liaison', value: null, numerator: 2 },
    ]);
    // 5+3+1+4 over 10+0+4+6; the meeting without a denominator is left out of both sums.
    expect(m).toMatchObject({ name: { ja: '参加率' }, kind: 'ratio', format: 'percent', numerator: 13, denominator: 20, value: 0.65 });
    expect(m.baseline).toEqual({ '2024': 0.45, '2025': 0.53 });
  });

  it('gives a ratio of null when the denominators sum to zero', () => {
    const only = run({ catalog, plans: [p], progress: progress.filter((x) => x.rowId === 'rB'), asOf: '2026-12' });
    expect(only.wards[0]!.metrics[0]).toMatchObject({ metricId: 'participation-rate', value: null, numerator: 3, denominator: 0 });
  });

  it('sums a field, a missing value counting as nothing', () => {
    const m = metric('sheets');
    expect(m).toMatchObject({ kind: 'sum', format: 'number', value: 7 });
    expect(m.perMeeting.map((x) => [x.month, x.value])).toEqual([
      [8, 3],
      [10, 4],
      [11, null],
    ]);
    expect(m).not.toHaveProperty('baseline');
    expect(m).not.toHaveProperty('numerator');
  });

  it('counts the meetings where a boolean field is true, and defaults the format to number', () => {
    const m = metric('prepared');
    expect(m).toMatchObject({ kind: 'count', format: 'number', value: 2 });
    expect(m.perMeeting.map((x) => [x.month, x.value])).toEqual([
      [4, 1],
      [5, 0],
      [6, 1],
      [8, 0],
    ]);
  });

  it('shows a metric with no meetings yet as an empty figure', () => {
    expect(metric('unused')).toEqual({ metricId: 'unused', name: { ja: '未使用' }, kind: 'sum', format: 'number', value: 0, perMeeting: [] });
  });

  it('orders meetings by month, then plan row', () => {
    const q = plan('a', [row('late', [5], { meetingTypeId: 'yomegoto' }), row('early', [4, 5], { meetingTypeId: 'liaison' })]);
    const out = run({
      catalog,
      plans: [q],
      progress: [rec(q, 'early', 5, 'done', { participating: 1, invited: 2 }), rec(q, 'late', 5, 'done', { participating: 1, invited: 1 }), rec(q, 'early', 4, 'done', { participating: 0, invited: 3 })],
      asOf: '2026-05',
    });
    expect(out.wards[0]!.metrics[0]!.perMeeting.map((x) => `${x.month}:${x.rowId}`)).toEqual(['4:early', '5:late', '5:early']);
    expect(out.wards[0]!.metrics[0]!.value).toBe(2 / 6);
  });
});

describe('determinism and the contract', () => {
  it('gives the same result whatever the order of plans, progress and escalations', () => {
    const a = plan('a', [row('r1', [4, 5, 6], { issueId: 'i1' }), row('r2', 'asNeeded')], { issues: [issue('i1', { themeIds: ['t1'] })] });
    const b = plan('b', [row('r1', 'every')], { issues: [issue('i1', { themeIds: ['t1'] })] });
    const catalog = makeCatalog([ward('a'), ward('b')], { themes: [{ id: 't1', name: { ja: 'テーマ1' } }] });
    const progress = [rec(a, 'r1', 4, 'done'), rec(a, 'r2', 5, 'partial'), rec(b, 'r1', 4, 'cancelled'), rec(b, 'r1', 6, 'partial')];
    const escalations = [escalation('a', 'open'), escalation('b', 'withdrawn')];
    const forward = run({ catalog, plans: [a, b], progress, escalations, asOf: '2026-08' });
    const backward = run({ catalog, plans: [b, a], progress: [...progress].reverse(), escalations: [...escalations].reverse(), asOf: '2026-08' });
    expect(backward).toEqual(forward);
    expect(JSON.stringify(backward)).toBe(JSON.stringify(forward));
  });

  it('picks the same record for a cell recorded twice, whatever the order', () => {
    const a = plan('a', [row('r1', [4])]);
    const old = rec(a, 'r1', 4, 'notDone');
    const newer = { ...rec(a, 'r1', 4, 'done'), version: 2 };
    const one = run({ catalog: makeCatalog([ward('a')]), plans: [a], progress: [old, newer], asOf: '2026-04' });
    const two = run({ catalog: makeCatalog([ward('a')]), plans: [a], progress: [newer, old], asOf: '2026-04' });
    expect(one.wards[0]!.done).toBe(1);
    expect(two).toEqual(one);
  });

  it('takes the plan with the smaller id when a ward is given two, whatever the order', () => {
    const first = plan('a', [row('r1', [4])], { id: 'p1' });
    const second = plan('a', [row('r1', [4, 5])], { id: 'p2' });
    for (const plans of [
      [first, second],
      [second, first],
    ]) {
      const w = run({ catalog: makeCatalog([ward('a')]), plans, asOf: '2026-05' }).wards[0]!;
      expect([w.planId, w.due]).toEqual(['p1', 1]);
    }
  });

  it('validates against rollup.schema.json, and the validator does reject a broken roll-up', () => {
    const r = run({ catalog: makeCatalog([ward('a'), ward('b')]), plans: [plan('a', [row('r1', [4])])], asOf: '2026-05' });
    expect(validateRollup(r)).toBe(true);
    const broken = structuredClone(r) as unknown as { wards: { health: string }[] };
    broken.wards[0]!.health = 'fine';
    expect(validateRollup(broken)).toBe(false);
  });
});

describe('the real plugins and demo plans', () => {
  it('at 2026-09 with no progress, every ward has cells due, percent 0, and all of them overdue', () => {
    const { catalog } = loadPlugins(join(ROOT, 'plugins'));
    const plans = catalog.wards.map((w): Plan => {
      const content = JSON.parse(readFileSync(join(ROOT, 'plugins', w.id, 'demo', 'plan-2026.json'), 'utf8')) as PlanContent;
      return { ...content, id: `demo-${w.id}`, version: 1, createdAt: '2026-03-01T00:00:00Z', updatedAt: '2026-03-01T00:00:00Z', updatedBy: null };
    });
    const r = run({ catalog, plans, asOf: '2026-09' });
    expect(r.wards.map((w) => w.wardId)).toEqual(['aoba', 'miyagino', 'wakabayashi', 'taihaku', 'izumi']);
    for (const w of r.wards) {
      expect(w.due, w.wardId).toBeGreaterThan(0);
      expect(w.percent, w.wardId).toBe(0);
      expect(w.health, w.wardId).toBe('behind');
      expect(w.overdue, w.wardId).toHaveLength(w.due);
    }
    expect(r.city.overdue).toBe(r.city.due);
    // Izumi's participation rate spans its two meeting types: one metric, nothing held yet.
    const izumi = r.wards.find((w) => w.wardId === 'izumi')!;
    expect(izumi.metrics.filter((m) => m.metricId === 'participation-rate')).toHaveLength(1);
    expect(izumi.metrics.find((m) => m.metricId === 'participation-rate')).toMatchObject({ value: null, perMeeting: [], baseline: { '2024': 0.45, '2025': 0.53 } });
    // Several wards plan around the liaison meeting body.
    expect(r.sharedMeetingTypes.find((s) => s.id === 'liaison-meeting')?.wardIds.length).toBeGreaterThan(1);
  });
});
