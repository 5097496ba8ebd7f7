// 1m candles folded into a higher timeframe by the core (core-rs/src/resample.rs): the same
// buckets, bit for bit, as the reference resampler (src/data/resample.ts), which a fresh process
// runs as a cold JavaScript loop (about 25 ms for a year of minutes at 15m; the core about 10-13 ms
// in a fresh process, 5 of them copying the minutes into core memory). The input goes through one set of core buffers in chunks of `chunkRows` rows,
// each starting on a bucket boundary. Input the core refuses (a row off the minute or out of
// order) gives undefined: the caller's reference resampler then reports it in its own words.
import { bucketAnchorMs, bucketStartMs, type CandleColumns, MINUTE_MS } from '../domain';
import { CoreError } from '../errors';
import { CORE_ERROR_CODES } from './error-codes.gen';
import { lastCoreError } from './errors';
import { core, F64Buffer, f64View } from './memory';

export interface CoreResampled extends CandleColumns {
  /** 1 when every minute of the bucket was present, else 0. */
  complete: Uint8Array;
  /** Number of 1m bars in the bucket. */
  minutes: Int32Array;
}

/** Rows per chunk copied into core memory (7 columns: 3.7 MB at the default). */
export const RESAMPLE_CHUNK_ROWS = 65_536;

/** `cols1m` (1m, ascending) in buckets of `tfMinutes` > 1; undefined when a row is off the minute or out of order. */
export function coreResample(cols1m: CandleColumns, tfMinutes: number, chunkRows = RESAMPLE_CHUNK_ROWS): CoreResampled | undefined {
  if (!Number.isInteger(tfMinutes) || tfMinutes < 2)
    throw new CoreError('CORE', `coreResample: tfMinutes ${tfMinutes}, expected an integer ≥ 2`);
  if (!Number.isInteger(chunkRows) || chunkRows < 1)
    throw new CoreError('CORE', `coreResample: chunkRows ${chunkRows}, expected an integer ≥ 1`);
  const ts = cols1m.tsMs;
  const n = ts.length;
  const tfMs = tfMinutes * MINUTE_MS;
  const anchor = bucketAnchorMs(tfMinutes);
  // As the reference: buckets never outnumber rows nor the bucket slots the time span covers.
  const first = n > 0 ? bucketStartMs(ts[0]!, tfMinutes) : 0;
  const capacity = n > 0 ? Math.min(n, Math.floor((ts[n - 1]! - first) / tfMs) + 1) : 0;
  if (!(capacity >= 0)) return undefined; // a NaN time: the reference names it
  const inputs = [cols1m.tsMs, cols1m.open, cols1m.high, cols1m.low, cols1m.close, cols1m.volume, cols1m.turnover];
  // A bucket of valid input holds at most tfMinutes rows: a chunk longer than that always ends
  // after at least one whole bucket.
  const chunk = Math.min(Math.max(chunkRows, tfMinutes + 1), Math.max(1, n));
  const ins = inputs.map(() => new F64Buffer(chunk));
  const outs = Array.from({ length: 8 }, () => new F64Buffer(Math.max(1, capacity)));
  const grid = new F64Buffer(4);
  const c = core();
  const ptrs = c.core_alloc(4 * 15);
  try {
    const u32 = new Uint32Array(c.memory.buffer, ptrs, 15);
    ins.forEach((b, k) => {
      u32[k] = b.ptr;
    });
    outs.forEach((b, k) => {
      u32[7 + k] = b.ptr;
    });
    const closeOfLast = n > 0 ? ts[n - 1]! + MINUTE_MS : 0;
    let k = 0;
    let prev = Number.NEGATIVE_INFINITY;
    for (let s = 0; s < n; ) {
      let e = Math.min(n, s + chunk);
      if (e < n) {
        // Back to the first row of row e's bucket, so no bucket is split between chunks. Reaching
        // s means more than tfMinutes rows in one bucket: input the reference refuses.
        const b = bucketStartMs(ts[e]!, tfMinutes);
        while (e > s && ts[e - 1]! >= b) e--;
        if (e === s) return undefined;
      }
      const rows = e - s;
      for (let col = 0; col < 7; col++) f64View(ins[col]!.ptr, rows).set(inputs[col]!.subarray(s, e));
      const g = grid.view();
      g[0] = tfMs;
      g[1] = anchor;
      g[2] = closeOfLast;
      g[3] = prev;
      const got = c.resample_1m(rows, ptrs, ptrs + 28, capacity, k, grid.ptr);
      if (got < 0) {
        if (c.last_error_code() === CORE_ERROR_CODES.BAD_ROW) return undefined;
        throw lastCoreError('core resample');
      }
      k += got;
      prev = ts[e - 1]!;
      s = e;
    }
    const col = (i: number) => f64View(outs[i]!.ptr, k).slice();
    const minutesF = f64View(outs[7]!.ptr, k);
    const minutes = Int32Array.from(minutesF);
    const complete = new Uint8Array(k);
    for (let j = 0; j < k; j++) complete[j] = minutes[j] === tfMinutes ? 1 : 0;
    return { tsMs: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5), turnover: col(6), complete, minutes };
  } finally {
    c.core_free(ptrs, 4 * 15);
    grid.free();
    for (const b of ins) b.free();
    for (const b of outs) b.free();
  }
}
