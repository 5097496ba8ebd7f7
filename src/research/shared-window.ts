// The candle and funding columns of a sweep, copied once into SharedArrayBuffers so every worker
// reads the same memory (no copy per worker). Each run reads views of them from its warm start to
// its end (domain sliceCandlesAndFunding), exactly the rows `trade backtest` reads.
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
