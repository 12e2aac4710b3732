/**
 * Whether the database accepts writes. A read-only DATA_DIR or a full disk lets `select 1` pass while every
 * save fails, so the health check rewrites one row (app_meta.health_probe). To keep /api/health cheap (it
 * is polled, and benchmarked as the baseline request), the probe's answer is reused for PROBE_TTL_MS, and
 * concurrent checks share one probe.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { META, setMeta } from '../db/repositories/meta.js';

export const PROBE_TTL_MS = 2000;

export interface WriteProbe {
  writable: boolean;
  reason?: string;
  checkedAt: number;
}

export class HealthProbe {
  private last: WriteProbe | undefined;
  private running: Promise<WriteProbe> | undefined;

  constructor(private readonly db: Kysely<Database>) {}

  /** The last probe if it is fresh enough, else a new one. `fresh` forces a new probe. */
  async check(fresh = false): Promise<WriteProbe> {
    if (!fresh && this.last && Date.now() - this.last.checkedAt < PROBE_TTL_MS) return this.last;
    this.running ??= this.probe().finally(() => (this.running = undefined));
    return this.running;
  }

  private async probe(): Promise<WriteProbe> {
    const at = Date.now();
    try {
      await setMeta(this.db, META.healthProbe, new Date(at).toISOString());
      this.last = { writable: true, checkedAt: at };
    } catch (e) {
      const err = e as { code?: string; message?: string };
      this.last = { writable: false, reason: [err.code, err.message].filter(Boolean).join(': ') || String(e), checkedAt: at };
    }
    return this.last;
  }
}
