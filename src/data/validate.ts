// Market rules every stored row obeys, checked before anything is written (import and sync alike):
// candles: time on the candle grid, prices finite and > 0, high >= max(open, close), low <=
// min(open, close), volume >= 0, turnover >= 0 or missing. Funding: time on the instrument's funding
// grid, rate finite. Rows are then put in time order; exact repeats are dropped, differing repeats
// are rejected. Every problem names its source line.
import type { CandleColumns } from '../domain';
import { isoMs } from '../domain';
import { type Issue, pushIssue } from './formats/parsed';
import { bucketAnchorMs } from './resample';
import { formatOffset } from './timestamps';

export function validateCandles(c: CandleColumns, lines: Int32Array, tfMin: number): Issue[] {
  const issues: Issue[] = [];
  const tfMs = tfMin * 60_000;
  const anchor = bucketAnchorMs(tfMin);
  const n = c.tsMs.length;
  for (let i = 0; i < n; i++) {
    const ts = c.tsMs[i] as number;
    const o = c.open[i] as number;
    const h = c.high[i] as number;
    const l = c.low[i] as number;
    const cl = c.close[i] as number;
    const v = c.volume[i] as number;
    const t = c.turnover[i] as number;
    const line = lines[i] as number;
    if (Number.isNaN(ts)) continue; // already reported by the reader
    if ((ts - anchor) % tfMs !== 0) pushIssue(issues, { line, reason: `time ${isoMs(ts)} is not on the ${tfMin}-minute grid` });
    if (!(o > 0 && h > 0 && l > 0 && cl > 0) || !Number.isFinite(o + h + l + cl)) {
      pushIssue(issues, { line, reason: `prices must be finite and > 0 (open ${o}, high ${h}, low ${l}, close ${cl})` });
      continue;
    }
    if (h < o || h < cl) pushIssue(issues, { line, reason: `high ${h} is below max(open ${o}, close ${cl})` });
    if (l > o || l > cl) pushIssue(issues, { line, reason: `low ${l} is above min(open ${o}, close ${cl})` });
    if (!(v >= 0) || !Number.isFinite(v)) pushIssue(issues, { line, reason: `volume ${v} must be finite and >= 0` });
    if (!Number.isNaN(t) && (!(t >= 0) || !Number.isFinite(t)))
      pushIssue(issues, { line, reason: `turnover ${t} must be finite and >= 0` });
  }
  return issues;
}

/** Row order that sorts by time: identity when already ascending, reversed when descending (Bybit REST). */
export function timeOrder(tsMs: Float64Array): Int32Array {
  const n = tsMs.length;
  const idx = new Int32Array(n);
  let asc = true;
  let desc = true;
  for (let i = 1; i < n; i++) {
    const d = (tsMs[i] as number) - (tsMs[i - 1] as number);
    if (d < 0) asc = false;
    if (d > 0) desc = false;
  }
  for (let i = 0; i < n; i++) idx[i] = asc || !desc ? i : n - 1 - i;
  if (!asc && !desc) idx.sort((a, b) => (tsMs[a] as number) - (tsMs[b] as number) || a - b);
  return idx;
}

function strictlyAscending(tsMs: Float64Array): boolean {
  for (let i = 1; i < tsMs.length; i++) if (!((tsMs[i - 1] as number) < (tsMs[i] as number))) return false;
  return true;
}

function sameCandle(c: CandleColumns, a: number, b: number): boolean {
  const ta = c.turnover[a] as number;
  const tb = c.turnover[b] as number;
  return (
    c.open[a] === c.open[b] &&
    c.high[a] === c.high[b] &&
    c.low[a] === c.low[b] &&
    c.close[a] === c.close[b] &&
    c.volume[a] === c.volume[b] &&
    (ta === tb || Number.isNaN(ta) || Number.isNaN(tb))
  );
}

export interface Ordered<T> {
  cols: T;
  lines: Int32Array;
  /** Exact repeats of an earlier row, dropped. */
  duplicates: number;
  issues: Issue[];
}

/** Candles in ascending time with exact repeats removed; a repeat with other values is an issue. */
export function orderCandles(c: CandleColumns, lines: Int32Array): Ordered<CandleColumns> {
  if (strictlyAscending(c.tsMs)) return { cols: c, lines, duplicates: 0, issues: [] }; // the usual file: no copy
  const idx = timeOrder(c.tsMs);
  const keep: number[] = [];
  const issues: Issue[] = [];
  let duplicates = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k] as number;
    const prev = keep.length > 0 ? (keep[keep.length - 1] as number) : -1;
    if (prev >= 0 && c.tsMs[prev] === c.tsMs[i]) {
      if (sameCandle(c, prev, i)) duplicates++;
      else
        pushIssue(issues, {
          line: lines[i] as number,
          reason: `time ${isoMs(c.tsMs[i] as number)} repeats line ${lines[prev]} with different values`,
        });
      continue;
    }
    keep.push(i);
  }
  const out = gather(c, keep);
  const outLines = Int32Array.from(keep, (i) => lines[i] as number);
  return { cols: out, lines: outLines, duplicates, issues };
}

function gather(c: CandleColumns, keep: readonly number[]): CandleColumns {
  const pick = (a: Float64Array) => {
    const r = new Float64Array(keep.length);
    for (let k = 0; k < keep.length; k++) r[k] = a[keep[k] as number] as number;
    return r;
  };
  return {
    tsMs: pick(c.tsMs),
    open: pick(c.open),
    high: pick(c.high),
    low: pick(c.low),
    close: pick(c.close),
    volume: pick(c.volume),
    turnover: pick(c.turnover),
  };
}

export interface FundingRows {
  tsMs: Float64Array;
  rate: Float64Array;
}

/** Largest |funding rate| accepted: 5% per settlement. */
export const MAX_FUNDING_RATE = 0.05;

/**
 * Funding rows must settle on the funding grid (multiples of the interval from 00:00 UTC). When every
 * row is off the grid by one constant amount the file is in another time zone: one issue suggests --tz.
 */
export function validateFunding(f: FundingRows, lines: Int32Array, intervalMin: number, tzGiven: boolean): Issue[] {
  const issues: Issue[] = [];
  const gridMs = intervalMin * 60_000;
  const n = f.tsMs.length;
  for (let i = 0; i < n; i++) {
    const r = f.rate[i] as number;
    if (!Number.isFinite(r) || Math.abs(r) > MAX_FUNDING_RATE)
      pushIssue(issues, {
        line: lines[i] as number,
        reason: `funding rate ${r} must be a decimal fraction within ±${MAX_FUNDING_RATE} (±5% per settlement; Bybit caps far below)`,
      });
  }
  const grid = gridLabel(intervalMin);
  const shiftMin = gridShiftMin(f.tsMs, intervalMin);
  if (shiftMin !== undefined && shiftMin !== 0) {
    const tz = formatOffset(shiftMin);
    pushIssue(issues, {
      line: 0,
      reason:
        `every funding time is ${tz} off the ${grid} UTC settlement grid (first: ${isoMs(f.tsMs[0] as number)}, line ${lines[0]}); ` +
        `the file is likely in local time UTC${tz}: ${tzGiven ? 'adjust' : 'pass'} --tz ${tz}`,
    });
    return issues;
  }
  for (let i = 0; i < n; i++) {
    const ts = f.tsMs[i] as number;
    if (!Number.isNaN(ts) && ts % gridMs !== 0)
      pushIssue(issues, { line: lines[i] as number, reason: `funding time ${isoMs(ts)} is not on the ${grid} UTC grid` });
  }
  return issues;
}

/**
 * When every time sits the same distance from the funding grid, that distance in minutes (0 = on the
 * grid), taken in (-interval/2, interval/2]: the UTC offset of a file written in local time. Undefined
 * when the rows do not share one offset (or there are none).
 */
export function gridShiftMin(tsMs: Float64Array, intervalMin: number): number | undefined {
  const gridMs = intervalMin * 60_000;
  let off: number | undefined;
  for (let i = 0; i < tsMs.length; i++) {
    const ts = tsMs[i] as number;
    if (Number.isNaN(ts)) return undefined;
    const o = ((ts % gridMs) + gridMs) % gridMs;
    if (off === undefined) off = o;
    else if (o !== off) return undefined;
  }
  if (off === undefined) return undefined;
  return (off <= gridMs / 2 ? off : off - gridMs) / 60_000;
}

/** "00/08/16" for 8 h; "every 60 min" otherwise when the interval does not divide a day into hours. */
export function gridLabel(intervalMin: number): string {
  if (intervalMin % 60 !== 0 || 1440 % intervalMin !== 0) return `${intervalMin}-minute`;
  const hours: string[] = [];
  for (let h = 0; h < 24; h += intervalMin / 60) hours.push(String(h).padStart(2, '0'));
  return `${hours.join('/')}:00`;
}

/** Funding rows in ascending time; exact repeats dropped, a repeat with another rate is an issue. */
export function orderFunding(f: FundingRows, lines: Int32Array): Ordered<FundingRows> {
  const idx = timeOrder(f.tsMs);
  const keep: number[] = [];
  const issues: Issue[] = [];
  let duplicates = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k] as number;
    const prev = keep.length > 0 ? (keep[keep.length - 1] as number) : -1;
    if (prev >= 0 && f.tsMs[prev] === f.tsMs[i]) {
      if (f.rate[prev] === f.rate[i]) duplicates++;
      else
        pushIssue(issues, {
          line: lines[i] as number,
          reason: `funding time ${isoMs(f.tsMs[i] as number)} repeats line ${lines[prev]} with rate ${f.rate[i]} vs ${f.rate[prev]}`,
        });
      continue;
    }
    keep.push(i);
  }
  return {
    cols: { tsMs: Float64Array.from(keep, (i) => f.tsMs[i] as number), rate: Float64Array.from(keep, (i) => f.rate[i] as number) },
    lines: Int32Array.from(keep, (i) => lines[i] as number),
    duplicates,
    issues,
  };
}

/** Earliest market-data time accepted: 2015-01-01 (before any crypto perpetual). */
export const EARLIEST_MS = Date.UTC(2015, 0, 1);

/** Rows timed before EARLIEST_MS or after `nowMs` plus a day (a wrong unit or offset, or a future date). */
export function timeRangeIssues(tsMs: Float64Array, lines: Int32Array, nowMs: number): Issue[] {
  const issues: Issue[] = [];
  const latestMs = nowMs + 86_400_000;
  for (let i = 0; i < tsMs.length; i++) {
    const t = tsMs[i] as number;
    if (Number.isNaN(t) || (t >= EARLIEST_MS && t <= latestMs)) continue;
    const when = Number.isFinite(t) && Math.abs(t) < 8.64e15 ? isoMs(t) : String(t);
    pushIssue(issues, {
      line: lines[i] as number,
      reason: `time ${when} is ${t < EARLIEST_MS ? 'before 2015-01-01' : 'after the present day'} (expected market data from 2015 on, up to now)`,
    });
  }
  return issues;
}
