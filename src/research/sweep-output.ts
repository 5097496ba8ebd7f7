// What a sweep writes under sweeps/<id>/: results.csv (every variant, in variant order, with its
// rank), results.parquet (the same rows, written by DuckDB from the CSV), sweep.json (the spec and
// the ranking) and plays/<variant>.yml (each variant's Play: `trade backtest` on it gives the same
// run_hash). Written in a temp directory renamed into place, so sweeps/<id>/ is whole or absent.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Metrics } from '../backtest';
import { Db } from '../data';
import { sqlString } from '../data/duckdb';
import { replaceDirAtomic } from './atomic-dir';

export interface SweepRow {
  variant: number;
  rank: number | null;
  params: Record<string, number>;
  metrics: Metrics;
  playHash: string;
  runHash: string;
  artifacts: string;
  cached: boolean;
  yaml: string;
}

const METRIC_COLUMNS: readonly [string, keyof Metrics][] = [
  ['return_pct', 'returnPct'],
  ['sharpe', 'sharpe'],
  ['sortino', 'sortino'],
  ['calmar', 'calmar'],
  ['cagr_pct', 'cagrPct'],
  ['profit_factor', 'profitFactor'],
  ['max_drawdown_pct', 'maxDrawdownPct'],
  ['trades', 'trades'],
  ['win_rate_pct', 'winRatePct'],
  ['expectancy_usdt', 'expectancyUsdt'],
  ['net_pnl_usdt', 'netPnlUsdt'],
];

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function resultsCsv(rows: readonly SweepRow[], paramPaths: readonly string[]): string {
  const head = ['variant', 'rank', ...paramPaths, ...METRIC_COLUMNS.map(([c]) => c), 'play_hash', 'run_hash', 'artifacts'];
  const lines = [head.join(',')];
  for (const r of rows) {
    const cells = [
      r.variant,
      r.rank,
      ...paramPaths.map((p) => r.params[p]),
      ...METRIC_COLUMNS.map(([, f]) => r.metrics[f]),
      r.playHash,
      r.runHash,
      r.artifacts,
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}

async function csvToParquet(csvPath: string, parquetPath: string): Promise<void> {
  const db = await Db.open(':memory:');
  try {
    await db.run(
      `COPY (SELECT * FROM read_csv(${sqlString(csvPath)}, header = true, nullstr = '', auto_detect = true)) TO ${sqlString(parquetPath)} (FORMAT parquet)`,
    );
  } finally {
    db.close();
  }
}

/** Writes sweeps/<id>/ atomically; returns its path. */
export async function writeSweep(
  root: string,
  id: string,
  rows: readonly SweepRow[],
  paramPaths: readonly string[],
  spec: unknown,
): Promise<string> {
  const dir = join(root, id);
  await replaceDirAtomic(dir, root, async (tmp) => {
    mkdirSync(join(tmp, 'plays'), { recursive: true });
    const csvPath = join(tmp, 'results.csv');
    writeFileSync(csvPath, resultsCsv(rows, paramPaths));
    await csvToParquet(resolve(csvPath), resolve(join(tmp, 'results.parquet')));
    writeFileSync(join(tmp, 'sweep.json'), `${JSON.stringify(spec, null, 2)}\n`);
    for (const r of rows) writeFileSync(join(tmp, 'plays', `${String(r.variant).padStart(4, '0')}.yml`), r.yaml);
  });
  return dir;
}
