// Runs a checked Play on an in-memory window (no store, no artifacts): the window bounds the
// backtest runner would choose, sliced columns, the simulation with every decision recorded.
// Shared by `trade play test` and the audits, so all of them run the one backtest engine.
import { type Simulation, simulate } from '../backtest';
import type { CandleWindow } from '../data';
import { type CandleColumns, type FundingColumns, type Instrument, isoMs, MINUTE_MS, TIMEFRAME_MINUTES, type Timeframe } from '../domain';
import { type CheckedPlay, type ColumnNeed, playRequirements } from '../dsl';
import { type Decision, DecisionLog } from '../engine';
import { TradeError } from '../errors';

export interface WindowRunInput {
  checked: CheckedPlay;
  symbol: string;
  instrument: Instrument;
  /** Every candle and funding settlement available (ascending). */
  candles: CandleColumns;
  funding: FundingColumns;
  /** First tradable minute; default: the first largest-timeframe boundary after the warm-up. */
  fromMs?: number;
  /** End of the window (exclusive); default: after the last candle. */
  toMs?: number;
  /** Extra 1m bars of warm-up for every feature (the warm-up audit). */
  extraWarmup1m?: number;
  columnView?: (need: ColumnNeed, column: Float64Array) => Float64Array;
}

export interface WindowRun {
  sim: Simulation;
  decisions: Decision[];
  fromMs: number;
  toMs: number;
  warmStartMs: number;
  execTfMs: number;
}

/** Index of the first element ≥ x in ascending `a`. */
export function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Views of the candles opening in [fromMs, toMs) and the funding settled in it. */
export function sliceWindow(c: CandleColumns, f: FundingColumns, fromMs: number, toMs: number): CandleWindow {
  const lo = lowerBound(c.tsMs, fromMs);
  const hi = lowerBound(c.tsMs, toMs);
  const flo = lowerBound(f.tsMs, fromMs);
  const fhi = lowerBound(f.tsMs, toMs);
  return {
    tsMs: c.tsMs.subarray(lo, hi),
    open: c.open.subarray(lo, hi),
    high: c.high.subarray(lo, hi),
    low: c.low.subarray(lo, hi),
    close: c.close.subarray(lo, hi),
    volume: c.volume.subarray(lo, hi),
    turnover: c.turnover.subarray(lo, hi),
    funding: { tsMs: f.tsMs.subarray(flo, fhi), rate: f.rate.subarray(flo, fhi) },
  };
}

/** The largest timeframe of the Play, ms (window bounds are rounded to it). */
export function largestTfMs(checked: CheckedPlay): number {
  return Math.max(...Object.values(checked.play.timeframes).map((tf) => TIMEFRAME_MINUTES[tf as Timeframe] * MINUTE_MS));
}

export function execTfMs(checked: CheckedPlay): number {
  return TIMEFRAME_MINUTES[checked.play.timeframes.exec as Timeframe] * MINUTE_MS;
}

/** The default first tradable minute: as `trade backtest` picks it without --from. */
export function defaultFromMs(checked: CheckedPlay, firstMs: number): number {
  const tfMs = largestTfMs(checked);
  const ceilTf = (ms: number) => Math.ceil(ms / tfMs) * tfMs;
  return ceilTf(ceilTf(firstMs) + playRequirements(checked).warmup1m * MINUTE_MS);
}

export function runOnWindow(input: WindowRunInput): WindowRun {
  const { checked, candles } = input;
  const tfMs = largestTfMs(checked);
  const fromMs = input.fromMs ?? defaultFromMs(checked, candles.tsMs[0] ?? 0);
  const toMs = input.toMs ?? (candles.tsMs[candles.tsMs.length - 1] ?? 0) + MINUTE_MS;
  const warmup1m = playRequirements(checked).warmup1m + (input.extraWarmup1m ?? 0);
  if (!(toMs > fromMs))
    throw new TradeError(
      'GATE_FAILED',
      `${checked.file}: the data ${isoMs(candles.tsMs[0] ?? 0)} .. ${isoMs(toMs)} leaves no window after the Play's warm-up of ${warmup1m} 1m bars (the window would start at ${isoMs(fromMs)}); use more data (a longer scenario, import more) or a later --to`,
    );
  const warmStartMs = Math.floor((fromMs - warmup1m * MINUTE_MS) / tfMs) * tfMs;
  const window = sliceWindow(candles, input.funding, warmStartMs, toMs);
  const log = new DecisionLog();
  const sim = simulate({
    play: checked.play,
    checked,
    symbol: input.symbol,
    instrument: input.instrument,
    window,
    fromMs,
    toMs,
    warmStartMs,
    opts: {
      intrabar: 'path',
      noFunding: false,
      decisions: log,
      extraWarmup1m: input.extraWarmup1m,
      columnView: input.columnView,
    },
  });
  return { sim, decisions: log.decisions, fromMs, toMs, warmStartMs, execTfMs: execTfMs(checked) };
}
