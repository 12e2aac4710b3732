/**
 * The citywide roll-up as JSON text, cached per instance on the data version (services/stamped-cache.ts
 * says how that stays correct across writes, instances and restores). A hit costs nothing beyond the
 * session check; a miss reads three tables, runs the engine and the serializer once however many
 * requests wait for it.
 */
import type { Kysely } from 'kysely';
import type { Rollup } from '../../schemas/types.js';
import type { Database } from '../db/database.js';
import { readDataVersion } from '../db/repositories/data-version.js';
import type { LoadedPlugins } from '../plugin-host/load-plugins.js';
import { computeCityRollup } from './city-rollup.js';
import { type CachedJson, StampedCache } from './stamped-cache.js';

const MAX_ENTRIES = 64;

export class RollupCache {
  private readonly cache = new StampedCache(MAX_ENTRIES);

  constructor(
    private readonly db: Kysely<Database>,
    private readonly plugins: LoadedPlugins,
    private readonly serialize: (rollup: Rollup) => string,
  ) {}

  get hits(): number {
    return this.cache.hits;
  }

  get misses(): number {
    return this.cache.misses;
  }

  /**
   * `today` ('YYYY-MM') is part of the key: the month in progress changes what counts as late. `stamp` is
   * the data version read before this call (with the session); without one it is read here.
   */
  async body(fiscalYear: number, asOf: string, today: string, stamp?: string): Promise<CachedJson> {
    const at = stamp ?? (await readDataVersion(this.db));
    const body = await this.cache.get(`${fiscalYear}|${asOf}|${today}`, at, async () => {
      const { rollup } = await computeCityRollup(this.db, this.plugins, fiscalYear, asOf, today);
      return this.serialize(rollup);
    });
    return body!;
  }
}
