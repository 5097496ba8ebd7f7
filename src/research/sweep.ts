// `trade sweep`: every variant of the plan over one window (the latest default start of any
// variant unless --from is given, so all variants are judged over the same bars), run by the
// research session's workers (cached runs are read back), ranked, and written under sweeps/<id>/.
// The id is a hash of everything that makes the output, so the same sweep lands in the same place.
import { hashCanonical, playWarmStartMs, playWarmup, resolveWindow } from '../backtest';
import type { SymbolMarket } from '../data';
import { isoMs } from '../domain';
import { type Plan, planSpec } from './plan';
import { rankOrder } from './rank';
import { ResearchSession, type SessionOptions } from './session';
import { type SweepRow, writeSweep } from './sweep-output';

export interface SweepOptions extends SessionOptions {
  fromMs?: number;
  toMs?: number;
  equityUsdt?: number;
  sweepsRoot: string;
  onProgress?: (done: number, total: number) => void;
}

export interface SweepOutcome {
  id: string;
  dir: string;
  symbol: string;
  fromMs: number;
  toMs: number;
  workers: number;
  /** Variants simulated now (the rest came from the run cache). */
  simulated: number;
  rows: SweepRow[];
  /** Indices into rows, best first. */
  ranked: number[];
}

/** One window for every variant: --from/--to, else the latest default start and the common end. */
export async function sweepWindow(market: SymbolMarket, plan: Plan, fromMs?: number, toMs?: number): Promise<[number, number]> {
  let from = -Infinity;
  let to = Infinity;
  for (const v of plan.variants) {
    const { warmup1m, largestTfMs } = playWarmup(v.checked);
    const [f, t] = await resolveWindow(market, market.symbol, warmup1m, largestTfMs, { fromMs, toMs });
    from = Math.max(from, f);
    to = Math.min(to, t);
  }
  return [from, to];
}

export async function runSweep(market: SymbolMarket, plan: Plan, opts: SweepOptions): Promise<SweepOutcome> {
  const [fromMs, toMs] = await sweepWindow(market, plan, opts.fromMs, opts.toMs);
  const spanFromMs = Math.min(...plan.variants.map((v) => playWarmStartMs(v.checked, fromMs)));
  const session = await ResearchSession.open(market, spanFromMs, toMs, opts);
  let summaries: Awaited<ReturnType<ResearchSession['run']>>;
  try {
    await session.preflight(fromMs);
    summaries = await session.run(
      plan.variants.map((v) => ({ checked: v.checked, yaml: v.yaml, data: v.data, fromMs, toMs, equityUsdt: opts.equityUsdt })),
      opts.onProgress,
    );
  } finally {
    await session.close();
  }
  const ranked = rankOrder(
    summaries.map((s) => s.metrics),
    plan.metric,
    plan.minTrades,
  );
  const rankOf = new Map(ranked.map((i, r) => [i, r + 1]));
  const rows: SweepRow[] = plan.variants.map((v, i) => ({
    variant: v.index,
    rank: rankOf.get(i) ?? null,
    params: v.params,
    metrics: summaries[i]!.metrics,
    playHash: summaries[i]!.playHash,
    runHash: summaries[i]!.runHash,
    artifacts: summaries[i]!.dir,
    cached: summaries[i]!.cached,
    yaml: v.yaml,
  }));
  const spec = {
    ...planSpec(plan, opts),
    symbol: market.symbol,
    window: { from: isoMs(fromMs), to: isoMs(toMs) },
    run_hashes: rows.map((r) => r.runHash),
  };
  const id = hashCanonical(spec).slice(0, 12);
  const top = ranked.map((i) => ({ rank: rows[i]!.rank, variant: rows[i]!.variant, params: rows[i]!.params, run_hash: rows[i]!.runHash }));
  const dir = await writeSweep(
    opts.sweepsRoot,
    id,
    rows,
    plan.params.map((p) => p.path),
    { id, ...spec, ranking: top },
  );
  return { id, dir, symbol: market.symbol, fromMs, toMs, workers: session.workers, simulated: session.simulated, rows, ranked };
}
