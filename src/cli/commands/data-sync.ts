// `trade data sync <SYMBOL> --from --to`: fetch what the store is missing from Bybit (or --rest-url)
// (tool data.sync); the pages fetched so far on stderr when it is a terminal.
import { TradeError } from '../../errors';
import type { SyncReport } from '../../tools';
import { optionValue } from '../args';
import type { Command } from '../command';
import { table } from '../output';
import { callCommandTool } from '../tool-call';

export function syncSummary(r: SyncReport): string {
  const f = r.funding ? `, funding +${r.funding.rowsAdded} (${r.funding.pages} page${r.funding.pages === 1 ? '' : 's'})` : '';
  const gaps = `${r.gapsLeft.length} gap${r.gapsLeft.length === 1 ? '' : 's'} left (${r.missingMinutesLeft} min)`;
  return (
    `${r.symbol} ${r.from} .. ${r.to}: +${r.candles.rowsAdded} candles from ${r.candles.pages} page${r.candles.pages === 1 ? '' : 's'}${f}, ` +
    `${r.retries} retr${r.retries === 1 ? 'y' : 'ies'}, ${gaps} in ${r.seconds.toFixed(2)} s (${r.rowsPerSecond} rows/s) from ${r.source}`
  );
}

export const dataSyncCommand: Command = {
  path: ['data', 'sync'],
  usage: 'trade data sync <SYMBOL> --from ISO --to ISO [--rest-url URL] [--no-funding] [--json]',
  summary: 'fetch missing 1m candles (and funding) of a symbol from Bybit V5 REST; reports gaps the venue does not have',
  options: [
    { name: 'from', value: true, help: 'window start, ISO 8601 UTC (inclusive)' },
    { name: 'to', value: true, help: 'window end, ISO 8601 UTC (exclusive; clamped to the last closed minute)' },
    { name: 'rest-url', value: true, help: 'Bybit REST base URL (default https://api.bybit.com; e.g. an emulator)' },
    { name: 'no-funding', value: false, help: 'do not sync funding settlements' },
  ],
  async run(ctx) {
    const { args } = ctx;
    if (args.positionals.length !== 1)
      throw new TradeError(
        'USAGE',
        `trade data sync: expected one SYMBOL, got ${args.positionals.length} (${args.positionals.join(' ') || 'none'})`,
      );
    const from = optionValue(args, 'from');
    const to = optionValue(args, 'to');
    if (from === undefined || to === undefined)
      throw new TradeError(
        'USAGE',
        `trade data sync: --from and --to are required (ISO 8601 UTC), got --from '${from ?? ''}' --to '${to ?? ''}'`,
      );
    const progress = ctx.isTty && !ctx.json;
    const r = await callCommandTool<SyncReport>(
      ctx,
      'data sync',
      {
        symbol: args.positionals[0],
        from,
        to,
        restUrl: optionValue(args, 'rest-url'),
        funding: !args.flags.has('no-funding'),
      },
      { progress: progress ? (p) => p.kind === 'pages' && process.stderr.write(`\rsync: ${p.pages} pages, ${p.rows} rows`) : undefined },
    );
    if (progress) process.stderr.write('\n');
    const gaps =
      r.gapsLeft.length === 0
        ? []
        : [
            table(
              ['gap start', 'end', 'minutes'],
              r.gapsLeft.map((g) => [g.start, g.end, String(g.minutes)]),
            ),
          ];
    return { json: r, text: [syncSummary(r), ...gaps].join('\n') };
  },
};
