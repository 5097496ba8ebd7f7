// `trade data import <file...>`: imports candle / funding files (or --sample) in one transaction
// (tool data.import).

import { TradeError } from '../../errors';
import type { DataImportResult } from '../../tools';
import { optionValue } from '../args';
import type { Command } from '../command';
import { table } from '../output';
import { callCommandTool } from '../tool-call';

export const dataImportCommand: Command = {
  path: ['data', 'import'],
  usage:
    'trade data import <file...> [--symbol SYM] [--format auto|bybit-json|bybit-csv|binance-csv|ohlcv-csv|funding] [--tz OFFSET] [--tf TF] [--drop-last|--keep-last] | --sample',
  summary: 'import 1m/5m candles or funding from files (all or nothing); --sample imports the bundled BTCUSDT month',
  options: [
    { name: 'symbol', value: true, help: 'symbol when the file name / Symbol column does not say' },
    { name: 'format', value: true, help: 'file format (default auto)' },
    { name: 'tz', value: true, help: 'UTC offset of times written without a zone, e.g. +03:00' },
    { name: 'tf', value: true, help: 'candle interval (default: from the file name, else the row step)' },
    { name: 'drop-last', value: false, help: 'drop the newest candle (it had not closed when fetched)' },
    { name: 'keep-last', value: false, help: 'keep the newest candle even for layouts known to end unfinished' },
    { name: 'sample', value: false, help: 'import the bundled sample (BTCUSDT 1m + funding, 2024-08)' },
  ],
  async run(ctx) {
    const { args } = ctx;
    if (args.flags.has('drop-last') && args.flags.has('keep-last'))
      throw new TradeError('USAGE', 'trade data import: --drop-last and --keep-last exclude each other');
    const r = await callCommandTool<DataImportResult>(ctx, 'data import', {
      files: args.positionals,
      sample: args.flags.has('sample'),
      symbol: optionValue(args, 'symbol'),
      format: optionValue(args, 'format'),
      tz: optionValue(args, 'tz'),
      tf: optionValue(args, 'tf'),
      dropLast: args.flags.has('drop-last') ? true : args.flags.has('keep-last') ? false : undefined,
    });
    const rows = r.files.map((f) => [
      f.source,
      f.kind,
      f.symbol,
      String(f.rowsRead),
      String(f.rowsAdded),
      String(f.alreadyStored),
      String(f.rowsDropped),
      `${f.first ?? '-'} .. ${f.last ?? '-'}`,
    ]);
    const notes = r.files.flatMap((f) => f.notes.map((n) => `note: ${f.source}: ${n}`));
    const head = `imported ${r.files.length} file${r.files.length === 1 ? '' : 's'}: ${r.rowsAdded} rows added of ${r.rowsRead} read in ${r.seconds.toFixed(2)} s (${r.rowsPerSecond} rows/s)`;
    const text = [head, table(['file', 'kind', 'symbol', 'read', 'added', 'already', 'dropped', 'range (UTC)'], rows), ...notes].join('\n');
    return { json: r, text };
  },
};
