// Columnar candle and funding types: one Float64Array per field, never an object per row.
// Invariants: every column of one set has the same length; tsMs is ascending, unique, integer ms UTC
// (candle open time); a missing turnover is NaN.

export interface CandleColumns {
  tsMs: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** Quote (USDT) turnover; NaN where the source had none. */
  turnover: Float64Array;
}

export interface FundingColumns {
  /** Settlement time, ms UTC. */
  tsMs: Float64Array;
  /** Decimal fraction per funding interval (0.0001 = 0.01%); > 0 means longs pay shorts. */
  rate: Float64Array;
}

export const CANDLE_FIELDS = ['tsMs', 'open', 'high', 'low', 'close', 'volume', 'turnover'] as const;

/** First index with a value ≥ x in an ascending column. */
export function lowerBound(ts: Float64Array, x: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Views of the candles opening in [fromMs, toMs) (no copy). */
export function sliceCandlesByTime(c: CandleColumns, fromMs: number, toMs: number): CandleColumns {
  return sliceCandles(c, lowerBound(c.tsMs, fromMs), lowerBound(c.tsMs, toMs));
}

/** Views of the candles opening in [fromMs, toMs) and of the funding settled in it (no copy). */
export function sliceCandlesAndFunding(
  c: CandleColumns,
  f: FundingColumns,
  fromMs: number,
  toMs: number,
): CandleColumns & { funding: FundingColumns } {
  const lo = lowerBound(f.tsMs, fromMs);
  const hi = lowerBound(f.tsMs, toMs);
  return { ...sliceCandlesByTime(c, fromMs, toMs), funding: { tsMs: f.tsMs.subarray(lo, hi), rate: f.rate.subarray(lo, hi) } };
}

export function allocCandles(length: number): CandleColumns {
  return {
    tsMs: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
    turnover: new Float64Array(length),
  };
}

/** New columns with room for `length` rows, holding a copy of the first rows of `c` that fit. */
export function grownCandles(c: CandleColumns, length: number): CandleColumns {
  const g = allocCandles(length);
  for (const f of CANDLE_FIELDS) g[f].set(c[f].subarray(0, Math.min(length, c[f].length)));
  return g;
}

/** A view of rows [start, end) sharing memory with `c`. */
export function sliceCandles(c: CandleColumns, start: number, end: number): CandleColumns {
  return {
    tsMs: c.tsMs.subarray(start, end),
    open: c.open.subarray(start, end),
    high: c.high.subarray(start, end),
    low: c.low.subarray(start, end),
    close: c.close.subarray(start, end),
    volume: c.volume.subarray(start, end),
    turnover: c.turnover.subarray(start, end),
  };
}

/**
 * One closed candle as a row (the live feed, the engine's per-bar path). `tsMs` is the open time
 * (UTC ms). The one row shape of the project: columns are `CandleColumns` (or `Bars1m`, its OHLCV
 * part, which CandleColumns satisfies).
 */
export interface Bar1m {
  tsMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** OHLCV columns of consecutive closed 1m candles (a CandleColumns without turnover). */
export type Bars1m = Omit<CandleColumns, 'turnover'>;

/** Bar `k` of `bars` written into `out` (a scratch bar reused per minute: no allocation). */
export function readBar(bars: Bars1m, k: number, out: Bar1m): Bar1m {
  out.tsMs = bars.tsMs[k]!;
  out.open = bars.open[k]!;
  out.high = bars.high[k]!;
  out.low = bars.low[k]!;
  out.close = bars.close[k]!;
  out.volume = bars.volume[k]!;
  return out;
}
