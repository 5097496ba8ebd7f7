// A columnar file cache of each symbol's 1m candles beside the store
// (`<store>.cache/candles-<SYMBOL>.f64`), so a backtest reads a year in a few ms instead of
// streaming it out of DuckDB chunk by chunk (the file is memory-mapped). The store stays the source
// of truth: every read first fingerprints the symbol's rows in DuckDB (row count, first and last
// minute, and an order-independent XOR of a hash of every row's values) and uses the file only
// when its recorded fingerprint is the same. Otherwise it reads the store, rewrites the file atomically (temp file +
// rename) and goes on; a cache that cannot be written is only a slower next run. In-memory stores
// have no cache.
//
// File: 8-byte magic, u32 LE header length, a JSON header padded to a multiple of 8 bytes, then the
// columns ts, open, high, low, close, volume, turnover as `rows` little-endian f64 each, then the
// start of each UTC day with rows (`days` f64) and that day's candle digest (`days` × 32 bytes,
// domain/candle-digest.ts), so a backtest's input hash only hashes its partial edge days.
// The header holds the xxHash3 of everything after it (`bodyXxh3`), recomputed from the mapped
// bytes on every open (about 3 ms for a year): a file changed on disk is never used, it is
// rebuilt from the store and a notice says so. So the day digests, and with them input_hash,
// always describe the bytes the simulation reads.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type CandleColumns, candleDigest, forEachDay, sliceCandlesByTime } from '../domain';
import { writeFileAtomic } from './atomic-file';
import { sqlString } from './duckdb';
import { notice } from './notices';
import type { Store } from './store';

const MAGIC = 'TRDC1M03';
const COLUMNS = ['tsMs', 'open', 'high', 'low', 'close', 'volume', 'turnover'] as const;

export interface CandleFingerprint {
  rows: number;
  firstMs: number;
  lastMs: number;
  rowHash: string;
}

interface Header {
  symbol: string;
  fingerprint: CandleFingerprint;
  columns: readonly string[];
  days: number;
  /** xxHash3 (hex) of every byte after the header. */
  bodyXxh3: string;
}

/** Cached candles of a window plus the digests of whole UTC days of the symbol. */
export interface CachedCandles extends CandleColumns {
  dayDigest: (dayStartMs: number) => Uint8Array | undefined;
}

export function cachePath(dbPath: string, symbol: string): string | undefined {
  if (dbPath === ':memory:') return undefined;
  return join(`${dbPath}.cache`, `candles-${symbol}.f64`);
}

export async function fingerprint(store: Store, symbol: string): Promise<CandleFingerprint> {
  // A literal, not a parameter: rowsInParallel runs unparameterised queries in one native call.
  const r = await store.db.rowsInParallel<{ n: bigint; first: bigint | null; last: bigint | null; h: bigint | null }>(
    `SELECT count(*) AS n, min(ts_open_ms) AS first, max(ts_open_ms) AS last,
            bit_xor(hash(ts_open_ms, open, high, low, close, volume, turnover)) AS h
     FROM candles_1m WHERE symbol = ${sqlString(symbol)}`,
  );
  const row = r[0]!;
  return { rows: Number(row.n), firstMs: Number(row.first ?? 0), lastMs: Number(row.last ?? 0), rowHash: String(row.h ?? 0) };
}

/** A mapped cache file: the fingerprint it was written for, and zero-copy windows of it. */
export interface CacheFile {
  fingerprint: CandleFingerprint;
  slice(fromMs: number, toMs: number): CachedCandles;
}

/**
 * Maps the cache file copy-on-write; undefined when it is missing, damaged or for another symbol.
 * Columns are views into the mapping (no copy). The cache is only ever replaced by rename, never
 * rewritten in place, so a mapping stays valid.
 */
export function openCacheFile(path: string, symbol: string): CacheFile | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const m = Bun.mmap(path, { shared: false });
    if (m.length < 12 || new TextDecoder().decode(m.subarray(0, 8)) !== MAGIC) return undefined;
    const headerLen = new DataView(m.buffer, m.byteOffset, 12).getUint32(8, true);
    const header = JSON.parse(new TextDecoder().decode(m.subarray(12, 12 + headerLen))) as Header;
    if (header.symbol !== symbol || header.columns.join() !== COLUMNS.join()) return undefined;
    const rows = header.fingerprint.rows;
    const dataAt = m.byteOffset + 12 + headerLen;
    const days = header.days;
    const daysAt = dataAt + COLUMNS.length * rows * 8;
    if (dataAt % 8 !== 0 || m.byteOffset + m.length < daysAt + days * 40) return undefined;
    const all = {} as Record<(typeof COLUMNS)[number], Float64Array>;
    COLUMNS.forEach((name, c) => {
      all[name] = new Float64Array(m.buffer, dataAt + c * rows * 8, rows);
    });
    const body = new Uint8Array(m.buffer, dataAt, daysAt + days * 40 - dataAt);
    if (Bun.hash.xxHash3(body).toString(16).padStart(16, '0') !== header.bodyXxh3) {
      notice(`note: the column cache ${path} does not match its content digest (changed on disk); rebuilt from the store`);
      return undefined;
    }
    const dayStarts = new Float64Array(m.buffer, daysAt, days);
    const digests = new Uint8Array(m.buffer, daysAt + days * 8, days * 32);
    const index = new Map<number, number>();
    for (let d = 0; d < days; d++) index.set(dayStarts[d]!, d);
    const dayDigest = (dayStartMs: number) => {
      const d = index.get(dayStartMs);
      return d === undefined ? undefined : digests.subarray(d * 32, d * 32 + 32);
    };
    return {
      fingerprint: header.fingerprint,
      slice: (fromMs, toMs) => ({ ...sliceCandlesByTime(all, fromMs, toMs), dayDigest }),
    };
  } catch {
    return undefined;
  }
}

export const sameFingerprint = (a: CandleFingerprint, b: CandleFingerprint) =>
  a.rows === b.rows && a.firstMs === b.firstMs && a.lastMs === b.lastMs && a.rowHash === b.rowHash;

/** [fromMs, toMs) from the cache file when it matches `fp`; undefined when it is missing or stale. */
export function readCached(path: string, symbol: string, fp: CandleFingerprint, fromMs: number, toMs: number): CachedCandles | undefined {
  const file = openCacheFile(path, symbol);
  return file && sameFingerprint(file.fingerprint, fp) ? file.slice(fromMs, toMs) : undefined;
}

/** Writes the whole symbol's sorted columns with their fingerprint; false when it could not. */
export function writeCache(path: string, symbol: string, fp: CandleFingerprint, all: CandleColumns): boolean {
  const dayStarts: number[] = [];
  const digests: Uint8Array[] = [];
  forEachDay(all.tsMs, (day, lo, hi) => {
    dayStarts.push(day);
    digests.push(candleDigest(all, lo, hi));
  });
  const parts = [
    ...COLUMNS.map((c) => {
      const col = all[c] as Float64Array;
      return new Uint8Array(col.buffer, col.byteOffset, col.byteLength);
    }),
    new Uint8Array(Float64Array.from(dayStarts).buffer),
    ...digests,
  ];
  const body = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => {
    body.set(p, at);
    return at + p.length;
  }, 0);
  const bodyXxh3 = Bun.hash.xxHash3(body).toString(16).padStart(16, '0');
  let json = JSON.stringify({ symbol, fingerprint: fp, columns: COLUMNS, days: dayStarts.length, bodyXxh3 } satisfies Header);
  while ((12 + json.length) % 8 !== 0) json += ' ';
  const hb = new TextEncoder().encode(json);
  const head = new Uint8Array(12);
  head.set(new TextEncoder().encode(MAGIC));
  new DataView(head.buffer).setUint32(8, hb.length, true);
  try {
    writeFileAtomic(path, [head, hb, body]);
    return true;
  } catch {
    return false;
  }
}
