// `trade walkforward`: folds over the window (folds.ts); every fold's in-sample sweep runs in one
// batch on the workers or the --queue (each run sees only bars before its test window, warm-up
// included); the best variant of each fold by the metric (--min-trades applies) then runs out of
// sample on this machine, fold after fold, each starting with the equity the previous one ended
// with; the OOS runs are stitched into one record (stitch.ts). Written under <sweeps>/wf-<id>/
// atomically.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashCanonical, type Metrics, playWarmStartMs } from '../backtest';
import { type SymbolMarket, writeParquet } from '../data';
import { isoMs, MINUTE_MS, TIMEFRAME_MINUTES, type Timeframe } from '../domain';
import { replaceDirAtomic } from './atomic-dir';
import { type Fold, walkForwardFolds } from './folds';
import { type Plan, planSpec } from './plan';
import { rankOrder } from './rank';
import { ResearchSession, type SessionOptions } from './session';
import { stitchOos } from './stitch';
import { sweepWindow } from './sweep';
import type { RunSummary } from './worker-protocol';

export interface WalkForwardOptions extends SessionOptions {
  fromMs?: number;
  toMs?: number;
  trainMs: number;
  testMs: number;
  stepMs: number;
  anchored: boolean;
  equityUsdt?: number;
  sweepsRoot: string;
  onProgress?: (done: number, total: number) => void;
}

export interface FoldResult extends Fold {
  /** The chosen variant (null: no variant ranked in sample, the fold is not traded). */
  variant: number | null;
  params: Record<string, number> | null;
  inSample: Metrics | null;
  outOfSample: Metrics | null;
  inSampleRunHash: string | null;
  outOfSampleRunHash: string | null;
  outOfSampleDir: string | null;
  /** Every in-sample run of the fold, in variant order. */
  inSampleRunHashes: string[];
}

export interface WalkForwardOutcome {
  id: string;
  dir: string;
  symbol: string;
  fromMs: number;
  toMs: number;
  folds: FoldResult[];
  /** Share of traded folds whose OOS run made money (null without a traded fold). */
  profitableShare: number | null;
  stitched: { metrics: Metrics; points: number } | null;
  simulated: number;
  workers: number;
}

function execTfMs(plan: Plan, variant: number): number {
  const tf = plan.variants[variant]!.checked.play.timeframes.exec as Timeframe;
  return TIMEFRAME_MINUTES[tf] * MINUTE_MS;
}

export async function runWalkForward(market: SymbolMarket, plan: Plan, opts: WalkForwardOptions): Promise<WalkForwardOutcome> {
  const [fromMs, toMs] = await sweepWindow(market, plan, opts.fromMs, opts.toMs);
  const folds = walkForwardFolds({
    fromMs,
    toMs,
    trainMs: opts.trainMs,
    testMs: opts.testMs,
    stepMs: opts.stepMs,
    anchored: opts.anchored,
  });
  const spanFromMs = Math.min(...plan.variants.map((v) => playWarmStartMs(v.checked, fromMs)));
  // Every run starts at or after fromMs, so the warm-up of each lies inside the loaded span.
  const session = await ResearchSession.open(market, spanFromMs, toMs, opts);
  const startEquityUsdt = opts.equityUsdt ?? plan.base.play.account.starting_equity_usdt;
  const results: FoldResult[] = [];
  const oosParts: { dir: string; metrics: Metrics; execTfMs: number }[] = [];
  try {
    await session.preflight(fromMs);
    const nv = plan.variants.length;
    const inSample = await session.run(
      folds.flatMap((f) =>
        plan.variants.map((v) => ({
          checked: v.checked,
          yaml: v.yaml,
          data: v.data,
          fromMs: f.trainFromMs,
          toMs: f.trainToMs,
          equityUsdt: opts.equityUsdt,
        })),
      ),
      opts.onProgress,
    );
    let equityUsdt = startEquityUsdt;
    for (const f of folds) {
      const runs = inSample.slice(f.index * nv, (f.index + 1) * nv);
      const best = rankOrder(
        runs.map((r) => r.metrics),
        plan.metric,
        plan.minTrades,
      )[0];
      let oos: RunSummary | undefined;
      if (best !== undefined) {
        const v = plan.variants[best]!;
        // Here even with --queue: stitching reads the OOS artifacts, which a worker keeps on its machine.
        oos = await session.runHere({ checked: v.checked, yaml: v.yaml, data: v.data, fromMs: f.testFromMs, toMs: f.testToMs, equityUsdt });
        equityUsdt = oos.metrics.endEquityUsdt;
        oosParts.push({ dir: oos.dir, metrics: oos.metrics, execTfMs: execTfMs(plan, best) });
      }
      results.push({
        ...f,
        variant: best ?? null,
        params: best === undefined ? null : plan.variants[best]!.params,
        inSample: best === undefined ? null : runs[best]!.metrics,
        outOfSample: oos?.metrics ?? null,
        inSampleRunHash: best === undefined ? null : runs[best]!.runHash,
        outOfSampleRunHash: oos?.runHash ?? null,
        outOfSampleDir: oos?.dir ?? null,
        inSampleRunHashes: runs.map((r) => r.runHash),
      });
    }
  } finally {
    await session.close();
  }
  const traded = results.filter((r) => r.outOfSample !== null);
  const profitableShare = traded.length === 0 ? null : traded.filter((r) => r.outOfSample!.netPnlUsdt > 0).length / traded.length;
  const stitched = oosParts.length === 0 ? undefined : stitchOos(oosParts, startEquityUsdt, traded[0]!.testFromMs, traded.at(-1)!.testToMs);
  const spec = {
    ...planSpec(plan, opts),
    symbol: market.symbol,
    window: { from: isoMs(fromMs), to: isoMs(toMs) },
    train_ms: opts.trainMs,
    test_ms: opts.testMs,
    step_ms: opts.stepMs,
    anchored: opts.anchored,
    oos_run_hashes: results.map((r) => r.outOfSampleRunHash),
  };
  const id = hashCanonical(spec).slice(0, 12);
  const dir = join(opts.sweepsRoot, `wf-${id}`);
  const report = {
    id,
    ...spec,
    folds: results.map(foldJson),
    profitable_share: profitableShare,
    stitched_oos: stitched ? { metrics: stitched.metrics, points: stitched.tsMs.length } : null,
  };
  await replaceDirAtomic(dir, opts.sweepsRoot, (tmp) => {
    writeFileSync(join(tmp, 'walkforward.json'), `${JSON.stringify(report, null, 2)}\n`);
    if (stitched)
      writeParquet(join(tmp, 'oos_equity.parquet'), [
        { name: 'ts_ms', type: 'BIGINT', values: stitched.tsMs },
        { name: 'equity_usdt', type: 'DOUBLE', values: stitched.equityUsdt },
      ]);
  });
  return {
    id,
    dir,
    symbol: market.symbol,
    fromMs,
    toMs,
    folds: results,
    profitableShare,
    stitched: stitched ? { metrics: stitched.metrics, points: stitched.tsMs.length } : null,
    simulated: session.simulated,
    workers: session.workers,
  };
}

export function foldJson(f: FoldResult) {
  return {
    fold: f.index,
    train: { from: isoMs(f.trainFromMs), to: isoMs(f.trainToMs), from_ms: f.trainFromMs, to_ms: f.trainToMs },
    test: { from: isoMs(f.testFromMs), to: isoMs(f.testToMs), from_ms: f.testFromMs, to_ms: f.testToMs },
    variant: f.variant,
    params: f.params,
    in_sample: f.inSample,
    out_of_sample: f.outOfSample,
    in_sample_run_hash: f.inSampleRunHash,
    out_of_sample_run_hash: f.outOfSampleRunHash,
    out_of_sample_artifacts: f.outOfSampleDir,
    in_sample_run_hashes: f.inSampleRunHashes,
  };
}
