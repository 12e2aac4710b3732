/**
 * The office registry: create and change offices (organisations, never people), and import a ward's
 * registry from CSV — previewed row by row, saved only when confirmed and only when every row is good,
 * in one transaction. Versioned and journalled like everything else.
 */
import { randomUUID } from 'node:crypto';
import type { FieldError, Office, OfficeCreate, OfficeFields, OfficeImportResult, OfficeUpdate } from '../../schemas/types.js';
import { AppError, errors, fieldError, validationError } from '../core/errors.js';
import { checkOffice, networkRules } from '../core/offices.js';
import { toFieldErrors } from '../core/validation-messages.js';
import { findWard } from '../core/catalog.js';
import { MAX_IMPORT_ROWS, OFFICE_COLUMNS, type MappedRow, decodeCsv, mapRow, parseCsv, readHeader } from '../formats/office-csv.js';
import { appendJournal } from '../db/repositories/journal.js';
import { findOffice, insertOffice, listOffices, updateOffice } from '../db/repositories/network.js';
import { sharedAjv } from '../validation/schemas.js';
import type { ServiceContext } from './context.js';
import { inTransaction } from './transaction.js';

const OFFICE = { en: 'The office', ja: '事業所' };

function fieldsOf(input: OfficeCreate | OfficeUpdate): OfficeFields {
  const { name, kind, staffCount, fte, onePerson, servesChildren, openedOn, closedOn, closure, contactRole, contactPhone } = input;
  return { name: name.trim(), kind, staffCount: staffCount ?? null, fte: fte ?? null, onePerson: onePerson ?? false, servesChildren: servesChildren ?? false, openedOn: openedOn ?? null, closedOn: closedOn ?? null, closure: closure ?? null, contactRole: contactRole ?? '', contactPhone: contactPhone ?? '' };
}

function unknownWard(wardId: string): AppError {
  return validationError([fieldError('/wardId', `"${wardId}" is not a ward of this city`, `「${wardId}」はこの市の区にありません`)]);
}

export async function createOffice(ctx: ServiceContext, input: OfficeCreate): Promise<Office> {
  if (!findWard(ctx.plugins.catalog, input.wardId)) throw unknownWard(input.wardId);
  const fields = fieldsOf(input);
  const problems = checkOffice(fields, networkRules(ctx.plugins.catalog.city));
  if (problems.length) throw validationError(problems);
  return inTransaction(ctx.db, async (trx) => {
    const id = randomUUID();
    await insertOffice(trx, id, input.wardId, fields, ctx.now, ctx.actor?.username ?? null);
    const after = (await findOffice(trx, id))!;
    await appendJournal(trx, { at: ctx.now, actor: ctx.actor, entity: 'office', entityId: id, wardId: input.wardId, action: 'create', version: 1, summary: `office ${fields.name} registered`, before: null, after });
    return after;
  });
}

export async function changeOffice(ctx: ServiceContext, id: string, input: OfficeUpdate): Promise<Office> {
  const fields = fieldsOf(input);
  const problems = checkOffice(fields, networkRules(ctx.plugins.catalog.city));
  if (problems.length) throw validationError(problems);
  return inTransaction(ctx.db, async (trx) => {
    const before = await findOffice(trx, id);
    if (!before) throw errors.notFound(OFFICE);
    if (before.version !== input.version || !(await updateOffice(trx, id, fields, input.version, ctx.now, ctx.actor?.username ?? null))) {
      throw errors.versionConflict((await findOffice(trx, id)) ?? before);
    }
    const after = (await findOffice(trx, id))!;
    await appendJournal(trx, { at: ctx.now, actor: ctx.actor, entity: 'office', entityId: id, wardId: before.wardId, action: 'update', version: after.version, summary: `office ${fields.name} changed`, before, after });
    return after;
  });
}

/** A field error as a cell error, named by the file's column (e.g. 事業所名) as the writer named it. */
function inColumn(f: FieldError): { column: string; message: string; messageJa: string } {
  const col = OFFICE_COLUMNS.find((c) => c.key === f.field);
  return col ? { column: col.ja, message: `${col.en}: ${f.message}`, messageJa: `${col.ja}: ${f.messageJa}` } : { column: f.field ?? f.path, message: f.message, messageJa: f.messageJa };
}

function tooLarge(): AppError {
  return new AppError(400, 'IMPORT_TOO_LARGE', { en: `The file has more than ${MAX_IMPORT_ROWS} rows; split it.`, ja: `ファイルの行数が${MAX_IMPORT_ROWS}行を超えています。分けて取り込んでください。` });
}

interface Planned {
  line: number;
  mapped: MappedRow;
  action: 'create' | 'update' | 'error';
  name: string;
  errors: { column: string; message: string; messageJa: string }[];
}

/**
 * Reads and checks every row against the ward's registry as it is now; `confirm` saves when no row has a
 * problem. A confirmed import with bad rows is refused as a whole (IMPORT_HAS_ERRORS), naming each row.
 */
export async function importOffices(ctx: ServiceContext, wardId: string, base64: string, confirm: boolean): Promise<OfficeImportResult> {
  if (!findWard(ctx.plugins.catalog, wardId)) throw unknownWard(wardId);
  const rules = networkRules(ctx.plugins.catalog.city);
  const { text, encoding } = decodeCsv(Buffer.from(base64, 'base64'));
  const parsed = parseCsv(text, MAX_IMPORT_ROWS);
  if (parsed.tooMany) throw tooLarge();
  if (parsed.unclosedQuoteAt !== null) {
    throw new AppError(400, 'IMPORT_UNREADABLE', { en: `Line ${parsed.unclosedQuoteAt}: a quoted cell is never closed.`, ja: `${parsed.unclosedQuoteAt}行目: 引用符(")で始まるセルが閉じられていません。` });
  }
  if (parsed.rows.length < 2) throw new AppError(400, 'IMPORT_EMPTY', { en: 'The file has no data rows under its header.', ja: 'ファイルに見出し行の下のデータがありません。' });
  const header = readHeader(parsed.rows[0]!.cells);
  if (header.problems.length) {
    const p = header.problems[0]!;
    throw new AppError(400, 'IMPORT_BAD_HEADER', { en: `Line 1: ${p.message}.`, ja: `1行目: ${p.messageJa}。` }, { fields: header.problems.map((x) => fieldError('/data', x.message, x.messageJa)) });
  }

  const kindOf = (cell: string) => {
    const v = cell.trim().toLowerCase();
    return rules.kinds.find((k) => k.id === v || k.name.ja === cell.trim() || k.name.en?.toLowerCase() === v)?.id;
  };
  const validate = sharedAjv('body').getSchema('network.schema.json#/definitions/officeFields')!;
  const existing = new Map((await listOffices(ctx.db, wardId)).map((o) => [o.id, o]));
  const seenIds = new Set<string>();
  const planned: Planned[] = parsed.rows.slice(1).map((row) => {
    const mapped = mapRow(header.keys, row.cells, kindOf);
    const errs = [...mapped.problems];
    const name = typeof mapped.fields.name === 'string' ? mapped.fields.name : '';
    if (!errs.length) {
      const full = { onePerson: false, servesChildren: false, contactRole: '', contactPhone: '', ...mapped.fields };
      const problems = validate(full) ? checkOffice(full as OfficeFields, rules) : toFieldErrors(validate.errors);
      errs.push(...problems.map(inColumn));
      mapped.fields = full;
    }
    let action: Planned['action'] = 'create';
    if (mapped.id) {
      const current = existing.get(mapped.id);
      if (!current) errs.push({ column: 'ID', message: `no office "${mapped.id}" in this ward (leave the id empty to add a new office)`, messageJa: `この区に ID「${mapped.id}」の事業所はありません(新しく登録するときは ID を空にしてください)` });
      else if (mapped.version !== null && mapped.version !== current.version) errs.push({ column: '版', message: `the office was changed after this file was exported (version ${current.version} now, ${mapped.version} in the file)`, messageJa: `このファイルの書き出し後に事業所が変更されています(現在の版 ${current.version}、ファイルは ${mapped.version})` });
      if (seenIds.has(mapped.id)) errs.push({ column: 'ID', message: `the id "${mapped.id}" appears twice in the file`, messageJa: `ID「${mapped.id}」がファイル内で2回出てきます` });
      seenIds.add(mapped.id);
      action = 'update';
    }
    return { line: row.line, mapped, action: errs.length ? 'error' : action, name, errors: errs };
  });

  const failed = planned.filter((p) => p.action === 'error');
  const result: OfficeImportResult = {
    wardId,
    encoding,
    saved: false,
    created: planned.filter((p) => p.action === 'create').length,
    updated: planned.filter((p) => p.action === 'update').length,
    failed: failed.length,
    rows: planned.map((p) => ({ line: p.line, action: p.action, officeId: p.mapped.id, name: p.name, errors: p.errors })),
  };
  if (!confirm) return result;
  if (failed.length) {
    const first = failed[0]!;
    const firstError = first.errors[0]!;
    throw new AppError(
      400,
      'IMPORT_HAS_ERRORS',
      { en: `${failed.length} row(s) have problems; nothing was saved. Line ${first.line}: ${firstError.message}`, ja: `${failed.length}行に誤りがあるため、何も保存していません。${first.line}行目: ${firstError.messageJa}` },
      { fields: failed.flatMap((p) => p.errors.map((e) => ({ path: `/data/line/${p.line}`, field: `line ${p.line} ${e.column}`, message: e.message, messageJa: e.messageJa }))) },
    );
  }

  await inTransaction(ctx.db, async (trx) => {
    const by = ctx.actor?.username ?? null;
    for (const p of planned) {
      const fields = p.mapped.fields as unknown as OfficeFields;
      if (p.action === 'create') {
        const id = randomUUID();
        await insertOffice(trx, id, wardId, fields, ctx.now, by);
        await appendJournal(trx, { at: ctx.now, actor: ctx.actor, entity: 'office', entityId: id, wardId, action: 'import', version: 1, summary: `office ${fields.name} imported (line ${p.line})`, before: null, after: await findOffice(trx, id) });
      } else {
        const before = (await findOffice(trx, p.mapped.id!))!;
        // Checked against the registry read above; a colleague's change since then is a conflict.
        if (!(await updateOffice(trx, before.id, fields, p.mapped.version ?? existing.get(before.id)!.version, ctx.now, by))) throw errors.versionConflict(before);
        await appendJournal(trx, { at: ctx.now, actor: ctx.actor, entity: 'office', entityId: before.id, wardId, action: 'import', version: before.version + 1, summary: `office ${fields.name} updated by import (line ${p.line})`, before, after: await findOffice(trx, before.id) });
      }
    }
  });
  return { ...result, saved: true };
}
