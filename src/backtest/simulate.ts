// One simulation over a loaded window, with no I/O: the preflight gates on the window, features,
// the PlayEngine over the simulated venue for every 1m bar from the window start, and the metrics.
// runBacktest may call it twice (once on cached candles while the store confirms them).

import type { IntrabarMode } from '../core';
// Data's own files, not its barrel: sweep workers load this file and need no store or sync code.
import { gapsInColumn } from '../data/coverage';
import type { CandleWindow } from '../data/load';
import type { CachedResampler } from '../data/resample-cache';
import { type Instrument, readBar } from '../domain';
import type { CheckedPlay } from '../dsl';
import { type ColumnNeed, compileRules, playRequirements } from '../dsl';
import {
  type AccountSnapshot,
  advanceCursor,
  BatchFeatures,
  type ClosedTrade,
  type DecisionSink,
  type EngineCounters,
  type EquityLog,
  engineConfig,
  type FeaturePipeline,
  IncrementalFeatures,
  PlayEngine,
  PlayStrategy,
  type SkippedEntry,
} from '../engine';
import type { Play } from '../play';
import { SimVenue } from '../sim';
import { type EquityColumns, equityColumns } from './artifacts';
import { columnRunRefusal, runColumns } from './column-run';
import { coverageGate, fundingGate } from './gates';
import { computeMetrics, type Metrics } from './metrics';
import { fastResample } from './resampler';

export type { IntrabarMode };

/** `trade backtest --features`: how the columns the rules read are computed. */
export type FeaturePipelineName = 'batch' | 'incremental';

export interface SimulationOptions {
  equityUsdt?: number;
  intrabar: IntrabarMode;
  noFunding: boolean;
  onProgress?: (done: number, total: number) => void;
  /**
   * false: every 1m bar goes through the venue in its own call (the reference path). Default true:
   * quiet minutes are batched inside the core. Tests run both and require identical artifacts.
   */
  batchQuietBars?: boolean;
  /**
   * Tests of snapshot/restore: at each of these 1m bar indices of the window the engine is
   * snapshotted, thrown away and rebuilt (features, rules, engine), the bars from the window start
   * re-run muted, the snapshot restored; the venue (the exchange) carries on. Sorted ascending.
   */
  restartAt?: readonly number[];
  /** Receives one Decision per evaluation (trade backtest --decisions). */
  decisions?: DecisionSink;
  /**
   * 'batch' (default): every column computed up front. 'incremental': the live path, each 1m bar
   * pushed through IncrementalFeatures before the engine sees it (bar by bar; tests prove both
   * give bit-identical columns and the same decisions). `capacity` sets its initial column size.
   */
  features?: 'batch' | { incremental: { capacity?: number; growBy?: number } };
  /** Receives the milliseconds each phase took (gates, features, simulate, metrics); added to, not reset. */
  timings?: PhaseTimings;
  /**
   * Audits (src/forge): every feature starts this many 1m bars before its own warm start (the
   * window must hold them). 0 or absent: the declared warm-up.
   */
  extraWarmup1m?: number;
  /** Audits: what the rules read for `need` instead of the pipeline's column (a planted peek). */
  columnView?: (need: ColumnNeed, column: Float64Array) => Float64Array;
  /** How 1m bars become the Play's timeframes (default fastResample; sweeps pass one cache for every variant). */
  resampler?: CachedResampler;
  /**
   * Default true: Plays the column run covers (column-run.ts) run their orders inside the core, with
   * the engine's result. false: always the PlayEngine (tests compare the two).
   */
  columnRun?: boolean;
}

/** Milliseconds per phase of a backtest (`timings_ms` in result.json and `--json`); not part of any hash. */
export interface PhaseTimings {
  load: number;
  gates: number;
  features: number;
  simulate: number;
  metrics: number;
  artifacts: number;
  total: number;
}

export const emptyTimings = (): PhaseTimings => ({ load: 0, gates: 0, features: 0, simulate: 0, metrics: 0, artifacts: 0, total: 0 });

/** The run id of backtest order ids (`bt-L1`, `bt-x2`, ...): fixed, so runs stay deterministic. */
export const BACKTEST_RUN_ID = 'bt';

export interface SimulationInput {
  play: Play;
  checked: CheckedPlay;
  symbol: string;
  instrument: Instrument;
  window: CandleWindow;
  fromMs: number;
  toMs: number;
  warmStartMs: number;
  opts: SimulationOptions;
}

export interface Simulation {
  /** The engine that made the result; undefined when the column run made it (`path`). */
  engine: PlayEngine | undefined;
  path: 'engine' | 'columns';
  /** Why the engine made it: what the column run does not cover, or where it gave up (undefined on the column path). */
  engineReason: string | undefined;
  skipped: readonly SkippedEntry[];
  counters: EngineCounters;
  /** Entry time of the trade still open at the end, if any. */
  openEntryTsMs: number | undefined;
  equity: EquityColumns;
  trades: readonly ClosedTrade[];
  metrics: Metrics;
  ambiguity: { bars: number; fills: number; pnlUsdt: number };
  /** The simulator's own round-trip records (tests compare them with the engine's). */
  coreTrades: readonly ClosedTrade[];
  lastAccount: AccountSnapshot;
  /** 1m bars simulated (from the window start). */
  total: number;
  /** The columns the rules read (tests compare the batch and incremental pipelines). */
  features: FeaturePipeline;
  startEquity: number;
}

export function simulate(input: SimulationInput): Simulation {
  const { play, checked, symbol, instrument, window, fromMs, toMs, warmStartMs, opts } = input;
  const tm = opts.timings;
  let t0 = performance.now();
  const lap = (phase: keyof PhaseTimings) => {
    const t = performance.now();
    if (tm) tm[phase] += t - t0;
    t0 = t;
  };
  coverageGate(symbol, warmStartMs, toMs, gapsInColumn(window.tsMs, warmStartMs, toMs));
  if (!opts.noFunding) fundingGate(symbol, fromMs, toMs, instrument.fundingIntervalMin, window.funding);

  lap('gates');
  const compiled = compileRules(checked.rules);
  // Each feature from its own warm start (its own reads only): adding a feature changes no other.
  const ownWarmup1m = new Map(playRequirements(checked).features.map((f) => [f.id, f.warmup1m]));
  const extra1m = opts.extraWarmup1m ?? 0;
  const featureStartMs = (id: string) => fromMs - ((ownWarmup1m.get(id) ?? 0) + extra1m) * 60_000;
  const view = opts.columnView;
  const incremental = typeof opts.features === 'object' ? opts.features.incremental : undefined;
  const build = () => {
    let built: FeaturePipeline;
    let grow: IncrementalFeatures | undefined;
    if (incremental) {
      grow = new IncrementalFeatures(play, compiled.tfNames, compiled.needs, {
        featureStartMs,
        capacity: incremental.capacity,
        growBy: incremental.growBy,
      });
      built = grow;
    } else built = new BatchFeatures(play, compiled.tfNames, compiled.needs, window, opts.resampler ?? fastResample, featureStartMs);
    const strategy = new PlayStrategy(play, compiled, built.byTfName, (need) =>
      view ? view(need, built.column(need)) : built.column(need),
    );
    grow?.onGrow(() => strategy.rebind());
    return { built, strategy, grow };
  };
  /** Start every cursor at the window start, so the first evaluation is the first exec close after it. */
  const startCursors = (built: FeaturePipeline) => {
    for (const s of built.engineOrder) advanceCursor(s, fromMs);
  };
  let { built, strategy, grow } = build();
  lap('features');
  const account = play.account;
  const startEquity = opts.equityUsdt ?? account.starting_equity_usdt;
  const newVenue = () =>
    new SimVenue({
      instrument,
      makerFeeRate: account.maker_fee_rate,
      takerFeeRate: account.taker_fee_rate,
      slippageBps: account.slippage_bps,
      startingWalletUsdt: startEquity,
      leverage: play.risk.leverage,
      intrabar: opts.intrabar,
      funding: opts.noFunding ? { tsMs: new Float64Array(0), rate: new Float64Array(0) } : window.funding,
    });
  const config = engineConfig(play, instrument, BACKTEST_RUN_ID);

  const ts = window.tsMs;
  let i = 0;
  while (i < ts.length && ts[i]! < fromMs) i++;
  const first = i;
  const total = ts.length - first;
  const finish = (
    sim: Omit<Simulation, 'equity' | 'trades' | 'metrics' | 'ambiguity' | 'coreTrades' | 'lastAccount'>,
    venue: SimVenue,
    log: EquityLog,
    trades: readonly ClosedTrade[],
  ): Simulation => {
    // The account at the end (the last quiet bars may have been booked without reading it).
    venue.account();
    const ambiguity = venue.ambiguity();
    venue.free();
    grow?.free();
    lap('simulate');
    const equity = equityColumns(log, startEquity);
    const metrics = simulationMetrics(equity, trades, sim.counters, startEquity, fromMs, toMs, built.engineOrder[0]!.tfMs);
    lap('metrics');
    return { ...sim, equity, trades, metrics, ambiguity, coreTrades: venue.coreTrades, lastAccount: venue.lastAccount };
  };

  const engineOnly =
    opts.columnRun === false
      ? 'the engine asked for'
      : opts.batchQuietBars === false
        ? 'bar by bar asked for'
        : opts.decisions
          ? 'decisions recorded'
          : (opts.restartAt?.length ?? 0) > 0
            ? 'restarts'
            : grow
              ? 'incremental features'
              : undefined;
  let engineReason = columnRunRefusal({ play, cfg: config, strategy, series: built.engineOrder, intrabar: opts.intrabar, engineOnly });
  if (engineReason === undefined) {
    startCursors(built);
    const venue = newVenue();
    const run = runColumns(play, config, strategy, built.engineOrder, built.byTfName, venue, window, first, opts.onProgress);
    if (run !== undefined) {
      if (total === 0) opts.onProgress?.(0, 0);
      const base = {
        engine: undefined,
        path: 'columns' as const,
        engineReason,
        skipped: [],
        counters: run.counters,
        openEntryTsMs: run.openEntryTsMs,
        total,
        startEquity,
        features: built,
      };
      return finish(base, venue, run.equity, venue.coreTrades);
    }
    venue.free();
    // The engine starts again from the first bar: the rules forget what the column pass evaluated
    // (a cursor that goes back would reset them anyway).
    strategy.reset();
    engineReason = 'the column run met what only the engine records (a rejection, liquidation or skipped entry)';
  }
  const venue = newVenue();
  let engine = new PlayEngine(config, strategy, built.engineOrder, venue, opts.decisions);
  // One equity row per exec close: room for all of them up front.
  engine.equity.reserve(Math.ceil(total / (built.engineOrder[0]!.tfMs / 60_000)) + 2);
  // In slices, so a progress bar can move; the engine batches quiet minutes inside each slice.
  const PROGRESS_BARS = 65_536;
  const bar = { tsMs: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  const loadBar = (k: number) => readBar(window, k, bar);
  /** A growing pipeline takes the warm-up bars before the window start, as a live session does. */
  const warmPipeline = () => {
    if (grow) {
      for (let k = 0; k < first; k++) {
        loadBar(k);
        grow.push(bar);
      }
    }
    startCursors(built);
  };
  warmPipeline();
  const restarts = [...(opts.restartAt ?? [])];
  const restart = (at: number) => {
    const snap = JSON.parse(JSON.stringify(engine.snapshot()));
    const old = engine;
    grow?.free();
    ({ built, strategy, grow } = build());
    warmPipeline();
    engine = new PlayEngine(config, strategy, built.engineOrder, venue, opts.decisions);
    for (let k = first; k < at; k++) {
      loadBar(k);
      grow?.push(bar);
      engine.warmBar(bar);
    }
    engine.restore(snap);
    engine.equity.append(old.equity);
    engine.book.closed.push(...old.book.closed);
    engine.skipped.push(...old.skipped);
  };
  while (i < ts.length) {
    while (restarts.length > 0 && restarts[0]! <= i) {
      if (restarts[0]! === i && i > first) restart(i);
      restarts.shift();
    }
    const end = Math.min(ts.length, i + PROGRESS_BARS, restarts[0] ?? Number.POSITIVE_INFINITY);
    if (grow || opts.batchQuietBars === false) {
      for (let k = i; k < end; k++) {
        loadBar(k);
        grow?.push(bar);
        engine.processBar(bar);
      }
    } else engine.processBars(window, i, end);
    i = end;
    opts.onProgress?.(i - first, total);
  }
  if (total === 0) opts.onProgress?.(0, 0);
  const base = {
    engine,
    path: 'engine' as const,
    engineReason,
    skipped: engine.skipped,
    counters: engine.counters,
    openEntryTsMs: engine.book.open?.entryTsMs,
    total,
    startEquity,
    features: built,
  };
  return finish(base, venue, engine.equity, engine.trades);
}

function simulationMetrics(
  equity: EquityColumns,
  trades: readonly ClosedTrade[],
  counters: EngineCounters,
  startEquity: number,
  fromMs: number,
  toMs: number,
  execTfMs: number,
): Metrics {
  let barsInPosition = 0;
  for (let k = 0; k < equity.position.length; k++) if (equity.position[k] !== 0) barsInPosition++;
  const { feesUsdt, fundingUsdt, ambiguousFills } = counters;
  return computeMetrics({
    curve: { tsMs: equity.tsMs, equity: equity.equity },
    startEquityUsdt: startEquity,
    startMs: fromMs,
    endMs: toMs,
    trades: trades.map((t) => ({
      side: t.side,
      pnlUsdt: t.pnlUsdt,
      feesUsdt: t.feesUsdt,
      fundingUsdt: t.fundingUsdt,
      bars: (t.exitTsMs - t.entryTsMs) / execTfMs,
      liquidated: t.exitReason === 'liquidation',
      ambiguous: t.ambiguous,
    })),
    barsInPosition,
    feesUsdt,
    fundingUsdt,
    ambiguousFills,
  });
}
