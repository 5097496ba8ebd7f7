// `trade data coverage` and `trade data gaps <SYMBOL>`: what the store holds and what is missing
// (tools data.coverage and data.gaps), times as --ts says.

import { TradeError } from '../../errors';
import { formatTs, type Gap, type SymbolCoverage, tsFormatInput } from '../../tools';
import { optionValue } from '../args';
import type { Command } from '../command';
import { table } from '../output';
import { callCommandTool } from '../tool-call';

export const dataCoverageCommand: Command = {
  path: ['data', 'coverage'],
  usage: 'trade data coverage [--json]',
  summary: 'per symbol: first/last 1m candle, rows, gaps, funding range, native higher-TF candles',
  options: [],
  async run(ctx) {
    const ts = tsFormatInput(optionValue(ctx.args, 'ts'));
    const found = await callCommandTool<{ symbols: SymbolCoverage[] }>(ctx, 'data coverage', {});
    const span = <T extends { first: string; last: string }>(x: T) => ({
      ...x,
      first: formatTs(Date.parse(x.first), ts),
      last: formatTs(Date.parse(x.last), ts),
    });
    const symbols = found.symbols.map((s) => ({
      ...s,
      candles1m: s.candles1m && span(s.candles1m),
      funding: s.funding && span(s.funding),
      native: s.native.map(span),
    }));
    const r = { symbols };
    const rows = r.symbols.map((s) => [
      s.symbol,
      String(s.candles1m?.first ?? '-'),
      String(s.candles1m?.last ?? '-'),
      String(s.candles1m?.rows ?? 0),
      String(s.candles1m?.gaps ?? 0),
      String(s.candles1m?.missingMinutes ?? 0),
      s.funding ? `${s.funding.first} .. ${s.funding.last} (${s.funding.rows})` : '-',
      s.native.map((n) => `${n.tf}:${n.rows}`).join(' ') || '-',
    ]);
    const header = ['symbol', 'first 1m', 'last 1m', 'rows', 'gaps', 'missing min', 'funding (rows)', 'native'];
    const text = rows.length === 0 ? 'the store holds no market data (trade data import --sample imports a month)' : table(header, rows);
    return { json: r, text };
  },
};

export const dataGapsCommand: Command = {
  path: ['data', 'gaps'],
  usage: 'trade data gaps <SYMBOL> [--from ISO] [--to ISO] [--json]',
  summary: 'missing 1m ranges of a symbol (start inclusive, end exclusive, UTC) with their length in minutes',
  options: [
    { name: 'from', value: true, help: 'range start, inclusive (ISO 8601 UTC or epoch ms)' },
    { name: 'to', value: true, help: 'range end, exclusive (ISO 8601 UTC or epoch ms)' },
  ],
  async run(ctx) {
    const { args } = ctx;
    if (args.positionals.length !== 1)
      throw new TradeError('USAGE', `trade data gaps: expected one SYMBOL, got ${args.positionals.length}`);
    const ts = tsFormatInput(optionValue(args, 'ts'));
    const found = await callCommandTool<{ symbol: string; sampleImported: boolean; gaps: Gap[]; missingMinutes: number }>(
      ctx,
      'data gaps',
      { symbol: args.positionals[0], from: optionValue(args, 'from'), to: optionValue(args, 'to') },
    );
    const asTs = (iso: string) => formatTs(Date.parse(iso), ts);
    const r = { ...found, gaps: found.gaps.map((g) => ({ ...g, start: asTs(g.start), end: asTs(g.end) })) };
    if (r.sampleImported) ctx.err('note: the store had no candles; imported the bundled sample (BTCUSDT 1m, 2024-08)');
    const head = `${r.symbol}: ${r.gaps.length} gap${r.gaps.length === 1 ? '' : 's'}, ${r.missingMinutes} missing minutes`;
    const text =
      r.gaps.length === 0
        ? head
        : `${head}\n${table(
            ['start', 'end', 'minutes'],
            r.gaps.map((g) => [String(g.start), String(g.end), String(g.minutes)]),
          )}`;
    return { json: r, text };
  },
};
