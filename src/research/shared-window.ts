// The candle and funding columns of a sweep, copied once into SharedArrayBuffers so every worker
// reads the same memory (no copy per worker), and the per-run window: views from the run's warm
// start to its end, exactly the rows `trade backtest` reads for the same Play and window.
import type { CandleWindow } from '../data';
import { CANDLE_FIELDS, type CandleColumns, type FundingColumns } from '../domain';

/** What a worker receives once: the shared buffers (structured clone shares them, never copies). */
export interface SharedColumns {
  candles: Record<(typeof CANDLE_FIELDS)[number], SharedArrayBuffer>;
  funding: { tsMs: SharedArrayBuffer; rate: SharedArrayBuffer };
}

function share(col: Float64Array): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(col.byteLength);
  new Float64Array(sab).set(col);
  return sab;
}

export function shareWindow(window: CandleWindow): SharedColumns {
  const candles = Object.fromEntries(CANDLE_FIELDS.map((f) => [f, share(window[f])])) as SharedColumns['candles'];
  return { candles, funding: { tsMs: share(window.funding.tsMs), rate: share(window.funding.rate) } };
}

export function sharedColumns(s: SharedColumns): { candles: CandleColumns; funding: FundingColumns } {
  const candles = Object.fromEntries(CANDLE_FIELDS.map((f) => [f, new Float64Array(s.candles[f])])) as unknown as CandleColumns;
  return { candles, funding: { tsMs: new Float64Array(s.funding.tsMs), rate: new Float64Array(s.funding.rate) } };
}

function lowerBound(ts: Float64Array, x: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The rows in [fromMs, toMs) of candles and funding, as views (no copy). */
export function windowView(candles: CandleColumns, funding: FundingColumns, fromMs: number, toMs: number): CandleWindow {
  const lo = lowerBound(candles.tsMs, fromMs);
  const hi = lowerBound(candles.tsMs, toMs);
  const view = Object.fromEntries(CANDLE_FIELDS.map((f) => [f, candles[f].subarray(lo, hi)])) as unknown as CandleColumns;
  const flo = lowerBound(funding.tsMs, fromMs);
  const fhi = lowerBound(funding.tsMs, toMs);
  return { ...view, funding: { tsMs: funding.tsMs.subarray(flo, fhi), rate: funding.rate.subarray(flo, fhi) } };
}
