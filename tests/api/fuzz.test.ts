/**
 * Thousands of malformed or hostile bodies against every write route: wrong types, huge strings, deep
 * nesting, unknown fields, invalid UTF-8, prototype-pollution keys, garbage. No 5xx, no change to stored
 * data, no crash.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Escalation, Plan, ProgressRecord, User } from '../../schemas/types.js';
import { client, demoPlan, testApp } from '../helpers/app.js';
import { snapshot } from '../helpers/snapshot.js';

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]! };
}
type Rng = ReturnType<typeof prng>;

function deepArray(depth: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** A value of a different JSON type than `v`, so the field becomes invalid whatever its schema allows of v's type. */
function wrongType(v: unknown, rng: Rng): unknown {
  const options: unknown[] =
    typeof v === 'string' ? [12345, true, ['a'], { a: 1 }, deepArray(2000)]
    : typeof v === 'number' ? ['12', true, [1], { n: 1 }, 'NaN', '１２']
    : typeof v === 'boolean' ? ['true', 1, [true], {}]
    : v === null ? [{}, [], 3.5, true]
    : Array.isArray(v) ? [{ 0: v[0] ?? 'x' }, 'a,b', 7, true]
    : ['object', 42, [v], true];
  return rng.pick(options);
}

/** All paths to values inside a body. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const here = at.length ? [at] : [];
  if (Array.isArray(v)) return [...here, ...v.flatMap((x, i) => paths(x, [...at, i]))];
  if (v && typeof v === 'object') return [...here, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))];
  return here;
}

function setAt(body: unknown, path: (string | number)[], value: unknown): void {
  let o = body as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) o = o[p] as Record<string | number, unknown>;
  o[path[path.length - 1]!] = value;
}

function getAt(body: unknown, path: (string | number)[]): unknown {
  return path.reduce((o: unknown, p) => (o as Record<string | number, unknown>)[p], body);
}

/** One hostile payload derived from a valid body (or not derived at all). */
function hostile(valid: unknown, rng: Rng): { payload: string | Buffer; contentType: string } {
  const json = 'application/json';
  switch (rng.int(9)) {
    case 0:
    case 1:
    case 2: {
      const body = structuredClone(valid);
      const all = paths(body);
      if (!all.length) return { payload: '[]', contentType: json };
      const path = rng.pick(all);
      setAt(body, path, wrongType(getAt(body, path), rng));
      return { payload: JSON.stringify(body), contentType: json };
    }
    case 3: {
      // an unknown field, at the top or inside an object
      const body = structuredClone(valid) as Record<string, unknown>;
      const objects = [[], ...paths(body)].filter((p) => { const v = p.length ? getAt(body, p) : body; return v && typeof v === 'object' && !Array.isArray(v); });
      const target = rng.pick(objects);
      const obj = (target.length ? getAt(body, target) : body) as Record<string, unknown>;
      obj[rng.pick(['isAdmin', 'role_override', 'version2', 'ｘ', '$where', 'toString'])] = rng.pick([true, 'x', 1, null]);
      return { payload: JSON.stringify(body), contentType: json };
    }
    case 4: {
      // prototype pollution, written as raw JSON text so the keys survive serialisation
      const text = JSON.stringify(valid);
      const inject = rng.pick(['"__proto__":{"polluted":true}', '"constructor":{"prototype":{"polluted":true}}', '"__proto__":null']);
      return { payload: text.replace(/^\{/, `{${inject},`), contentType: json };
    }
    case 5: {
      // a huge string: over every field's limit, and sometimes over the body limit
      const body = structuredClone(valid);
      const strings = paths(body).filter((p) => typeof getAt(body, p) === 'string');
      if (strings.length) setAt(body, rng.pick(strings), 'あ'.repeat(rng.pick([25_000, 400_000])));
      else setAt(body, [], null);
      return { payload: JSON.stringify(body), contentType: json };
    }
    case 6: {
      // invalid UTF-8 inside an otherwise valid body
      const text = JSON.stringify(valid);
      const cut = text.indexOf('"', 2) + 1 || 1;
      return { payload: Buffer.concat([Buffer.from(text.slice(0, cut)), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(text.slice(cut))]), contentType: json };
    }
    case 7: {
      // lone surrogates, deep nesting, truncated or empty JSON, garbage
      return {
        payload: rng.pick([
          JSON.stringify(valid).replace(/"([^"]{2})/, '"\\ud800$1'),
          '['.repeat(50_000) + ']'.repeat(50_000),
          '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000),
          JSON.stringify(valid).slice(0, 20),
          '',
          'null',
          '"just a string"',
          Buffer.from(Array.from({ length: 200 }, () => rng.int(256))),
        ]),
        contentType: json,
      };
    }
    default:
      // the right body with the wrong content type
      return { payload: JSON.stringify(valid), contentType: rng.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) };
  }
}

describe('hostile input', () => {
  it('never causes a 5xx, a change or a crash', async () => {
    const app: FastifyInstance = await testApp();
    try {
      const admin = await client(app, 'admin');
      const plan = (await admin.post('/api/plans', demoPlan('izumi'))).json() as Plan;
      const rec = (await admin.put(`/api/plans/${plan.id}/progress/r4/5`, { status: 'done', note: '', extra: { invitedOffices: 30, participatingOffices: 17 } })).json() as ProgressRecord;
      const esc = (await admin.post(`/api/plans/${plan.id}/escalations`, { issueId: 'i1', note: '部会で協議したい' })).json() as Escalation;
      const user = (await admin.get('/api/users')).json() as User[];
      const viewer = user.find((u) => u.username === 'viewer')!;
      const office = (await admin.post('/api/offices', { wardId: 'izumi', name: '相談室', kind: 'designated' })).json() as { id: string; version: number };

      const routes: { method: 'POST' | 'PUT'; url: string; valid: unknown }[] = [
        { method: 'POST', url: '/api/plans', valid: { ...demoPlan('izumi'), fiscalYear: 2027 } },
        { method: 'PUT', url: `/api/plans/${plan.id}`, valid: plan },
        { method: 'POST', url: `/api/plans/${plan.id}/restore`, valid: { fromVersion: 1, version: plan.version } },
        { method: 'POST', url: `/api/plans/${plan.id}/progress`, valid: { records: [{ rowId: 'r4', month: 7, status: 'done', heldOn: '2026-07-10', attendance: 12, note: 'メモ', extra: { invitedOffices: 30, participatingOffices: 16 } }] } },
        { method: 'PUT', url: `/api/plans/${plan.id}/progress/r4/5`, valid: { status: 'partial', heldOn: '2026-05-12', attendance: 9, note: 'メモ', extra: { invitedOffices: 30, participatingOffices: 18 }, version: rec.version } },
        { method: 'POST', url: `/api/plans/${plan.id}/escalations`, valid: { issueId: 'i2', note: '提起', confidential: true } },
        { method: 'PUT', url: `/api/escalations/${esc.id}`, valid: { note: '追記', confidential: false, withdrawn: false, version: esc.version } },
        { method: 'POST', url: `/api/escalations/${esc.id}/reply`, valid: { reply: '回答', version: esc.version } },
        { method: 'POST', url: `/api/plans/${plan.id}/comments`, valid: { body: '部会からの意見', issueId: 'i1' } },
        { method: 'POST', url: '/api/users', valid: { username: 'fuzz-user', displayName: 'ふず', role: 'wardEditor', wardId: 'izumi', password: 'fuzz-password-123' } },
        { method: 'PUT', url: `/api/users/${viewer.id}`, valid: { displayName: '閲覧', role: 'viewer', disabled: false, version: viewer.version } },
        { method: 'POST', url: '/api/session', valid: { username: 'viewer', password: 'not-the-password' } },
        { method: 'PUT', url: `/api/offices/${office.id}`, valid: { name: '相談室', kind: 'designated', staffCount: 1, fte: 1, onePerson: true, version: office.version } },
        { method: 'PUT', url: `/api/plans/${plan.id}/attendance/r4/5`, valid: { officeIds: [office.id], version: 7 } },
        { method: 'POST', url: '/api/offices/import', valid: { wardId: 'izumi', data: Buffer.from('事業所名,種別\r\n,designated\r\n').toString('base64'), confirm: true } },
      ];

      const before = await snapshot(app);
      const rng = prng(20261122);
      const statuses = new Map<number, number>();
      let sent = 0;
      for (const route of routes) {
        for (let i = 0; i < 220; i++) {
          const { payload, contentType } = hostile(route.valid, rng);
          const res = await app.inject({ method: route.method, url: route.url, payload, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': contentType } });
          sent++;
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          expect(res.statusCode, `${route.method} ${route.url} #${i}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
          expect(res.statusCode, `${route.method} ${route.url} #${i} was accepted: ${String(payload).slice(0, 300)}`).toBeGreaterThanOrEqual(400);
          expect(() => JSON.parse(res.body)).not.toThrow();
        }
      }
      expect(sent).toBeGreaterThanOrEqual(2000);
      expect(await snapshot(app)).toBe(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((await admin.get('/api/health')).statusCode).toBe(200);
      expect((await admin.get(`/api/plans/${plan.id}`)).json()).toEqual(plan);
      console.log(`fuzz: ${sent} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    } finally {
      await app.close();
    }
  }, 120_000);
});
