// The backtest runner: gates, data, features, the PlayEngine over the simulated venue for every
// 1m bar of the window, then metrics and hashed artifacts (verified by the artifact gate).
import { coreSha256 } from '../core';
import {
  type CandleSource,
  type CandleWindow,
  ensureDefaultInstruments,
  ensureSampleData,
  gapsInColumn,
  getInstrument,
  openCandleSource,
  resample,
  type Store,
} from '../data';
import { candleWindowHash, isoMs, MINUTE_MS, TIMEFRAME_MINUTES, type Timeframe } from '../domain';
import { type CheckedPlay, compileRules, playRequirements } from '../dsl';
import { PlayEngine } from '../engine';
import { TradeError } from '../errors';
import { SimVenue } from '../sim';
import { equityColumns, type Manifest, verifyArtifacts, writeArtifacts } from './artifacts';
import { buildSeries } from './features';
import { coverageGate, fundingGate } from './gates';
import { hashCanonical, hashColumns } from './hash';
import { computeMetrics, type Metrics } from './metrics';
import { PlayStrategy } from './strategy';

export type IntrabarMode = 'path' | 'pessimistic' | 'optimistic';

export interface BacktestOptions {
  symbol?: string;
  fromMs?: number;
  toMs?: number;
  equityUsdt?: number;
  intrabar: IntrabarMode;
  noFunding: boolean;
  /** Root of the artifact tree (backtests/). */
  outRoot: string;
  packageVersion: string;
  onProgress?: (done: number, total: number) => void;
  /**
   * false: every 1m bar goes through the venue in its own call (the reference path). Default true:
   * quiet minutes are batched inside the core. Tests run both and require identical artifacts.
   */
  batchQuietBars?: boolean;
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
  openPosition: { side: string; qty: number; entryPrice: number } | null;
  intrabar: { mode: IntrabarMode; ambiguousBars: number; ambiguousFills: number; ambiguousPnlUsdt: number };
  skippedEntries: number;
}

async function resolveWindow(source: CandleSource, symbol: string, warmup1m: number, opts: BacktestOptions): Promise<[number, number]> {
  const range = await source.range();
  if (!range && (opts.fromMs === undefined || opts.toMs === undefined)) {
    throw new TradeError(
      'GATE_FAILED',
      `preflight: the store has no ${symbol} candles; import some (trade data import) or pass --from and --to`,
    );
  }
  const fromMs = opts.fromMs ?? range!.firstMs + warmup1m * MINUTE_MS;
  const toMs = opts.toMs ?? range!.lastMs + MINUTE_MS;
  if (!(toMs > fromMs))
    throw new TradeError('USAGE', `backtest window is empty: --from ${isoMs(fromMs)} must be before --to ${isoMs(toMs)}`);
  return [fromMs, toMs];
}

export async function runBacktest(store: Store, checked: CheckedPlay, opts: BacktestOptions): Promise<BacktestOutcome> {
  const play = checked.play;
  const symbol = opts.symbol ?? play.symbol;
  await ensureSampleData(store);
  // The candle fingerprint runs on a second connection while the instrument is read on the first.
  const source = openCandleSource(store, symbol);
  await ensureDefaultInstruments(store);
  const instrument = await getInstrument(store, symbol);
  const req = playRequirements(checked);
  const [fromMs, toMs] = await resolveWindow(source, symbol, req.warmup1m, opts);
  const largestTfMs = Math.max(...Object.values(play.timeframes).map((tf) => TIMEFRAME_MINUTES[tf as Timeframe] * MINUTE_MS));
  const warmStartMs = Math.floor((fromMs - req.warmup1m * MINUTE_MS) / largestTfMs) * largestTfMs;
  const window: CandleWindow = await source.window(warmStartMs, toMs);
  coverageGate(symbol, warmStartMs, toMs, gapsInColumn(window.tsMs, warmStartMs, toMs));
  if (!opts.noFunding) fundingGate(symbol, fromMs, toMs, instrument.fundingIntervalMin, window.funding);

  const compiled = compileRules(checked.rules);
  const built = buildSeries(play, compiled.tfNames, compiled.needs, window, resample);
  const strategy = new PlayStrategy(play, compiled, built.byTfName, built.column);
  const account = play.account;
  const startEquity = opts.equityUsdt ?? account.starting_equity_usdt;
  const venue = new SimVenue({
    instrument,
    makerFeeRate: account.maker_fee_rate,
    takerFeeRate: account.taker_fee_rate,
    slippageBps: account.slippage_bps,
    startingWalletUsdt: startEquity,
    leverage: play.risk.leverage,
    intrabar: opts.intrabar,
    funding: opts.noFunding ? { tsMs: new Float64Array(0), rate: new Float64Array(0) } : window.funding,
  });
  const entry = play.execution.entry;
  const tif = { gtc: 'GTC', ioc: 'IOC', fok: 'FOK', post_only: 'PostOnly' } as const;
  const engine = new PlayEngine(
    {
      evaluateEvery: play.execution.evaluate === 'every_1m' ? '1m_close' : 'exec_close',
      sizing: sizingPlan(play.risk.sizing),
      leverage: play.risk.leverage,
      maxNotionalUsdt: play.risk.max_notional_usdt,
      rules: {
        qtyStep: instrument.qtyStep,
        minQty: instrument.minQty,
        minNotionalUsdt: instrument.minNotional,
        tickSize: instrument.tickSize,
      },
      limitOffsetPct: entry.type === 'limit' ? (entry.offset_pct ?? 0) : undefined,
      timeInForce: entry.time_in_force ? tif[entry.time_in_force] : 'GTC',
    },
    strategy,
    built.engineOrder,
    venue,
  );
  // Start every cursor at the window start, so the first evaluation is the first exec close after it.
  for (const s of built.engineOrder) while (s.cursor + 1 < s.length && s.tsOpenMs[s.cursor + 1]! + s.tfMs <= fromMs) s.cursor++;

  const ts = window.tsMs;
  let i = 0;
  while (i < ts.length && ts[i]! < fromMs) i++;
  const first = i;
  const total = ts.length - first;
  // In slices, so a progress bar can move; the engine batches quiet minutes inside each slice.
  const PROGRESS_BARS = 65_536;
  const bar = { tsMs: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  while (i < ts.length) {
    const end = Math.min(ts.length, i + PROGRESS_BARS);
    if (opts.batchQuietBars === false) {
      for (let k = i; k < end; k++) {
        bar.tsMs = ts[k]!;
        bar.open = window.open[k]!;
        bar.high = window.high[k]!;
        bar.low = window.low[k]!;
        bar.close = window.close[k]!;
        bar.volume = window.volume[k]!;
        engine.processBar(bar);
      }
    } else engine.processBars(window, i, end);
    i = end;
    opts.onProgress?.(i - first, total);
  }
  if (total === 0) opts.onProgress?.(0, 0);
  const ambiguity = venue.ambiguity();
  venue.free();

  const equity = equityColumns(engine.equity, startEquity);
  const trades = engine.trades;
  let barsInPosition = 0;
  for (let k = 0; k < equity.position.length; k++) if (equity.position[k] !== 0) barsInPosition++;
  let feesUsdt = 0;
  let fundingUsdt = 0;
  let ambiguousFills = 0;
  for (const e of engine.events) {
    if (e.kind === 'fill') {
      feesUsdt += e.feeUsdt;
      if (e.ambiguous) ambiguousFills++;
    } else if (e.kind === 'funding') fundingUsdt += e.paymentUsdt;
  }
  const execTfMs = built.engineOrder[0]!.tfMs;
  const metrics = computeMetrics({
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

  const feeTable = { maker: account.maker_fee_rate, taker: account.taker_fee_rate, slippage_bps: account.slippage_bps };
  const inputHash = hashCanonical({
    candles: candleWindowHash(window, warmStartMs, toMs, window.dayDigest),
    funding: opts.noFunding
      ? null
      : hashColumns([
          ['ts_ms', window.funding.tsMs],
          ['rate', window.funding.rate],
        ]),
    instrument: { ...instrument, source: undefined },
    fees: feeTable,
  });
  const account1 = venue.lastAccount;
  const result = {
    play_id: play.id,
    symbol,
    window: { from: isoMs(fromMs), to: isoMs(toMs) },
    bars_1m: total,
    metrics,
    open_position: account1.position.side === 'flat' ? null : account1.position,
    skipped_entries: engine.skipped.length,
    intrabar: {
      mode: opts.intrabar,
      ambiguous_bars: ambiguity.bars,
      ambiguous_fills: ambiguity.fills,
      ambiguous_pnl_usdt: ambiguity.pnlUsdt,
    },
  };
  const { dir, manifest } = writeArtifacts({
    rootDir: opts.outRoot,
    manifest: {
      play_id: play.id,
      play_hash: checked.hash,
      input_hash: inputHash,
      engine_hash: hashCanonical({ core: coreSha256(), version: opts.packageVersion }),
      window: { from: isoMs(fromMs), to: isoMs(toMs), from_ms: fromMs, to_ms: toMs },
      options: { symbol, intrabar: opts.intrabar, no_funding: opts.noFunding, equity_usdt: startEquity },
    },
    trades,
    equity,
    result,
  });
  verifyArtifacts(dir);
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
      ? { side: account1.position.side, qty: account1.position.qty, entryPrice: account1.position.entryPrice }
      : null,
    skippedEntries: engine.skipped.length,
    intrabar: { mode: opts.intrabar, ambiguousBars: ambiguity.bars, ambiguousFills: ambiguity.fills, ambiguousPnlUsdt: ambiguity.pnlUsdt },
  };
}

function sizingPlan(s: { risk_pct?: number; notional_usdt?: number; equity_pct?: number; qty?: number }) {
  if (s.risk_pct !== undefined) return { kind: 'risk_pct' as const, pct: s.risk_pct };
  if (s.notional_usdt !== undefined) return { kind: 'notional' as const, usdt: s.notional_usdt };
  if (s.equity_pct !== undefined) return { kind: 'equity_pct' as const, pct: s.equity_pct };
  if (s.qty !== undefined) return { kind: 'fixed_qty' as const, qty: s.qty };
  throw new TradeError('PLAY_INVALID', 'risk.sizing needs one of risk_pct, notional_usdt, equity_pct, qty');
}
