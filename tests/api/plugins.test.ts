import { mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadPlugins, PluginError } from '../../server/plugin-host/load-plugins.js';
import { client, copyPlugins, testApp } from '../helpers/app.js';

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

  it('stops the app from starting with a malformed plugin', async () => {
    const dir = copyPlugins();
    write(dir, 'kita-test', { ...newWard, meetingTypes: [{ ...newWard.meetingTypes[0], basedOn: 'no-such-body' }] });
    await expect(testApp({ pluginsDir: dir })).rejects.toThrow(/plugin 'kita-test'.*basedOn/s);
  });
});
