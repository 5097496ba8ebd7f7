// Shared body of `trade indicator <name>` and `trade structure <name>`: parse the options (the
// name, `--param k=v` against the registry's ranges, `--source`), call the tool
// (indicator.compute / structure.compute: the candles from the feature's warm start, the series
// over the window) and print ts + every output as CSV (default) or JSON; values are empty/null
// before warm-up and where NaN; times ISO 8601 UTC unless `--ts ms`.

import { TradeError } from '../../errors';
import {
  findSeriesSpec,
  parseParamAssignments,
  parseSource,
  type SeriesJson,
  type SeriesKind,
  type TsFormat,
  tsFormatInput,
} from '../../tools';
import { optionValue } from '../args';
import type { Command } from '../command';
import { callCommandTool } from '../tool-call';

/** The tool's rows (ts ISO 8601 UTC) with ts as `--ts` says. */
function withTs(series: SeriesJson, ts: TsFormat): SeriesJson {
  if (ts === 'iso') return series;
  return { ...series, rows: series.rows.map((r) => ({ ...r, ts: Date.parse(r.ts as string) })) };
}

/** CSV with header `ts,<outputs...>`; an empty cell where the value is null. */
function seriesCsv(series: SeriesJson): string {
  const lines = [['ts', ...series.outputs].join(',')];
  for (const r of series.rows) lines.push([r.ts, ...series.outputs.map((o) => r[o])].map((v) => (v === null ? '' : String(v))).join(','));
  return lines.join('\n');
}

export function seriesCommand(kind: SeriesKind): Command {
  const sourceOption =
    kind === 'indicator' ? [{ name: 'source', value: true, help: 'input source: open high low close volume hl2 hlc3 ohlc4' }] : [];
  return {
    path: [kind],
    usage: `trade ${kind} <name> --symbol SYM --tf TF [--from T] [--to T] [--param k=v]...${kind === 'indicator' ? ' [--source close]' : ''} [--format csv|json]`,
    summary: `print every output of one ${kind} over stored candles (ts + outputs, empty before warm-up)`,
    options: [
      { name: 'symbol', value: true, help: 'symbol, e.g. BTCUSDT' },
      { name: 'tf', value: true, help: 'timeframe: 1m 3m 5m 15m 30m 1h 2h 4h 6h 12h 1d 1w' },
      { name: 'from', value: true, help: 'first candle open time, inclusive (ISO date or epoch ms)' },
      { name: 'to', value: true, help: 'end of the window, exclusive (ISO date or epoch ms)' },
      { name: 'param', value: true, repeat: true, help: 'param override name=value (repeatable)' },
      ...sourceOption,
      { name: 'format', value: true, help: 'csv (default) or json' },
    ],
    async run(ctx) {
      const cmd = `trade ${kind}`;
      const [name, ...extra] = ctx.args.positionals;
      if (name === undefined) throw new TradeError('USAGE', `${cmd}: missing <name>; see ${cmd} --help`);
      if (extra.length > 0) throw new TradeError('USAGE', `${cmd}: unexpected argument '${extra[0]}' (one <name> only)`);
      const spec = findSeriesSpec(kind, name);
      const params = parseParamAssignments(kind, spec, ctx.args.options.get('param') ?? []);
      const source = parseSource(kind, spec, optionValue(ctx.args, 'source'));
      const format = optionValue(ctx.args, 'format') ?? 'csv';
      if (format !== 'csv' && format !== 'json') throw new TradeError('VALIDATION', `--format '${format}' (expected csv or json)`);
      const symbol = optionValue(ctx.args, 'symbol');
      const tf = optionValue(ctx.args, 'tf');
      if (symbol === undefined || tf === undefined) throw new TradeError('USAGE', `${cmd}: --symbol and --tf are required`);
      const ts = tsFormatInput(optionValue(ctx.args, 'ts'));
      const window = { from: optionValue(ctx.args, 'from'), to: optionValue(ctx.args, 'to') };
      const { omitted: _, ...series } = await callCommandTool<SeriesJson & { omitted: number }>(ctx, kind, {
        name,
        symbol,
        tf,
        ...window,
        params,
        ...(kind === 'indicator' ? { source } : {}),
      });
      const json = withTs(series, ts);
      return { json, text: format === 'json' ? JSON.stringify(json) : seriesCsv(json) };
    },
  };
}
