// The candle part of a backtest's input_hash, defined so that a column cache can precompute it:
// the rows of the window are grouped by UTC day; each day's digest is SHA-256 over the ts, open,
// high, low, close and volume columns of that day's rows (little-endian f64 bytes, one column
// after the other); the window hash is SHA-256 over "<dayStartMs>:<rows>;" + digest for each day
// in time order. Whole days inside the window may take their digest from a cache (computed by
// this same function), so a run only hashes its partial edge days.
import type { CandleColumns } from './candles';
import { DAY_MS } from './time';

type HashedColumns = Pick<CandleColumns, 'tsMs' | 'open' | 'high' | 'low' | 'close' | 'volume'>;

const bytes = (c: Float64Array, lo: number, hi: number) => new Uint8Array(c.buffer, c.byteOffset + lo * 8, (hi - lo) * 8);

/** SHA-256 of rows [lo, hi) (32 bytes). */
export function candleDigest(cols: HashedColumns, lo: number, hi: number): Uint8Array {
  const h = new Bun.CryptoHasher('sha256');
  for (const c of [cols.tsMs, cols.open, cols.high, cols.low, cols.close, cols.volume]) h.update(bytes(c, lo, hi));
  return new Uint8Array(h.digest());
}

/** Calls `fn(dayStartMs, lo, hi)` for each UTC day's run of rows in an ascending ts column. */
export function forEachDay(tsMs: Float64Array, fn: (dayStartMs: number, lo: number, hi: number) => void): void {
  let i = 0;
  while (i < tsMs.length) {
    const day = Math.floor(tsMs[i]! / DAY_MS) * DAY_MS;
    const next = day + DAY_MS;
    let j = i + 1;
    while (j < tsMs.length && tsMs[j]! < next) j++;
    fn(day, i, j);
    i = j;
  }
}

/**
 * Hash of the window's candles (`cols` holds exactly the rows of [fromMs, toMs)). `cachedDay`
 * may supply the digest of a whole day that lies inside the window.
 */
export function candleWindowHash(
  cols: HashedColumns,
  fromMs: number,
  toMs: number,
  cachedDay?: (dayStartMs: number) => Uint8Array | undefined,
): string {
  const h = new Bun.CryptoHasher('sha256');
  forEachDay(cols.tsMs, (day, lo, hi) => {
    const whole = day >= fromMs && day + DAY_MS <= toMs;
    const digest = (whole ? cachedDay?.(day) : undefined) ?? candleDigest(cols, lo, hi);
    h.update(`${day}:${hi - lo};`);
    h.update(digest);
  });
  return h.digest('hex');
}
