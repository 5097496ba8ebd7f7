// The engine-facing read: 1m candles and funding of one symbol for [fromMs, toMs) as columnar
// Float64Arrays, read straight from DuckDB result vectors (no object per row). Ascending time;
// missing turnover is NaN. Gaps are not filled: resample() flags the buckets they touch.
// Speed: writers insert in time order and DuckDB preserves insertion order, so the scan is read
// without ORDER BY (a sort costs more than the read); the order is checked here and the rows are
// sorted in JS only when it does not hold (e.g. an older range imported after a newer one).
// Candles go through the symbol's column cache (candle-cache.ts), validated against the store.
import { type CandleColumns, type FundingColumns, lowerBound, sliceCandlesByTime } from '../domain';
import { type CandleFingerprint, cachePath, fingerprint, openCacheFile, readCached, sameFingerprint, writeCache } from './candle-cache';
import type { Store } from './store';
import { timeOrder } from './validate';

export interface CandleWindow extends CandleColumns {
  funding: FundingColumns;
  /** Digest of a whole UTC day's candles from the column cache (domain/candle-digest.ts), when there is one. */
  dayDigest?: (dayStartMs: number) => Uint8Array | undefined;
}

const RANGE = 'symbol = $1 AND ts >= CAST($2 AS BIGINT) AND ts < CAST($3 AS BIGINT)';

async function readSorted(store: Store, table: string, tsCol: string, cols: string, symbol: string, fromMs: number, toMs: number) {
  const where = RANGE.replace(/\bts\b/g, tsCol);
  const params = [symbol, fromMs, toMs];
  const counted = await store.db.rows<{ n: bigint }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, params);
  const n = Number(counted[0]?.n ?? 0);
  const columns = await store.db.doubleColumns(`SELECT CAST(${tsCol} AS DOUBLE), ${cols} FROM ${table} WHERE ${where}`, params, n);
  const ts = columns[0] as Float64Array;
  for (let i = 1; i < ts.length; i++) {
    if ((ts[i] as number) <= (ts[i - 1] as number)) return reorder(columns, timeOrder(ts));
  }
  return columns;
}

function reorder(columns: Float64Array[], order: Int32Array): Float64Array[] {
  return columns.map((col) => {
    const out = new Float64Array(col.length);
    for (let k = 0; k < order.length; k++) out[k] = col[order[k] as number] as number;
    return out;
  });
}

async function readCandles(store: Store, symbol: string, fromMs: number, toMs: number): Promise<CandleColumns> {
  const [tsMs, open, high, low, close, volume, turnover] = await readSorted(
    store,
    'candles_1m',
    'ts_open_ms',
    'open, high, low, close, volume, turnover',
    symbol,
    fromMs,
    toMs,
  );
  return { tsMs, open, high, low, close, volume, turnover } as CandleColumns;
}

/** 1m candles of [fromMs, toMs), through the symbol's column cache when the store has one. */
export async function loadCandles(store: Store, symbol: string, fromMs: number, toMs: number): Promise<CandleColumns> {
  const { dayDigest: _, ...columns } = await openCandleSource(store, symbol).candles(fromMs, toMs);
  return columns;
}

/**
 * One symbol's stored 1m candles, for a run that first needs the stored range and then a window.
 * The store fingerprint runs on a second connection from the first call that needs it (range,
 * candles, a speculative window once its funding is read), so it runs while the caller computes;
 * `range()` comes from that fingerprint. Small reads go first: on DuckDB's shared thread pool they
 * would otherwise wait behind the fingerprint's scan.
 */
export interface CandleSource {
  /** The store's fingerprint of the symbol's candles (count, first and last minute, row hash). */
  fingerprint(): Promise<CandleFingerprint>;
  range(): Promise<{ firstMs: number; lastMs: number } | undefined>;
  candles(fromMs: number, toMs: number): Promise<CandleColumns & Pick<CandleWindow, 'dayDigest'>>;
  window(fromMs: number, toMs: number): Promise<CandleWindow>;
  /**
   * The window from the column cache before the store's fingerprint is known, so the caller can
   * compute while the fingerprint query runs. `confirm()` resolves to undefined when the cache
   * was current, else to the window read from the store; nothing computed from an unconfirmed
   * window may be kept or written. Without a cache file it is simply `window()`, confirmed.
   */
  speculativeWindow(fromMs: number, toMs: number): Promise<{ window: CandleWindow; confirm(): Promise<CandleWindow | undefined> }>;
  /** Every stored funding settlement of the symbol, ascending (read once; windows are slices of it). */
  allFunding(): Promise<FundingColumns>;
}

export function openCandleSource(store: Store, symbol: string): CandleSource {
  const path = cachePath(store.db.path, symbol);
  let started: Promise<CandleFingerprint> | undefined;
  const fp = () => {
    if (!started) {
      started = fingerprint(store, symbol);
      // A rejection is handled by whichever call awaits it; keep it from being reported as unhandled.
      started.catch(() => {});
    }
    return started;
  };
  const candles = async (fromMs: number, toMs: number) => {
    const f = await fp();
    if (path === undefined || f.rows === 0) return readCandles(store, symbol, fromMs, toMs);
    const cached = readCached(path, symbol, f, fromMs, toMs);
    if (cached) return cached;
    const all = await readCandles(store, symbol, f.firstMs, f.lastMs + 1);
    writeCache(path, symbol, f, all);
    return sliceCandlesByTime(all, fromMs, toMs);
  };
  let funding: Promise<FundingColumns> | undefined;
  const allFunding = () => {
    funding ??= loadFunding(store, symbol, 0, 2 ** 53);
    return funding;
  };
  const window = async (fromMs: number, toMs: number): Promise<CandleWindow> => {
    const c = await candles(fromMs, toMs);
    return { ...c, funding: sliceFunding(await allFunding(), fromMs, toMs) };
  };
  return {
    allFunding,
    fingerprint: fp,
    async range() {
      const f = await fp();
      return f.rows === 0 ? undefined : { firstMs: f.firstMs, lastMs: f.lastMs };
    },
    candles,
    window,
    async speculativeWindow(fromMs, toMs) {
      const file = path === undefined ? undefined : openCacheFile(path, symbol);
      if (!file) return { window: await window(fromMs, toMs), confirm: async () => undefined };
      const funding = sliceFunding(await allFunding(), fromMs, toMs);
      const confirmed = fp();
      // Bun starts a native async call's work from its event loop: yield once so the scan is
      // running on DuckDB's threads before the caller computes synchronously.
      await new Promise((resolve) => setImmediate(resolve));
      return {
        window: { ...file.slice(fromMs, toMs), funding },
        confirm: async () => (sameFingerprint(await confirmed, file.fingerprint) ? undefined : window(fromMs, toMs)),
      };
    },
  };
}

/** The settlements of ascending funding columns with time in [fromMs, toMs) (views, no copy). */
export function sliceFunding(f: FundingColumns, fromMs: number, toMs: number): FundingColumns {
  const lo = lowerBound(f.tsMs, fromMs);
  const hi = lowerBound(f.tsMs, toMs);
  return { tsMs: f.tsMs.subarray(lo, hi), rate: f.rate.subarray(lo, hi) };
}

/** Funding settlements in [fromMs, toMs): a few thousand rows at most, so one sorted query. */
export async function loadFunding(store: Store, symbol: string, fromMs: number, toMs: number): Promise<FundingColumns> {
  const rows = await store.db.rows<{ ts: number; rate: number }>(
    `SELECT CAST(ts_ms AS DOUBLE) AS ts, rate FROM funding WHERE ${RANGE.replace(/\bts\b/g, 'ts_ms')} ORDER BY ts_ms`,
    [symbol, fromMs, toMs],
  );
  return { tsMs: Float64Array.from(rows, (r) => r.ts), rate: Float64Array.from(rows, (r) => r.rate) };
}

export async function loadWindow(store: Store, symbol: string, fromMs: number, toMs: number): Promise<CandleWindow> {
  return openCandleSource(store, symbol).window(fromMs, toMs);
}
