/**
 * A synthetic city for trying the system at scale and for the benchmarks: N wards × Y fiscal years × R
 * schedule rows a plan, with a year of progress records (status, date held, attendance, extra fields) per
 * plan — the same output for the same seed. It produces the plugins folder the city needs (a city plugin
 * and one ward plugin per ward; the wards are numbered, not real) and loads the plans and records through
 * the ordinary services, so they are validated and journalled like anything entered by hand, into
 * whichever database the context holds (SQLite or PostgreSQL).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlanContent, ProgressBatchItem, ProgressStatus, Role } from '../../schemas/types.js';
import { FISCAL_MONTHS } from '../core/fiscal-year.js';
import type { ServiceContext } from './context.js';
import { hashPassword } from './passwords.js';
import { createPlan } from './plans.js';
import { saveProgress } from './progress.js';
import { createUser } from './users.js';

export interface SyntheticSpec {
  wards: number;
  years: number;
  rows: number;
  seed: number;
  firstYear: number;
}

export const CITY_ID = 'synthetic';

export function wardIds(spec: Pick<SyntheticSpec, 'wards'>): string[] {
  return Array.from({ length: spec.wards }, (_, i) => `w${String(i + 1).padStart(3, '0')}`);
}

/** A small deterministic generator (mulberry32): the same seed gives the same city everywhere. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const L = (ja: string, en: string) => ({ ja, en });

const CITY_MEETING_TYPES = [
  { id: 'plenary', name: L('全体会', 'Plenary'), cadence: { kind: 'timesPerYear', times: 2 }, defaultMonths: [7, 2], themes: ['review'] },
  { id: 'network', name: L('ネットワーク会議', 'Network meeting'), cadence: { kind: 'timesPerYear', times: 4 }, defaultMonths: [6, 9, 12, 3], themes: ['network'] },
  { id: 'liaison', name: L('連絡会議', 'Liaison meeting'), cadence: { kind: 'monthly' }, themes: ['network', 'cases'] },
  { id: 'case-review', name: L('事例検討会', 'Case review'), cadence: { kind: 'asNeeded' }, themes: ['cases'] },
];

/** The plugins folder content: relative path → manifest. */
export function syntheticPlugins(spec: Pick<SyntheticSpec, 'wards'>): Record<string, unknown> {
  const ids = wardIds(spec);
  const files: Record<string, unknown> = {
    [`${CITY_ID}/plugin.json`]: {
      kind: 'city',
      id: CITY_ID,
      name: L('合成市', 'Synthetic City'),
      unitName: L('区', 'Ward'),
      wards: ids,
      subcommittee: { name: L('地域部会', 'Regional subcommittee'), meetings: [{ id: 'first', name: L('第1回地域部会', '1st meeting'), month: 11 }, { id: 'second', name: L('第2回地域部会', '2nd meeting'), month: 2 }], reportMonth: 3 },
      themes: [
        { id: 'network', name: L('ネットワーク', 'Network') },
        { id: 'cases', name: L('事例検討', 'Case studies') },
        { id: 'review', name: L('振り返り', 'Review') },
        { id: 'training', name: L('研修', 'Training') },
      ],
      meetingTypes: CITY_MEETING_TYPES,
    },
  };
  ids.forEach((id, i) => {
    files[`${id}/plugin.json`] = {
      kind: 'ward',
      id,
      city: CITY_ID,
      name: L(`第${i + 1}区`, `Ward ${i + 1}`),
      meetingTypes: [
        {
          id: 'training',
          name: L('研修会', 'Training'),
          basedOn: 'network',
          cadence: { kind: 'timesPerYear', times: 2, atLeast: true },
          defaultMonths: [8, 1],
          themes: ['training'],
          progressFields: {
            type: 'object',
            additionalProperties: false,
            properties: {
              invited: { type: 'integer', minimum: 0, maximum: 500, 'x-label': L('案内した事業所数', 'Offices invited') },
              attending: { type: 'integer', minimum: 0, maximum: 500, 'x-label': L('参加した事業所数', 'Offices attending') },
            },
          },
          metrics: [{ id: 'training-attendance', name: L('研修の参加率', 'Training attendance'), kind: 'ratio', numerator: 'attending', denominator: 'invited', format: 'percent' }],
        },
      ],
    };
  });
  return files;
}

export function writeSyntheticPlugins(dir: string, spec: Pick<SyntheticSpec, 'wards'>): void {
  for (const [path, manifest] of Object.entries(syntheticPlugins(spec))) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), `${JSON.stringify(manifest, null, 2)}\n`);
  }
}

const TYPES = ['plenary', 'network', 'liaison', 'case-review', 'training'];
const STATUSES: ProgressStatus[] = ['done', 'done', 'done', 'done', 'partial', 'postponed', 'notDone', 'cancelled'];

export interface SyntheticPlan {
  content: PlanContent;
  records: ProgressBatchItem[];
}

/** Every plan of the city with its year of records, in a fixed order. */
export function syntheticPlans(spec: SyntheticSpec): SyntheticPlan[] {
  const rnd = random(spec.seed);
  const out: SyntheticPlan[] = [];
  for (let y = 0; y < spec.years; y++) {
    const fiscalYear = spec.firstYear + y;
    for (const wardId of wardIds(spec)) {
      const issues = [1, 2, 3, 4].map((n) => ({ id: `i${n}`, problem: `課題 ${n}`, actions: [{ text: `取組 ${n}` }], remarks: '', goalIds: [`g${n}`] }));
      const schedule = Array.from({ length: spec.rows }, (_, r) => {
        const type = TYPES[r % TYPES.length]!;
        const timing = type === 'liaison' ? 'everyMonth' : type === 'case-review' ? 'asNeeded' : 'months';
        const months = timing === 'months' ? FISCAL_MONTHS.filter(() => rnd() < 0.3) : [];
        if (timing === 'months' && months.length === 0) months.push(FISCAL_MONTHS[Math.floor(rnd() * 12)]!);
        return { id: `r${r + 1}`, title: `行 ${r + 1}`, issueId: issues[r % issues.length]!.id, meetingTypeId: type, timing, months } as PlanContent['schedule'][number];
      });
      const content: PlanContent = {
        wardId,
        fiscalYear,
        title: `${fiscalYear}年度 計画(${wardId})`,
        status: 'approved',
        lastYearEfforts: ['前年度の取組'],
        findings: ['見えてきたこと'],
        goals: [1, 2, 3, 4].map((n) => ({ id: `g${n}`, text: `目標 ${n}` })),
        issues,
        schedule,
        notes: '',
      };
      const records: ProgressBatchItem[] = [];
      for (const row of schedule) {
        const months = row.timing === 'everyMonth' ? FISCAL_MONTHS : row.timing === 'asNeeded' ? FISCAL_MONTHS.filter(() => rnd() < 0.25) : row.months;
        for (const month of months) {
          if (rnd() > 0.9) continue; // some planned months are never recorded
          const status = STATUSES[Math.floor(rnd() * STATUSES.length)]!;
          const held = status === 'done' || status === 'partial';
          const calendarYear = month >= 4 ? fiscalYear : fiscalYear + 1;
          const invited = 5 + Math.floor(rnd() * 30);
          records.push({
            rowId: row.id,
            month,
            status,
            heldOn: held ? `${calendarYear}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}` : null,
            attendance: held ? 3 + Math.floor(rnd() * 40) : null,
            note: held ? '実施した' : '',
            extra: row.meetingTypeId === 'training' && held ? { invited, attending: Math.floor(rnd() * invited) } : {},
          });
        }
      }
      out.push({ content, records });
    }
  }
  return out;
}

/**
 * Loads the city into the context's database (which must use the synthetic plugins): the plans, their
 * records a month at a time (one batch per plan and month, as the month page saves), and an
 * administrator and a chair with `password`. Saved as of the later of now and the end of the city's last
 * fiscal year.
 */
export async function loadSyntheticCity(given: ServiceContext, spec: SyntheticSpec, password: string, progress: (done: number, total: number) => void = () => undefined): Promise<{ plans: number; records: number }> {
  // Work recorded as done must have happened (server/core/progress-rules.ts): a city generated for years
  // still to come is loaded as if saved at the end of its last year, so every generated record is valid.
  const end = `${spec.firstYear + spec.years}-03-31T12:00:00.000Z`;
  const ctx: ServiceContext = { ...given, now: given.now > end ? given.now : end };
  const hash = await hashPassword(password);
  const users: { username: string; role: Role }[] = [
    { username: 'admin', role: 'admin' },
    { username: 'chair', role: 'city' },
  ];
  for (const u of users) await createUser(ctx, { ...u, displayName: u.username, password }, hash);
  const plans = syntheticPlans(spec);
  let records = 0;
  for (const [n, p] of plans.entries()) {
    const plan = await createPlan(ctx, p.content);
    for (const month of FISCAL_MONTHS) {
      const batch = p.records.filter((r) => r.month === month);
      if (batch.length) await saveProgress(ctx, plan.id, batch, (i) => `/records/${i}`);
      records += batch.length;
    }
    progress(n + 1, plans.length);
  }
  return { plans: plans.length, records };
}
