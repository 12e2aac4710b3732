/**
 * Answers kept as JSON text per instance, keyed on what was asked and on the database's data version
 * (db/repositories/data-version.ts). Every journalled write changes the stamp in its own transaction, so
 * a write through this instance, another instance on the same PostgreSQL database, or a restored database
 * is never answered from the cache. Between writes — most of the time: plans and the roll-up are read far
 * more often than anything is saved — an answer costs no query beyond the session check, which reads the
 * stamp in the same statement (services/auth.ts).
 *
 * The stamp must be read BEFORE the data: a write committing in between makes the cached text newer than
 * its key (the next request sees the new stamp and makes it again), never older.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Below this the gzip framing is not worth it. */
const GZIP_FROM_BYTES = 1024;

/**
 * Brotli's quality for the cached copies: 9 packs a 24-ward roll-up (~240 kB of JSON) into ~17 kB in
 * ~0.1 s (gzip: ~22 kB); 11 would save 2 kB more for ~1 s of a core per data version.
 */
const BROTLI_QUALITY = 9;

export interface CachedJson {
  json: string;
  /**
   * The text compressed as the client accepts it, or null to send it as it is. Each compressed copy is
   * made once per entry, off the event loop (zlib's thread pool): gzip when first asked for; brotli —
   * about a quarter smaller — made in the background and used once it is ready.
   */
  compressed: (accepts: { gzip: boolean; br: boolean }) => Promise<{ encoding: 'gzip' | 'br'; body: Buffer } | null>;
}

interface Entry {
  stamp: string;
  /** Requests that miss together share one computation (after a write, 50 clients would otherwise each run it). */
  pending?: Promise<string | undefined>;
  json?: string;
  /** Bytes counted for it in the cache's total. */
  bytes: number;
  /** Dropped from the cache (its compressed copies are then no longer counted). */
  dropped?: boolean;
  gzipped?: Promise<Buffer>;
  brotli?: Promise<Buffer>;
  brotliReady?: Buffer;
}

export class StampedCache {
  private readonly entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  /** Bytes held by the entries' texts (2 per character, as V8 keeps Japanese text) and compressed copies. */
  private bytes = 0;

  /**
   * At most `maxEntries` entries and about `maxBytes` of text: a plan may be up to ~1 MiB, so a count
   * alone would not bound the memory. The least recently used entries go first.
   */
  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes = 64 * 2 ** 20,
  ) {}

  /** What the cache holds now (for tests and the operations figures). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /**
   * The text for `key` as of `stamp`, made by `make` when the cache has none for that stamp. `make`
   * answering undefined (nothing found) is passed on and not kept.
   */
  async get(key: string, stamp: string, make: () => Promise<string | undefined>): Promise<CachedJson | undefined> {
    let entry = this.entries.get(key);
    if (entry && entry.stamp === stamp) {
      this.hits++;
      // Map order is insertion order: re-inserting keeps the most recently used last.
      this.entries.delete(key);
      this.entries.set(key, entry);
      if (entry.json !== undefined) return view(entry, (n) => this.grow(entry!, n));
    } else {
      this.misses++;
      entry = { stamp, bytes: 0 };
      const made = entry;
      made.pending = make().then(
        (json) => {
          made.pending = undefined;
          if (json === undefined) this.drop(key, made);
          else {
            made.json = json;
            this.grow(made, json.length * 2);
          }
          return json;
        },
        (e: unknown) => {
          this.drop(key, made);
          throw e;
        },
      );
      const replaced = this.entries.get(key);
      if (replaced) this.drop(key, replaced);
      this.entries.set(key, made);
      this.trim(made);
    }
    const json = await entry.pending;
    return json === undefined ? undefined : view(entry, (n) => this.grow(entry!, n));
  }

  private drop(key: string, entry: Entry): void {
    if (this.entries.get(key) !== entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    entry.bytes = 0;
    entry.dropped = true;
  }

  /** Counts bytes an entry came to hold (its text, a compressed copy) while it is still in the cache. */
  private grow(entry: Entry, bytes: number): void {
    if (entry.dropped) return;
    entry.bytes += bytes;
    this.bytes += bytes;
    this.trim(entry);
  }

  /** Drops the least recently used entries beyond the limits, never `keep` (the one being answered). */
  private trim(keep: Entry): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) return;
      if (entry !== keep) this.drop(key, entry);
    }
  }
}

function view(entry: Entry, grew: (bytes: number) => void): CachedJson {
  const json = entry.json!;
  return {
    json,
    compressed: async (accepts) => {
      if (json.length < GZIP_FROM_BYTES) return null;
      if (accepts.br) {
        if (entry.brotliReady) return { encoding: 'br', body: entry.brotliReady };
        if (!entry.brotli) {
          const text = Buffer.from(json);
          entry.brotli = brotliAsync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: text.length } });
          entry.brotli.then(
            (body) => {
              entry.brotliReady = body;
              grew(body.length);
            },
            () => undefined, // gzip goes on serving; the next entry tries again
          );
        }
        if (!accepts.gzip) return { encoding: 'br', body: await entry.brotli };
      }
      if (!accepts.gzip) return null;
      if (!entry.gzipped) {
        entry.gzipped = gzipAsync(json);
        entry.gzipped.then((body) => grew(body.length), () => undefined);
      }
      return { encoding: 'gzip', body: await entry.gzipped };
    },
  };
}
