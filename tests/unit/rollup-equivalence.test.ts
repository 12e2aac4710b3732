/**
 * The roll-up engine made faster for issue 13 must say exactly what it said before: its output is compared,
 * serialised byte for byte and structurally, with the frozen copy of the engine as it was
 * (tests/reference/rollup-reference.ts) on synthetic cities from the benchmark's generator and on inputs
 * bent to reach the edge cases (late and early work, cancelled, unplanned work, asNeeded/everyMonth rows,
 * duplicate records, plans of other years or unknown wards, metrics of every kind with missing, odd or zero
 * fields, escalations, today before, inside and after the year, any as-of month).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MeetingType, MetricDefinition, Plan, ProgressRecord, ProgressStatus, Rollup } from '../../schemas/types.js';
import { syntheticCatalog, syntheticYear, type SyntheticYear } from '../../bench/engine.js';
import type { Catalog } from '../../server/core/catalog.js';
import { FISCAL_MONTHS, yearMonthOf } from '../../server/core/fiscal-year.js';
import { computeRollup, computeRollups, type RollupInput } from '../../server/core/rollup.js';
import { computeRollup as referenceRollup } from '../reference/rollup-reference.js';

type Input = Omit<RollupInput, 'asOf'>;

/**
 * Same bytes and same structure (toStrictEqual also sees keys set to undefined, which JSON drops). The
 * structural comparison is slow on a full-size city, so there it is made on a sample (`strict` false).
 */
function expectSame(actual: Rollup, expected: Rollup, strict = true): void {
  const json = JSON.stringify(expected);
  expect(JSON.stringify(actual)).toBe(json);
  if (strict || json.length < 20_000) expect(actual).toStrictEqual(expected);
}

/** Every as-of month of interest: before the year, each of its months, after it. */
function asOfsOf(fiscalYear: number): string[] {
  return [`${fiscalYear}-03`, ...FISCAL_MONTHS.map((m) => yearMonthOf(fiscalYear, m)), `${fiscalYear + 1}-04`, `${fiscalYear + 3}-12`];
}

/** Todays of interest: none, before the year, each month of it (both forms), after it. */
function todaysOf(fiscalYear: number): (string | null)[] {
  return [
    null,
    `${fiscalYear - 1}-12-01`,
    `${fiscalYear}-03`,
    ...FISCAL_MONTHS.map((m, i) => (i % 2 ? yearMonthOf(fiscalYear, m) : `${yearMonthOf(fiscalYear, m)}-${String(1 + ((i * 5) % 28)).padStart(2, '0')}`)),
    `${fiscalYear + 1}-04-01`,
    `${fiscalYear + 5}-01`,
  ];
}

/** The new engine, one as-of month at a time and all at once, against the reference for every as-of month and today. */
function compareAll(input: Input, todays = todaysOf(input.fiscalYear), asOfs = asOfsOf(input.fiscalYear)): number {
  let compared = 0;
  for (const today of todays) {
    const withToday = { ...input, today };
    const all = computeRollups(withToday, asOfs);
    expect(all).toHaveLength(asOfs.length);
    asOfs.forEach((asOf, k) => {
      const expected = referenceRollup({ ...withToday, asOf });
      expectSame(computeRollup({ ...withToday, asOf }), expected, k % 4 === 0);
      expectSame(all[k]!, expected, k % 4 === 1);
      compared += 1;
    });
  }
  return compared;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
}

const shuffled = <T>(xs: T[], rnd: () => number): T[] => {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

/**
 * A catalog with the edge cases of metric declarations: a count metric, a sum metric declared twice by
 * one meeting type's siblings, the participation rate declared again with another kind (left out), and a
 * ward whose meeting types differ from the others.
 */
function edgeCatalog(wards: number): Catalog {
  const catalog = syntheticCatalog(wards);
  const flag: MetricDefinition = { id: 'flagged', name: { ja: '旗' }, kind: 'count', field: 'flag' };
  const rateAsSum: MetricDefinition = { id: 'participation-rate', name: { ja: '別' }, kind: 'sum', field: 'participatingOffices' };
  const noFields: MetricDefinition = { id: 'bare-ratio', name: { ja: '比' }, kind: 'ratio' };
  catalog.wards = catalog.wards.map((w, i) => {
    const types: MeetingType[] = w.meetingTypes.map((t) => {
      if (t.id === 'visit') return { ...t, metrics: [flag, rateAsSum, noFields] };
      if (t.id === 'plenary' && i % 2) return { ...t, metrics: [{ id: 'attended', name: { ja: '参加' }, kind: 'sum', field: 'attendedOffices' }] };
      return t;
    });
    return { ...w, meetingTypes: i === wards - 1 ? types.filter((t) => t.id !== 'broad') : types };
  });
  return catalog;
}

const STATUSES: ProgressStatus[] = ['done', 'partial', 'postponed', 'notDone', 'cancelled'];

/**
 * The synthetic year bent towards the edge cases, deterministically from `seed`: shuffled input order,
 * duplicate records of a cell (newer version, later update, same version and time), records of rows no
 * longer in the plan, of another year or of no catalog ward, a second plan for a ward, a ward without a
 * plan, rows without issue or meeting type, unknown and repeated goals, odd metric fields, withdrawn
 * escalations and escalations of other years, early and late dates at the year's edges.
 */
function bent(year: SyntheticYear, catalog: Catalog, seed: number): Input {
  const rnd = rng(seed);
  const fy = year.fiscalYear;
  const plans: Plan[] = year.plans.map((p, k) => ({
    ...p,
    issues: p.issues.map((issue, i) => ({ ...issue, goalIds: i === 0 ? ['g2', 'g2', 'nope', 'g1'] : i === 3 ? undefined : issue.goalIds, themeIds: i === 1 && k % 3 === 0 ? ['t3'] : undefined }) as Plan['issues'][number]),
    schedule: p.schedule.map((row, r) => (r % 9 === 4 ? { ...row, issueId: null } : r % 13 === 5 ? { ...row, issueId: 'missing', meetingTypeId: null } : r % 17 === 3 ? { ...row, meetingTypeId: 'unknown-type' } : row)),
  }));
  // Drop one ward's plan; give another ward a second plan (the smaller id wins) and a plan of another year.
  plans.splice(1, 1);
  if (plans.length > 2) {
    plans.push({ ...plans[2]!, id: `${plans[2]!.id}-b`, schedule: plans[2]!.schedule.slice(0, 5) });
    plans.push({ ...plans[2]!, id: `a-${plans[2]!.id}`, schedule: plans[2]!.schedule.slice(3, 20) });
  }
  plans.push({ ...plans[0]!, id: 'other-year', fiscalYear: fy + 1 });
  plans.push({ ...plans[0]!, id: 'no-ward', wardId: 'nowhere' });

  const progress: ProgressRecord[] = year.progress.map((r) => {
    const x = rnd();
    const extra: Record<string, unknown> = { ...r.extra };
    if (x < 0.05) delete extra.invitedOffices;
    else if (x < 0.08) extra.invitedOffices = 0;
    else if (x < 0.1) extra.participatingOffices = Number.NaN;
    else if (x < 0.12) extra.participatingOffices = '12';
    if (rnd() < 0.3) extra.flag = rnd() < 0.5 ? true : 'yes';
    if (rnd() < 0.2) extra.attendedOffices = Math.floor(rnd() * 9) / 4;
    let heldOn = r.heldOn;
    const y = rnd();
    if (heldOn && y < 0.04) heldOn = `${fy + 1}-03-31`;
    else if (heldOn && y < 0.08) heldOn = `${fy}-04-01`;
    else if (heldOn && y < 0.1) heldOn = null;
    return { ...r, heldOn, extra };
  });
  const extraRecords: ProgressRecord[] = [];
  for (const r of progress) {
    const z = rnd();
    const status = STATUSES[Math.floor(rnd() * STATUSES.length)]!;
    if (z < 0.03) extraRecords.push({ ...r, status, version: r.version + 1 });
    else if (z < 0.05) extraRecords.push({ ...r, status, updatedAt: `${fy}-12-01T00:00:00.000Z` });
    else if (z < 0.07) extraRecords.push({ ...r, status, note: 'same version, same time: the content decides' });
    else if (z < 0.08) extraRecords.push({ ...r, rowId: 'gone' });
    else if (z < 0.09) extraRecords.push({ ...r, planId: 'other-year', fiscalYear: fy + 1 });
    else if (z < 0.1) extraRecords.push({ ...r, planId: 'no-ward', wardId: 'nowhere' });
    else if (z < 0.11 && plans.length > 3) extraRecords.push({ ...r, planId: `${year.plans[2]!.id}-b`, rowId: 'r1' });
  }
  const escalations = year.escalations.flatMap((e, i) => [
    e,
    ...(i % 2 ? [{ ...e, id: `${e.id}-w`, status: 'withdrawn' as const }] : []),
    ...(i % 3 ? [{ ...e, id: `${e.id}-old`, fiscalYear: fy - 1 }] : []),
    ...(i % 4 === 1 ? [{ ...e, id: `${e.id}-answered`, status: 'answered' as const }] : []),
  ]);
  return {
    fiscalYear: fy,
    catalog,
    plans: shuffled(plans, rnd),
    progress: shuffled([...progress, ...extraRecords], rnd),
    escalations: shuffled(escalations, rnd),
    thresholds: seed % 2 ? { onTrack: 75, watch: 40 } : undefined,
  };
}

describe('the roll-up engine gives the same output as before its speed-up', () => {
  it('on synthetic cities from the benchmark generator, every as-of month and today', () => {
    let compared = 0;
    for (const [wards, rows, fy, seed] of [
      [3, 12, 2024, 1],
      [5, 30, 2026, 7],
    ] as const) {
      const catalog = syntheticCatalog(wards);
      const year = syntheticYear(catalog, fy, rows, seed);
      compared += compareAll({ ...year, catalog });
    }
    // The full-size city: today before, inside (twice) and after the year.
    const catalog = syntheticCatalog(24);
    compared += compareAll({ ...syntheticYear(catalog, 2026, 50, 16), catalog }, [null, '2026-03-30', '2026-04-02', '2026-11-29', '2027-05-01']);
    expect(compared).toBe(2 * 17 * 15 + 5 * 15);
  });

  it('on the benchmark inputs exactly (one as-of month with today inside the year, a year with today after it)', () => {
    const catalog = syntheticCatalog(24);
    const year = syntheticYear(catalog, 2026, 50, 16);
    expectSame(computeRollup({ ...year, catalog, asOf: yearMonthOf(2026, 10), today: '2026-11-29' }), referenceRollup({ ...year, catalog, asOf: yearMonthOf(2026, 10), today: '2026-11-29' }));
    const months = FISCAL_MONTHS.map((m) => yearMonthOf(2026, m));
    computeRollups({ ...year, catalog, today: '2027-05-01' }, months).forEach((r, k) => expectSame(r, referenceRollup({ ...year, catalog, asOf: months[k]!, today: '2027-05-01' })));
  });

  it('on inputs bent to the edge cases (duplicates, stray records and plans, odd metric fields, input order)', () => {
    for (const [wards, rows, fy, seed] of [
      [4, 20, 2025, 3],
      [6, 35, 2026, 8],
      [9, 14, 2027, 11],
    ] as const) {
      const catalog = edgeCatalog(wards);
      compareAll(bent(syntheticYear(catalog, fy, rows, seed), catalog, seed), [null, `${fy}-03-31`, `${fy}-04-01`, `${fy}-07`, `${fy}-12-24`, `${fy + 1}-03-31`, `${fy + 1}-04`]);
    }
  });

  it('with the as-of months of one call in any order, some repeated (the results share what they can)', () => {
    const catalog = edgeCatalog(4);
    const asOfs = shuffled(asOfsOf(2026), rng(21));
    compareAll(bent(syntheticYear(catalog, 2026, 18, 21), catalog, 21), [null, '2026-09-10', '2027-05-01'], [...asOfs, asOfs[2]!, asOfs[0]!]);
  });

  it('with no plans, no records, or no wards at all', () => {
    const catalog = syntheticCatalog(3);
    const year = syntheticYear(catalog, 2026, 10, 5);
    const todays = [null, '2026-03-01', '2026-04-30', '2026-09', '2027-03-31', '2027-04-01'];
    compareAll({ ...year, catalog, progress: [] }, todays);
    compareAll({ ...year, catalog, plans: [], progress: [] }, todays);
    compareAll({ ...year, catalog, plans: [], escalations: [] }, todays);
    compareAll({ ...year, catalog: { ...catalog, wards: [] } }, todays);
  });

  it('keeps refusing the same malformed months with the same errors', () => {
    const catalog = syntheticCatalog(2);
    const input = { ...syntheticYear(catalog, 2026, 5, 2), catalog };
    const errorOf = (f: () => unknown): string => {
      try {
        f();
        return 'no error';
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    };
    for (const [asOf, today] of [
      ['2026-13', null],
      ['2026-4', '2026-05-01'],
      ['2026-05', '2026-5-01'],
      ['2026-05', '2026-05-1'],
      ['2026-05', 'soon'],
      ['x', 'y'],
    ] as const) {
      const expected = errorOf(() => referenceRollup({ ...input, asOf, today }));
      expect(expected).not.toBe('no error');
      expect(errorOf(() => computeRollup({ ...input, asOf, today }))).toBe(expected);
      expect(errorOf(() => computeRollups({ ...input, today }, ['2026-06', asOf]))).toBe(expected);
    }
  });

  it('on random small cities (fast-check)', () => {
    const cityArb = fc.record({
      wards: fc.integer({ min: 1, max: 4 }),
      rows: fc.integer({ min: 1, max: 15 }),
      fy: fc.integer({ min: 2019, max: 2030 }),
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      bend: fc.boolean(),
      today: fc.option(fc.tuple(fc.integer({ min: -14, max: 26 }), fc.integer({ min: 1, max: 28 })), { nil: null }),
      asOf: fc.integer({ min: -3, max: 16 }),
    });
    fc.assert(
      fc.property(cityArb, ({ wards, rows, fy, seed, bend, today, asOf }) => {
        const catalog = bend ? edgeCatalog(wards) : syntheticCatalog(wards);
        const year = syntheticYear(catalog, fy, rows, seed);
        const input = bend ? bent(year, catalog, seed) : { ...year, catalog };
        const monthAt = (k: number) => {
          const d = new Date(Date.UTC(fy, 3 + k, 1));
          return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
        };
        const t = today === null ? null : `${monthAt(today[0])}-${String(today[1]).padStart(2, '0')}`;
        const a = monthAt(asOf);
        expectSame(computeRollup({ ...input, asOf: a, today: t }), referenceRollup({ ...input, asOf: a, today: t }));
      }),
      { numRuns: 120, seed: 13 },
    );
  });
});

describe('results are the callers’ own', () => {
  it('a change to one result reaches neither the catalog nor another call’s result', () => {
    const catalog = edgeCatalog(3);
    const input = { ...syntheticYear(catalog, 2026, 20, 4), catalog, today: '2026-12-10' };
    const a = computeRollup({ ...input, asOf: '2026-11' });
    const before = JSON.stringify(computeRollup({ ...input, asOf: '2026-11' }));
    const catalogBefore = JSON.stringify(catalog);
    for (const w of a.wards) {
      for (const c of [...w.overdue, ...w.unplanned, ...w.thisMonth, ...(w.inProgress?.open ?? [])]) c.rowTitle = 'changed';
      for (const m of w.metrics) {
        m.name.ja = 'changed';
        if (m.baseline) m.baseline['2024'] = -1;
        for (const p of m.perMeeting) p.value = -1;
      }
      w.months[0]!.done = -1;
    }
    a.sharedThemes[0]?.wardIds.push('changed');
    expect(JSON.stringify(computeRollup({ ...input, asOf: '2026-11' }))).toBe(before);
    expect(JSON.stringify(catalog)).toBe(catalogBefore);
  });
});
