// Ranking metrics of `--metric`: each names a field of the run metrics and whether higher is
// better. Runs with fewer trades than --min-trades, or without the metric (null), are unranked;
// ties keep the variant order, so a ranking is deterministic.
import type { Metrics } from '../backtest';
import { TradeError } from '../errors';

export const RANK_METRICS = {
  sharpe: { field: 'sharpe', higherBetter: true },
  sortino: { field: 'sortino', higherBetter: true },
  return: { field: 'returnPct', higherBetter: true },
  cagr: { field: 'cagrPct', higherBetter: true },
  calmar: { field: 'calmar', higherBetter: true },
  profit_factor: { field: 'profitFactor', higherBetter: true },
  expectancy: { field: 'expectancyUsdt', higherBetter: true },
  win_rate: { field: 'winRatePct', higherBetter: true },
  net_pnl: { field: 'netPnlUsdt', higherBetter: true },
  max_drawdown: { field: 'maxDrawdownPct', higherBetter: false },
} as const satisfies Record<string, { field: keyof Metrics; higherBetter: boolean }>;

export type RankMetric = keyof typeof RANK_METRICS;

export function rankMetricInput(text: string | undefined, option = '--metric'): RankMetric {
  const m = text ?? 'sharpe';
  if (!(m in RANK_METRICS))
    throw new TradeError('USAGE', `${option} '${m}': expected one of ${Object.keys(RANK_METRICS).join(', ')}`, { option, value: m });
  return m as RankMetric;
}

export function metricValue(metrics: Metrics, metric: RankMetric): number | null {
  const v = metrics[RANK_METRICS[metric].field];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Indices of the ranked entries, best first (unranked ones left out). */
export function rankOrder(metrics: readonly Metrics[], metric: RankMetric, minTrades: number): number[] {
  const sign = RANK_METRICS[metric].higherBetter ? -1 : 1;
  return metrics
    .map((m, i) => ({ i, v: metricValue(m, metric), ok: m.trades >= minTrades }))
    .filter((e) => e.ok && e.v !== null)
    .sort((a, b) => sign * ((a.v as number) - (b.v as number)) || a.i - b.i)
    .map((e) => e.i);
}
