// Registered data tools: the store's info, import (files or the bundled sample), sync from Bybit,
// coverage, gaps, candles and instruments, over the same functions as `trade data ...`.
import { z } from 'zod';
import { dataImport } from '../data-import';
import { dataInfo } from '../data-info';
import { dataCandles, dataCoverage, dataGaps, dataInstruments } from '../data-query';
import { dataInstrumentsSync, dataSync } from '../data-sync';
import { dbField, fromField, limitField, symbolField, tail, toField } from './fields';
import { defineTool, type ToolDef } from './tool-def';

const restUrlField = z.string().optional().describe('Bybit REST base URL (default https://api.bybit.com; the emulator in tests)');

export const DATA_TOOLS: readonly ToolDef[] = [
  defineTool({
    name: 'data.info',
    group: 'data',
    description: 'The store: path, schema version and row counts per table (creates an empty store when missing)',
    input: z.object({ db: dbField }).strict(),
    run: (i, ctx) => dataInfo(i.db ?? ctx.dbPath),
  }),
  defineTool({
    name: 'data.import',
    group: 'data',
    description: 'Import candle files (CSV, gzip, Parquet) or the bundled BTCUSDT sample month into the store',
    mutates: true,
    input: z
      .object({
        db: dbField,
        files: z.array(z.string().min(1)).default([]).describe('files to import'),
        sample: z.boolean().default(false).describe('import the bundled sample (BTCUSDT 1m, 2024-08)'),
        symbol: z.string().optional().describe('symbol of the files when their names do not say'),
        format: z.string().optional().describe('file layout (default auto)'),
        tz: z.string().optional().describe('UTC offset of naive times, e.g. +02:00'),
        tf: z.string().optional().describe('candle timeframe of the files (default 1m)'),
        dropLast: z
          .boolean()
          .optional()
          .describe('true: drop the newest candle (it had not closed when fetched); false: keep it; default: by the file layout'),
      })
      .strict(),
    run: ({ db, ...rest }, ctx) => dataImport(db ?? ctx.dbPath, rest),
  }),
  defineTool({
    name: 'data.sync',
    group: 'data',
    description: 'Download 1m candles and funding of a symbol over a window from Bybit into the store',
    mutates: true,
    input: z
      .object({
        db: dbField,
        symbol: symbolField,
        from: z.string().describe('window start, ISO 8601 UTC'),
        to: z.string().describe('window end, ISO 8601 UTC'),
        restUrl: restUrlField,
        funding: z.boolean().default(true).describe('also sync funding settlements'),
      })
      .strict(),
    run: (i, ctx) => {
      const { progress } = ctx;
      return dataSync(i.db ?? ctx.dbPath, {
        symbol: i.symbol,
        from: i.from,
        to: i.to,
        restUrl: i.restUrl,
        funding: i.funding,
        onPage: progress && ((p) => progress({ kind: 'pages', ...p })),
      });
    },
  }),
  defineTool({
    name: 'data.coverage',
    group: 'data',
    description: 'Per symbol: first and last stored minute, candle count, gaps and funding rows',
    input: z.object({ db: dbField }).strict(),
    run: (i, ctx) => dataCoverage(i.db ?? ctx.dbPath),
  }),
  defineTool({
    name: 'data.gaps',
    group: 'data',
    description: 'Missing 1m candles of a symbol, as ranges, over its stored span or a window',
    input: z.object({ db: dbField, symbol: symbolField, from: fromField, to: toField }).strict(),
    run: (i, ctx) => dataGaps(i.db ?? ctx.dbPath, i),
  }),
  defineTool({
    name: 'data.candles',
    group: 'data',
    description: 'Stored candles of a symbol at a timeframe (resampled from 1m) over a window',
    input: z
      .object({
        db: dbField,
        symbol: symbolField,
        tf: z.string().default('1m').describe('timeframe: 1m, 5m, 15m, 1h, 4h, 1d, ...'),
        from: fromField,
        to: toField,
        limit: limitField(10_000, 500),
      })
      .strict(),
    run: async (i, ctx) => {
      const r = await dataCandles(i.db ?? ctx.dbPath, i);
      const { rows, omitted } = tail(r.bars, i.limit, ctx);
      return { ...r, bars: rows, omitted };
    },
  }),
  defineTool({
    name: 'data.instruments',
    group: 'data',
    description: 'Instrument specs in the store (tick, qty step, minimums, leverage, risk tiers); sync:true refreshes them from Bybit',
    input: z
      .object({
        db: dbField,
        sync: z.boolean().default(false).describe('fetch the specs from Bybit first'),
        symbols: z.array(z.string()).optional().describe('symbols to sync (default every stored one)'),
        restUrl: restUrlField,
      })
      .strict(),
    run: (i, ctx) =>
      i.sync ? dataInstrumentsSync(i.db ?? ctx.dbPath, { restUrl: i.restUrl, symbols: i.symbols }) : dataInstruments(i.db ?? ctx.dbPath),
  }),
];
