// Runs a checked Play on an in-memory window (no store, no artifacts): the window bounds the
// backtest runner would choose, sliced columns, the simulation with every decision recorded.
// Shared by `trade play test` and the audits, so all of them run the one backtest engine.
import { type Simulation, simulate } from '../backtest';
import {
  type CandleColumns,
  type FundingColumns,
  type Instrument,
  isoMs,
  MINUTE_MS,
  sliceCandlesAndFunding,
  TIMEFRAME_MINUTES,
  type Timeframe,
} from '../domain';
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
  const window = sliceCandlesAndFunding(candles, input.funding, warmStartMs, toMs);
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
