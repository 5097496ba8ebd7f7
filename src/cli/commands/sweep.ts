// `trade sweep <play.yml> --param PATH=SPEC ...`: the ranked top-20 table and where the full
// results are (or one JSON object with every variant).
import { TradeError } from '../../errors';
import { metricValue } from '../../tools/research';
import { sweep } from '../../tools/sweep';
import { optionValue } from '../args';
import type { Command, CommandContext } from '../command';
import { table } from '../output';
import { progressBar } from '../progress';

function fmt(x: number | null, digits = 2): string {
  return x === null ? 'n/a' : x.toFixed(digits);
}

export const RESEARCH_OPTIONS = [
  {
    name: 'param',
    value: true,
    repeat: true,
    help: 'PATH=SPEC, repeatable: a dotted Play path and its values, as a range 5..50:5, a list [1,1.5,2] or a log range log:1..100:5',
  },
  { name: 'random', value: true, help: 'sample N variants of the grid (seeded; default every variant)' },
  { name: 'seed', value: true, help: 'with --random: the sample seed (default 1)' },
  {
    name: 'metric',
    value: true,
    help: 'rank by sharpe (default), sortino, return, cagr, calmar, profit_factor, expectancy, win_rate, net_pnl or max_drawdown',
  },
  { name: 'min-trades', value: true, help: 'rank only variants with at least K trades (default 0)' },
  { name: 'workers', value: true, help: 'worker count (default: every core)' },
  {
    name: 'queue',
    value: true,
    help: 'redis://HOST:PORT: put the runs on the BullMQ queue for `trade worker` processes instead of local workers',
  },
  { name: 'symbol', value: true, help: 'override the Play symbol' },
  { name: 'equity', value: true, help: 'starting equity in USDT (default: the Play account)' },
  { name: 'intrabar', value: true, help: 'tie-break inside a 1m bar: path (default), pessimistic, optimistic' },
  { name: 'no-funding', value: false, help: 'run without funding' },
  { name: 'out', value: true, help: 'artifact root of the runs (default backtests)' },
  { name: 'sweeps', value: true, help: 'root of the sweep results (default sweeps)' },
] as const;

/** The inputs `trade sweep` and `trade walkforward` share, from their common options. */
export function researchInput(ctx: CommandContext) {
  const { args } = ctx;
  return {
    playPath: args.positionals[0] as string,
    dbPath: ctx.dbPath,
    params: args.options.get('param') ?? [],
    random: optionValue(args, 'random'),
    seed: optionValue(args, 'seed'),
    metric: optionValue(args, 'metric'),
    minTrades: optionValue(args, 'min-trades'),
    workers: optionValue(args, 'workers'),
    symbol: optionValue(args, 'symbol'),
    from: optionValue(args, 'from'),
    to: optionValue(args, 'to'),
    equity: optionValue(args, 'equity'),
    intrabar: optionValue(args, 'intrabar') ?? 'path',
    noFunding: args.flags.has('no-funding'),
    outRoot: optionValue(args, 'out') ?? 'backtests',
    sweepsRoot: optionValue(args, 'sweeps') ?? 'sweeps',
    queue: optionValue(args, 'queue'),
  };
}

export const sweepCommand: Command = {
  usesCore: true,
  path: ['sweep'],
  usage:
    'trade sweep <play.yml> --param PATH=SPEC [--param ...] [--random N [--seed S]] [--metric M] [--min-trades K] [--workers N | --queue redis://HOST:PORT] [--from ISO] [--to ISO] [--json]',
  summary: 'backtest every variant of a Play over a parameter grid on all cores; rank them; write sweeps/<id>/',
  options: [
    ...RESEARCH_OPTIONS,
    { name: 'from', value: true, help: 'window start, ISO 8601 UTC (default: the latest default start of any variant)' },
    { name: 'to', value: true, help: 'window end, ISO 8601 UTC, exclusive (default: after the last stored minute)' },
  ],
  async run(ctx) {
    const { args } = ctx;
    if (args.positionals.length !== 1) throw new TradeError('USAGE', `trade sweep: expected one Play file, got ${args.positionals.length}`);
    const r = await sweep({
      ...researchInput(ctx),
      onProgress: progressBar(ctx.isTty, ctx.err, 'sweep'),
    });
    const paths = r.plan.params.map((p) => p.path);
    const json = {
      id: r.id,
      dir: r.dir,
      play_id: r.plan.base.play.id,
      symbol: r.symbol,
      window: { from: new Date(r.fromMs).toISOString(), to: new Date(r.toMs).toISOString(), from_ms: r.fromMs, to_ms: r.toMs },
      metric: r.plan.metric,
      min_trades: r.plan.minTrades,
      workers: r.workers,
      queue: r.queue ?? null,
      variants: r.rows.length,
      simulated: r.simulated,
      ranked: r.ranked.length,
      results: r.rows.map((row) => ({
        variant: row.variant,
        rank: row.rank,
        params: row.params,
        play_hash: row.playHash,
        run_hash: row.runHash,
        artifacts: row.artifacts,
        cached: row.cached,
        metrics: row.metrics,
      })),
    };
    // The ranking metric gets its own column unless the table shows it anyway.
    const shown = ['return', 'sharpe', 'max_drawdown'].includes(r.plan.metric);
    const top = r.ranked.slice(0, 20).map((i) => {
      const row = r.rows[i]!;
      const m = row.metrics;
      return [
        String(row.rank),
        String(row.variant),
        ...paths.map((p) => String(row.params[p])),
        ...(shown ? [] : [fmt(metricValue(m, r.plan.metric), 3)]),
        fmt(m.returnPct),
        fmt(m.sharpe),
        fmt(m.maxDrawdownPct),
        String(m.trades),
        row.runHash.slice(0, 12),
      ];
    });
    const head = `sweep ${r.id}: ${r.plan.base.play.id} ${r.symbol} ${json.window.from} .. ${json.window.to}, ${r.rows.length} variants (${r.simulated} run, ${r.rows.length - r.simulated} cached) on ${r.queue ? `the queue ${r.queue}` : `${r.workers} workers`}, ranked by ${r.plan.metric}${r.plan.minTrades > 0 ? ` with >= ${r.plan.minTrades} trades` : ''}: ${r.ranked.length} ranked`;
    const text = [
      head,
      table(['rank', 'variant', ...paths, ...(shown ? [] : [r.plan.metric]), 'return %', 'sharpe', 'max dd %', 'trades', 'run_hash'], top),
      `results ${r.dir}/results.csv, ${r.dir}/results.parquet`,
    ].join('\n');
    return { json, text };
  },
};
