// A research session: the symbol's candles and funding loaded once for a span (the store, or its
// column cache confirmed by the store's fingerprint), shared with a pool of workers, and a run()
// that backtests many Plays over windows inside that span. Each run's input_hash is computed here
// (from the cached day digests), its cache key from the pre-run manifest; cached runs are not run.
import { coverageGate, engineHash, fundingGate, hashCanonical, playWarmStartMs, preRunManifest, runInputHash } from '../backtest';
import type { IntrabarMode } from '../core';
import { type CandleWindow, gapsInColumn, type SymbolMarket } from '../data';
import { isoMs, sliceCandlesAndFunding } from '../domain';
import type { CheckedPlay } from '../dsl';
import { TradeError } from '../errors';
import type { QueueSubmitter } from './queue';
import { cachedRun, storeRun } from './run-cache';
import { shareWindow } from './shared-window';
import { WorkerPool } from './worker-pool';
import type { RunJob, RunSummary, WorkerInit } from './worker-protocol';

export interface SessionOptions {
  outRoot: string;
  intrabar: IntrabarMode;
  noFunding: boolean;
  workers: number;
  packageVersion: string;
  /** Put runs on this Redis (BullMQ) instead of running them on local workers. */
  queueUrl?: string;
}

/** One backtest to run: a checked Play, its YAML text and its window. */
export interface PlayRun {
  checked: CheckedPlay;
  yaml: string;
  /** The Play as JSON text (RunJob.data). */
  data?: string;
  fromMs: number;
  toMs: number;
  equityUsdt?: number;
}

export class ResearchSession {
  /** Runs simulated by this session (not from the cache). */
  simulated = 0;
  private readonly inputHashes = new Map<string, string>();
  /** Started at the first run that is not cached (a fully cached sweep starts no worker). */
  private pool: WorkerPool | undefined;
  /** With --queue: runs go to the BullMQ queue instead of local workers. */
  private submitter: QueueSubmitter | undefined;

  private constructor(
    private readonly market: SymbolMarket,
    private readonly window: CandleWindow,
    private readonly init: WorkerInit,
    private readonly opts: SessionOptions,
    private readonly spanMs: [number, number],
  ) {}

  /** Loads [fromMs, toMs) of the market once; workers start at the first run that is not cached. */
  static async open(market: SymbolMarket, fromMs: number, toMs: number, opts: SessionOptions): Promise<ResearchSession> {
    const instrument = await market.instrument();
    const speculative = await market.speculativeWindow(fromMs, toMs);
    const window = (await speculative.confirm()) ?? speculative.window;
    const init: WorkerInit = {
      type: 'init',
      columns: shareWindow(window),
      instrument,
      symbol: market.symbol,
      packageVersion: opts.packageVersion,
      outRoot: opts.outRoot,
      intrabar: opts.intrabar,
      noFunding: opts.noFunding,
    };
    const session = new ResearchSession(market, window, init, opts, [fromMs, toMs]);
    // bullmq and ioredis are loaded only by a sweep that uses the queue (start-up of every other command).
    if (opts.queueUrl !== undefined) session.submitter = new (await import('./queue')).QueueSubmitter(opts.queueUrl);
    return session;
  }

  private async inputHash(checked: CheckedPlay, warmStartMs: number, toMs: number): Promise<string> {
    const a = checked.play.account;
    const memo = `${warmStartMs}:${toMs}:${a.maker_fee_rate}:${a.taker_fee_rate}:${a.slippage_bps}`;
    let h = this.inputHashes.get(memo);
    if (h === undefined) {
      const view = { ...sliceCandlesAndFunding(this.window, this.window.funding, warmStartMs, toMs), dayDigest: this.window.dayDigest };
      h = runInputHash(view, warmStartMs, toMs, this.opts.noFunding, await this.market.instrument(), checked.play);
      this.inputHashes.set(memo, h);
    }
    return h;
  }

  /**
   * The backtest's preflight gates once for the whole span (every part of it is some run's warm-up
   * or window), so a gap or missing funding fails the sweep before any run, not after many.
   */
  async preflight(windowFromMs: number): Promise<void> {
    const [fromMs, toMs] = this.spanMs;
    const symbol = this.market.symbol;
    coverageGate(symbol, fromMs, toMs, gapsInColumn(this.window.tsMs, fromMs, toMs));
    if (!this.opts.noFunding)
      fundingGate(symbol, windowFromMs, toMs, (await this.market.instrument()).fundingIntervalMin, this.window.funding);
  }

  /** The run's warm start, input_hash, cache key and job (what a worker needs to run it). */
  async prepare(r: PlayRun): Promise<{ key: string; job: RunJob }> {
    const warmStartMs = playWarmStartMs(r.checked, r.fromMs);
    if (warmStartMs < this.spanMs[0] || r.toMs > this.spanMs[1])
      throw new TradeError(
        'GATE_FAILED',
        `preflight: a run needs ${this.market.symbol} candles ${isoMs(warmStartMs)} .. ${isoMs(r.toMs)}, outside the loaded ${isoMs(this.spanMs[0])} .. ${isoMs(this.spanMs[1])}`,
      );
    const inputHash = await this.inputHash(r.checked, warmStartMs, r.toMs);
    const startEquity = r.equityUsdt ?? r.checked.play.account.starting_equity_usdt;
    const key = hashCanonical(
      preRunManifest(
        { checked: r.checked, symbol: this.market.symbol, fromMs: r.fromMs, toMs: r.toMs, inputHash, opts: this.opts },
        startEquity,
      ),
    );
    return {
      key,
      job: {
        yaml: r.yaml,
        data: r.data,
        file: r.checked.file,
        fromMs: r.fromMs,
        toMs: r.toMs,
        warmStartMs,
        inputHash,
        equityUsdt: r.equityUsdt,
      },
    };
  }

  /** One prepared run on this session's workers (cache first); stored in the cache. */
  async runPrepared(key: string, job: RunJob): Promise<RunSummary> {
    const hit = cachedRun(this.opts.outRoot, key);
    if (hit) return hit;
    // With --queue the local pool only serves runHere: one run at a time, one worker.
    this.pool ??= await WorkerPool.start(this.submitter ? 1 : this.opts.workers, this.init);
    const s = await this.pool.submit(job);
    storeRun(this.opts.outRoot, key, s);
    this.simulated++;
    return s;
  }

  /**
   * One run on this machine even with --queue (cache first), so its artifacts are under this
   * session's outRoot: a walk-forward reads its OOS runs' equity and trades back to stitch them.
   */
  async runHere(r: PlayRun): Promise<RunSummary> {
    const { key, job } = await this.prepare(r);
    return this.runPrepared(key, job);
  }

  /** Backtests every Play (cached ones are read back); results in the order given. */
  async run(runs: readonly PlayRun[], onProgress?: (done: number, total: number) => void): Promise<RunSummary[]> {
    const out: RunSummary[] = new Array(runs.length);
    const todo: { k: number; key: string; job: RunJob }[] = [];
    let done = 0;
    for (const [k, r] of runs.entries()) {
      const { key, job } = await this.prepare(r);
      const hit = cachedRun(this.opts.outRoot, key);
      if (hit) {
        out[k] = hit;
        done++;
      } else todo.push({ k, key, job });
    }
    onProgress?.(done, runs.length);
    if (todo.length === 0) return out;
    const finished = (i: number, s: RunSummary) => {
      const t = todo[i]!;
      storeRun(this.opts.outRoot, t.key, s);
      out[t.k] = s;
      this.simulated++;
      onProgress?.(++done, runs.length);
    };
    if (this.submitter) {
      const engine = engineHash(this.opts.packageVersion);
      await this.submitter.run(
        todo.map((t) => ({
          key: t.key,
          job: t.job,
          symbol: this.market.symbol,
          intrabar: this.opts.intrabar,
          noFunding: this.opts.noFunding,
          engineHash: engine,
        })),
        finished,
      );
      return out;
    }
    this.pool ??= await WorkerPool.start(this.opts.workers, this.init);
    await this.pool.run(
      todo.map((t) => t.job),
      finished,
    );
    return out;
  }

  get workers(): number {
    return this.opts.workers;
  }

  /** Stops the workers and the queue connections. */
  async close(): Promise<void> {
    this.pool?.close();
    await this.submitter?.close();
  }
}
