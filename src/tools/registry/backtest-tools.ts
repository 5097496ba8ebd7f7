// Registered backtest tools: run a Play over stored candles (artifacts under `out`, like
// `trade backtest`), list the runs, show one run's manifest and result, and read its trades.
import { z } from 'zod';
import { isoMs } from '../../domain';
import { backtest, INTRABAR_MODES } from '../backtest';
import { runTrades, tableObjects } from '../run-exports';
import { DEFAULT_RUNS_ROOT, readRunFiles, resolveRun, runsList } from '../runs';
import { dbField, limitField, runsRootField, stateField, tail } from './fields';
import { defineTool, type ToolDef } from './tool-def';

const runField = z.string().min(1).describe('run_hash prefix (as backtest.list gives it) or a run directory');

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
        noFunding: z.boolean().default(false).describe('ignore funding settlements'),
        out: z.string().min(1).default(DEFAULT_RUNS_ROOT).describe('artifact root (default backtests/)'),
        like: z.string().optional().describe('a recorded session: take its symbol, window and wallet (leave out symbol, from, to)'),
        state: stateField,
      })
      .strict(),
    mutates: false,
    run: async (i, ctx) => {
      const o = await backtest({
        playPath: i.play,
        dbPath: i.db ?? ctx.dbPath,
        symbol: i.symbol,
        from: i.from,
        to: i.to,
        equity: i.equity,
        intrabar: i.intrabar,
        noFunding: i.noFunding,
        outRoot: i.out,
        like: i.like,
        stateDir: i.state,
      });
      return {
        playId: o.playId,
        symbol: o.symbol,
        from: isoMs(o.fromMs),
        to: isoMs(o.toMs),
        bars1m: o.bars1m,
        run: o.manifest.run_hash.slice(0, 12),
        runHash: o.manifest.run_hash,
        dir: o.dir,
        metrics: o.metrics,
        openPosition: o.openPosition,
        closedTradesPnlUsdt: o.closedTradesPnlUsdt,
        intrabar: o.intrabar,
        skippedEntries: o.skippedEntries,
      };
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
    input: z.object({ run: runField, root: runsRootField }).strict(),
    run: async (i) => {
      const f = readRunFiles(resolveRun(i.root ?? DEFAULT_RUNS_ROOT, i.run));
      return { dir: f.dir, manifest: f.manifest, result: f.result };
    },
  }),
  defineTool({
    name: 'backtest.trades',
    group: 'backtest',
    description: "One run's closed trades (trades.parquet), one object per trade",
    input: z.object({ run: runField, root: runsRootField, limit: limitField(100_000, 1000) }).strict(),
    run: async (i) => {
      const dir = resolveRun(i.root ?? DEFAULT_RUNS_ROOT, i.run);
      const { rows, omitted } = tail(tableObjects(await runTrades(dir)), i.limit);
      return { dir, trades: rows, omitted };
    },
  }),
];
