/**
 * The roll-up as JSON text, cached per instance and keyed on the database's data version (see
 * db/repositories/data-version.ts). Every journalled write changes the stamp in its own transaction, so a
 * write through this instance, another instance on the same PostgreSQL database, or a restored database
 * is never answered from the cache; between writes (most of the time — the roll-up is read far more often
 * than anything is saved) a request costs one indexed one-row read instead of three table reads, the
 * engine and the serializer.
 *
 * The stamp is read BEFORE the data: a write committing in between makes the cached text newer than its
 * key (the next request sees the new stamp and recomputes), never older.
 */
import { gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { Rollup } from '../../schemas/types.js';
import type { Database } from '../db/database.js';
import { readDataVersion } from '../db/repositories/data-version.js';
import type { LoadedPlugins } from '../plugin-host/load-plugins.js';
import { computeCityRollup } from './city-rollup.js';

const MAX_ENTRIES = 64;
/** Below this the gzip framing is not worth it. */
const GZIP_FROM_BYTES = 1024;

export interface RollupBody {
  json: string;
  /** The same text gzip-compressed, made once per data version (a 24-ward roll-up is ~250 kB of JSON, ~10 % of it compressed). */
  gzip: () => Buffer | null;
}

interface Entry {
  stamp: string;
  json: string;
  gzipped?: Buffer | null;
}

export class RollupCache {
  private readonly entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly plugins: LoadedPlugins,
    private readonly serialize: (rollup: Rollup) => string,
  ) {}

  async json(fiscalYear: number, asOf: string, today: string): Promise<string> {
    return (await this.body(fiscalYear, asOf, today)).json;
  }

  /** `today` ('YYYY-MM') is part of the key: the month in progress changes what counts as late. */
  async body(fiscalYear: number, asOf: string, today: string): Promise<RollupBody> {
    const key = `${fiscalYear}|${asOf}|${today}`;
    const stamp = await readDataVersion(this.db);
    const cached = this.entries.get(key);
    if (cached && cached.stamp === stamp) {
      this.hits++;
      // Map order is insertion order: re-inserting keeps the most recently used last.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return bodyOf(cached);
    }
    this.misses++;
    const { rollup } = await computeCityRollup(this.db, this.plugins, fiscalYear, asOf, today);
    const json = this.serialize(rollup);
    const entry: Entry = { stamp, json };
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return bodyOf(entry);
  }
}

function bodyOf(entry: Entry): RollupBody {
  return {
    json: entry.json,
    gzip: () => {
      if (entry.gzipped === undefined) entry.gzipped = entry.json.length >= GZIP_FROM_BYTES ? gzipSync(entry.json) : null;
      return entry.gzipped;
    },
  };
}
