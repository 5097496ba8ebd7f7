// `trade report <run>... [--out FILE]` and `trade backtest --report`: reads each run's artifacts
// (Parquet through DuckDB), the exec-timeframe candles of its window from the store, and the stop
// and target of each trade's entry order from decisions.parquet when present; builds the page and
// writes it atomically. One run gives its full report, several runs a comparison.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as yamlParse } from 'yaml';
import { bars, queryParquet, withReadStore, writeFileAtomic } from '../data';
import { canonicalJson, isTimeframe, TIMEFRAME_MINUTES } from '../domain';
import { TradeError } from '../errors';
import { sha256Hex } from '../play';
import { chartTfMinutes, type ReportCandles, type ReportRun, reportHtml, type TradeLevels } from '../report';
import { runEquity, runTrades } from './run-exports';
import { DEFAULT_RUNS_ROOT, type RunFiles, readRunFiles, resolveRun } from './runs';

export interface ReportInput {
  refs: readonly string[];
  root?: string;
  dbPath: string;
  /** Output file; default: report.html in the run directory (one run) or compare-<ids>.html in the root. */
  out?: string;
}

export interface ReportOutcome {
  path: string;
  bytes: number;
  runs: string[];
}

function playYamlOf(f: RunFiles): { yaml: string | null; verified: boolean | null; execTf: number | null } {
  const path = join(f.dir, 'play.yml');
  if (!existsSync(path)) return { yaml: null, verified: null, execTf: null };
  const yaml = readFileSync(path, 'utf8');
  const play = yamlParse(yaml) as { timeframes?: { exec?: string } };
  const exec = play?.timeframes?.exec;
  return {
    yaml,
    verified: sha256Hex(canonicalJson(play)) === f.manifest.play_hash,
    execTf: exec !== undefined && isTimeframe(exec) ? TIMEFRAME_MINUTES[exec] : null,
  };
}

/** The exec timeframe from the equity curve when play.yml is missing: its smallest step. */
function execTfFromEquity(tsMs: Float64Array | number[]): number {
  let step = Number.POSITIVE_INFINITY;
  for (let i = 1; i < tsMs.length; i++) step = Math.min(step, tsMs[i]! - tsMs[i - 1]!);
  return Number.isFinite(step) && step >= 60_000 ? Math.round(step / 60_000) : 1;
}

/** Stop and target per trade: the entry order submitted at the trade's entry bar or last before it. */
async function tradeLevels(dir: string, entryTsMs: readonly number[]): Promise<TradeLevels[] | null> {
  const path = join(dir, 'decisions.parquet');
  if (!existsSync(path)) return null;
  const q = await queryParquet(path, {
    select: 'ts_ms, commands_json',
    where: `commands_json LIKE '%"stopLoss"%' OR commands_json LIKE '%"takeProfit"%'`,
  });
  const levels: { tsMs: number; stop: number | null; target: number | null }[] = [];
  for (const [ts, json] of q.rows) {
    const commands = JSON.parse(String(json)) as {
      kind: string;
      order?: { reduceOnly?: boolean; stopLoss?: number; takeProfit?: number };
    }[];
    for (const c of commands) {
      if (c.kind !== 'submit' || !c.order || c.order.reduceOnly) continue;
      if (c.order.stopLoss === undefined && c.order.takeProfit === undefined) continue;
      levels.push({ tsMs: Number(ts), stop: c.order.stopLoss ?? null, target: c.order.takeProfit ?? null });
    }
  }
  let k = -1;
  return entryTsMs.map((t) => {
    while (k + 1 < levels.length && levels[k + 1]!.tsMs <= t) k++;
    const l = levels[k];
    return l ? { stop: l.stop, target: l.target } : { stop: null, target: null };
  });
}

async function runCandles(dbPath: string, symbol: string, fromMs: number, toMs: number, execTf: number): Promise<ReportCandles> {
  const tf = chartTfMinutes(execTf, toMs - fromMs);
  const b = await withReadStore(dbPath, (store) => bars(store, { symbol, fromMs, toMs, tfMinutes: tf }));
  return { execTfMinutes: execTf, chartTfMinutes: tf, tsMs: b.tsMs, open: b.open, high: b.high, low: b.low, close: b.close };
}

async function loadRun(dir: string, dbPath: string, withCandles: boolean): Promise<ReportRun> {
  const f = readRunFiles(dir);
  const trades = await runTrades(dir);
  const eq = await runEquity(dir);
  const col = (name: string) => {
    const i = eq.columns.indexOf(name);
    if (i < 0) throw new TradeError('ARTIFACT', `${join(dir, 'equity.parquet')}: no column ${name}`);
    return eq.rows.map((r) => Number(r[i]));
  };
  const equity = { tsMs: col('ts_ms'), equityUsdt: col('equity_usdt'), drawdownPct: col('drawdown_pct') };
  const play = playYamlOf(f);
  const entryCol = trades.columns.indexOf('entry_ts_ms');
  const w = f.manifest.window;
  const execTf = play.execTf ?? execTfFromEquity(equity.tsMs);
  return {
    run: f.manifest.run_hash.slice(0, 12),
    manifest: f.manifest as unknown as ReportRun['manifest'],
    result: f.result as unknown as ReportRun['result'],
    playYaml: play.yaml,
    playYamlVerified: play.verified,
    trades,
    equity,
    levels: await tradeLevels(
      dir,
      trades.rows.map((r) => Number(r[entryCol])),
    ),
    candles: withCandles ? await runCandles(dbPath, f.result.symbol, w.from_ms, w.to_ms, execTf) : null,
  };
}

export async function report(input: ReportInput): Promise<ReportOutcome> {
  const root = input.root ?? DEFAULT_RUNS_ROOT;
  if (input.refs.length === 0)
    throw new TradeError('USAGE', 'trade report: expected one or more runs (run_hash prefix or directory); trade runs lists them');
  const dirs = input.refs.map((ref) => resolveRun(root, ref));
  const single = dirs.length === 1;
  const runs: ReportRun[] = [];
  for (const dir of dirs) runs.push(await loadRun(dir, input.dbPath, single));
  const html = reportHtml(runs);
  const path =
    input.out ?? (single ? join(dirs[0]!, 'report.html') : join(root, `compare-${runs.map((r) => r.run.slice(0, 8)).join('-')}.html`));
  try {
    writeFileAtomic(path, [html]);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? (cause as Error).message;
    throw new TradeError('OUT_UNWRITABLE', `cannot write the report to ${path} (${code})`, { path }, { cause });
  }
  return { path, bytes: Buffer.byteLength(html), runs: runs.map((r) => r.run) };
}
