// How many points the page carries. A chart holds at most MAX_CHART_BARS candles: the exec
// timeframe when the window has that few exec bars (a year of 15m is 35,136), otherwise the
// smallest standard timeframe that is a multiple of the exec one and fits (a year of 1m is drawn
// as 15m). Candles are then resampled from 1m by the store, so each drawn candle is exact OHLC.
// The equity curve (one point per exec bar) is bucketed to the same timeframe: the last equity of
// each bucket, and the deepest drawdown in it, so the max drawdown stays visible.

export const MAX_CHART_BARS = 40_000;

const STANDARD_TF_MINUTES = [1, 3, 5, 15, 30, 60, 120, 240, 360, 720, 1440, 10080] as const;
const MINUTE_MS = 60_000;

/** The timeframe (minutes) the candle chart draws for a window of `windowMs` at `execTfMinutes`. */
export function chartTfMinutes(execTfMinutes: number, windowMs: number): number {
  for (const tf of STANDARD_TF_MINUTES) {
    if (tf < execTfMinutes || tf % execTfMinutes !== 0) continue;
    if (windowMs / (tf * MINUTE_MS) <= MAX_CHART_BARS) return tf;
  }
  return STANDARD_TF_MINUTES[STANDARD_TF_MINUTES.length - 1]!;
}

/** Start of the `tfMinutes` bucket holding `tsMs` (UTC, epoch-aligned below a day; weeks as days). */
export function bucketMs(tsMs: number, tfMinutes: number): number {
  const tfMs = Math.min(tfMinutes, 1440) * MINUTE_MS;
  return Math.floor(tsMs / tfMs) * tfMs;
}

export interface EquityPoints {
  tsMs: number[];
  equityUsdt: number[];
  drawdownPct: number[];
}

/** One point per bucket: its first timestamp, last equity, deepest drawdown. */
export function bucketEquity(
  e: { tsMs: ArrayLike<number>; equityUsdt: ArrayLike<number>; drawdownPct: ArrayLike<number> },
  tfMinutes: number,
): EquityPoints {
  const out: EquityPoints = { tsMs: [], equityUsdt: [], drawdownPct: [] };
  let key = Number.NaN;
  for (let i = 0; i < e.tsMs.length; i++) {
    const ts = e.tsMs[i]!;
    const k = bucketMs(ts, tfMinutes);
    if (k !== key) {
      key = k;
      out.tsMs.push(k);
      out.equityUsdt.push(e.equityUsdt[i]!);
      out.drawdownPct.push(e.drawdownPct[i]!);
    } else {
      const last = out.tsMs.length - 1;
      out.equityUsdt[last] = e.equityUsdt[i]!;
      out.drawdownPct[last] = Math.max(out.drawdownPct[last]!, e.drawdownPct[i]!);
    }
  }
  return out;
}
