// The backtest runner: reads the symbol's market (instrument, window, funding: the store or its
// snapshot, data/symbol-market.ts), runs the simulation (simulate.ts) and writes the hashed
// artifacts, verified by the artifact gate. On the store, the simulation starts on the column
// cache while the store's fingerprint query confirms it; if the cache turns out stale, the
// simulation is repeated on the store's rows before anything is written.
import { coreSha256 } from '../core';
import type { CandleSource, CandleWindow, SymbolMarket } from '../data';
import { candleWindowHash, type Instrument, isoMs, MINUTE_MS, TIMEFRAME_MINUTES, type Timeframe } from '../domain';
import { type CheckedPlay, playRequirements } from '../dsl';
import { type Decision, DecisionLog } from '../engine';
import { TradeError } from '../errors';
import { type Manifest, verifyWritten, writeArtifacts } from './artifacts';
import { hashCanonical, hashColumns } from './hash';
import type { Metrics } from './metrics';
import { playYaml } from './play-yaml';
import { emptyTimings, type IntrabarMode, type PhaseTimings, type Simulation, type SimulationOptions, simulate } from './simulate';

export type { FeaturePipelineName, IntrabarMode } from './simulate';

export interface BacktestOptions extends SimulationOptions {
  /** Write decisions.parquet (one row per evaluation) beside the other artifacts. */
  decisionsFile?: boolean;
  /** Sees the final simulation (tests: the engine, the venue's own records). */
  onSimulation?: (sim: Simulation) => void;
  fromMs?: number;
  toMs?: number;
  /** Root of the artifact tree (backtests/). */
  outRoot: string;
  packageVersion: string;
}

export interface BacktestOutcome {
  playId: string;
  symbol: string;
  fromMs: number;
  toMs: number;
  bars1m: number;
  metrics: Metrics;
  manifest: Manifest;
  dir: string;
  /** The position still open at the end of the window; its unrealised PnL is in net PnL, not in the trades. */
  openPosition: { side: string; qty: number; entryPrice: number; unrealizedPnlUsdt: number } | null;
  /** Sum of the closed trades' PnL (net PnL = this + the open position's unrealised PnL + what trades do not carry). */
  closedTradesPnlUsdt: number;
  intrabar: { mode: IntrabarMode; ambiguousBars: number; ambiguousFills: number; ambiguousPnlUsdt: number };
  /** Entries not placed, by reason: count desc, then reason. */
  skippedEntries: SkippedReason[];
  skippedEntriesTotal: number;
  /** Where the time went (also `timings_ms` in result.json); measurements, in no hash. */
  timingsMs: PhaseTimings;
}

export interface SkippedReason {
  reason: string;
  count: number;
}

/** Entries the engine did not place, grouped by reason (count desc, then reason). */
export function groupSkipped(skipped: readonly { reason: string }[]): SkippedReason[] {
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
}

/**
 * The window: --from / --to, else from the first boundary of the largest timeframe at or after the
 * first stored minute, plus the warm-up, rounded up to that timeframe again (so the warm-up never
 * starts before the stored data, whatever minute it starts at), to the end of the last stored minute.
 */
export async function resolveWindow(
  source: CandleSource,
  symbol: string,
  warmup1m: number,
  largestTfMs: number,
  opts: Pick<BacktestOptions, 'fromMs' | 'toMs'>,
): Promise<[number, number]> {
  // The stored range comes from the store fingerprint: only wait for it when a bound is missing.
  const range = opts.fromMs !== undefined && opts.toMs !== undefined ? undefined : await source.range();
  if (!range && (opts.fromMs === undefined || opts.toMs === undefined)) {
    throw new TradeError(
      'GATE_FAILED',
      `preflight: the store has no ${symbol} candles; import some (trade data import) or pass --from and --to`,
    );
  }
  const ceilTf = (ms: number) => Math.ceil(ms / largestTfMs) * largestTfMs;
  const fromMs = opts.fromMs ?? ceilTf(ceilTf(range!.firstMs) + warmup1m * MINUTE_MS);
  const toMs = opts.toMs ?? range!.lastMs + MINUTE_MS;
  if (opts.fromMs === undefined && range && !(toMs > fromMs)) {
    throw new TradeError(
      'GATE_FAILED',
      `preflight: the stored ${symbol} candles ${isoMs(range.firstMs)} .. ${isoMs(range.lastMs)} are shorter than the Play's warm-up of ${warmup1m} minutes (the window would start at ${isoMs(fromMs)}); import more or pass --from`,
    );
  }
  if (!(toMs > fromMs)) throw new TradeError('USAGE', `the window is empty: --to ${isoMs(toMs)} must be after --from ${isoMs(fromMs)}`);
  return [fromMs, toMs];
}

/** writeArtifacts, with a file-system failure under the artifact root (--out) as one line naming it. */
function writeArtifactsUnder(outRoot: string, input: Parameters<typeof writeArtifacts>[0]): ReturnType<typeof writeArtifacts> {
  try {
    return writeArtifacts(input);
  } catch (cause) {
    const errno = cause as NodeJS.ErrnoException;
    if (typeof errno.code !== 'string' || typeof errno.syscall !== 'string') throw cause;
    throw new TradeError(
      'OUT_UNWRITABLE',
      `cannot write the artifacts under --out '${outRoot}': ${errno.syscall} ${errno.path ?? ''} failed with ${errno.code} (expected a writable directory)`,
      { outRoot },
      { cause },
    );
  }
}

/** The Play's warm-up in 1m bars and its largest timeframe in ms. */
export function playWarmup(checked: CheckedPlay): { warmup1m: number; largestTfMs: number } {
  const largestTfMs = Math.max(...Object.values(checked.play.timeframes).map((tf) => TIMEFRAME_MINUTES[tf as Timeframe] * MINUTE_MS));
  return { warmup1m: playRequirements(checked).warmup1m, largestTfMs };
}

/** First 1m bar a run from `fromMs` reads: the warm-up before it, floored to the largest timeframe. */
export function playWarmStartMs(checked: CheckedPlay, fromMs: number): number {
  const { warmup1m, largestTfMs } = playWarmup(checked);
  return Math.floor((fromMs - warmup1m * MINUTE_MS) / largestTfMs) * largestTfMs;
}

/** Backtests the Play on `market` (its symbol may differ from the Play's, from --symbol). */
export async function runBacktest(market: SymbolMarket, checked: CheckedPlay, opts: BacktestOptions): Promise<BacktestOutcome> {
  const startedAt = performance.now();
  const timings = emptyTimings();
  const play = checked.play;
  const symbol = market.symbol;
  const instrument = await market.instrument();
  const { warmup1m, largestTfMs } = playWarmup(checked);
  const [fromMs, toMs] = await resolveWindow(market, symbol, warmup1m, largestTfMs, opts);
  const warmStartMs = playWarmStartMs(checked, fromMs);
  // The cached candles are used while the store's fingerprint query still runs; nothing from them
  // is kept unless it confirms the cache (else the run is repeated on the store's rows).
  const speculative = await market.speculativeWindow(warmStartMs, toMs);
  timings.load += performance.now() - startedAt;
  // A fresh log per simulation: the speculative run may be repeated on the store's rows.
  let decisionLog: DecisionLog | undefined;
  const simOpts = (): SimulationOptions => {
    if (!opts.decisionsFile) return { ...opts, timings };
    decisionLog = new DecisionLog();
    return { ...opts, timings, decisions: decisionLog };
  };
  const simInput = { play, checked, symbol, instrument, fromMs, toMs, warmStartMs };
  let window = speculative.window;
  let sim: Simulation | undefined;
  let failure: unknown;
  try {
    sim = simulate({ ...simInput, opts: simOpts(), window });
  } catch (e) {
    failure = e;
  }
  const confirmAt = performance.now();
  const fresh = await speculative.confirm();
  timings.load += performance.now() - confirmAt;
  if (fresh) {
    window = fresh;
    sim = simulate({ ...simInput, opts: simOpts(), window });
  } else if (!sim) throw failure;
  opts.onSimulation?.(sim!);
  const inputHash = runInputHash(window, warmStartMs, toMs, opts.noFunding, instrument, play);
  return recordRun(sim!, { checked, symbol, fromMs, toMs, inputHash, opts, decisions: decisionLog?.decisions, timings, startedAt });
}

/** input_hash of a run: the candle slice (warm-up included), funding, instrument and fee table. */
export function runInputHash(
  window: CandleWindow,
  warmStartMs: number,
  toMs: number,
  noFunding: boolean,
  instrument: Instrument,
  play: CheckedPlay['play'],
): string {
  const account = play.account;
  const feeTable = { maker: account.maker_fee_rate, taker: account.taker_fee_rate, slippage_bps: account.slippage_bps };
  return hashCanonical({
    candles: candleWindowHash(window, warmStartMs, toMs, window.dayDigest),
    funding: noFunding
      ? null
      : hashColumns([
          ['ts_ms', window.funding.tsMs],
          ['rate', window.funding.rate],
        ]),
    instrument: { ...instrument, source: undefined },
    fees: feeTable,
  });
}

/** engine_hash: core.wasm and the package version. */
export function engineHash(packageVersion: string): string {
  return hashCanonical({ core: coreSha256(), version: packageVersion });
}

export interface RunRecord {
  checked: CheckedPlay;
  symbol: string;
  fromMs: number;
  toMs: number;
  inputHash: string;
  opts: BacktestOptions;
  /** The evaluations, written as decisions.parquet when opts.decisionsFile. */
  decisions?: readonly Decision[];
  /** The phases measured so far and when the run started (performance.now()); artifacts and total are added here. */
  timings?: PhaseTimings;
  startedAt?: number;
}

/** The manifest fields known before the simulation (everything run_hash covers but the results). */
export function preRunManifest(
  r: Omit<RunRecord, 'opts'> & { opts: Pick<BacktestOptions, 'intrabar' | 'noFunding' | 'packageVersion'> },
  startEquityUsdt: number,
) {
  return {
    play_id: r.checked.play.id,
    play_hash: r.checked.hash,
    input_hash: r.inputHash,
    engine_hash: engineHash(r.opts.packageVersion),
    window: { from: isoMs(r.fromMs), to: isoMs(r.toMs), from_ms: r.fromMs, to_ms: r.toMs },
    options: { symbol: r.symbol, intrabar: r.opts.intrabar, no_funding: r.opts.noFunding, equity_usdt: startEquityUsdt },
  };
}

/** Writes a finished simulation's artifacts (verified by the artifact gate) and returns the outcome. */
export function recordRun(sim: Simulation, r: RunRecord): BacktestOutcome {
  const { checked, symbol, fromMs, toMs, opts } = r;
  const play = checked.play;
  const { skipped: skippedEntries, equity, trades, metrics, ambiguity, total, startEquity } = sim;
  const account1 = sim.lastAccount;
  const skipped = groupSkipped(skippedEntries);
  const closedTradesPnlUsdt = trades.reduce((a, t) => a + t.pnlUsdt, 0);
  const result = {
    play_id: play.id,
    symbol,
    window: { from: isoMs(fromMs), to: isoMs(toMs) },
    bars_1m: total,
    metrics,
    open_position: account1.position.side === 'flat' ? null : account1.position,
    closed_trades_pnl_usdt: closedTradesPnlUsdt,
    skipped_entries: skipped,
    skipped_entries_total: skippedEntries.length,
    intrabar: {
      mode: opts.intrabar,
      ambiguous_bars: ambiguity.bars,
      ambiguous_fills: ambiguity.fills,
      ambiguous_pnl_usdt: ambiguity.pnlUsdt,
    },
  };
  const timings = r.timings ?? emptyTimings();
  const artifactsAt = performance.now();
  const startedAt = r.startedAt ?? artifactsAt;
  const { dir, manifest, written } = writeArtifactsUnder(opts.outRoot, {
    rootDir: opts.outRoot,
    manifest: {
      ...preRunManifest(r, startEquity),
      features: typeof opts.features === 'object' ? 'incremental' : 'batch',
    },
    trades,
    equity,
    decisions: opts.decisionsFile ? r.decisions : undefined,
    // timings_ms: measured up to the result file itself (the artifact check after it is in --json only).
    result: () => {
      const now = performance.now();
      return { ...result, timings_ms: roundTimings({ ...timings, artifacts: now - artifactsAt, total: now - startedAt }) };
    },
    // Keys sorted (canonical JSON), so the same Play always gives the same file.
    playYaml: playYaml(play),
  });
  verifyWritten(dir, written);
  const endAt = performance.now();
  timings.artifacts = endAt - artifactsAt;
  timings.total = endAt - startedAt;
  return {
    playId: play.id,
    symbol,
    fromMs,
    toMs,
    bars1m: total,
    metrics,
    manifest,
    dir,
    openPosition: result.open_position
      ? {
          side: account1.position.side,
          qty: account1.position.qty,
          entryPrice: account1.position.entryPrice,
          unrealizedPnlUsdt: account1.position.unrealizedPnlUsdt,
        }
      : null,
    closedTradesPnlUsdt,
    skippedEntries: skipped,
    skippedEntriesTotal: skippedEntries.length,
    intrabar: { mode: opts.intrabar, ambiguousBars: ambiguity.bars, ambiguousFills: ambiguity.fills, ambiguousPnlUsdt: ambiguity.pnlUsdt },
    timingsMs: roundTimings(timings),
  };
}

/** Milliseconds to 0.1 ms. */
function roundTimings(t: PhaseTimings): PhaseTimings {
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    load: r(t.load),
    gates: r(t.gates),
    features: r(t.features),
    simulate: r(t.simulate),
    metrics: r(t.metrics),
    artifacts: r(t.artifacts),
    total: r(t.total),
  };
}
