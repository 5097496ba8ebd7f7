// `trade data instruments [--sync]`: instrument constraints and risk tiers (bundled defaults until
// synced); --sync replaces them with instruments-info + risk-limit from Bybit (or --rest-url). Tool
// data.instruments.

import { TradeError } from '../../errors';
import type { Instrument } from '../../tools';
import { optionValue } from '../args';
import type { Command } from '../command';
import { table } from '../output';
import { callCommandTool } from '../tool-call';

function describe(i: Instrument): string {
  return [
    `${i.symbol}: tick ${i.tickSize}, qty step ${i.qtyStep}, min qty ${i.minQty}, min notional ${i.minNotional} USDT, max leverage ${i.maxLeverage}x, funding every ${i.fundingIntervalMin} min`,
    `source: ${i.source}`,
    table(
      ['tier', 'risk limit USDT', 'max lev', 'MMR %', 'MM deduction USDT'],
      i.tiers.map((t, k) => [
        String(k + 1),
        String(t.riskLimitUsdt),
        String(t.maxLeverage),
        String(+(t.mmr * 100).toFixed(4)),
        String(t.mmDeductionUsdt),
      ]),
    ),
  ].join('\n');
}

export const dataInstrumentsCommand: Command = {
  path: ['data', 'instruments'],
  usage: 'trade data instruments [--sync [--rest-url URL] [--symbol SYM]...] [--json]',
  summary:
    'tick size, qty step, min qty/notional, max leverage, funding interval and risk tiers per symbol; --sync fetches them from Bybit',
  options: [
    { name: 'sync', value: false, help: 'replace the stored instruments with Bybit instruments-info + risk-limit' },
    { name: 'rest-url', value: true, help: 'Bybit REST base URL for --sync (default https://api.bybit.com)' },
    { name: 'symbol', value: true, repeat: true, help: 'symbol to sync (repeatable; default every stored instrument)' },
  ],
  async run(ctx) {
    const { args } = ctx;
    const sync = args.flags.has('sync');
    if (!sync && (args.options.has('rest-url') || args.options.has('symbol')))
      throw new TradeError('USAGE', 'trade data instruments: --rest-url and --symbol only apply with --sync');
    const list = await callCommandTool<Instrument[]>(ctx, 'data instruments', {
      sync,
      restUrl: optionValue(args, 'rest-url'),
      symbols: args.options.get('symbol'),
    });
    const head = sync ? [`synced ${list.length} instrument${list.length === 1 ? '' : 's'}: ${list.map((i) => i.symbol).join(', ')}`] : [];
    return { json: list, text: [...head, ...list.map(describe)].join('\n\n') };
  },
};
