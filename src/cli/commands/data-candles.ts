// `trade data candles <SYMBOL> --tf TF`: bars resampled from 1m (tool data.candles), as CSV
// (default) or JSON; times ISO 8601 UTC unless `--ts ms`. A window without bars is DATA_MISSING,
// as for `trade indicator`.

import { DataError, TradeError } from '../../errors';
import { type DataCandlesResult, formatTs, noCandlesMessage, tsFormatInput } from '../../tools';
import { optionValue } from '../args';
import type { Command } from '../command';
import { callCommandTool } from '../tool-call';

export const dataCandlesCommand: Command = {
  path: ['data', 'candles'],
  usage: 'trade data candles <SYMBOL> --tf <1m|3m|5m|15m|30m|1h|2h|4h|6h|12h|1d|1w> [--from ISO] [--to ISO] [--format csv|json]',
  summary: 'print bars resampled from stored 1m candles; complete=0 marks a bar with missing minutes',
  options: [
    { name: 'tf', value: true, help: 'timeframe' },
    { name: 'from', value: true, help: 'first bar open time, inclusive (ISO 8601 UTC or epoch ms)' },
    { name: 'to', value: true, help: 'end, exclusive (ISO 8601 UTC or epoch ms)' },
    { name: 'format', value: true, help: 'csv (default) or json' },
  ],
  async run(ctx) {
    const { args } = ctx;
    const format = optionValue(args, 'format') ?? (ctx.json ? 'json' : 'csv');
    if (format !== 'csv' && format !== 'json') throw new TradeError('USAGE', `--format '${format}': expected csv or json`);
    if (args.positionals.length !== 1)
      throw new TradeError('USAGE', `trade data candles: expected one SYMBOL, got ${args.positionals.length}`);
    // --tf is required here (the tool's 1m default is for agents): left out, the tool's check names it.
    const { omitted: _, ...r } = await callCommandTool<DataCandlesResult & { omitted: number }>(ctx, 'data candles', {
      symbol: args.positionals[0],
      tf: optionValue(args, 'tf') ?? '',
      from: optionValue(args, 'from'),
      to: optionValue(args, 'to'),
    });
    if (r.sampleImported) ctx.err('note: the store had no candles; imported the bundled sample (BTCUSDT 1m, 2024-08)');
    if (r.bars.length === 0)
      throw new DataError('DATA_MISSING', noCandlesMessage(r.tf, r.symbol, Date.parse(r.from), Date.parse(r.to), ctx.dbPath));
    // ISO 8601 UTC by default (`ts_open`); `--ts ms` prints epoch milliseconds (`ts_open_ms`).
    const ts = tsFormatInput(optionValue(args, 'ts'));
    const key = ts === 'ms' ? 'ts_open_ms' : 'ts_open';
    if (format === 'json') {
      const bars = r.bars.map(({ ts_open_ms, ...rest }) => ({ [key]: formatTs(ts_open_ms, ts), ...rest }));
      ctx.out(JSON.stringify({ ...r, bars }));
      return undefined;
    }
    const lines = [`${key},open,high,low,close,volume,turnover,complete`];
    for (const b of r.bars) {
      lines.push(
        `${formatTs(b.ts_open_ms, ts)},${b.open},${b.high},${b.low},${b.close},${b.volume},${b.turnover ?? ''},${b.complete ? 1 : 0}`,
      );
    }
    ctx.out(lines.join('\n'));
    return undefined;
  },
};
