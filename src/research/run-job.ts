// One sweep run with no I/O but its artifacts: check the Play text, simulate it over its view of
// the shared columns, write and verify the artifacts (recordRun, as `trade backtest` does).
// Runs in a sweep worker, and in-process for tests.
import { recordRun, simulate } from '../backtest';
import type { CandleColumns, FundingColumns } from '../domain';
import { checkPlaySource, defaultCatalog } from '../dsl';
import { TradeError } from '../errors';
import { windowView } from './shared-window';
import type { RunJob, RunSummary, WorkerInit } from './worker-protocol';

export interface RunContext extends Omit<WorkerInit, 'type' | 'columns'> {
  candles: CandleColumns;
  funding: FundingColumns;
}

export function runJob(ctx: RunContext, job: RunJob): RunSummary {
  const r = checkPlaySource(job.yaml, job.file, defaultCatalog());
  if (!r.checked) throw new TradeError('PLAY_INVALID', `${job.file}: ${r.issues[0]?.message ?? 'invalid Play'}`);
  const checked = r.checked;
  const window = windowView(ctx.candles, ctx.funding, job.warmStartMs, job.toMs);
  const opts = {
    intrabar: ctx.intrabar,
    noFunding: ctx.noFunding,
    equityUsdt: job.equityUsdt,
    outRoot: ctx.outRoot,
    packageVersion: ctx.packageVersion,
    features: 'batch' as const,
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
