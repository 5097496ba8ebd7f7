// Backtest artifacts: trades.parquet, equity.parquet, result.json, manifest.json in
// backtests/<play_id>/<run_hash first 12>/. Everything is written into a sibling temp directory
// that is renamed into place at the end, so a run directory is either complete or absent.
// The artifact gate reads them back and re-derives every hash and row count.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readParquetColumns, writeParquet } from '../data';
import type { ClosedTrade, EquityPoint } from '../engine';
import { TradeError } from '../errors';
import { hashCanonical, hashColumns } from './hash';

export interface Manifest {
  play_id: string;
  play_hash: string;
  input_hash: string;
  engine_hash: string;
  trades_hash: string;
  equity_hash: string;
  run_hash: string;
  window: { from: string; to: string; from_ms: number; to_ms: number };
  options: Record<string, unknown>;
  trades_rows: number;
  equity_rows: number;
}

export const TRADE_COLUMNS = [
  'entry_ts_ms',
  'exit_ts_ms',
  'side',
  'qty',
  'entry_price',
  'exit_price',
  'fees_usdt',
  'funding_usdt',
  'pnl_usdt',
  'mae_usdt',
  'mfe_usdt',
  'exit_reason',
  'ambiguous',
] as const;

/** Canonical trade rows (the bytes trades_hash is computed over). */
export function tradeRows(trades: readonly ClosedTrade[]): unknown[][] {
  return trades.map((t) => [
    t.entryTsMs,
    t.exitTsMs,
    t.side,
    t.qty,
    t.entryPrice,
    t.exitPrice,
    t.feesUsdt,
    t.fundingUsdt,
    t.pnlUsdt,
    t.maeUsdt,
    t.mfeUsdt,
    t.exitReason,
    t.ambiguous,
  ]);
}

export interface EquityColumns {
  tsMs: Float64Array;
  equity: Float64Array;
  wallet: Float64Array;
  position: Float64Array;
  drawdownPct: Float64Array;
}

export function equityColumns(points: readonly EquityPoint[], startEquityUsdt: number): EquityColumns {
  const n = points.length;
  const c: EquityColumns = {
    tsMs: new Float64Array(n),
    equity: new Float64Array(n),
    wallet: new Float64Array(n),
    position: new Float64Array(n),
    drawdownPct: new Float64Array(n),
  };
  let peak = startEquityUsdt;
  for (let i = 0; i < n; i++) {
    const p = points[i]!;
    c.tsMs[i] = p.tsMs;
    c.equity[i] = p.equityUsdt;
    c.wallet[i] = p.walletUsdt;
    c.position[i] = p.positionQty;
    peak = Math.max(peak, p.equityUsdt);
    c.drawdownPct[i] = peak > 0 ? ((peak - p.equityUsdt) / peak) * 100 : 0;
  }
  return c;
}

export function equityHash(c: EquityColumns): string {
  return hashColumns([
    ['ts_ms', c.tsMs],
    ['equity_usdt', c.equity],
    ['wallet_usdt', c.wallet],
    ['position_qty', c.position],
    ['drawdown_pct', c.drawdownPct],
  ]);
}

export function tradesHash(trades: readonly ClosedTrade[]): string {
  return tradeRowsHash(tradeRows(trades));
}

function tradeRowsHash(rows: readonly unknown[][]): string {
  return hashCanonical({ columns: TRADE_COLUMNS, rows });
}

export interface ArtifactInput {
  rootDir: string;
  manifest: Omit<Manifest, 'trades_hash' | 'equity_hash' | 'run_hash' | 'trades_rows' | 'equity_rows'>;
  trades: readonly ClosedTrade[];
  equity: EquityColumns;
  result: unknown;
}

export function runDir(rootDir: string, playId: string, runHash: string): string {
  return join(rootDir, playId, runHash.slice(0, 12));
}

export function writeArtifacts(input: ArtifactInput): { dir: string; manifest: Manifest } {
  const trades_hash = tradesHash(input.trades);
  const equity_hash = equityHash(input.equity);
  const body = { ...input.manifest, trades_hash, equity_hash, trades_rows: input.trades.length, equity_rows: input.equity.tsMs.length };
  const run_hash = hashCanonical(body);
  const manifest: Manifest = { ...body, run_hash };
  const dir = runDir(input.rootDir, input.manifest.play_id, run_hash);
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const rows = tradeRows(input.trades);
  const col = (i: number) => rows.map((r) => r[i] as number | string | boolean);
  writeParquet(join(tmp, 'trades.parquet'), [
    { name: 'entry_ts_ms', type: 'BIGINT', values: col(0) },
    { name: 'exit_ts_ms', type: 'BIGINT', values: col(1) },
    { name: 'side', type: 'VARCHAR', values: col(2) },
    { name: 'qty', type: 'DOUBLE', values: col(3) },
    { name: 'entry_price', type: 'DOUBLE', values: col(4) },
    { name: 'exit_price', type: 'DOUBLE', values: col(5) },
    { name: 'fees_usdt', type: 'DOUBLE', values: col(6) },
    { name: 'funding_usdt', type: 'DOUBLE', values: col(7) },
    { name: 'pnl_usdt', type: 'DOUBLE', values: col(8) },
    { name: 'mae_usdt', type: 'DOUBLE', values: col(9) },
    { name: 'mfe_usdt', type: 'DOUBLE', values: col(10) },
    { name: 'exit_reason', type: 'VARCHAR', values: col(11) },
    { name: 'ambiguous', type: 'BOOLEAN', values: col(12) },
  ]);
  const e = input.equity;
  writeParquet(join(tmp, 'equity.parquet'), [
    { name: 'ts_ms', type: 'BIGINT', values: e.tsMs },
    { name: 'equity_usdt', type: 'DOUBLE', values: e.equity },
    { name: 'wallet_usdt', type: 'DOUBLE', values: e.wallet },
    { name: 'position_qty', type: 'DOUBLE', values: e.position },
    { name: 'drawdown_pct', type: 'DOUBLE', values: e.drawdownPct },
  ]);
  writeFileSync(join(tmp, 'result.json'), `${JSON.stringify(input.result, null, 2)}\n`);
  writeFileSync(join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return { dir, manifest };
}

/** The artifact gate: every file present, row counts and hashes re-derived from what was written. */
export function verifyArtifacts(dir: string): Manifest {
  const fail = (msg: string) => {
    throw new TradeError('ARTIFACT', `artifact gate: ${dir}: ${msg}`);
  };
  for (const f of ['trades.parquet', 'equity.parquet', 'result.json', 'manifest.json']) {
    if (!existsSync(join(dir, f))) fail(`missing ${f}`);
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const t = readParquetColumns(join(dir, 'trades.parquet'));
  const columns = TRADE_COLUMNS.map((name) => {
    const c = t.columns.get(name);
    if (!c) fail(`trades.parquet has no column ${name}`);
    return c!;
  });
  // The same canonical rows tradesHash builds from ClosedTrade objects, straight from the columns.
  const rows = Array.from({ length: t.rows }, (_, i) => columns.map((c) => c[i]));
  if (t.rows !== manifest.trades_rows) fail(`trades.parquet has ${t.rows} rows, manifest says ${manifest.trades_rows}`);
  if (tradeRowsHash(rows) !== manifest.trades_hash) fail('trades_hash does not match trades.parquet');
  const eq = readParquetColumns(join(dir, 'equity.parquet'));
  if (eq.rows !== manifest.equity_rows) fail(`equity.parquet has ${eq.rows} rows, manifest says ${manifest.equity_rows}`);
  const ec = (name: string) => {
    const c = eq.columns.get(name);
    if (!(c instanceof Float64Array)) fail(`equity.parquet has no numeric column ${name}`);
    return c as Float64Array;
  };
  const cols: EquityColumns = {
    tsMs: ec('ts_ms'),
    equity: ec('equity_usdt'),
    wallet: ec('wallet_usdt'),
    position: ec('position_qty'),
    drawdownPct: ec('drawdown_pct'),
  };
  if (equityHash(cols) !== manifest.equity_hash) fail('equity_hash does not match equity.parquet');
  const { run_hash, ...body } = manifest;
  if (hashCanonical(body) !== run_hash) fail('run_hash does not match the manifest body');
  return manifest;
}
