// `trade data instruments`: instrument constraints and risk tiers (bundled defaults until synced).
import { dataInstruments } from '../../tools';
import type { Command } from '../command';
import { table } from '../output';

export const dataInstrumentsCommand: Command = {
  path: ['data', 'instruments'],
  usage: 'trade data instruments [--json]',
  summary: 'tick size, qty step, min qty/notional, max leverage, funding interval and risk tiers per symbol',
  options: [],
  async run(ctx) {
    const list = await dataInstruments(ctx.dbPath);
    const parts = list.map((i) =>
      [
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
      ].join('\n'),
    );
    return { json: list, text: parts.join('\n\n') };
  },
};
