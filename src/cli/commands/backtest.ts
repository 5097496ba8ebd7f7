// `trade backtest <play.yml>` (tool backtest.run): gates, run, summary table and artifact path (or
// one JSON object); a progress bar on stderr when it is a terminal.
import { TradeError } from '../../errors';
import { type BacktestRunData, FEATURE_PIPELINES, INTRABAR_MODES } from '../../tools';
import { optionValue, type ParsedArgs } from '../args';
import type { Command } from '../command';
import { table } from '../output';
import { callCommandTool } from '../tool-call';

/** A figure with `digits` decimals; a metric without meaning (null) is n/a. */
function fmt(x: number | null, digits = 2): string {
  if (x === null) return 'n/a';
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

function openPositionText(r: BacktestRunData): string {
  const p = r.openPosition;
  if (!p) return 'none';
  const u = p.unrealizedPnlUsdt;
  return `${p.side} ${p.qty} @ ${p.entryPrice}, unrealised ${u >= 0 ? '+' : ''}${fmt(u)} USDT`;
}

function skippedText(r: BacktestRunData): string {
  if (r.skippedEntriesTotal === 0) return '0';
  return `${r.skippedEntriesTotal} (${r.skippedEntries.map((s) => `${s.reason}: ${s.count}`).join(', ')})`;
}

export function summaryText(r: BacktestRunData): string {
  const m = r.metrics;
  const rows: string[][] = [
    ['start / end equity (USDT)', `${fmt(m.startEquityUsdt)} / ${fmt(m.endEquityUsdt)}`],
    ['net PnL (USDT)', fmt(m.netPnlUsdt)],
    ['closed trades PnL (USDT)', fmt(r.closedTradesPnlUsdt)],
    ['open position at end', openPositionText(r)],
    ['return %', fmt(m.returnPct)],
    ['CAGR %', fmt(m.cagrPct)],
    ['Sharpe / Sortino', `${fmt(m.sharpe)} / ${fmt(m.sortino)}`],
    ['Calmar', fmt(m.calmar)],
    ['max drawdown', `${fmt(m.maxDrawdownPct)}% / ${fmt(m.maxDrawdownUsdt)} USDT / ${fmt(m.maxDrawdownDurationDays, 1)} d`],
    ['trades (long / short)', `${m.trades} (${m.longTrades} / ${m.shortTrades})`],
    ['win rate %', fmt(m.winRatePct)],
    ['profit factor', fmt(m.profitFactor)],
    ['expectancy (USDT)', fmt(m.expectancyUsdt)],
    ['avg win / loss (USDT)', `${fmt(m.avgWinUsdt)} / ${fmt(m.avgLossUsdt)}`],
    ['exposure %', fmt(m.exposurePct)],
    ['avg bars in trade', fmt(m.avgBarsInTrade, 1)],
    ['fees / funding (USDT)', `${fmt(m.feesUsdt)} / ${fmt(m.fundingUsdt)}`],
    ['liquidations', String(m.liquidations)],
    ['skipped entries', skippedText(r)],
    [
      'ambiguous fills',
      `${m.ambiguousFills} (${r.intrabar.ambiguousBars} bars, ${fmt(r.intrabar.ambiguousPnlUsdt)} USDT depended on --intrabar ${r.intrabar.mode})`,
    ],
  ];
  const head = `${r.playId} ${r.symbol} ${r.from} .. ${r.to} (${r.bars1m} 1m bars)`;
  return [head, table(['metric', 'value'], rows), `artifacts ${r.dir}`, `run_hash ${r.runHash}`].join('\n');
}

/** `--intrabar` / `--features`: one of `allowed`; left out, the tool's default applies. */
function choiceOption(args: ParsedArgs, name: string, allowed: readonly string[]): string | undefined {
  const v = optionValue(args, name);
  if (v !== undefined && !allowed.includes(v)) throw new TradeError('USAGE', `--${name} must be one of ${allowed.join(', ')} (got '${v}')`);
  return v;
}

/** The bar on stderr, drawn from the first second on at most every 100 ms. */
function progressBar(): (done: number, total: number) => void {
  let lastDraw = 0;
  const startedMs = performance.now();
  return (done, total) => {
    const now = performance.now();
    if (now - startedMs < 1000 || (now - lastDraw < 100 && done < total)) return;
    lastDraw = now;
    const width = 30;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.floor((done / Math.max(total, 1)) * 100)}%${done >= total ? '\n' : ''}`,
    );
  };
}

export const backtestCommand: Command = {
  usesCore: true,
  path: ['backtest'],
  usage:
    'trade backtest <play.yml> [--symbol SYM] [--from ISO] [--to ISO] [--equity USDT] [--intrabar path|pessimistic|optimistic] [--features batch|incremental] [--no-funding] [--decisions] [--report] [--out DIR] [--like SESSION [--state DIR]] [--json]',
  summary: 'run a Play over stored 1m data with the simulated perpetual; write hashed artifacts',
  options: [
    { name: 'symbol', value: true, help: 'override the Play symbol' },
    {
      name: 'from',
      value: true,
      help: 'window start, ISO 8601 UTC (inclusive; default: first bar boundary after the stored data plus the warm-up)',
    },
    { name: 'to', value: true, help: 'window end, ISO 8601 UTC (exclusive; default: after the last stored minute)' },
    { name: 'equity', value: true, help: 'starting equity in USDT (default: the Play account)' },
    { name: 'intrabar', value: true, help: 'tie-break inside a 1m bar: path (default), pessimistic, optimistic' },
    {
      name: 'features',
      value: true,
      help: 'batch (default): columns computed up front; incremental: bar by bar through IncrementalFeatures, as live trading does (same results)',
    },
    { name: 'no-funding', value: false, help: 'run without funding (otherwise missing funding fails the preflight)' },
    {
      name: 'decisions',
      value: false,
      help: 'also write decisions.parquet: one row per evaluation (action, case, inputs, commands), hashed in the manifest',
    },
    {
      name: 'report',
      value: false,
      help: 'also write report.html beside the artifacts (trade report); implies --decisions, for the stop/target lines',
    },
    { name: 'out', value: true, help: 'artifact root (default backtests)' },
    { name: 'like', value: true, help: 'take the symbol, window, warm start and wallet of a recorded session (id, prefix or journal)' },
    { name: 'state', value: true, help: 'with --like: folder of the session journals (default state/)' },
  ],
  async run(ctx) {
    const { args } = ctx;
    if (args.positionals.length !== 1)
      throw new TradeError('USAGE', `trade backtest: expected one Play file, got ${args.positionals.length}`);
    const intrabar = choiceOption(args, 'intrabar', INTRABAR_MODES);
    const features = choiceOption(args, 'features', FEATURE_PIPELINES);
    const bar = ctx.isTty ? progressBar() : undefined;
    const r = await callCommandTool<BacktestRunData>(
      ctx,
      'backtest',
      {
        play: args.positionals[0],
        symbol: optionValue(args, 'symbol'),
        from: optionValue(args, 'from'),
        to: optionValue(args, 'to'),
        equity: optionValue(args, 'equity'),
        intrabar,
        features,
        noFunding: args.flags.has('no-funding'),
        decisions: args.flags.has('decisions'),
        report: args.flags.has('report'),
        out: optionValue(args, 'out'),
        like: optionValue(args, 'like'),
        state: optionValue(args, 'state'),
      },
      { progress: bar && ((p) => p.kind === 'bars' && bar(p.done, p.total)) },
    );
    const json = {
      play_id: r.playId,
      symbol: r.symbol,
      window: r.window,
      bars_1m: r.bars1m,
      metrics: r.metrics,
      hashes: r.hashes,
      artifacts: r.dir,
      open_position: r.openPosition,
      closed_trades_pnl_usdt: r.closedTradesPnlUsdt,
      skipped_entries: r.skippedEntries,
      skipped_entries_total: r.skippedEntriesTotal,
      intrabar: r.intrabar,
      features: r.features,
      timings_ms: r.timingsMs,
    };
    if (r.report === undefined) return { json, text: summaryText(r) };
    return { json: { ...json, report: r.report }, text: `${summaryText(r)}\nreport ${r.report}` };
  },
};
