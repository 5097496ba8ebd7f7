// The plan shared by `trade sweep` and `trade walkforward`: the base Play, its --param specs and
// the checked variants (grid or seeded sample), the ranking metric and the minimum trade count.
// Everything here is checked before any data is read, so a bad option fails at once.
import { readFileSync } from 'node:fs';
import type { CheckedPlay } from '../dsl';
import { defaultCatalog, loadPlay } from '../dsl';
import { TradeError } from '../errors';
import { intInput } from './inputs';
import { type ParamSpec, parseParams } from './param-spec';
import { type RankMetric, rankMetricInput } from './rank';
import { baseDocument, buildVariants, combinationIndices, type Variant } from './variants';

export interface PlanInput {
  playPath: string;
  params: readonly string[];
  random?: string;
  seed?: string;
  metric?: string;
  minTrades?: string;
}

export interface Plan {
  base: CheckedPlay;
  params: ParamSpec[];
  variants: Variant[];
  random?: number;
  seed: number;
  metric: RankMetric;
  minTrades: number;
}

export function makePlan(input: PlanInput): Plan {
  const params = parseParams(input.params);
  const metric = rankMetricInput(input.metric);
  const minTrades = intInput(input.minTrades, '--min-trades', 0, 1_000_000_000, 0);
  const random = input.random === undefined ? undefined : intInput(input.random, '--random', 1, 1_000_000, 1);
  if (input.seed !== undefined && random === undefined) throw new TradeError('USAGE', '--seed: only with --random N');
  const seed = intInput(input.seed, '--seed', 0, 2 ** 32 - 1, 1);
  const base = loadPlay(input.playPath, defaultCatalog());
  const text = readFileSync(input.playPath, 'utf8');
  const doc = baseDocument(text, input.playPath, params);
  const variants = buildVariants(doc, input.playPath, params, combinationIndices(params, random, seed), defaultCatalog());
  return { base, params, variants, random, seed, metric, minTrades };
}

/** What a sweep's or a walk-forward's spec says of its plan and run options (hashed into its id). */
export function planSpec(plan: Plan, opts: { intrabar: string; noFunding: boolean; equityUsdt?: number }) {
  return {
    play_id: plan.base.play.id,
    base_play_hash: plan.base.hash,
    params: plan.params.map((p) => ({ path: p.path, values: p.values })),
    random: plan.random ?? null,
    seed: plan.random === undefined ? null : plan.seed,
    metric: plan.metric,
    min_trades: plan.minTrades,
    options: { intrabar: opts.intrabar, no_funding: opts.noFunding, equity_usdt: opts.equityUsdt ?? null },
  };
}
