// Naive reference implementations of the non-TA-Lib indicators, written from their published
// definitions (TradingView reference code for HMA, VWMA, VWAP, SuperTrend, Keltner, Donchian,
// Ichimoku; the original papers for ZLEMA, Vortex, CMF, Z-score) and shared with nothing in src/.
// Windowed sums are recomputed from scratch at every bar (O(n·length)), so no running-sum state
// can hide an error; recursive smoothers (EMA, Wilder) are the textbook recurrences.
// Every function returns Float64Arrays with NaN before the first defined bar.
import type { OhlcvColumns } from '../../src/core';

const nan = (n: number): Float64Array => new Float64Array(n).fill(Number.NaN);

/** Σ over the `length` bars ending at i of f(k). */
function windowSum(i: number, length: number, f: (k: number) => number): number {
  let s = 0;
  for (let k = i - length + 1; k <= i; k++) s += f(k);
  return s;
}

function windowMax(xs: Float64Array, i: number, length: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let k = i - length + 1; k <= i; k++) m = Math.max(m, xs[k] as number);
  return m;
}

function windowMin(xs: Float64Array, i: number, length: number): number {
  let m = Number.POSITIVE_INFINITY;
  for (let k = i - length + 1; k <= i; k++) m = Math.min(m, xs[k] as number);
  return m;
}

/** First index from which `xs` has `length` consecutive non-NaN values ending there, per bar. */
function definedRun(xs: Float64Array, i: number, length: number): boolean {
  if (i - length + 1 < 0) return false;
  for (let k = i - length + 1; k <= i; k++) if (Number.isNaN(xs[k] as number)) return false;
  return true;
}

export function sma(xs: Float64Array, length: number): Float64Array {
  const out = nan(xs.length);
  for (let i = 0; i < xs.length; i++) if (definedRun(xs, i, length)) out[i] = windowSum(i, length, (k) => xs[k] as number) / length;
  return out;
}

/** WMA: weights length..1 from the newest bar back. */
export function wma(xs: Float64Array, length: number): Float64Array {
  const out = nan(xs.length);
  const denominator = (length * (length + 1)) / 2;
  for (let i = 0; i < xs.length; i++) {
    if (definedRun(xs, i, length)) out[i] = windowSum(i, length, (k) => (length - (i - k)) * (xs[k] as number)) / denominator;
  }
  return out;
}

/** Recursive smoother seeded by the SMA of the first `length` defined values (TA-Lib / TradingView rma). */
export function seededSmoother(xs: Float64Array, length: number, alpha: number): Float64Array {
  const out = nan(xs.length);
  const start = xs.findIndex((x) => !Number.isNaN(x));
  if (start < 0) return out;
  const seedAt = start + length - 1;
  if (seedAt >= xs.length) return out;
  out[seedAt] = windowSum(seedAt, length, (k) => xs[k] as number) / length;
  for (let i = seedAt + 1; i < xs.length; i++) out[i] = (out[i - 1] as number) + alpha * ((xs[i] as number) - (out[i - 1] as number));
  return out;
}

export const ema = (xs: Float64Array, length: number): Float64Array => seededSmoother(xs, length, 2 / (length + 1));
export const rma = (xs: Float64Array, length: number): Float64Array => seededSmoother(xs, length, 1 / length);

/** True range; bar 0 has no previous close, so it is high − low (TradingView ta.tr(true)). */
export function trueRange(c: OhlcvColumns): Float64Array {
  const out = new Float64Array(c.close.length);
  for (let i = 0; i < out.length; i++) {
    const h = c.high[i] as number;
    const l = c.low[i] as number;
    if (i === 0) out[i] = h - l;
    else {
      const pc = c.close[i - 1] as number;
      out[i] = Math.max(h - l, Math.abs(h - pc), Math.abs(l - pc));
    }
  }
  return out;
}

/** HMA = WMA(2·WMA(x, ⌊n/2⌋) − WMA(x, n), ⌊√n⌋). */
export function hma(xs: Float64Array, length: number): Float64Array {
  const half = wma(xs, Math.floor(length / 2));
  const full = wma(xs, length);
  const raw = half.map((h, i) => 2 * h - (full[i] as number));
  return wma(raw, Math.floor(Math.sqrt(length)));
}

/** ZLEMA: lag = ⌊(n−1)/2⌋, EMA(n) of 2·x − x[lag], SMA-seeded on the de-lagged series. */
export function zlema(xs: Float64Array, length: number): Float64Array {
  const lag = Math.floor((length - 1) / 2);
  const delagged = xs.map((x, i) => (i >= lag ? 2 * x - (xs[i - lag] as number) : Number.NaN));
  return ema(delagged, length);
}

export function vwma(xs: Float64Array, volume: Float64Array, length: number): Float64Array {
  const out = nan(xs.length);
  for (let i = length - 1; i < xs.length; i++) {
    out[i] = windowSum(i, length, (k) => (xs[k] as number) * (volume[k] as number)) / windowSum(i, length, (k) => volume[k] as number);
  }
  return out;
}

/** VWAP of hlc3 anchored to the UTC day: cumulative sums restart at 00:00 UTC. */
export function vwapDay(c: OhlcvColumns): Float64Array {
  const out = nan(c.close.length);
  let day = Number.NaN;
  let pv = 0;
  let v = 0;
  for (let i = 0; i < out.length; i++) {
    const d = Math.floor((c.tsMs[i] as number) / 86_400_000);
    if (d !== day) {
      day = d;
      pv = 0;
      v = 0;
    }
    pv += (((c.high[i] as number) + (c.low[i] as number) + (c.close[i] as number)) / 3) * (c.volume[i] as number);
    v += c.volume[i] as number;
    out[i] = pv / v;
  }
  return out;
}

/** Keltner: middle = EMA(close, n); bands = middle ± mult·EMA(true range, n). */
export function keltner(c: OhlcvColumns, length: number, mult: number): { upper: Float64Array; middle: Float64Array; lower: Float64Array } {
  const middle = ema(c.close, length);
  const range = ema(trueRange(c), length);
  return {
    upper: middle.map((m, i) => m + mult * (range[i] as number)),
    middle,
    lower: middle.map((m, i) => m - mult * (range[i] as number)),
  };
}

export function donchian(c: OhlcvColumns, length: number): { upper: Float64Array; middle: Float64Array; lower: Float64Array } {
  const n = c.close.length;
  const upper = nan(n);
  const lower = nan(n);
  for (let i = length - 1; i < n; i++) {
    upper[i] = windowMax(c.high, i, length);
    lower[i] = windowMin(c.low, i, length);
  }
  return { upper, middle: upper.map((u, i) => (u + (lower[i] as number)) / 2), lower };
}

/** Z-score with the population standard deviation; NaN where the window has no variance. */
export function zscore(xs: Float64Array, length: number): Float64Array {
  const out = nan(xs.length);
  for (let i = length - 1; i < xs.length; i++) {
    const mean = windowSum(i, length, (k) => xs[k] as number) / length;
    const sd = Math.sqrt(windowSum(i, length, (k) => ((xs[k] as number) - mean) ** 2) / length);
    if (sd > 0) out[i] = ((xs[i] as number) - mean) / sd;
  }
  return out;
}

/** CMF: Σ money-flow volume / Σ volume; the multiplier is 0 on a bar with high = low. */
export function cmf(c: OhlcvColumns, length: number): Float64Array {
  const mfv = (k: number): number => {
    const h = c.high[k] as number;
    const l = c.low[k] as number;
    const cl = c.close[k] as number;
    return h === l ? 0 : ((cl - l - (h - cl)) / (h - l)) * (c.volume[k] as number);
  };
  const out = nan(c.close.length);
  for (let i = length - 1; i < out.length; i++) out[i] = windowSum(i, length, mfv) / windowSum(i, length, (k) => c.volume[k] as number);
  return out;
}

export function ao(c: OhlcvColumns, fast: number, slow: number): Float64Array {
  const hl2 = c.high.map((h, i) => (h + (c.low[i] as number)) / 2);
  const f = sma(hl2, fast);
  return sma(hl2, slow).map((s, i) => (f[i] as number) - s);
}

/** Vortex (Botes & Siepman): needs the previous bar, so the first value is at bar `length`. */
export function vortex(c: OhlcvColumns, length: number): { plus: Float64Array; minus: Float64Array } {
  const tr = trueRange(c);
  const n = c.close.length;
  const plus = nan(n);
  const minus = nan(n);
  for (let i = length; i < n; i++) {
    const trSum = windowSum(i, length, (k) => tr[k] as number);
    plus[i] = windowSum(i, length, (k) => Math.abs((c.high[k] as number) - (c.low[k - 1] as number))) / trSum;
    minus[i] = windowSum(i, length, (k) => Math.abs((c.low[k] as number) - (c.high[k - 1] as number))) / trSum;
  }
  return { plus, minus };
}

/** Ichimoku lines, unshifted: midpoints of the n-bar high/low range. */
export function ichimoku(
  c: OhlcvColumns,
  tenkan: number,
  kijun: number,
  senkouB: number,
): Record<'tenkan' | 'kijun' | 'span_a' | 'span_b', Float64Array> {
  const n = c.close.length;
  const mid = (length: number): Float64Array => {
    const out = nan(n);
    for (let i = length - 1; i < n; i++) out[i] = (windowMax(c.high, i, length) + windowMin(c.low, i, length)) / 2;
    return out;
  };
  const t = mid(tenkan);
  const k = mid(kijun);
  return { tenkan: t, kijun: k, span_a: t.map((x, i) => (x + (k[i] as number)) / 2), span_b: mid(senkouB) };
}

/**
 * SuperTrend, a line-by-line translation of TradingView's ta.supertrend reference (hl2 source,
 * ta.atr = rma(tr(true))). TradingView's direction is −1 up / +1 down; ours is +1 up / −1 down.
 */
export function supertrend(c: OhlcvColumns, length: number, mult: number): { value: Float64Array; direction: Float64Array } {
  const n = c.close.length;
  const atr = rma(trueRange(c), length);
  const value = nan(n);
  const direction = nan(n);
  let prevUpper = Number.NaN;
  let prevLower = Number.NaN;
  let prevSuperTrend = Number.NaN;
  for (let i = 0; i < n; i++) {
    const a = atr[i] as number;
    const src = ((c.high[i] as number) + (c.low[i] as number)) / 2;
    let upper = src + mult * a;
    let lower = src - mult * a;
    const pl = Number.isNaN(prevLower) ? 0 : prevLower;
    const pu = Number.isNaN(prevUpper) ? 0 : prevUpper;
    const prevClose = i > 0 ? (c.close[i - 1] as number) : Number.NaN;
    lower = lower > pl || prevClose < pl ? lower : pl;
    upper = upper < pu || prevClose > pu ? upper : pu;
    let tvDirection: number;
    if (i === 0 || Number.isNaN(atr[i - 1] as number)) tvDirection = 1;
    else if (prevSuperTrend === pu) tvDirection = (c.close[i] as number) > upper ? -1 : 1;
    else tvDirection = (c.close[i] as number) < lower ? 1 : -1;
    const st = tvDirection === -1 ? lower : upper;
    if (!Number.isNaN(a)) {
      value[i] = st;
      direction[i] = -tvDirection;
    }
    prevUpper = upper;
    prevLower = lower;
    prevSuperTrend = st;
  }
  return { value, direction };
}
