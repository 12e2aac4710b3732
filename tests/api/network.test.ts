/** The office network over HTTP: registry, CSV round trip and import, attendance → roll-up participation, visits, board. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import iconv from 'iconv-lite';
import type { Office, OfficeImportResult, Plan, Rollup } from '../../schemas/types.js';
import { type Client, client, demoPlan, testApp } from '../helpers/app.js';

let app: FastifyInstance;
let aoba: Client;
let izumi: Client;

const office = (wardId: string, name: string, extra: Record<string, unknown> = {}) => ({ wardId, name, kind: 'designated', staffCount: 2, fte: 1.5, onePerson: false, servesChildren: false, openedOn: '2015-04-01', contactRole: '管理者', contactPhone: '022-000-0000', ...extra });

beforeAll(async () => {
  app = await testApp();
  aoba = await client(app, 'aoba');
  izumi = await client(app, 'izumi');
});
afterAll(async () => app.close());

describe('registry', () => {
  it('lets a ward editor register and change offices of its own ward only', async () => {
    const res = await aoba.post('/api/offices', office('aoba', '相談室あおば'));
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json() as Office;
    expect(created).toMatchObject({ wardId: 'aoba', name: '相談室あおば', version: 1, isNew: false });
    expect((await izumi.post('/api/offices', office('aoba', 'よその区'))).statusCode).toBe(403);
    expect((await izumi.put(`/api/offices/${created.id}`, { ...office('aoba', 'x'), wardId: undefined, version: 1 })).statusCode).toBe(403);
    const changed = await aoba.put(`/api/offices/${created.id}`, { name: '相談室あおば', kind: 'designated', onePerson: true, staffCount: 1, fte: 1, version: 1 });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await aoba.put(`/api/offices/${created.id}`, { name: 'stale', kind: 'designated', version: 1 })).json().code).toBe('VERSION_CONFLICT');
    const list = (await izumi.get('/api/offices?ward=aoba')).json() as { offices: Office[] };
    expect(list.offices.map((o) => o.name)).toEqual(['相談室あおば']);
  });

  it('refuses an inconsistent office, naming the field in both languages', async () => {
    const res = await aoba.post('/api/offices', office('aoba', '閉所', { closedOn: '2010-01-01', closure: 'closed' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().fields[0]).toMatchObject({ field: 'closedOn', messageJa: '開設日より前にはできません' });
  });
});

describe('CSV', () => {
  it('exports UTF-8 with BOM and CRLF, or Shift_JIS, and imports its own export unchanged', async () => {
    await aoba.post('/api/offices', office('aoba', 'ケアプラン「青葉」, 本店', { servesChildren: true }));
    const utf8 = await aoba.get('/api/offices.csv?ward=aoba');
    expect(utf8.headers['content-type']).toContain('text/csv');
    expect([...utf8.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = utf8.rawPayload.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe('ID,事業所名,種別,相談支援専門員数,常勤換算,一人事業所,障害児対応,開設日,休止・廃止日,休止・廃止の別,連絡先(役職),電話番号,版');
    expect(text).toContain('"ケアプラン「青葉」, 本店"');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const sjis = await aoba.get('/api/offices.csv?ward=aoba&encoding=shift_jis');
    expect(iconv.decode(sjis.rawPayload, 'Shift_JIS')).toBe(text);

    const before = (await aoba.get('/api/offices?ward=aoba')).json().offices as Office[];
    const preview = (await aoba.post('/api/offices/import', { wardId: 'aoba', data: sjis.rawPayload.toString('base64') })).json() as OfficeImportResult;
    expect(preview).toMatchObject({ encoding: 'shift_jis', saved: false, created: 0, updated: 2, failed: 0 });
    const saved = await aoba.post('/api/offices/import', { wardId: 'aoba', data: utf8.rawPayload.toString('base64'), confirm: true });
    expect(saved.json()).toMatchObject({ encoding: 'utf-8', saved: true, updated: 2 });
    const after = (await aoba.get('/api/offices?ward=aoba')).json().offices as Office[];
    expect(after.map(({ version: _v, updatedAt: _u, ...rest }) => rest)).toEqual(before.map(({ version: _v, updatedAt: _u, ...rest }) => rest));
  });

  it('reports every bad row and saves nothing until the file is clean and confirmed', async () => {
    const csv = [
      '事業所名,種別,相談支援専門員数,一人事業所,開設日,休止・廃止日,休止・廃止の別',
      '相談室いずみ,指定特定相談支援事業所,1,はい,2025-10-01,,',
      ',designated,1,0,2020-04-01,,', // no name
      '相談室なないろ,訪問介護,1,0,2020-04-01,,', // unknown kind
      '相談室ひかり,designated,二人,0,2020/4/1,,', // staff not a number
      '相談室そら,designated,2,1,2020-04-01,,', // one-person with two staff
      '相談室ほし,designated,1,0,2020-04-31,2019-01-01,廃止', // impossible date
    ].join('\r\n');
    const data = Buffer.from(csv, 'utf8').toString('base64');
    const count = async () => ((await izumi.get('/api/offices?ward=izumi')).json().offices as Office[]).length;
    const journal = async () => (await app.db.selectFrom('journal').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
    const [officesBefore, journalBefore] = [await count(), await journal()];

    const preview = (await izumi.post('/api/offices/import', { wardId: 'izumi', data })).json() as OfficeImportResult;
    expect(preview.saved).toBe(false);
    expect(preview.rows.map((r) => [r.line, r.action])).toEqual([[2, 'create'], [3, 'error'], [4, 'error'], [5, 'error'], [6, 'error'], [7, 'error']]);
    expect(preview.rows[1]!.errors[0]).toMatchObject({ column: '事業所名', messageJa: '事業所名: 空にはできません' });
    expect(preview.rows[2]!.errors[0]).toMatchObject({ column: '種別', messageJa: '種別: 「訪問介護」は事業所種別にありません' });
    expect(preview.rows[3]!.errors[0]!.messageJa).toContain('「二人」は整数ではありません');
    expect(preview.rows[4]!.errors[0]).toMatchObject({ column: '相談支援専門員数', messageJa: '相談支援専門員数: 一人事業所の相談支援専門員は1人です' });
    expect(preview.rows[5]!.errors[0]!.messageJa).toContain('「2020-04-31」は日付');

    const refused = await izumi.post('/api/offices/import', { wardId: 'izumi', data, confirm: true });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('IMPORT_HAS_ERRORS');
    expect(refused.json().fields.map((f: { path: string }) => f.path)).toEqual(['/data/line/3', '/data/line/4', '/data/line/5', '/data/line/6', '/data/line/7']);
    expect([await count(), await journal()]).toEqual([officesBefore, journalBefore]);

    const clean = Buffer.from(csv.split('\r\n').slice(0, 2).join('\r\n'), 'utf8').toString('base64');
    expect((await izumi.post('/api/offices/import', { wardId: 'izumi', data: clean, confirm: true })).json()).toMatchObject({ saved: true, created: 1 });
    expect(await count()).toBe(officesBefore + 1);
  });

  it('refuses a header it does not know and a ward editor importing into another ward', async () => {
    const data = Buffer.from('名前,種類\r\na,b\r\n').toString('base64');
    expect((await izumi.post('/api/offices/import', { wardId: 'izumi', data })).json().code).toBe('IMPORT_BAD_HEADER');
    expect((await izumi.post('/api/offices/import', { wardId: 'aoba', data })).statusCode).toBe(403);
  });
});

describe('attendance → participation in the roll-up', () => {
  it('replaces the typed-in count where attendance exists, keeps old records, and reports participation', async () => {
    const admin = await client(app, 'admin');
    const plan = (await admin.post('/api/plans', demoPlan('izumi'))).json() as Plan;
    // Four designated offices, one opened in September, one commissioned office.
    const ids: string[] = [];
    for (const [name, extra] of [['あ', {}], ['い', {}], ['う', { openedOn: '2026-09-01' }], ['え', {}], ['委託', { kind: 'commissioned' }]] as const) {
      ids.push(((await izumi.post('/api/offices', office('izumi', `相談室${name}`, extra))).json() as Office).id);
    }
    const existing = ((await izumi.get('/api/offices?ward=izumi')).json().offices as Office[]).length; // imported above
    await izumi.post(`/api/plans/${plan.id}/progress`, {
      records: [
        { rowId: 'r4', month: 7, status: 'done', heldOn: '2026-07-17', extra: { invitedOffices: 30, participatingOffices: 17 } },
        { rowId: 'r4', month: 9, status: 'done', heldOn: '2026-09-18', extra: { invitedOffices: 31, participatingOffices: 18 } },
      ],
    });
    const tick = await izumi.put(`/api/plans/${plan.id}/attendance/r4/9`, { officeIds: [ids[0], ids[2], ids[4]] });
    expect(tick.statusCode, tick.body).toBe(200);
    expect((await izumi.put(`/api/plans/${plan.id}/attendance/r4/9`, { officeIds: [] })).json().code).toBe('VERSION_CONFLICT');
    expect((await aoba.put(`/api/plans/${plan.id}/attendance/r4/9`, { officeIds: [], version: 1 })).statusCode).toBe(403);

    const rollup = (await izumi.get('/api/rollup?fiscalYear=2026&asOf=2026-09')).json() as Rollup;
    const ward = rollup.wards.find((w) => w.wardId === 'izumi')!;
    const metric = ward.metrics.find((m) => m.metricId === 'participation-rate')!;
    const sept = metric.perMeeting.find((m) => m.month === 9)!;
    const july = metric.perMeeting.find((m) => m.month === 7)!;
    // September: 2 designated offices ticked (the commissioned one is not counted) of those open on the 18th.
    expect([sept.numerator, sept.denominator]).toEqual([2, existing - 1]);
    expect([july.numerator, july.denominator]).toEqual([17, 30]);
    expect(ward.participation).toMatchObject({ attended: 2, open: existing - 1 });
    expect(ward.participation!.neverReached).toContain(ids[1]);
    expect(ward.participation!.neverReached).not.toContain(ids[0]);
    expect(ward.participation!.newOffices.find((n) => n.officeId === ids[2])).toEqual({ officeId: ids[2], openedOn: '2026-09-01', attended: true, visited: false });
    // A ward with no offices and no meetings.
    expect(rollup.wards.find((w) => w.wardId === 'miyagino')!.participation).toMatchObject({ rate: null, attended: 0, open: 0, neverReached: [] });

    const visit = await izumi.post('/api/visits', { officeId: ids[1], visitedOn: '2026-06-05', kind: 'hearing', note: '事業所の近況を聴取' });
    expect(visit.statusCode, visit.body).toBe(201);
    const visits = (await izumi.get('/api/visits?ward=izumi&fiscalYear=2026')).json();
    expect(visits.coverage).toMatchObject({ visited: 1, open: existing - 1 });
    const again = (await izumi.get('/api/rollup?fiscalYear=2026&asOf=2026-09')).json() as Rollup;
    expect(again.wards.find((w) => w.wardId === 'izumi')!.participation!.neverReached).not.toContain(ids[1]);
  });
});

describe('the new-case board', () => {
  it('shows the latest answer per office and marks stale ones', async () => {
    const o = (await aoba.post('/api/offices', office('aoba', '相談室ボード', { servesChildren: true }))).json() as Office;
    expect((await aoba.post(`/api/offices/${o.id}/status-sheets`, { reportedOn: '2026-04-10', newCases: 'no', trends: '', issues: '' })).statusCode).toBe(201);
    expect((await aoba.post(`/api/offices/${o.id}/status-sheets`, { reportedOn: '2026-09-10', newCases: 'limited', availableFrom: '2026-10-01' })).statusCode).toBe(201);
    expect((await izumi.post(`/api/offices/${o.id}/status-sheets`, { reportedOn: '2026-09-10', newCases: 'yes' })).statusCode).toBe(403);
    const board = (await izumi.get('/api/offices/availability?on=2026-10-01&children=true')).json();
    const row = board.offices.find((x: { officeId: string }) => x.officeId === o.id);
    expect(row).toMatchObject({ newCases: 'limited', reportedOn: '2026-09-10', availableFrom: '2026-10-01', stale: false });
    const later = (await izumi.get('/api/offices/availability?on=2027-01-15')).json();
    expect(later.offices.find((x: { officeId: string }) => x.officeId === o.id)).toMatchObject({ stale: true, newCases: 'limited' });
    expect(later.staleAfterDays).toBe(90);
    const wardOnly = (await izumi.get('/api/offices/availability?on=2026-10-01&ward=izumi')).json();
    expect(wardOnly.offices.length).toBeGreaterThan(0);
    expect(wardOnly.offices.every((x: { wardId: string }) => x.wardId === 'izumi')).toBe(true);
    expect((await izumi.get('/api/offices/availability?on=2026-10-01&kind=commissioned')).json().offices.every((x: { kind: string }) => x.kind === 'commissioned')).toBe(true);
    const adults = (await izumi.get('/api/offices/availability?on=2026-10-01&children=false')).json();
    expect(adults.offices.some((x: { officeId: string }) => x.officeId === o.id)).toBe(false);
  });
});
