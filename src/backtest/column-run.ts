// The column run: a backtest of the simplest Plays with the per-order path inside the core
// (core-rs/src/sim/signal_run.rs), giving exactly what the PlayEngine over SimVenue gives (the
// same trades, equity rows, fees and funding; test/unit/backtest/column-run.test.ts). The rules are
// evaluated over whole columns first (SignalFlags); the core then runs each window of 1m bars with
// the engine's order rules: market entries sized by any plan, with a stop and a target by percent,
// distance, ATR or R multiple. It applies when the decision is a function of the columns (of any
// timeframe, through rules that may remember) and the position's side, and the orders are what the
// core can place without the engine: see `columnRunRefusal`. Anything else met on the way (a rejection, a liquidation, a skipped entry)
// makes it give up, and the caller runs the engine from the start instead.
import { type IntrabarMode, SIGNAL_DISTANCE, SIGNAL_SIZING, type SignalRunRules, type SignalRunStep } from '../core';
import type { CandleWindow } from '../data/load';
import {
  type EngineConfig,
  type EngineCounters,
  EquityLog,
  entryCostRate,
  fractionOf,
  type PlayStrategy,
  SignalFlags,
  type TfSeries,
} from '../engine';
import { TradeError } from '../errors';
import type { Play } from '../play';
import { SIGNAL_WINDOW, type SimVenue } from '../sim';

export interface ColumnRunFacts {
  play: Play;
  cfg: EngineConfig;
  strategy: PlayStrategy;
  series: readonly TfSeries[];
  intrabar: IntrabarMode;
  /** Something the caller asked for that only the engine gives (decisions, restarts, bar by bar, incremental features). */
  engineOnly: string | undefined;
}

/** A stop or a target section of the Play (a stop is a target without `rr`). */
type Distance = NonNullable<Play['risk']['take_profit']>;

/** Why a Play must take the engine path, or undefined when the column run gives the same result. */
export function columnRunRefusal(f: ColumnRunFacts): string | undefined {
  const { play, cfg, strategy, series } = f;
  if (f.engineOnly !== undefined) return f.engineOnly;
  if (f.intrabar !== 'path') return `intrabar ${f.intrabar}`;
  // The side alone can be evaluated three ways per bar; entry price, bars in trade, PnL, price and time cannot.
  const other = strategy.stateReads.filter((n) => n !== 'side' && n !== 'in_position');
  if (other.length > 0) return `rules read ${other.join(', ')}`;
  // Three evaluations per bar would each leave their mark in what stateful operators remember.
  if (strategy.stateless !== true && strategy.readsState) return 'rules keep state between decisions and read the position';
  if (series.length === 0) return 'no timeframe';
  if (cfg.limitOffsetPct !== undefined) return 'limit entries';
  if (cfg.dailyLossLimitPct !== undefined) return 'a daily loss limit';
  if (play.risk.trailing_stop) return 'a trailing stop';
  const levels = (d: Distance | undefined) => d?.level_long !== undefined || d?.level_short !== undefined;
  if (levels(play.risk.stop_loss) || levels(play.risk.take_profit)) return 'stop or target levels';
  if (fractionOf(cfg.rules.qtyStep) === null || fractionOf(cfg.rules.tickSize) === null)
    return 'a qty step or tick that is not a decimal fraction';
  return undefined;
}

/** How signal_run.rs numbers a stop or target distance: the kind, its value and multiple. */
function distanceOf(d: Distance | undefined, withRr: boolean): [number, number, number] {
  if (d === undefined) return [SIGNAL_DISTANCE.none, 0, 1];
  if (withRr && d.rr !== undefined) return [SIGNAL_DISTANCE.rr, d.rr, 1];
  if (d.pct !== undefined) return [SIGNAL_DISTANCE.pct, d.pct, 1];
  if (d.distance_usdt !== undefined) return [SIGNAL_DISTANCE.usdt, d.distance_usdt, 1];
  if (d.atr !== undefined) return [SIGNAL_DISTANCE.atr, 0, d.mult ?? 1];
  return [SIGNAL_DISTANCE.none, 0, 1];
}

/** The order rules of `cfg` and the Play's exits as the core takes them. */
function signalRules(play: Play, cfg: EngineConfig): SignalRunRules {
  const step = fractionOf(cfg.rules.qtyStep)!;
  const tick = fractionOf(cfg.rules.tickSize)!;
  const plan = cfg.sizing;
  const [stopKind, stopValue, stopMult] = distanceOf(play.risk.stop_loss, false);
  const [takeKind, takeValue, takeMult] = distanceOf(play.risk.take_profit, true);
  return {
    sizingKind: SIGNAL_SIZING[plan.kind],
    sizingValue: plan.kind === 'fixed_qty' ? plan.qty : plan.kind === 'notional' ? plan.usdt : plan.pct,
    qtyStep: cfg.rules.qtyStep,
    qtyStepNum: step.num,
    qtyStepPow: step.pow,
    tickSize: cfg.rules.tickSize,
    tickNum: tick.num,
    tickPow: tick.pow,
    minQty: cfg.rules.minQty,
    minNotionalUsdt: cfg.rules.minNotionalUsdt,
    maxNotionalUsdt: cfg.maxNotionalUsdt ?? Number.POSITIVE_INFINITY,
    leverage: cfg.leverage,
    costRateLong: entryCostRate('long', cfg.leverage, cfg.takerFeeRate),
    costRateShort: entryCostRate('short', cfg.leverage, cfg.takerFeeRate),
    takerFeeRate: cfg.takerFeeRate,
    maxOrdersPerMinute: cfg.maxOrdersPerMinute,
    stopKind,
    stopValue,
    stopMult,
    takeKind,
    takeValue,
    takeMult,
  };
}

export interface ColumnRun {
  equity: EquityLog;
  counters: EngineCounters;
  /** Entry time of the trade open at the end, if any. */
  openEntryTsMs: number | undefined;
}

/**
 * Bars [first, end of window) through `venue` by the column run; undefined when it gave up (the
 * venue is then spent: the caller frees it and runs the engine on a new one, whose progress starts
 * again from the first bar).
 */
export function runColumns(
  play: Play,
  cfg: EngineConfig,
  strategy: PlayStrategy,
  series: readonly TfSeries[],
  ruleSeries: readonly TfSeries[],
  venue: SimVenue,
  window: CandleWindow,
  first: number,
  onProgress?: (done: number, total: number) => void,
): ColumnRun | undefined {
  const rules = signalRules(play, cfg);
  const exec = series[0]!;
  const n = window.tsMs.length;
  const total = n - first;
  const atr = (d: Distance | undefined, withRr: boolean) => distanceOf(d, withRr)[0] === SIGNAL_DISTANCE.atr;
  const flags = new SignalFlags(strategy, series, ruleSeries, {
    everyMinute: cfg.evaluateEvery === '1m_close',
    capacity: SIGNAL_WINDOW,
    stopAtr: atr(play.risk.stop_loss, false),
    takeAtr: atr(play.risk.take_profit, true),
    bySide: strategy.readsState,
  });
  const out = {
    flags: new Float64Array(SIGNAL_WINDOW),
    stopAtr: new Float64Array(SIGNAL_WINDOW),
    takeAtr: new Float64Array(SIGNAL_WINDOW),
  };
  // One row per exec close: room for all of them up front. While the rows are the exec bars one
  // after the other (no gap), their times are a view of the exec series', not a copy.
  const capacity = Math.ceil(total / (exec.tfMs / 60_000)) + 2;
  const cols = { equityUsdt: new Float64Array(capacity), walletUsdt: new Float64Array(capacity), positionQty: new Float64Array(capacity) };
  let tsCol: Float64Array | undefined;
  let rows = 0;
  let row = 0;
  const onRows = (s: SignalRunStep) => {
    if (rows + s.rows > capacity) throw new TradeError('INTERNAL', `column run: more than ${capacity} equity rows`);
    cols.equityUsdt.set(s.equityUsdt, rows);
    cols.walletUsdt.set(s.walletUsdt, rows);
    cols.positionQty.set(s.positionQty, rows);
    if (!flags.contiguous && tsCol === undefined) {
      tsCol = new Float64Array(capacity);
      tsCol.set(exec.tsOpenMs.subarray(flags.firstRowCursor, flags.firstRowCursor + rows));
    }
    tsCol?.set(flags.rowTsMs.subarray(row, row + s.rows), rows);
    rows += s.rows;
    row += s.rows;
  };
  for (let i = first; i < n; ) {
    const m = Math.min(SIGNAL_WINDOW, n - i);
    flags.fill(window, i, m, out);
    row = 0;
    if (!venue.runSignals(window, i, m, out, rules, onRows)) return undefined;
    i += m;
    onProgress?.(i - first, total);
  }
  const t = venue.signalTotals();
  const tsMs = tsCol ?? (rows === 0 ? new Float64Array(0) : exec.tsOpenMs.subarray(flags.firstRowCursor, flags.firstRowCursor + rows));
  const equity = EquityLog.adopt({ tsMs, ...cols }, rows);
  return {
    equity,
    counters: {
      feesUsdt: t?.feesUsdt ?? 0,
      fundingUsdt: t?.fundingUsdt ?? 0,
      fills: t?.fills ?? 0,
      ambiguousFills: t?.ambiguousFills ?? 0,
      liquidations: 0,
      lastEventSeq: 0,
    },
    openEntryTsMs: t === undefined || Number.isNaN(t.openEntryTsMs) ? undefined : t.openEntryTsMs,
  };
}
