// The stitched out-of-sample record of a walk-forward: each fold's OOS run starts with the equity
// the previous one ended with, so their equity and trades concatenate into one account's history,
// and its metrics are computed like a single run's (metrics.ts) over the span of the test windows.
import { join } from 'node:path';
import { computeMetrics, type Metrics } from '../backtest';
import { readParquetColumns } from '../data';

export interface StitchedOos {
  tsMs: Float64Array;
  equityUsdt: Float64Array;
  metrics: Metrics;
}

export interface OosPart {
  dir: string;
  metrics: Metrics;
  execTfMs: number;
}

export function stitchOos(parts: readonly OosPart[], startEquityUsdt: number, startMs: number, endMs: number): StitchedOos {
  const ts: number[] = [];
  const eq: number[] = [];
  const trades: Parameters<typeof computeMetrics>[0]['trades'][number][] = [];
  let barsInPosition = 0;
  let feesUsdt = 0;
  let fundingUsdt = 0;
  let ambiguousFills = 0;
  for (const p of parts) {
    const e = readParquetColumns(join(p.dir, 'equity.parquet')).columns;
    const t = readParquetColumns(join(p.dir, 'trades.parquet')).columns;
    const ets = e.get('ts_ms') as Float64Array;
    const eqv = e.get('equity_usdt') as Float64Array;
    const pos = e.get('position_qty') as Float64Array;
    for (let i = 0; i < ets.length; i++) {
      ts.push(ets[i]!);
      eq.push(eqv[i]!);
      if (pos[i] !== 0) barsInPosition++;
    }
    const side = t.get('side') as string[];
    const entry = t.get('entry_ts_ms') as Float64Array;
    const exit = t.get('exit_ts_ms') as Float64Array;
    const pnl = t.get('pnl_usdt') as Float64Array;
    const fees = t.get('fees_usdt') as Float64Array;
    const funding = t.get('funding_usdt') as Float64Array;
    const reason = t.get('exit_reason') as string[];
    const ambiguous = t.get('ambiguous') as boolean[];
    for (let i = 0; i < side.length; i++) {
      trades.push({
        side: side[i] as 'long' | 'short',
        pnlUsdt: pnl[i]!,
        feesUsdt: fees[i]!,
        fundingUsdt: funding[i]!,
        bars: (exit[i]! - entry[i]!) / p.execTfMs,
        liquidated: reason[i] === 'liquidation',
        ambiguous: ambiguous[i]!,
      });
    }
    feesUsdt += p.metrics.feesUsdt;
    fundingUsdt += p.metrics.fundingUsdt;
    ambiguousFills += p.metrics.ambiguousFills;
  }
  const tsMs = Float64Array.from(ts);
  const equityUsdt = Float64Array.from(eq);
  const metrics = computeMetrics({
    curve: { tsMs, equity: equityUsdt },
    startEquityUsdt,
    startMs,
    endMs,
    trades,
    barsInPosition,
    feesUsdt,
    fundingUsdt,
    ambiguousFills,
  });
  return { tsMs, equityUsdt, metrics };
}
