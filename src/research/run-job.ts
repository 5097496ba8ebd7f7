// One sweep run with no I/O but its artifacts: check the Play text, simulate it over its view of
// the shared columns, write and verify the artifacts (recordRun, as `trade backtest` does).
// Runs in a sweep worker, and in-process for tests.
import { fastResample, recordRun, simulate } from '../backtest';
import { type CachedResampler, cachedResampler } from '../data/resample-cache';
import { type CandleColumns, type FundingColumns, sliceCandlesAndFunding } from '../domain';
import { TradeError } from '../errors';
import { jobPlay } from './job-play';
import type { RunJob, RunSummary, WorkerInit } from './worker-protocol';

export interface RunContext extends Omit<WorkerInit, 'type' | 'columns'> {
  candles: CandleColumns;
  funding: FundingColumns;
}

/** One resample per timeframe for every run over the same shared columns. */
const resamplers = new WeakMap<CandleColumns, CachedResampler>();

function resamplerOf(candles: CandleColumns): CachedResampler {
  let r = resamplers.get(candles);
  if (r === undefined) {
    r = cachedResampler(candles, fastResample);
    resamplers.set(candles, r);
  }
  return r;
}

export function runJob(ctx: RunContext, job: RunJob): RunSummary {
  const r = jobPlay(job);
  if (!r.checked) throw new TradeError('PLAY_INVALID', `${job.file}: ${r.issues[0]?.message ?? 'invalid Play'}`);
  const checked = r.checked;
  const window = sliceCandlesAndFunding(ctx.candles, ctx.funding, job.warmStartMs, job.toMs);
  const opts = {
    intrabar: ctx.intrabar,
    noFunding: ctx.noFunding,
    equityUsdt: job.equityUsdt,
    outRoot: ctx.outRoot,
    packageVersion: ctx.packageVersion,
    features: 'batch' as const,
    resampler: resamplerOf(ctx.candles),
  };
  const sim = simulate({
    play: checked.play,
    checked,
    symbol: ctx.symbol,
    instrument: ctx.instrument,
    window,
    fromMs: job.fromMs,
    toMs: job.toMs,
    warmStartMs: job.warmStartMs,
    opts,
  });
  const out = recordRun(sim, { checked, symbol: ctx.symbol, fromMs: job.fromMs, toMs: job.toMs, inputHash: job.inputHash, opts });
  return {
    runHash: out.manifest.run_hash,
    playHash: out.manifest.play_hash,
    inputHash: out.manifest.input_hash,
    dir: out.dir,
    metrics: out.metrics,
    cached: false,
  };
}
