import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { ApiError, ImportPreview, Plan } from '../../schemas/types.js';
import { contentOf } from '../../server/core/plan-rules.js';
import { parseCsv } from '../../server/core/csv-tables.js';
import { centralDirectory } from '../../server/formats/zip-guard.js';
import { type Client, client, demoPlan, demoPlans, testApp } from '../helpers/app.js';
import { OFFICE_FILE_PLAN, officeWorkbook } from '../helpers/office-files.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let app: FastifyInstance;
let admin: Client;
let aoba: Client;

beforeEach(async () => {
  app = await testApp();
  admin = await client(app, 'admin');
  aoba = await client(app, 'aoba');
});
afterEach(async () => {
  await app.close();
});

function upload(who: Client, query: string, body: Buffer | string, type = XLSX): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: `/api/plans/import?${query}`, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': type }, payload: body });
}
// PostgreSQL answers count(*) as a string (bigint)
const planCount = async () => Number((await app.db.selectFrom('plans').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** A zip with one stored entry per name (enough to pass the zip checks) — for the bad-input cases. */
/** The workbook with its first sheet's XML changed by `edit` (the other parts as they were). */
function withSheetXml(xlsx: Buffer, edit: (xml: string) => string): Buffer {
  const parts = centralDirectory(xlsx).map((e) => {
    const start = e.localOffset + 30 + xlsx.readUInt16LE(e.localOffset + 26) + xlsx.readUInt16LE(e.localOffset + 28);
    const raw = xlsx.subarray(start, start + e.compressedSize);
    const data = e.method === 8 ? inflateRawSync(raw) : raw;
    return { name: e.name, data: e.name === 'xl/worksheets/sheet1.xml' ? Buffer.from(edit(data.toString('utf8'))) : data };
  });
  return zipOf(parts);
}

function zipOf(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = deflateRawSync(e.data);
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(e.declaredSize ?? e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(e.declaredSize ?? e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
const WORKBOOK_PARTS = [
  { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
  { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
];

describe('GET /api/plans/:id/export.xlsx', () => {
  it('answers the workbook with a Japanese file name (RFC 5987) to every reader, and it imports back to the same plan', async () => {
    for (const demo of demoPlans()) {
      const plan = (await admin.post('/api/plans', demo)).json() as Plan;
      const viewer = await client(app, 'viewer');
      const res = await app.inject({ method: 'GET', url: `/api/plans/${plan.id}/export.xlsx`, headers: { cookie: viewer.cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX);
      const disposition = String(res.headers['content-disposition']);
      expect(disposition).toMatch(/^attachment; filename="plan-[a-z]+-2026\.xlsx"; filename\*=UTF-8''/);
      const name = decodeURIComponent(disposition.split("UTF-8''")[1]!);
      expect(name).toMatch(/^令和8年度_.+区_計画案\.xlsx$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      expect(wb.getWorksheet('計画')!.getCell('A1').value).toBe(demo.title);

      const editor = await client(app, demo.wardId);
      const preview = await upload(editor, `ward=${demo.wardId}&fiscalYear=2026&preview=true`, res.rawPayload);
      expect(preview.statusCode, preview.body).toBe(200);
      const body = preview.json() as ImportPreview;
      expect(body.plan).toEqual(demo);
      expect(body.existing).toEqual({ id: plan.id, version: 1 });
      expect(body.read.find((r) => r.path === '/title')!.cell).toBe('計画!A1');
    }
  });

  it('adds the actuals sheet with actuals=true; 404 for an unknown plan', async () => {
    const plan = (await admin.post('/api/plans', demoPlan('izumi'))).json() as Plan;
    await admin.post(`/api/plans/${plan.id}/progress`, { records: [{ rowId: 'r1', month: 4, status: 'done', heldOn: '2026-04-15', attendance: 8, note: '' }] });
    const res = await admin.get(`/api/plans/${plan.id}/export.xlsx?actuals=true`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['計画', '実績', '_app']);
    expect((await admin.get('/api/plans/nope/export.xlsx')).statusCode).toBe(404);
  });
});

describe('POST /api/plans/import', () => {
  it('saves an office file as a new plan (201), then as a new version only with the right version (409 otherwise)', async () => {
    const bytes = await officeWorkbook();
    const created = await upload(aoba, 'ward=aoba&fiscalYear=2026&preview=false', bytes);
    expect(created.statusCode, created.body).toBe(201);
    const plan = created.json() as Plan;
    expect(contentOf(plan)).toEqual(OFFICE_FILE_PLAN);
    expect(created.headers.location).toBe(`/api/plans/${plan.id}`);

    const again = await upload(aoba, 'ward=aoba&fiscalYear=2026', bytes);
    expect(again.statusCode).toBe(409);
    expect((again.json() as ApiError).code).toBe('PLAN_EXISTS');
    const stale = await upload(aoba, 'ward=aoba&fiscalYear=2026&version=7', bytes);
    expect(stale.statusCode).toBe(409);
    expect((stale.json() as ApiError).code).toBe('VERSION_CONFLICT');
    const v2 = await upload(aoba, 'ward=aoba&fiscalYear=2026&version=1', bytes);
    expect(v2.statusCode, v2.body).toBe(201);
    expect((v2.json() as Plan).version).toBe(2);
    const history = (await aoba.get(`/api/plans/${plan.id}/history`)).json() as unknown[];
    expect(history).toHaveLength(2);
  });

  it('lets only the ward editor of that ward (or an administrator) import', async () => {
    const bytes = await officeWorkbook();
    for (const who of ['miyagino', 'chair', 'viewer']) {
      const res = await upload(await client(app, who), 'ward=aoba&fiscalYear=2026&preview=true', bytes);
      expect(res.statusCode, who).toBe(403);
    }
    const res = await app.inject({ method: 'POST', url: '/api/plans/import?ward=aoba&fiscalYear=2026', headers: { 'content-type': XLSX }, payload: bytes });
    expect(res.statusCode).toBe(401);
  });

  const refused = async (res: LightMyRequestResponse, status: number, code: string) => {
    expect(res.statusCode, res.body).toBe(status);
    const body = res.json() as ApiError;
    expect(body.code).toBe(code);
    expect(body.message).toBeTruthy();
    expect(body.messageJa).toBeTruthy();
    expect(await planCount()).toBe(0);
    // the server still answers
    expect((await aoba.get('/api/plans')).statusCode).toBe(200);
    return body;
  };

  it('refuses a file that is not xlsx (415), by content and by type', async () => {
    await refused(await upload(aoba, 'ward=aoba&fiscalYear=2026', Buffer.from('a,b,c\r\n1,2,3\r\n')), 415, 'NOT_XLSX');
    await refused(await upload(aoba, 'ward=aoba&fiscalYear=2026', 'plain', 'text/plain'), 415, 'NOT_XLSX');
    await refused(await upload(aoba, 'ward=aoba&fiscalYear=2026', JSON.stringify({ a: 1 }), 'application/json'), 415, 'NOT_XLSX');
    await refused(await upload(aoba, 'ward=aoba&fiscalYear=2026', zipOf([{ name: 'a.txt', data: Buffer.from('x') }])), 415, 'NOT_XLSX');
  });

  it('refuses a body over the size limit (413)', async () => {
    const big = Buffer.alloc(6 * 1024 * 1024, 1);
    await refused(await upload(aoba, 'ward=aoba&fiscalYear=2026', big), 413, 'BODY_TOO_LARGE');
  });

  it('refuses a zip bomb before unpacking it, by declared and by actual size', async () => {
    const huge = Buffer.alloc(60 * 1024 * 1024, 0x41); // 60 MB of "A" packs into some 60 KB
    await refused(await upload(aoba, 'ward=aoba&fiscalYear=2026', zipOf([...WORKBOOK_PARTS, { name: 'xl/worksheets/sheet1.xml', data: huge }])), 400, 'XLSX_TOO_LARGE');
    const liar = Buffer.alloc(8 * 1024 * 1024, 0x41);
    await refused(await upload(aoba, 'ward=aoba&fiscalYear=2026', zipOf([...WORKBOOK_PARTS, { name: 'xl/worksheets/sheet1.xml', data: liar, declaredSize: 1000 }])), 400, 'XLSX_TOO_LARGE');
  });

  it('refuses macros and external links', async () => {
    await refused(await upload(aoba, 'ward=aoba&fiscalYear=2026', zipOf([...WORKBOOK_PARTS, { name: 'xl/vbaProject.bin', data: Buffer.from('vba') }])), 400, 'XLSX_MACROS');
    await refused(await upload(aoba, 'ward=aoba&fiscalYear=2026', zipOf([...WORKBOOK_PARTS, { name: 'xl/externalLinks/externalLink1.xml', data: Buffer.from('<externalLink/>') }])), 400, 'XLSX_EXTERNAL_LINKS');
  });

  it('refuses a sheet of 10,000 rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('計画');
    for (let r = 1; r <= 10_000; r++) ws.getCell(r, 1).value = r;
    const body = await refused(await upload(aoba, 'ward=aoba&fiscalYear=2026', Buffer.from(await wb.xlsx.writeBuffer())), 400, 'XLSX_TOO_MANY_ROWS');
    expect(body.messageJa).toContain('10000');
  });

  it('names the sheet by its tab when another sheet of the workbook has too many rows', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('計画').getCell(1, 1).value = '計画';
    const list = wb.addWorksheet('事業所一覧');
    for (let r = 1; r <= 2_500; r++) list.getCell(r, 1).value = `事業所${r}`;
    const body = await refused(await upload(aoba, 'ward=aoba&fiscalYear=2026&preview=true', Buffer.from(await wb.xlsx.writeBuffer())), 400, 'XLSX_TOO_MANY_ROWS');
    expect(body.messageJa).toContain('シート「事業所一覧」');
    expect(body.message).toContain('"事業所一覧"');
  });

  it('finds month headers typed as dates or numbers and formatted to show 4月, as Excel shows them', async () => {
    const expected = (await upload(aoba, 'ward=aoba&fiscalYear=2026&preview=true', await officeWorkbook())).json() as ImportPreview;
    const asDates = await officeWorkbook({
      tweak: (ws, at) =>
        [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3].forEach((m, k) => {
          const cell = ws.getCell(at.scheduleRow, at.firstMonthCol + k);
          cell.value = new Date(Date.UTC(m >= 4 ? 2026 : 2027, m - 1, 1));
          cell.numFmt = 'm"月"';
        }),
    });
    const asNumbers = await officeWorkbook({
      tweak: (ws, at) =>
        [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3].forEach((m, k) => {
          const cell = ws.getCell(at.scheduleRow, at.firstMonthCol + k);
          cell.value = m;
          cell.numFmt = '0"月"';
        }),
    });
    for (const bytes of [asDates, asNumbers]) {
      const res = await upload(aoba, 'ward=aoba&fiscalYear=2026&preview=true', bytes);
      expect(res.statusCode, res.body).toBe(200);
      expect((res.json() as ImportPreview).plan.schedule).toEqual(expected.plan.schedule);
    }
  });

  it('reads the plan sheet rather than a filled-in example (記入例) before it, and says which it read', async () => {
    // the city's form: a 記入例 sheet first, then the sheet the office filled in
    const example = async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await officeWorkbook({ tweak: (ws, at) => (ws.getCell(at.scheduleRow + 1, 3).value = '(記入例)連絡会の開催') })) as unknown as ArrayBuffer);
      wb.worksheets[0]!.name = '記入例';
      return wb;
    };
    const both = await example();
    const plan = new ExcelJS.Workbook();
    await plan.xlsx.load((await officeWorkbook()) as unknown as ArrayBuffer);
    const sheet = both.addWorksheet('R8計画');
    sheet.model = { ...plan.worksheets[0]!.model, name: 'R8計画' };
    let res = await upload(aoba, 'ward=aoba&fiscalYear=2026&preview=true', Buffer.from(await both.xlsx.writeBuffer()));
    expect(res.statusCode, res.body).toBe(200);
    let body = res.json() as ImportPreview;
    expect(body.sheet).toBe('R8計画');
    expect(body.plan.schedule[0]!.title).toBe(OFFICE_FILE_PLAN.schedule[0]!.title);
    expect(body.notUnderstood[0]!.messageJa).toContain('記入例と思われるシート(「記入例」)は読み込まず');

    // only the example has a schedule: it is read, and the preview asks to check it
    res = await upload(aoba, 'ward=aoba&fiscalYear=2026&preview=true', Buffer.from(await (await example()).xlsx.writeBuffer()));
    body = res.json() as ImportPreview;
    expect(body.sheet).toBe('記入例');
    expect(body.notUnderstood[0]!.messageJa).toContain('計画のシートか確かめてください');
  });

  it('refuses a workbook whose sheets are all hidden, saying so', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('計画', { state: 'hidden' }).getCell(1, 1).value = '計画';
    const body = await refused(await upload(aoba, 'ward=aoba&fiscalYear=2026&preview=true', Buffer.from(await wb.xlsx.writeBuffer())), 400, 'XLSX_NO_SHEET');
    expect(body.messageJa).toContain('表示されているシートがない');
  });

  it('refuses a stray cell or a merged range far outside the plan at once, naming sheet and cell', async () => {
    // one keystroke at the last row, and a cell at the 200th column (GR): the area between is 200 million cells
    const stray = await officeWorkbook({
      tweak: (ws) => {
        ws.getCell('A1048576').value = '.';
        ws.getCell('GR1').value = 'x';
      },
    });
    let body = await refused(await upload(aoba, 'ward=aoba&fiscalYear=2026&preview=true', stray), 400, 'XLSX_TOO_FAR');
    expect(body.messageJa).toContain('R8計画!A1048576');
    expect(body.message).toContain('R8計画!A1048576');
    // exceljs's mergeCells would itself touch the 188 million cells: the range is written into the sheet's
    // XML as Excel writes it
    const merged = withSheetXml(await officeWorkbook(), (xml) => xml.replace('<mergeCell ref="B2:R2"/>', '<mergeCell ref="B2:R2"/><mergeCell ref="T30:GR1048576"/>'));
    body = await refused(await upload(aoba, 'ward=aoba&fiscalYear=2026&preview=true', merged), 400, 'XLSX_TOO_FAR');
    expect(body.messageJa).toContain('R8計画!T30:GR1048576');
    expect(body.messageJa).toContain('セルの結合');
    const wide = await officeWorkbook({ tweak: (ws) => (ws.getCell('GS3').value = 'x') });
    body = await refused(await upload(aoba, 'ward=aoba&fiscalYear=2026&preview=true', wide), 400, 'XLSX_TOO_FAR');
    expect(body.messageJa).toContain('R8計画!GS3');
    // within the limits, the same kind of stray cell is read (and reported by the reader, not refused)
    const near = await officeWorkbook({ tweak: (ws) => (ws.getCell('GR2000').value = 'x') });
    expect((await upload(aoba, 'ward=aoba&fiscalYear=2026&preview=true', near)).statusCode).toBe(200);
  });

  it('reads what offices add to the form without losing a word: hidden rows, a column right of 3月, sub-numbers', async () => {
    const bytes = await officeWorkbook({
      tweak: (ws, at) => {
        ws.getRow(at.scheduleRow + 2).hidden = true; // the second task (包括への周知), hidden in Excel
        ws.getCell(at.scheduleRow + 1, at.firstMonthCol + 13).value = '担当:相談支援専門員'; // beside the grid
        ws.getCell(at.scheduleRow + 1, 2).value = '1-1'; // numbered as the office numbers its sub-tasks
        ws.getCell(at.scheduleRow, 6).value = '担当'; // a column of its own between the tasks and 4月
        ws.getCell(at.scheduleRow + 1, 6).value = '運営会議';
      },
    });
    const res = await upload(aoba, 'ward=aoba&fiscalYear=2026&preview=true', bytes);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as ImportPreview;
    const titles = body.plan.schedule.map((r) => r.title);
    expect(titles[0]).toBe(OFFICE_FILE_PLAN.schedule[0]!.title); // the number is not part of the task
    expect(titles).not.toContain(OFFICE_FILE_PLAN.schedule[1]!.title); // the hidden row is left out…
    const hidden = body.notUnderstood.find((n) => n.text.includes(OFFICE_FILE_PLAN.schedule[1]!.title))!;
    expect(hidden.messageJa).toContain('非表示'); // …and said so, with its cell
    expect(hidden.cell).toMatch(/^R8計画![A-Z]+\d+$/);
    const beside = body.notUnderstood.find((n) => n.text === '担当:相談支援専門員')!;
    expect(beside.cell).toMatch(/^R8計画!T\d+$/);
    expect(beside.messageJa).toContain('3月より右');
    const extra = body.notUnderstood.filter((n) => n.text === '運営会議');
    expect(extra).toHaveLength(1); // once, at its cell, and not in the task's title
    expect(extra[0]!.cell).toMatch(/^R8計画!F\d+$/);
    expect(extra[0]!.messageJa).toContain('「担当」の列');

    // the same column without a heading of its own (the heading merged over the tasks and it), and a word
    // where the number goes
    const unheaded = await officeWorkbook({
      tweak: (ws, at) => {
        for (let k = 1; k <= 5; k++) ws.getCell(at.scheduleRow + k, 6).value = k % 2 ? '運営会議' : '委託相談';
        ws.getCell(at.scheduleRow + 1, 2).value = '共通';
      },
    });
    const second = (await upload(aoba, 'ward=aoba&fiscalYear=2026&preview=true', unheaded)).json() as ImportPreview;
    expect(second.plan.schedule.map((r) => r.title)).toEqual(OFFICE_FILE_PLAN.schedule.map((r) => r.title));
    const besideTasks = second.notUnderstood.filter((n) => n.text === '運営会議' || n.text === '委託相談');
    expect(besideTasks.length).toBeGreaterThanOrEqual(3);
    expect(besideTasks[0]!.messageJa).toContain('作業の横のF列');
    expect(second.notUnderstood.find((n) => n.text === '共通')?.messageJa).toContain('番号の欄');
  });

  it('refuses a shaded cell outside the grid and a month row with no task, naming sheet and cell', async () => {
    const outside = await officeWorkbook({
      tweak: (ws, at) => (ws.getCell(at.scheduleRow + 1, at.firstMonthCol + 12).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } }),
    });
    let body = await refused(await upload(aoba, 'ward=aoba&fiscalYear=2026', outside), 400, 'IMPORT_INVALID');
    expect(body.fields![0]!.cell).toMatch(/^R8計画!S\d+$/);
    expect(body.messageJa).toContain('R8計画!S');

    const noTask = await officeWorkbook({ tweak: (ws, at) => (ws.getCell(at.scheduleRow + 1, 3).value = null) });
    body = await refused(await upload(aoba, 'ward=aoba&fiscalYear=2026&preview=true', noTask), 400, 'IMPORT_INVALID');
    expect(body.fields![0]!.cell).toMatch(/^R8計画!C\d+$/);
  });

  it('refuses an unknown ward and text over the schema limits, naming the cell', async () => {
    const bytes = await officeWorkbook();
    const unknown = await refused(await upload(admin, 'ward=nowhere&fiscalYear=2026', bytes), 400, 'IMPORT_INVALID');
    expect(unknown.fields![0]!.path).toBe('/query/ward');

    const long = await officeWorkbook({ tweak: (ws, at) => (ws.getCell(at.scheduleRow + 1, 3).value = '長'.repeat(4001)) });
    const body = await refused(await upload(aoba, 'ward=aoba&fiscalYear=2026', long), 400, 'IMPORT_INVALID');
    expect(body.fields![0]!.path).toBe('/schedule/0/title');
    expect(body.fields![0]!.cell).toMatch(/^R8計画!C\d+$/);
  });
});

describe('POST /api/plans/import with damaged files', () => {
  it('answers every damaged workbook with a 4xx error (or, when the damage is harmless, the plan) — never a 500', { timeout: 180_000 }, async () => {
    const good = await officeWorkbook();
    let seed = 20261129;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) {
      const bad = Buffer.from(good);
      // a few bytes changed somewhere, or the file cut short
      if (i % 4 === 3) {
        const cut = bad.subarray(0, 1 + rnd(bad.length - 1));
        statuses.push((await upload(aoba, 'ward=aoba&fiscalYear=2026', cut)).statusCode);
        continue;
      }
      for (let k = 0; k < 1 + rnd(8); k++) bad[rnd(bad.length)] = rnd(256);
      const res = await upload(aoba, 'ward=aoba&fiscalYear=2026', bad);
      statuses.push(res.statusCode);
      if (res.statusCode === 201) await app.db.deleteFrom('plans').execute(); // a harmless byte: the file was still valid
    }
    expect(statuses.every((s) => s < 500), JSON.stringify(statuses)).toBe(true);
    expect(statuses.filter((s) => s >= 400).length).toBeGreaterThan(8);
    expect((await aoba.get('/api/plans')).statusCode).toBe(200);
  });
});

describe('CSV', () => {
  let plan: Plan;
  beforeEach(async () => {
    plan = (await admin.post('/api/plans', demoPlan('izumi'))).json() as Plan;
    const res = await admin.post(`/api/plans/${plan.id}/progress`, {
      records: [
        { rowId: 'r1', month: 4, status: 'done', heldOn: '2026-04-15', attendance: 8, note: '年間計画を確認、"引用"あり\n二行目' },
        { rowId: 'r1', month: 5, status: 'partial', heldOn: '2026-05-20', attendance: 5, note: '' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  const utf8 = (res: LightMyRequestResponse) => {
    expect(res.statusCode, res.body).toBe(200);
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/"[^"]*"/g, '').split('\n').slice(0, -1).every((l) => l.endsWith('\r'))).toBe(true);
    return parseCsv(text);
  };

  it('progress.csv: BOM, CRLF, and the records parse back', async () => {
    const rows = utf8(await (await client(app, 'viewer')).get(`/api/plans/${plan.id}/progress.csv`));
    expect(rows[0]!.slice(0, 10)).toEqual(['区', '年度', '番号', '取組', '月', '予定', '状況', '実施日', '参加者数', 'メモ']);
    expect(rows).toHaveLength(3);
    expect(rows[1]!.slice(4, 10)).toEqual(['4月', '予定', '実施', '2026-04-15', '8', '年間計画を確認、"引用"あり\n二行目']);
    expect(rows[2]!.slice(4, 9)).toEqual(['5月', '予定', '一部実施', '2026-05-20', '5']);
  });

  it('schedule.csv and rollup.csv parse back', async () => {
    const schedule = utf8(await admin.get(`/api/plans/${plan.id}/schedule.csv`));
    expect(schedule).toHaveLength(plan.schedule.length + 1);
    expect(schedule[1]![1]).toBe(plan.schedule[0]!.title);
    const rollup = utf8(await admin.get('/api/rollup.csv?fiscalYear=2026&asOf=2026-05'));
    expect(rollup[0]![0]).toBe('区');
    expect(rollup.at(-1)![0]).toBe('市全体');
    const izumi = rollup.find((r) => r[0] === '泉区')!;
    expect(izumi[3]).toBe('1');
  });

  it('Shift_JIS round-trips Japanese text and reports what it cannot hold', async () => {
    const res = await admin.get(`/api/plans/${plan.id}/progress.csv?encoding=shift_jis`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
    expect(res.rawPayload[0]).not.toBe(0xef);
    const rows = parseCsv(iconv.decode(res.rawPayload, 'cp932'));
    expect(rows[1]![9]).toBe('年間計画を確認、"引用"あり\n二行目');
    expect(rows[1]![3]).toBe(plan.schedule[0]!.title);

    await admin.post(`/api/plans/${plan.id}/progress`, { records: [{ rowId: 'r1', month: 6, status: 'done', heldOn: '2026-06-01', attendance: 3, note: '𠮷野家で打ち合わせ' }] });
    const bad = await admin.get(`/api/plans/${plan.id}/progress.csv?encoding=shift_jis`);
    expect(bad.statusCode).toBe(422);
    expect((bad.json() as ApiError).messageJa).toContain('𠮷');
    expect((bad.json() as ApiError).messageJa).toContain('4 行 10 列');
  });

  it('the city workbook has a summary sheet and a sheet per ward plan', async () => {
    const res = await admin.get('/api/rollup.xlsx?fiscalYear=2026&asOf=2026-05');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['集計', '泉区']);
  });
});
