// Backtest artifacts: trades.parquet, equity.parquet, result.json, manifest.json (and play.yml) in
// backtests/<play_id>/<run_hash first 12>/. Everything is written into a sibling temp directory
// that is renamed into place at the end, so a run directory is either complete or absent.
// The artifact gate reads them back and re-derives every hash and row count.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// The parquet module itself, not the data barrel: sweep workers load this file and need no store or sync code.
import { writeFileParts } from '../data/atomic-file';
import { encodeParquetParts, readParquetColumns } from '../data/parquet';
import { canonicalJson } from '../domain';
import type { ClosedTrade, Decision, EquityLog } from '../engine';
import { TradeError } from '../errors';
import { hashCanonical, hashColumns, sha256Hex } from './hash';

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
  /** Present when decisions.parquet was written (trade backtest --decisions); not part of run_hash. */
  decisions_hash?: string;
  decisions_rows?: number;
  /**
   * The feature pipeline of the run (trade backtest --features). Not part of run_hash: batch and
   * incremental are proven to give the same columns, decisions and trades (docs/backtest.md).
   */
  features?: 'batch' | 'incremental';
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

/** Canonical trade rows (trades_hash is SHA-256 over canonical JSON of {columns, rows}). */
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

export function equityColumns(log: EquityLog, startEquityUsdt: number): EquityColumns {
  const n = log.length;
  const src = log.columns();
  // Exact-length views of the log's buffers (no copy): the log is not written after the run.
  const c: EquityColumns = {
    tsMs: src.tsMs.subarray(0, n),
    equity: src.equityUsdt.subarray(0, n),
    wallet: src.walletUsdt.subarray(0, n),
    position: src.positionQty.subarray(0, n),
    drawdownPct: new Float64Array(n),
  };
  let peak = startEquityUsdt;
  const eq = c.equity;
  const dd = c.drawdownPct;
  for (let i = 0; i < n; i++) {
    const e = eq[i]!;
    if (e > peak) peak = e;
    dd[i] = peak > 0 ? ((peak - e) / peak) * 100 : 0;
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

/**
 * trades_hash: SHA-256 over canonical JSON of {columns, rows}. The rows hold only finite numbers,
 * strings and booleans, where JSON.stringify already writes the canonical form (shortest round
 * trip, -0 as 0) and keeps the keys in the order given (columns before rows, as sorted): one native
 * call for the whole table. A non-finite number is refused, as canonicalJson refuses it; the
 * artifact gate re-derives the hash the generic way from the file.
 */
export function tradesHash(trades: readonly ClosedTrade[]): string {
  for (const t of trades) {
    const xs = [t.entryTsMs, t.exitTsMs, t.qty, t.entryPrice, t.exitPrice, t.feesUsdt, t.fundingUsdt, t.pnlUsdt, t.maeUsdt, t.mfeUsdt];
    for (const x of xs) if (!Number.isFinite(x)) throw new TradeError('INTERNAL', `canonicalJson: non-finite number ${x} in a trade`);
  }
  return sha256Hex(JSON.stringify({ columns: TRADE_COLUMNS, rows: tradeRows(trades) }));
}

function tradeRowsHash(rows: readonly unknown[][]): string {
  return hashCanonical({ columns: TRADE_COLUMNS, rows });
}

export interface ArtifactInput {
  rootDir: string;
  manifest: Omit<
    Manifest,
    'trades_hash' | 'equity_hash' | 'run_hash' | 'trades_rows' | 'equity_rows' | 'decisions_hash' | 'decisions_rows'
  >;
  trades: readonly ClosedTrade[];
  equity: EquityColumns;
  /** Written as decisions.parquet (and hashed in the manifest) when given. */
  decisions?: readonly Decision[];
  /** The result.json body, or a function giving it (called last, so it can time the writes before it). */
  result: unknown;
  /** The normalized Play as YAML, written as play.yml (for trade report); not part of run_hash. */
  playYaml?: string;
}

export const DECISION_COLUMNS = ['seq', 'ts_ms', 'action', 'case_index', 'tag', 'inputs_json', 'commands_json'] as const;

/** Decision rows: inputs and commands as canonical JSON (NaN as null), so the file is one flat table. */
export function decisionRows(decisions: readonly Decision[]): unknown[][] {
  return decisions.map((d) => [
    d.seq,
    d.tsMs,
    d.action,
    d.caseIndex,
    d.tag,
    canonicalJson(nullNonFinite(d.inputs)),
    canonicalJson(d.commands),
  ]);
}

function nullNonFinite(inputs: Record<string, number>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const k of Object.keys(inputs)) out[k] = Number.isFinite(inputs[k]) ? inputs[k]! : null;
  return out;
}

export function decisionsHash(decisions: readonly Decision[]): string {
  return decisionRowsHash(decisionRows(decisions));
}

function decisionRowsHash(rows: readonly unknown[][]): string {
  return hashCanonical({ columns: DECISION_COLUMNS, rows });
}

export function runDir(rootDir: string, playId: string, runHash: string): string {
  return join(rootDir, playId, runHash.slice(0, 12));
}

export function writeArtifacts(input: ArtifactInput): { dir: string; manifest: Manifest; written: Record<string, number> } {
  /** Bytes written per file (the run's own check compares them with the files on disk). */
  const written: Record<string, number> = {};
  const put = (name: string, columns: Parameters<typeof encodeParquetParts>[0]) => {
    const parts = encodeParquetParts(columns);
    written[name] = parts.reduce((a, p) => a + p.length, 0);
    writeFileParts(join(tmp, name), parts);
  };
  const trades_hash = tradesHash(input.trades);
  const equity_hash = equityHash(input.equity);
  const decisions = input.decisions;
  const decisionTable = decisions ? decisionRows(decisions) : undefined;
  const { features, ...fields } = input.manifest;
  const body = { ...fields, trades_hash, equity_hash, trades_rows: input.trades.length, equity_rows: input.equity.tsMs.length };
  // The run is the same with or without its decisions file, and with either feature pipeline:
  // run_hash covers neither.
  const run_hash = hashCanonical(body);
  const manifest: Manifest = {
    ...body,
    run_hash,
    ...(features ? { features } : {}),
    ...(decisionTable ? { decisions_hash: decisionRowsHash(decisionTable), decisions_rows: decisionTable.length } : {}),
  };
  const dir = runDir(input.rootDir, input.manifest.play_id, run_hash);
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  // Columns straight from the trades (numbers as Float64Array: their bytes are the PLAIN pages).
  const trades = input.trades;
  const num = (get: (t: ClosedTrade) => number) => {
    const col = new Float64Array(trades.length);
    for (let i = 0; i < trades.length; i++) col[i] = get(trades[i]!);
    return col;
  };
  put('trades.parquet', [
    { name: 'entry_ts_ms', type: 'BIGINT', values: num((t) => t.entryTsMs) },
    { name: 'exit_ts_ms', type: 'BIGINT', values: num((t) => t.exitTsMs) },
    { name: 'side', type: 'VARCHAR', values: trades.map((t) => t.side) },
    { name: 'qty', type: 'DOUBLE', values: num((t) => t.qty) },
    { name: 'entry_price', type: 'DOUBLE', values: num((t) => t.entryPrice) },
    { name: 'exit_price', type: 'DOUBLE', values: num((t) => t.exitPrice) },
    { name: 'fees_usdt', type: 'DOUBLE', values: num((t) => t.feesUsdt) },
    { name: 'funding_usdt', type: 'DOUBLE', values: num((t) => t.fundingUsdt) },
    { name: 'pnl_usdt', type: 'DOUBLE', values: num((t) => t.pnlUsdt) },
    { name: 'mae_usdt', type: 'DOUBLE', values: num((t) => t.maeUsdt) },
    { name: 'mfe_usdt', type: 'DOUBLE', values: num((t) => t.mfeUsdt) },
    { name: 'exit_reason', type: 'VARCHAR', values: trades.map((t) => t.exitReason) },
    { name: 'ambiguous', type: 'BOOLEAN', values: trades.map((t) => t.ambiguous) },
  ]);
  const e = input.equity;
  put('equity.parquet', [
    { name: 'ts_ms', type: 'BIGINT', values: e.tsMs },
    { name: 'equity_usdt', type: 'DOUBLE', values: e.equity },
    { name: 'wallet_usdt', type: 'DOUBLE', values: e.wallet },
    { name: 'position_qty', type: 'DOUBLE', values: e.position },
    { name: 'drawdown_pct', type: 'DOUBLE', values: e.drawdownPct },
  ]);
  if (decisionTable) {
    const col = (i: number) => decisionTable.map((r) => r[i] as number | string);
    put('decisions.parquet', [
      { name: 'seq', type: 'BIGINT', values: col(0) },
      { name: 'ts_ms', type: 'BIGINT', values: col(1) },
      { name: 'action', type: 'VARCHAR', values: col(2) },
      { name: 'case_index', type: 'BIGINT', values: col(3) },
      { name: 'tag', type: 'VARCHAR', values: col(4) },
      { name: 'inputs_json', type: 'VARCHAR', values: col(5) },
      { name: 'commands_json', type: 'VARCHAR', values: col(6) },
    ]);
  }
  if (input.playYaml !== undefined) writeFileSync(join(tmp, 'play.yml'), input.playYaml);
  const result = typeof input.result === 'function' ? (input.result as () => unknown)() : input.result;
  const text = (x: unknown) => Buffer.from(`${JSON.stringify(x, null, 2)}\n`);
  const resultBytes = text(result);
  const manifestBytes = text(manifest);
  writeFileSync(join(tmp, 'result.json'), resultBytes);
  writeFileSync(join(tmp, 'manifest.json'), manifestBytes);
  written['result.json'] = resultBytes.length;
  written['manifest.json'] = manifestBytes.length;
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return { dir, manifest, written };
}

/**
 * The run's own check after writing: every file is in place with the size that was encoded. The
 * hashes in the manifest were computed from the columns themselves, and the encoder's round trip
 * (decoded columns = the hashed rows) is proven by its tests and by `verifyArtifacts`, which
 * re-derives every hash from the decoded files: a backtest does not re-read what it just wrote.
 */
export function verifyWritten(dir: string, written: Readonly<Record<string, number>>): void {
  for (const [f, size] of Object.entries(written)) {
    const p = join(dir, f);
    if (!existsSync(p)) throw new TradeError('ARTIFACT', `artifact gate: ${dir}: missing ${f}`);
    const got = statSync(p).size;
    if (got !== size) throw new TradeError('ARTIFACT', `artifact gate: ${dir}: ${f} has ${got} bytes on disk, ${size} were written`);
  }
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
  if (manifest.decisions_hash !== undefined) {
    if (!existsSync(join(dir, 'decisions.parquet'))) fail('missing decisions.parquet');
    const d = readParquetColumns(join(dir, 'decisions.parquet'));
    const dc = DECISION_COLUMNS.map((name) => d.columns.get(name) ?? fail(`decisions.parquet has no column ${name}`));
    const drows = Array.from({ length: d.rows }, (_, i) => dc.map((c) => (c as ArrayLike<unknown>)[i]));
    if (d.rows !== manifest.decisions_rows) fail(`decisions.parquet has ${d.rows} rows, manifest says ${manifest.decisions_rows}`);
    if (hashCanonical({ columns: DECISION_COLUMNS, rows: drows }) !== manifest.decisions_hash)
      fail('decisions_hash does not match decisions.parquet');
  }
  const { run_hash, decisions_hash: _dh, decisions_rows: _dr, features: _f, ...body } = manifest;
  if (hashCanonical(body) !== run_hash) fail('run_hash does not match the manifest body');
  return manifest;
}
