// The backtest runs under an artifact root (backtests/<play_id>/<run_hash first 12>/): listing them
// (`trade runs`), naming one by a unique run_hash prefix or its directory, and reading its manifest
// and result.json. Reads only; a directory without manifest.json (or a `.tmp` one being written)
// is not a run.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Manifest, verifyArtifacts } from '../backtest';
import { TradeError } from '../errors';

export const DEFAULT_RUNS_ROOT = 'backtests';

/** result.json as trade backtest writes it (the fields the run commands read). */
export interface RunResultFile {
  play_id: string;
  symbol: string;
  window: { from: string; to: string };
  bars_1m: number;
  metrics: Record<string, number | null>;
  open_position: unknown;
  closed_trades_pnl_usdt: number;
  skipped_entries: { reason: string; count: number }[];
  skipped_entries_total: number;
  intrabar: { mode: string; ambiguous_bars: number; ambiguous_fills: number; ambiguous_pnl_usdt: number };
}

export interface RunListEntry {
  /** run_hash first 12 hex (the directory name). */
  run: string;
  run_hash: string;
  play_id: string;
  symbol: string;
  from: string;
  to: string;
  trades: number;
  return_pct: number | null;
  max_drawdown_pct: number | null;
  sharpe: number | null;
  /** When the run was written: manifest.json's modification time (ISO). */
  ran_at: string;
  dir: string;
}

export interface RunFiles {
  dir: string;
  manifest: Manifest;
  result: RunResultFile;
  ranAtMs: number;
}

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (cause) {
    throw new TradeError('ARTIFACT', `cannot read ${path}: ${(cause as Error).message.split('\n')[0]}`, { path }, { cause });
  }
}

export function readRunFiles(dir: string): RunFiles {
  const manifest = readJson<Manifest>(join(dir, 'manifest.json'));
  if (typeof manifest.run_hash !== 'string' || typeof manifest.play_id !== 'string')
    throw new TradeError('ARTIFACT', `${join(dir, 'manifest.json')}: expected run_hash and play_id strings`);
  const result = readJson<RunResultFile>(join(dir, 'result.json'));
  return { dir, manifest, result, ranAtMs: statSync(join(dir, 'manifest.json')).mtimeMs };
}

/** The run directories under `root`: <root>/<play>/<run>/manifest.json, sorted by path. */
export function runDirs(root: string): string[] {
  if (!existsSync(root)) return [];
  const dirs: string[] = [];
  for (const play of readdirSync(root).sort()) {
    const playDir = join(root, play);
    if (!statSync(playDir).isDirectory()) continue;
    for (const run of readdirSync(playDir).sort()) {
      if (run.endsWith('.tmp')) continue;
      if (existsSync(join(playDir, run, 'manifest.json'))) dirs.push(join(playDir, run));
    }
  }
  return dirs;
}

function listEntry(f: RunFiles): RunListEntry {
  const m = f.result.metrics;
  return {
    run: f.manifest.run_hash.slice(0, 12),
    run_hash: f.manifest.run_hash,
    play_id: f.manifest.play_id,
    symbol: f.result.symbol,
    from: f.manifest.window.from,
    to: f.manifest.window.to,
    trades: f.manifest.trades_rows,
    return_pct: m.returnPct ?? null,
    max_drawdown_pct: m.maxDrawdownPct ?? null,
    sharpe: m.sharpe ?? null,
    ran_at: new Date(Math.floor(f.ranAtMs)).toISOString(),
    dir: f.dir,
  };
}

export interface RunsListResult {
  root: string;
  runs: RunListEntry[];
  /** Directories with a manifest that could not be read, with the reason. */
  unreadable: { dir: string; error: string }[];
}

/** Runs under `root` (optionally of one Play), newest first, then by run id. */
export function runsList(input: { root?: string; play?: string }): RunsListResult {
  const root = input.root ?? DEFAULT_RUNS_ROOT;
  const runs: RunListEntry[] = [];
  const unreadable: RunsListResult['unreadable'] = [];
  for (const dir of runDirs(root)) {
    try {
      const f = readRunFiles(dir);
      if (input.play === undefined || f.manifest.play_id === input.play) runs.push(listEntry(f));
    } catch (e) {
      unreadable.push({ dir, error: (e as Error).message });
    }
  }
  runs.sort((a, b) => (a.ran_at < b.ran_at ? 1 : a.ran_at > b.ran_at ? -1 : a.run < b.run ? -1 : a.run > b.run ? 1 : 0));
  return { root, runs, unreadable };
}

/**
 * The directory of the run `ref` names: a directory holding manifest.json, or a unique prefix of a
 * run_hash under `root`. No match or several matches is RUN_UNKNOWN (exit 2), naming the candidates.
 */
export function resolveRun(root: string, ref: string): string {
  if (ref === '') throw new TradeError('RUN_UNKNOWN', 'run is empty: expected a run_hash prefix or a run directory; trade runs lists them');
  if (existsSync(join(ref, 'manifest.json'))) return ref;
  if (!/^[0-9a-f]+$/.test(ref))
    throw new TradeError('RUN_UNKNOWN', `run '${ref}': not a run directory (no manifest.json) and not a run_hash prefix (hex)`, { ref });
  const matches: { dir: string; hash: string }[] = [];
  for (const dir of runDirs(root)) {
    // The directory name is the hash's first 12: read the manifest only when the name can match.
    const name = dir.slice(dir.lastIndexOf('/') + 1);
    if (!(ref.startsWith(name) || name.startsWith(ref))) continue;
    try {
      const hash = readJson<Manifest>(join(dir, 'manifest.json')).run_hash;
      if (typeof hash === 'string' && hash.startsWith(ref)) matches.push({ dir, hash });
    } catch {
      // An unreadable manifest is not a candidate; trade runs reports it.
    }
  }
  if (matches.length === 1) return matches[0]!.dir;
  if (matches.length === 0)
    throw new TradeError('RUN_UNKNOWN', `no run under ${root} has a run_hash starting with '${ref}'; trade runs lists them`, { ref });
  const names = matches.map((m) => `${m.hash.slice(0, Math.max(12, ref.length + 4))} (${relative(root, m.dir)})`);
  throw new TradeError('RUN_UNKNOWN', `run '${ref}' is ambiguous under ${root}: ${names.join(', ')}; give more of the run_hash`, {
    ref,
    candidates: matches.map((m) => m.hash),
  });
}

/**
 * The full artifact gate on a run directory (`trade show --verify`): decodes every Parquet file
 * and re-derives the row counts, trades_hash, equity_hash, decisions_hash and run_hash from what
 * is on disk. A backtest checks only the sizes it wrote; this reads everything back.
 */
export function verifyRun(dir: string): Manifest {
  return verifyArtifacts(dir);
}
