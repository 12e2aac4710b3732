/** The planner's pure rules: next-year drafting, the lifecycle table, word diffs, matrix ordering, templates. */
import { describe, expect, it } from 'vitest';
import type { Escalation, Plan, PlanComment, ProgressRecord } from '../../schemas/types.js';
import type { Catalog } from '../../server/core/catalog.js';
import { draftNextYear, draftingAsOf, nextYearTitle } from '../../server/core/next-year.js';
import { comparePlans, diffWords } from '../../server/core/plan-compare.js';
import { allowedSteps, decideStep, isDeletable, isEditable, stepsFor } from '../../server/core/plan-lifecycle.js';
import { byPriority, matrixItems, setRating } from '../../server/core/plan-matrix.js';
import { planFromTemplate, templateFromPlan } from '../../server/core/plan-templates.js';
import { checkPlan } from '../../server/core/plan-rules.js';

const catalog: Catalog = {
  city: {
    id: 'city',
    name: { ja: '市' },
    unitName: { ja: '区' },
    planTitle: { ja: '{era} 計画案({ward})' },
    subcommittee: { name: { ja: '地域部会' }, meetings: [], reportMonth: 3 },
    themes: [],
    wardIds: ['w1'],
    health: { onTrack: 90, watch: 70 },
  },
  wards: [
    {
      id: 'w1',
      name: { ja: '一区' },
      councilName: { ja: '一区自立支援協議会' },
      meetingTypes: [
        {
          id: 'liaison',
          name: { ja: '連絡会議' },
          origin: 'city',
          cadence: { kind: 'timesPerYear', times: 3 },
          defaultMonths: [],
          themes: [],
          metrics: [{ id: 'rate', name: { ja: '参加率' }, kind: 'ratio', numerator: 'came', denominator: 'asked', format: 'percent', baseline: { '2025': 0.5 } }],
        },
        { id: 'steering', name: { ja: '運営会議' }, origin: 'city', cadence: { kind: 'monthly' }, defaultMonths: [], themes: [] },
      ],
    },
  ],
};

const plan: Plan = {
  id: 'p1',
  wardId: 'w1',
  fiscalYear: 2026,
  title: '令和8年度 計画案(一区自立支援協議会)',
  status: 'approved',
  lastYearEfforts: ['前年の取組'],
  findings: ['前年の気づき'],
  goals: [{ id: 'g1', text: 'つながりを強化する' }],
  issues: [{ id: 'i1', problem: '孤立', actions: [{ text: '声掛け', meetingTypeId: null, rating: { effect: 3, effort: 1, wanted: 3, reason: '好評' } }], remarks: '備考', goalIds: ['g1'] }],
  schedule: [
    { id: 'r1', title: '連絡会議の開催', issueId: 'i1', meetingTypeId: 'liaison', timing: 'months', months: [5, 9, 1], rating: { effect: 2, effort: 2, wanted: 2 } },
    { id: 'r2', title: '運営会議にて進捗確認', issueId: null, meetingTypeId: 'steering', timing: 'everyMonth', months: [] },
    { id: 'r3', title: '研修会の実施', issueId: 'i1', meetingTypeId: null, timing: 'months', months: [7] },
  ],
  notes: '特記事項',
  version: 4,
  createdAt: '2026-04-01T00:00:00Z',
  updatedAt: '2026-04-01T00:00:00Z',
  updatedBy: null,
};

function rec(rowId: string, month: number, status: ProgressRecord['status'], more: Partial<ProgressRecord> = {}): ProgressRecord {
  return { planId: 'p1', wardId: 'w1', fiscalYear: 2026, rowId, month, status, heldOn: null, attendance: null, note: '', extra: {}, version: 1, updatedAt: '2026-10-01T00:00:00Z', updatedBy: null, ...more };
}

const records = [
  rec('r1', 5, 'done', { attendance: 20, extra: { asked: 30, came: 15 }, note: '初参加が3所' }),
  rec('r1', 9, 'partial', { attendance: 12, extra: { asked: 30, came: 12 } }),
  rec('r2', 4, 'done', { attendance: 5 }),
  rec('r2', 5, 'done'),
  rec('r2', 6, 'done'),
  rec('r2', 7, 'postponed', { note: '台風で延期' }),
  rec('r3', 7, 'notDone'),
];
const escalations: Escalation[] = [
  { id: 'e1', planId: 'p1', wardId: 'w1', fiscalYear: 2026, issueId: 'i1', note: '新規指定の情報が遅い', confidential: false, status: 'answered', reply: '市で提供を検討', repliedAt: null, repliedBy: 'chair', createdAt: '2026-06-01T00:00:00Z', createdBy: 'w1', updatedAt: '2026-06-01T00:00:00Z', version: 2 },
];
const comments: PlanComment[] = [{ id: 'c1', planId: 'p1', wardId: 'w1', fiscalYear: 2026, issueId: 'i1', body: '包括との連携を続けてください', author: 'chair', authorRole: 'city', createdAt: '2026-11-20T00:00:00Z' }];

describe('draftNextYear', () => {
  const { content, slipped } = draftNextYear({ plan, catalog, progress: records, escalations, comments, asOf: '2026-09' });

  it('writes the efforts from the records as sentences', () => {
    expect(content.lastYearEfforts).toEqual([
      '連絡会議を5月・9月に開催した(計2回、うち一部実施1回、延べ参加者32人)。',
      '「運営会議にて進捗確認」を4月から6月まで毎月行った(計3回、延べ参加者5人)。',
      '参加率は45.0%であった(2回の記録、延べ60のうち27、令和7年度は50.0%)。',
    ]);
  });

  it('prefills the findings: escalations with replies, comments, notes', () => {
    expect(content.findings[0]).toBe('課題①について、区単独では解決できない課題として地域部会に提起した: 新規指定の情報が遅い 地域部会からの回答: 市で提供を検討');
    expect(content.findings[1]).toBe('地域部会のコメント(課題①): 包括との連携を続けてください');
    expect(content.findings).toContain('「連絡会議の開催」の記録より: 5月 初参加が3所');
    expect(content.findings).toContain('「運営会議にて進捗確認」の記録より: 7月 台風で延期');
  });

  it('carries rows and marks the slipped ones as the roll-up counts them', () => {
    expect([...slipped.entries()]).toEqual([
      ['r2', [7, 8, 9]],
      ['r3', [7]],
    ]);
    expect(content.schedule.map((r) => [r.id, r.carried?.slipped, r.carried?.slippedMonths])).toEqual([
      ['r1', false, []],
      ['r2', true, [7, 8, 9]],
      ['r3', true, [7]],
    ]);
    expect(content.schedule[0]!.carried!.lastRating).toEqual({ effect: 2, effort: 2, wanted: 2 });
    expect(content.issues[0]!.actions[0]!.lastRating).toEqual({ effect: 3, effort: 1, wanted: 3, reason: '好評' });
  });

  it('moves the era, starts as a draft and stays a valid plan', () => {
    expect(content.title).toBe('令和9年度 計画案(一区自立支援協議会)');
    expect(content.fiscalYear).toBe(2027);
    expect(content.status).toBe('draft');
    expect(content.goals).toEqual(plan.goals);
    expect(checkPlan(content, catalog)).toEqual([]);
    expect(content.sourceNote).toContain('第4版');
  });

  it('names the year from the city pattern when the title lacks the era', () => {
    expect(nextYearTitle('わが区の計画', 2026, catalog, 'w1')).toBe('令和9年度 計画案(一区自立支援協議会)');
  });

  it('counts the months that are over', () => {
    expect(draftingAsOf(2026, '2026-11')).toBe('2026-10');
    expect(draftingAsOf(2026, '2027-01')).toBe('2026-12');
    expect(draftingAsOf(2026, '2027-06')).toBe('2027-03');
  });
});

describe('the lifecycle table', () => {
  const ward = { role: 'wardEditor' as const, wardId: 'w1' };
  const other = { role: 'wardEditor' as const, wardId: 'w2' };
  const city = { role: 'city' as const, wardId: null };
  const viewer = { role: 'viewer' as const, wardId: null };
  const at = (status: Plan['status'], changedSinceApproval = false) => ({ status, wardId: 'w1', changedSinceApproval });

  it('lets the ward submit and the city decide, nobody else', () => {
    expect(stepsFor(ward, at('draft'))).toEqual(['submitted']);
    expect(stepsFor(ward, at('submitted'))).toEqual([]);
    expect(stepsFor(city, at('submitted'))).toEqual(['approved', 'returned']);
    expect(stepsFor(city, at('approved'))).toEqual(['returned', 'archived']);
    expect(stepsFor(city, at('approved', true))).toEqual(['approved', 'returned', 'archived']);
    expect(stepsFor(other, at('draft'))).toEqual([]);
    expect(stepsFor(viewer, at('submitted'))).toEqual([]);
    expect(allowedSteps(at('archived'))).toEqual([]);
  });

  it('decides forbidden before not allowed, and wants a reason to return', () => {
    expect(decideStep(ward, at('submitted'), 'approved', undefined)).toEqual({ ok: false, reason: 'forbidden' });
    expect(decideStep(city, at('draft'), 'approved', undefined)).toMatchObject({ ok: false, reason: 'notAllowed' });
    expect(decideStep(city, at('submitted'), 'returned', ' ')).toEqual({ ok: false, reason: 'reasonRequired' });
    expect(decideStep(city, at('submitted'), 'returned', '理由')).toEqual({ ok: true });
  });

  it('edits and deletes only in the right states', () => {
    expect(['draft', 'submitted', 'approved', 'returned', 'archived'].filter((s) => isEditable(s as Plan['status']))).toEqual(['draft', 'approved', 'returned']);
    expect(['draft', 'submitted', 'approved', 'returned', 'archived'].filter((s) => isDeletable(s as Plan['status']))).toEqual(['draft']);
  });
});

describe('years side by side', () => {
  it('highlights the changed words', () => {
    expect(diffWords('年4回の情報交換会を実施', '年6回の情報交換会を実施')).toEqual([
      { kind: 'same', text: '年' },
      { kind: 'removed', text: '4' },
      { kind: 'added', text: '6' },
      { kind: 'same', text: '回の情報交換会を実施' },
    ]);
  });

  it('matches carried rows and reports added and removed ones', () => {
    const { content } = draftNextYear({ plan, catalog, progress: [], escalations: [], comments: [], asOf: '2026-09' });
    content.schedule[0]!.months = [5, 9, 1, 3];
    content.schedule.splice(2, 1);
    content.schedule.push({ id: 'r9', title: '新しい行', issueId: null, meetingTypeId: null, timing: 'asNeeded', months: [] });
    const rows = comparePlans(plan, content).find((s) => s.section === 'schedule')!.items;
    expect(rows.map((r) => [r.key, r.change])).toEqual([
      ['row:r1', 'changed'],
      ['row:r2', 'same'],
      ['row:r9', 'added'],
      ['row:r3', 'removed'],
    ]);
    expect(rows[0]!.tokens!.filter((t) => t.kind === 'added').map((t) => t.text).join('')).toContain('3月');
  });
});

describe('the matrix', () => {
  it('orders by effect, effort and wanted, and sets ratings by key', () => {
    const copy = structuredClone(plan);
    expect(setRating(copy, 'row:r3', { effect: 3, effort: 1, wanted: 2 })).toBe(true);
    expect(setRating(copy, 'row:nope', { effect: 1, effort: 1, wanted: 1 })).toBe(false);
    const order = byPriority(matrixItems(copy)).map((x) => x.key);
    expect(order).toEqual(['action:i1:0', 'row:r3', 'row:r1']);
    setRating(copy, 'action:i1:0', undefined);
    expect(copy.issues[0]!.actions[0]!.rating).toBeUndefined();
  });
});

describe('templates', () => {
  it('round-trips a plan through a template without its year, ratings or carried marks', () => {
    const t = templateFromPlan(plan);
    expect(t).not.toHaveProperty('lastYearEfforts');
    expect(t.schedule[0]).not.toHaveProperty('rating');
    const made = planFromTemplate(t, catalog, 'w1', 2028);
    expect(made.title).toBe('令和10年度 計画案(一区自立支援協議会)');
    expect(made.lastYearEfforts).toEqual([]);
    expect(made.schedule.map((r) => r.title)).toEqual(plan.schedule.map((r) => r.title));
    expect(checkPlan(made, catalog)).toEqual([]);
  });
});

describe('pairing paragraphs', () => {
  it('pairs a rewritten paragraph, and leaves unrelated ones added and removed', () => {
    const before = { ...plan, findings: ['連絡会議の参加率が向上した。', 'ヒアリングを16か所で実施した。'] };
    const after = { ...plan, findings: ['ヒアリングを18か所で実施した。', '包括との合同会議を新たに開いた。'] };
    const items = comparePlans(before, after).find((s) => s.section === 'findings')!.items;
    expect(items.map((i) => i.change)).toEqual(['changed', 'added', 'removed']);
    expect(items[0]!.before).toBe('ヒアリングを16か所で実施した。');
  });

  it('handles the largest plans (50 paragraphs of 4000 characters a side)', () => {
    const big = (seed: string) => Array.from({ length: 50 }, (_, i) => `${seed}${i}`.repeat(400).slice(0, 4000));
    const items = comparePlans({ ...plan, findings: big('あ') }, { ...plan, findings: big('い') }).find((s) => s.section === 'findings')!.items;
    expect(items).toHaveLength(100);
  });
});
