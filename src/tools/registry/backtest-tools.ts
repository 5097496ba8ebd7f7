// Registered backtest tools: run a Play over stored candles (artifacts under `out`, like
// `trade backtest`), list the runs, show one run's manifest and result (its artifacts re-verified
// on request), and read its trades. `trade backtest`, `runs`, `show` and `trades` call these.
import { z } from 'zod';
import type { BacktestOutcome } from '../../backtest';
import { isoMs } from '../../domain';
import { backtest, FEATURE_PIPELINES, INTRABAR_MODES } from '../backtest';
import { report } from '../report';
import { runTrades, tableObjects } from '../run-exports';
import { DEFAULT_RUNS_ROOT, readRunFiles, resolveRun, runsList, verifyRun } from '../runs';
import { dbField, limitField, runsRootField, stateField, tail } from './fields';
import { defineTool, type ToolDef } from './tool-def';

const runField = z.string().min(1).describe('run_hash prefix (as backtest.list gives it) or a run directory');

export type BacktestRunData = ReturnType<typeof runSummary>;

/** What backtest.run returns: the run's figures, its hashes and where its artifacts (and report) are. */
function runSummary(o: BacktestOutcome, reportPath: string | undefined) {
  const m = o.manifest;
  return {
    playId: o.playId,
    symbol: o.symbol,
    from: isoMs(o.fromMs),
    to: isoMs(o.toMs),
    bars1m: o.bars1m,
    run: m.run_hash.slice(0, 12),
    runHash: m.run_hash,
    dir: o.dir,
    metrics: o.metrics,
    openPosition: o.openPosition,
    closedTradesPnlUsdt: o.closedTradesPnlUsdt,
    intrabar: o.intrabar,
    skippedEntries: o.skippedEntries,
    skippedEntriesTotal: o.skippedEntriesTotal,
    window: m.window,
    hashes: {
      play_hash: m.play_hash,
      input_hash: m.input_hash,
      engine_hash: m.engine_hash,
      trades_hash: m.trades_hash,
      equity_hash: m.equity_hash,
      run_hash: m.run_hash,
      ...(m.decisions_hash ? { decisions_hash: m.decisions_hash } : {}),
    },
    features: m.features,
    timingsMs: o.timingsMs,
    ...(reportPath === undefined ? {} : { report: reportPath }),
  };
}

export const BACKTEST_TOOLS: readonly ToolDef[] = [
  defineTool({
    name: 'backtest.run',
    group: 'backtest',
    description: 'Backtest a Play over stored 1m candles; returns the metrics and the run directory (artifacts written there)',
    input: z
      .object({
        play: z.string().min(1).describe('Play file'),
        db: dbField,
        symbol: z.string().optional().describe("symbol (default the Play's)"),
        from: z.string().optional().describe('window start, ISO 8601 UTC (default the stored start)'),
        to: z.string().optional().describe('window end, ISO 8601 UTC, exclusive (default the stored end)'),
        equity: z.string().optional().describe("starting equity in USDT, e.g. '10000' (default the Play's)"),
        intrabar: z
          .enum(INTRABAR_MODES as ['path', 'pessimistic', 'optimistic'])
          .default('path')
          .describe('intrabar fill path'),
        features: z
          .enum(FEATURE_PIPELINES as ['batch', 'incremental'])
          .default('batch')
          .describe('feature pipeline: batch (columns up front) or incremental (bar by bar, as live trading; the same results)'),
        noFunding: z.boolean().default(false).describe('ignore funding settlements'),
        decisions: z.boolean().default(false).describe('also write decisions.parquet (one row per evaluation), hashed in the manifest'),
        report: z.boolean().default(false).describe('also write report.html beside the artifacts (implies decisions)'),
        out: z.string().min(1).default(DEFAULT_RUNS_ROOT).describe('artifact root (default backtests/)'),
        like: z.string().optional().describe('a recorded session: take its symbol, window and wallet (leave out symbol, from, to)'),
        state: stateField,
      })
      .strict(),
    mutates: false,
    run: async (i, ctx) => {
      const { progress } = ctx;
      const o = await backtest({
        playPath: i.play,
        dbPath: i.db ?? ctx.dbPath,
        symbol: i.symbol,
        from: i.from,
        to: i.to,
        equity: i.equity,
        intrabar: i.intrabar,
        features: i.features,
        noFunding: i.noFunding,
        decisions: i.decisions || i.report,
        outRoot: i.out,
        onProgress: progress && ((done, total) => progress({ kind: 'bars', done, total })),
        like: i.like,
        stateDir: i.state,
      });
      const written = i.report ? await report({ refs: [o.dir], dbPath: i.db ?? ctx.dbPath }) : undefined;
      return runSummary(o, written?.path);
    },
  }),
  defineTool({
    name: 'backtest.list',
    group: 'backtest',
    description: 'Backtest runs under the artifact root, newest first, with return, drawdown, Sharpe and trade count',
    input: z.object({ root: runsRootField, play: z.string().optional().describe('only runs of this play id') }).strict(),
    run: async (i) => runsList({ root: i.root, play: i.play }),
  }),
  defineTool({
    name: 'backtest.show',
    group: 'backtest',
    description: "One run's manifest (inputs, hashes) and result (metrics, skipped entries, intrabar ambiguity)",
    input: z
      .object({
        run: runField,
        root: runsRootField,
        verify: z
          .boolean()
          .default(false)
          .describe('first read every artifact back and re-derive its row counts and hashes (ARTIFACT error when one differs)'),
      })
      .strict(),
    run: async (i) => {
      const dir = resolveRun(i.root ?? DEFAULT_RUNS_ROOT, i.run);
      // The full gate first: a run whose files no longer match its manifest is an error, not a summary.
      if (i.verify) verifyRun(dir);
      const f = readRunFiles(dir);
      return { dir: f.dir, manifest: f.manifest, result: f.result, ...(i.verify ? { verified: true } : {}) };
    },
  }),
  defineTool({
    name: 'backtest.trades',
    group: 'backtest',
    description: "One run's closed trades (trades.parquet), one object per trade, and the file's columns in order",
    input: z.object({ run: runField, root: runsRootField, limit: limitField(100_000, 1000) }).strict(),
    run: async (i, ctx) => {
      const dir = resolveRun(i.root ?? DEFAULT_RUNS_ROOT, i.run);
      const table = await runTrades(dir);
      const { rows, omitted } = tail(tableObjects(table), i.limit, ctx);
      return { dir, columns: table.columns, trades: rows, omitted };
    },
  }),
];
