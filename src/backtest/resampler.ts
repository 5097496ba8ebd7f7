// The resampler of backtests and sweeps: the core's (src/core/resample.ts) for every timeframe
// above 1m, the same buckets bit for bit as the reference (src/data/resample.ts) and without its
// cold loop in a fresh process; the reference for 1m (views, no copy), for anything that is not
// an integer number of minutes, and for input the core refuses (the reference names the row).
import { coreResample } from '../core';
import { type ResampledColumns, resample } from '../data/resample';
import type { CandleColumns } from '../domain';

export function fastResample(cols1m: CandleColumns, tfMinutes: number): ResampledColumns {
  if (!Number.isInteger(tfMinutes) || tfMinutes < 2) return resample(cols1m, tfMinutes);
  return coreResample(cols1m, tfMinutes) ?? resample(cols1m, tfMinutes);
}
