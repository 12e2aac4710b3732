/**
 * Demo data of the office network (plugins/<ward>/demo/network-<year>.json): a fictional registry per
 * ward, attendance for the recorded meetings, visits, status sheets and fixed meeting dates. Offices are
 * named by a key inside the file; everything goes through the same services and validation as the API.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MeetingDateInput, NewCases, OfficeCreate, VisitKind } from '../../schemas/types.js';
import { findPlanFor } from '../db/repositories/plans.js';
import { toFieldErrors } from '../core/validation-messages.js';
import { sharedAjv } from '../validation/schemas.js';
import type { ServiceContext } from './context.js';
import { createOffice } from './offices.js';
import { inTransaction } from './transaction.js';
import { addStatusSheet, recordVisit, saveAttendance, saveMeetingDate } from './network.js';

/** The tables this demo fills, for the first-start clean-up after a failed demo load. */
export const NETWORK_TABLES = ['meeting_dates', 'status_sheets', 'visits', 'attendance', 'offices'] as const;

interface NetworkDemo {
  offices: (Omit<OfficeCreate, 'wardId'> & { key: string })[];
  attendance?: { rowId: string; month: number; offices: string[] }[];
  visits?: { office: string; visitedOn: string; kind: VisitKind; note?: string }[];
  statusSheets?: { office: string; reportedOn: string; newCases: NewCases; availableFrom?: string; trends?: string; issues?: string }[];
  meetings?: (MeetingDateInput & { rowId: string; month: number })[];
}

export async function loadNetworkDemo(outer: ServiceContext): Promise<{ offices: number }> {
  // One transaction for the whole demo network: hundreds of small writes, one fsync.
  return inTransaction(outer.db, (trx) => loadAll({ ...outer, db: trx }));
}

async function loadAll(ctx: ServiceContext): Promise<{ offices: number }> {
  let count = 0;
  const validate = sharedAjv('body').getSchema('network.schema.json#/definitions/officeCreate')!;
  for (const ward of ctx.plugins.catalog.wards) {
    const dir = join(ctx.plugins.folders.get(ward.id)!, 'demo');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      const m = /^network-(\d{4})\.json$/.exec(f);
      if (!m) continue;
      const file = join(dir, f);
      const demo = JSON.parse(readFileSync(file, 'utf8')) as NetworkDemo;
      const ids = new Map<string, string>();
      const idOf = (key: string) => {
        const id = ids.get(key);
        if (!id) throw new Error(`Demo ${file}: no office with key "${key}"`);
        return id;
      };
      for (const [i, o] of demo.offices.entries()) {
        const { key, ...fields } = o;
        const body = { ...fields, wardId: ward.id };
        if (!validate(body)) throw new Error(`Demo ${file} offices[${i}]: ${toFieldErrors(validate.errors).map((e) => `${e.field}: ${e.message}`).join('; ')}`);
        ids.set(key, (await createOffice(ctx, body)).id);
        count++;
      }
      const plan = await findPlanFor(ctx.db, ward.id, Number(m[1]));
      if (plan) {
        for (const a of demo.attendance ?? []) await saveAttendance(ctx, plan.id, a.rowId, a.month, { officeIds: a.offices.map(idOf) });
        for (const d of demo.meetings ?? []) {
          const { rowId, month, ...input } = d;
          await saveMeetingDate(ctx, plan.id, rowId, month, input);
        }
      }
      for (const v of demo.visits ?? []) await recordVisit(ctx, { officeId: idOf(v.office), visitedOn: v.visitedOn, kind: v.kind, note: v.note ?? '' });
      for (const s of demo.statusSheets ?? []) {
        const { office, ...input } = s;
        await addStatusSheet(ctx, idOf(office), input);
      }
    }
  }
  return { offices: count };
}
