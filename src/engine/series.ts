// Closed bars of one timeframe as columns, plus the cursor the rules read through: the index of
// the last bar of this TF that has closed at the current evaluation time (-1 before the first).
// Higher-TF values are therefore those of the last closed HTF bar: no look-ahead by construction.

export interface TfSeries {
  name: string;
  tfMs: number;
  tsOpenMs: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** Bars available in the columns (live appends grow it). */
  length: number;
  /** Index of the last closed bar at the current time; -1 before the first. */
  cursor: number;
}

/**
 * Moves the cursor to the last bar whose close (open + tfMs) is ≤ `closeMs`. Returns true when
 * it moved (a bar of this TF closed). Amortised O(1) per call over a run.
 */
export function advanceCursor(s: TfSeries, closeMs: number): boolean {
  const c = cursorAt(s, s.cursor, closeMs);
  if (c === s.cursor) return false;
  s.cursor = c;
  return true;
}

/** From `cursor` on, the index of the last bar of `s` whose close is ≤ `closeMs` (the cursor itself when none closes). */
export function cursorAt(s: TfSeries, cursor: number, closeMs: number): number {
  let c = cursor;
  while (c + 1 < s.length && s.tsOpenMs[c + 1]! + s.tfMs <= closeMs) c++;
  return c;
}

/**
 * True when the only timeframe is 1m and its bars are the window's own (BatchFeatures hands the
 * window over as the 1m series) with the cursor on the bar before `from`: then bar k closes exec
 * bar k and nothing else.
 */
export function minuteExec(series: readonly TfSeries[], bars: { tsMs: Float64Array }, from: number): boolean {
  const exec = series[0];
  return series.length === 1 && exec !== undefined && exec.tfMs === 60_000 && exec.tsOpenMs === bars.tsMs && exec.cursor === from - 1;
}
