// `trade runs` lists the backtests under the artifact root (--root, default backtests/), newest
// first; `trade show <run>` prints one run's summary and hashes; `trade trades <run>` and
// `trade equity <run>` print its trades and equity curve as a table, CSV or JSON, read from the
// Parquet files through DuckDB. A run is a unique run_hash prefix or a run directory. runs, show
// and trades call the tools backtest.list, backtest.show and backtest.trades; equity has no tool.
import { TradeError } from '../../errors';
import type { RunFiles, RunsListResult, RunTable } from '../../tools';
import { resolveRun, runEquity, tableCsv, tableObjects } from '../../tools';
import { optionValue } from '../args';
import type { Command, CommandContext } from '../command';
import { table } from '../output';
import { callCommandTool } from '../tool-call';

const ROOT_OPTION = { name: 'root', value: true, help: 'artifact root the runs are under (default backtests)' } as const;
const FORMAT_OPTION = { name: 'format', value: true, help: 'table (default), csv or json' } as const;

const fmt = (x: number | null | undefined, digits = 2) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

/** The one run the command names (run_hash prefix or directory). */
function runRef(ctx: CommandContext, name: string): string {
  const [ref, ...extra] = ctx.args.positionals;
  if (ref === undefined || extra.length > 0)
    throw new TradeError(
      'USAGE',
      `trade ${name}: expected one run (run_hash prefix or directory), got ${ctx.args.positionals.length}; trade runs lists them`,
    );
  return ref;
}

export const runsCommand: Command = {
  path: ['runs'],
  usage: 'trade runs [--play ID] [--root DIR] [--json]',
  summary: 'list the backtest runs: id, play, symbol, window, trades, return, max drawdown, Sharpe, when it ran',
  options: [{ name: 'play', value: true, help: 'only the runs of this Play id' }, ROOT_OPTION],
  async run(ctx) {
    if (ctx.args.positionals.length > 0)
      throw new TradeError('USAGE', `trade runs: takes no arguments (got '${ctx.args.positionals[0]}'); see trade show <run>`);
    const r = await callCommandTool<RunsListResult>(ctx, 'runs', {
      root: optionValue(ctx.args, 'root'),
      play: optionValue(ctx.args, 'play'),
    });
    const rows = r.runs.map((e) => [
      e.run,
      e.play_id,
      e.symbol,
      `${e.from.slice(0, 16)} .. ${e.to.slice(0, 16)}`,
      String(e.trades),
      fmt(e.return_pct),
      fmt(e.max_drawdown_pct),
      fmt(e.sharpe),
      e.ran_at.slice(0, 19),
    ]);
    const header = ['run', 'play', 'symbol', 'window', 'trades', 'return %', 'max dd %', 'sharpe', 'ran at'];
    const unreadable = r.unreadable.map((u) => `unreadable ${u.dir}: ${u.error}`);
    const text = r.runs.length === 0 ? `no runs under ${r.root}` : table(header, rows);
    return { json: r, text: [text, ...unreadable].join('\n') };
  },
};

export const showCommand: Command = {
  path: ['show'],
  usage: 'trade show <run> [--root DIR] [--verify] [--json]',
  summary: "one backtest run's summary: window, metrics, hashes, artifact files",
  options: [
    ROOT_OPTION,
    { name: 'verify', value: false, help: 'read every artifact back and re-derive its hashes (exit 1 when one differs)' },
  ],
  async run(ctx) {
    const f = await callCommandTool<Omit<RunFiles, 'ranAtMs'> & { verified?: true }>(ctx, 'show', {
      run: runRef(ctx, 'show'),
      root: optionValue(ctx.args, 'root'),
      verify: ctx.args.flags.has('verify'),
    });
    const m = f.result.metrics;
    const metricRows = Object.keys(m).map((k) => [k, typeof m[k] === 'number' ? String(m[k]) : 'n/a']);
    const i = f.result.intrabar;
    const hashes = Object.entries(f.manifest)
      .filter(([k, v]) => k.endsWith('_hash') && typeof v === 'string')
      .map(([k, v]) => `${k} ${v}`);
    const text = [
      `run ${f.manifest.run_hash.slice(0, 12)} ${f.manifest.play_id} ${f.result.symbol} ${f.manifest.window.from} .. ${f.manifest.window.to} (${f.result.bars_1m} 1m bars)`,
      `dir ${f.dir}`,
      table(['metric', 'value'], metricRows),
      `skipped entries ${f.result.skipped_entries_total}; intrabar ${i.mode}: ${i.ambiguous_fills} ambiguous fills, ${i.ambiguous_bars} bars, ${fmt(i.ambiguous_pnl_usdt)} USDT`,
      `options ${JSON.stringify(f.manifest.options)}`,
      ...hashes,
      ...(f.verified ? ['artifact gate: every row count and hash re-derived from the files: ok'] : []),
    ].join('\n');
    return { json: f, text };
  },
};

function printable(t: RunTable, format: string, name: string, ctx: CommandContext) {
  const objects = tableObjects(t);
  if (format === 'json') {
    ctx.out(JSON.stringify(objects));
    return undefined;
  }
  if (format === 'csv') {
    ctx.out(tableCsv(t));
    return undefined;
  }
  const rows = t.rows.map((r) =>
    r.map((v, i) => {
      const col = t.columns[i]!;
      if (col.endsWith('_ts_ms') && typeof v === 'number') return new Date(v).toISOString().slice(0, 19);
      if (typeof v === 'number' && col !== 'qty') return v.toFixed(2);
      return String(v);
    }),
  );
  return { json: objects, text: rows.length === 0 ? `no ${name}` : table(t.columns, rows) };
}

function formatInput(value: string | undefined, allowed: readonly string[], name: string): string {
  const f = value ?? allowed[0]!;
  if (!allowed.includes(f)) throw new TradeError('USAGE', `trade ${name} --format '${f}': expected one of ${allowed.join(', ')}`);
  return f;
}

export const tradesCommand: Command = {
  path: ['trades'],
  usage: 'trade trades <run> [--format table|csv|json] [--root DIR]',
  summary: "a backtest run's trades (trades.parquet) as a table, CSV or JSON",
  options: [FORMAT_OPTION, ROOT_OPTION],
  async run(ctx) {
    const format = ctx.json ? 'json' : formatInput(optionValue(ctx.args, 'format'), ['table', 'csv', 'json'], 'trades');
    const found = await callCommandTool<{ columns: string[]; trades: Record<string, RunTable['rows'][number][number]>[] }>(ctx, 'trades', {
      run: runRef(ctx, 'trades'),
      root: optionValue(ctx.args, 'root'),
    });
    const trades: RunTable = { columns: found.columns, rows: found.trades.map((t) => found.columns.map((c) => t[c] ?? null)) };
    return printable(trades, format, 'trades', ctx);
  },
};

export const equityCommand: Command = {
  path: ['equity'],
  usage: 'trade equity <run> [--format csv|json] [--root DIR]',
  summary: "a backtest run's equity curve (equity.parquet), one row per exec bar, as CSV or JSON",
  options: [{ name: 'format', value: true, help: 'csv (default) or json' }, ROOT_OPTION],
  async run(ctx) {
    const format = ctx.json ? 'json' : formatInput(optionValue(ctx.args, 'format'), ['csv', 'json'], 'equity');
    const dir = resolveRun(optionValue(ctx.args, 'root') ?? 'backtests', runRef(ctx, 'equity'));
    return printable(await runEquity(dir), format, 'equity points', ctx);
  },
};
