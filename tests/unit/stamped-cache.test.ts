import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { accepts } from '../../server/http/cached-json.js';
import { StampedCache } from '../../server/services/stamped-cache.js';

const BIG = JSON.stringify({ rows: Array.from({ length: 400 }, (_, i) => ({ id: i, title: `行 ${i}` })) });

describe('StampedCache', () => {
  it('answers from the cache while the stamp is the same and makes the text again when it changes', async () => {
    const cache = new StampedCache(8);
    let made = 0;
    const make = (text: string) => async () => {
      made++;
      return text;
    };
    expect((await cache.get('k', 's1', make('one')))!.json).toBe('one');
    expect((await cache.get('k', 's1', make('other')))!.json).toBe('one');
    expect(made).toBe(1);
    expect((await cache.get('k', 's2', make('two')))!.json).toBe('two');
    expect(made).toBe(2);
    expect([cache.hits, cache.misses]).toEqual([1, 2]);
  });

  it('lets requests that miss together share one computation', async () => {
    const cache = new StampedCache(8);
    let made = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const make = async () => {
      made++;
      await gate;
      return 'text';
    };
    const waiting = Promise.all(Array.from({ length: 20 }, () => cache.get('k', 's', make)));
    release();
    expect((await waiting).map((b) => b!.json)).toEqual(Array(20).fill('text'));
    expect(made).toBe(1);
  });

  it('keeps neither "not found" nor a failure', async () => {
    const cache = new StampedCache(8);
    expect(await cache.get('k', 's', async () => undefined)).toBeUndefined();
    expect((await cache.get('k', 's', async () => 'found now'))!.json).toBe('found now');
    await expect(cache.get('x', 's', async () => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
    expect((await cache.get('x', 's', async () => 'recovered'))!.json).toBe('recovered');
  });

  it('holds at most its number of entries, dropping the least recently used', async () => {
    const cache = new StampedCache(2);
    let made = 0;
    const make = async () => `t${++made}`;
    await cache.get('a', 's', make);
    await cache.get('b', 's', make);
    await cache.get('a', 's', make); // a used last
    await cache.get('c', 's', make); // b dropped
    expect(made).toBe(3);
    await cache.get('a', 's', make);
    expect(made).toBe(3);
    await cache.get('b', 's', make);
    expect(made).toBe(4);
  });

  it('holds about its byte budget whatever the number of entries, counting compressed copies too', async () => {
    const cache = new StampedCache(100, 100_000);
    const text = (n: number) => async () => 'x'.repeat(n);
    for (let i = 0; i < 10; i++) await cache.get(`k${i}`, 's', text(20_000)); // 40,000 bytes each (2 per character)
    expect(cache.size.entries).toBe(2);
    expect(cache.size.bytes).toBeLessThanOrEqual(100_000);
    // One entry larger than the whole budget is still answered (and kept alone).
    expect((await cache.get('big', 's', text(80_000)))!.json).toHaveLength(80_000);
    expect(cache.size.entries).toBe(1);
    const small = new StampedCache(100, 1_000_000);
    const body = (await small.get('k', 's', async () => BIG))!;
    const before = small.size.bytes;
    await body.compressed({ gzip: true, br: false });
    expect(small.size.bytes).toBeGreaterThan(before);
  });

  it('compresses large texts once, as gzip or brotli, to exactly the text', async () => {
    const cache = new StampedCache(2);
    const body = (await cache.get('k', 's', async () => BIG))!;
    const gz = await body.compressed({ gzip: true, br: false });
    expect(gz!.encoding).toBe('gzip');
    expect(gunzipSync(gz!.body).toString()).toBe(BIG);
    expect(await body.compressed({ gzip: true, br: false })).toEqual(gz);
    const br = await body.compressed({ gzip: false, br: true });
    expect(br!.encoding).toBe('br');
    expect(brotliDecompressSync(br!.body).toString()).toBe(BIG);
    // Once the brotli copy is ready it is preferred by clients that accept both.
    const again = (await cache.get('k', 's', async () => 'not made'))!;
    const both = await again.compressed({ gzip: true, br: true });
    expect(both!.encoding).toBe('br');
    expect(both!.body.length).toBeLessThan(gz!.body.length);
    expect(await again.compressed({ gzip: false, br: false })).toBeNull();
    const small = (await cache.get('small', 's', async () => '{"a":1}'))!;
    expect(await small.compressed({ gzip: true, br: true })).toBeNull();
  });
});

describe('accepts (Accept-Encoding)', () => {
  it('reads codings, q-values and *', () => {
    expect(accepts('gzip, deflate, br', 'br')).toBe(true);
    expect(accepts('gzip, deflate, br', 'gzip')).toBe(true);
    expect(accepts('gzip;q=1.0, br;q=0', 'br')).toBe(false);
    expect(accepts('deflate', 'gzip')).toBe(false);
    expect(accepts('*', 'gzip')).toBe(true);
    expect(accepts('*;q=0, gzip', 'br')).toBe(false);
    expect(accepts('identity', 'gzip')).toBe(false);
    expect(accepts('GZIP', 'gzip')).toBe(true);
  });
});
