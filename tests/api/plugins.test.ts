import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadPlugins, PluginError } from '../../server/plugin-host/load-plugins.js';
import { ROOT, client, copyPlugins, demoPlan, testApp } from '../helpers/app.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function write(dir: string, id: string, manifest: unknown): void {
  mkdirSync(join(dir, id), { recursive: true });
  writeFileSync(join(dir, id, 'plugin.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest, null, 2));
}

const newWard = {
  kind: 'ward',
  id: 'kita-test',
  city: 'sendai',
  name: { ja: '北テスト区', en: 'Kita Test Ward' },
  meetingTypes: [
    {
      id: 'tea-salon',
      name: { ja: 'お茶会', en: 'Tea salon' },
      cadence: { kind: 'timesPerYear', times: 2 },
      defaultMonths: [6, 12],
      progressFields: {
        type: 'object',
        additionalProperties: false,
        properties: { cups: { type: 'integer', minimum: 0, 'x-label': { ja: '杯数', en: 'Cups' } } },
      },
    },
  ],
};

function expectRefused(dir: string, plugin: string, problem: RegExp): void {
  let error: unknown;
  try {
    loadPlugins(dir);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(PluginError);
  const message = (error as Error).message;
  expect(message).toContain(`plugin '${plugin}'`);
  expect(message).toMatch(problem);
}

describe('ward plugins', () => {
  it('picks up a ward folder added to plugins/, with its meeting types, and plans can use them', async () => {
    const dir = copyPlugins();
    write(dir, 'kita-test', newWard);
    app = await testApp({ pluginsDir: dir });
    const admin = await client(app, 'admin');
    const wards = (await admin.get('/api/wards')).json() as { id: string; meetingTypes: { id: string }[] }[];
    const kita = wards.find((w) => w.id === 'kita-test');
    expect(kita).toBeDefined();
    expect(kita!.meetingTypes.map((m) => m.id)).toContain('tea-salon');
    // the city's common bodies are available to it too
    expect(kita!.meetingTypes.map((m) => m.id)).toContain('steering');
    const plan = {
      wardId: 'kita-test', fiscalYear: 2026, title: '令和8年度 計画案', status: 'draft',
      lastYearEfforts: [], findings: [], goals: [], issues: [], notes: '',
      schedule: [{ id: 'r1', title: 'お茶会の開催', issueId: null, meetingTypeId: 'tea-salon', timing: 'months', months: [6, 12] }],
    };
    expect((await admin.post('/api/plans', plan)).statusCode).toBe(201);
  });

  it('picks up a whole new city when CITY selects it', async () => {
    const dir = copyPlugins();
    write(dir, 'toyonaka', {
      kind: 'city', id: 'toyonaka', name: { ja: '豊中市', en: 'Toyonaka' }, unitName: { ja: 'エリア', en: 'Area' },
      wards: ['north', 'centre', 'south'],
      subcommittee: { name: { ja: '相談支援部会', en: 'Consultation subcommittee' }, meetings: [] },
    });
    for (const [id, ja] of [['north', '北部'], ['centre', '中部'], ['south', '南部']]) {
      write(dir, id!, { kind: 'ward', id, city: 'toyonaka', name: { ja: `${ja}エリア` }, meetingTypes: [{ id: 'case-study', name: { ja: '事例検討会' }, cadence: { kind: 'monthly' } }] });
    }
    const loaded = loadPlugins(dir, { city: 'toyonaka' });
    expect(loaded.catalog.wards.map((w) => w.id)).toEqual(['north', 'centre', 'south']);
    expect(loaded.catalog.city.unitName.ja).toBe('エリア');
    // Sendai still loads from the same folder when chosen
    expect(loadPlugins(dir, { city: 'sendai' }).catalog.wards).toHaveLength(5);
    // and with two cities and no choice, start-up says what to do
    expectRefused(dir, dir, /CITY/);
  });

  it('refuses a plugin whose plugin.json is not JSON, naming the plugin', () => {
    const dir = copyPlugins();
    write(dir, 'broken-ward', '{ "kind": "ward", ');
    expectRefused(dir, 'broken-ward', /not valid JSON/);
  });

  it('refuses a manifest with a missing field, naming the plugin and the field', () => {
    const dir = copyPlugins();
    const { name: _n, ...noName } = newWard;
    write(dir, 'kita-test', noName);
    expectRefused(dir, 'kita-test', /name: is required/);
  });

  it('refuses a meeting type whose progress fields are not a valid schema', () => {
    const dir = copyPlugins();
    const bad = structuredClone(newWard);
    (bad.meetingTypes[0]!.progressFields.properties.cups as Record<string, unknown>).minimum = 'zero';
    write(dir, 'kita-test', bad);
    expectRefused(dir, 'kita-test', /meetingTypes\[0\]\.progressFields/);
  });

  it('refuses default months that contradict the cadence', () => {
    const dir = copyPlugins();
    const bad = structuredClone(newWard);
    bad.meetingTypes[0]!.defaultMonths = [6, 9, 12];
    write(dir, 'kita-test', bad);
    expectRefused(dir, 'kita-test', /defaultMonths/);
  });

  it('refuses a metric over a field that does not exist', () => {
    const dir = copyPlugins();
    const bad = structuredClone(newWard) as typeof newWard & { meetingTypes: Record<string, unknown>[] };
    bad.meetingTypes[0]!.metrics = [{ id: 'rate', name: { ja: '率' }, kind: 'ratio', numerator: 'cups', denominator: 'saucers' }];
    write(dir, 'kita-test', bad);
    expectRefused(dir, 'kita-test', /saucers/);
  });

  it('refuses a ward the city names but that has no folder, naming the city', () => {
    const dir = copyPlugins();
    const city = JSON.parse(readFileSync(join(dir, 'sendai', 'plugin.json'), 'utf8'));
    city.wards.push('ghost');
    write(dir, 'sendai', city);
    expectRefused(dir, 'sendai', /"ghost"/);
  });

  it('refuses a folder whose id differs from its name, and a missing plugin.json', () => {
    const dir = copyPlugins();
    write(dir, 'kita-other', newWard);
    expectRefused(dir, 'kita-other', /differs from its folder name/);
    rmSync(join(dir, 'kita-other'), { recursive: true });
    mkdirSync(join(dir, 'empty-folder'));
    expectRefused(dir, 'empty-folder', /plugin\.json is missing/);
  });

  it('refuses a broken demo file and leaves no half-loaded demo behind', async () => {
    const dir = copyPlugins();
    writeFileSync(join(dir, 'izumi', 'demo', 'progress-2026.json'), JSON.stringify({ records: [{ rowId: 'r99', month: 5, status: 'done' }] }));
    const { buildApp } = await import('../../server/app.js');
    const { configFromEnv } = await import('../../server/config.js');
    const file = join(copyPlugins(), 'council.sqlite');
    const config = { ...configFromEnv({ PLUGINS_DIR: dir, DATA_DIR: '/tmp/council-unused' }), database: { kind: 'sqlite' as const, file } };
    await expect(buildApp({ config, announce: () => undefined })).rejects.toThrow(/rowId|r99/);
    const again = await buildApp({ config: { ...config, demo: false }, initialize: false });
    await again.ready();
    expect(await again.db.selectFrom('users').selectAll().execute()).toEqual([]);
    expect(await again.db.selectFrom('plans').selectAll().execute()).toEqual([]);
    await again.close();
  });

  it('stops the app from starting with a malformed plugin', async () => {
    const dir = copyPlugins();
    write(dir, 'kita-test', { ...newWard, meetingTypes: [{ ...newWard.meetingTypes[0], basedOn: 'no-such-body' }] });
    await expect(testApp({ pluginsDir: dir })).rejects.toThrow(/plugin 'kita-test'.*basedOn/s);
  });
});

describe('the worked example in docs/examples/toyonaka (the plugin guide)', () => {
  it('loads as a city of its own, and its plans, progress fields and metrics work end to end', async () => {
    const dir = copyPlugins();
    const example = join(ROOT, 'docs', 'examples', 'toyonaka');
    for (const id of readdirSync(example)) cpSync(join(example, id), join(dir, id), { recursive: true });
    app = await testApp({ pluginsDir: dir, config: { city: 'toyonaka' } });
    const north = await client(app, 'toyonaka-north');
    const wards = (await north.get('/api/wards')).json() as { id: string; meetingTypes: { id: string; origin: string }[] }[];
    expect(wards.map((w) => w.id)).toEqual(['toyonaka-north', 'toyonaka-central', 'toyonaka-south']);
    expect(wards[0]!.meetingTypes.map((m) => m.id)).toEqual(['area-meeting', 'case-conference', 'legal-consultation', 'network-en']);

    const plan = {
      wardId: 'toyonaka-north', fiscalYear: 2026, title: '令和8年度 相談支援体制の充実に向けた計画(北部エリア)', status: 'draft',
      lastYearEfforts: [], findings: [], goals: [{ id: 'g1', text: '相談員が一人で抱え込まない' }], notes: '',
      issues: [{ id: 'i1', problem: '困難事例を相談できる場が少ない', actions: [{ text: '月1回の法律相談', meetingTypeId: 'legal-consultation' }], remarks: '', goalIds: ['g1'], themeIds: ['legal'] }],
      schedule: [
        { id: 'r1', title: 'エリア会議', issueId: 'i1', meetingTypeId: 'area-meeting', timing: 'months', months: [5, 8, 11, 2] },
        { id: 'r2', title: '法律相談', issueId: 'i1', meetingTypeId: 'legal-consultation', timing: 'everyMonth', months: [] },
      ],
    };
    const created = await north.post('/api/plans', plan);
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    const saved = await north.post(`/api/plans/${id}/progress`, {
      records: [
        { rowId: 'r1', month: 5, status: 'done', extra: { officesInvited: 12, officesAttending: 9 } },
        { rowId: 'r2', month: 4, status: 'done', extra: { consultations: 3, miniLecture: true, lectureTopic: 'labour' } },
        { rowId: 'r2', month: 5, status: 'done', extra: { consultations: 2, miniLecture: false } },
      ],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const bad = await north.put(`/api/plans/${id}/progress/r2/6`, { status: 'done', extra: { lectureTopic: 'astrology' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].path).toBe('/extra/lectureTopic');

    const rollup = (await north.get('/api/rollup?fiscalYear=2026&asOf=2026-05')).json() as { wards: { wardId: string; percent: number; metrics: { metricId: string; value: number }[] }[]; thresholds: { onTrack: number } };
    expect(rollup.thresholds.onTrack).toBe(85);
    const metrics = Object.fromEntries(rollup.wards[0]!.metrics.map((m) => [m.metricId, m.value]));
    expect(metrics['area-attendance']).toBeCloseTo(0.75);
    expect(metrics['legal-consultations']).toBe(5);
    expect(metrics['mini-lectures']).toBe(1);
    expect(rollup.wards[0]!.percent).toBe(100);
    // Sendai's wards are not part of this deployment
    expect((await north.post('/api/plans', demoPlan('aoba'))).statusCode).toBe(403);
  });
});
