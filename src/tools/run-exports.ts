// A run's trades and equity curve read from its Parquet files through DuckDB (src/data), and
// written as CSV or JSON for `trade trades` / `trade equity`. Numbers are printed in JS's shortest
// round-trip form, so parsing the CSV or JSON gives back exactly the stored doubles.
import { join } from 'node:path';
import { type ParquetRows, type ParquetValue, queryParquet } from '../data';

export type RunTable = ParquetRows;

export function runTrades(dir: string): Promise<RunTable> {
  return queryParquet(join(dir, 'trades.parquet'));
}

export function runEquity(dir: string): Promise<RunTable> {
  return queryParquet(join(dir, 'equity.parquet'));
}

function csvCell(v: ParquetValue): string {
  if (v === null) return '';
  if (typeof v === 'string') return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  return String(v);
}

/** RFC 4180 CSV with a header line; no trailing newline (the CLI prints one). */
export function tableCsv(t: RunTable): string {
  return [t.columns.join(','), ...t.rows.map((r) => r.map(csvCell).join(','))].join('\n');
}

/** One object per row, keys in column order. */
export function tableObjects(t: RunTable): Record<string, ParquetValue>[] {
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i] ?? null])));
}
