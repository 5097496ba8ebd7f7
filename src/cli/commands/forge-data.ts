// `trade forge data --scenario NAME --bars N --seed S`: a seeded synthetic market into the store.
import { forgeData } from '../../tools';
import { optionValue } from '../args';
import type { Command } from '../command';

/** Shape options: CLI name -> scenario spec field. */
const SHAPE_OPTIONS = [
  ['event-at', 'event_at', '1m bar index where the shape starts (default 2/3 of --bars)'],
  ['start-price', 'start_price', 'first price (default 100)'],
  ['vol-pct', 'vol_pct', 'noise: standard deviation of the 1m return, % (default 0.05)'],
  ['drift-pct', 'drift_pct', 'trend / random_walk drift, % per 1m bar (default 0.02 for trends, 0 for random_walk)'],
  ['drop-pct', 'drop_pct', 'crash / v_recovery fall, % (default 30 / 20)'],
  ['jump-pct', 'jump_pct', 'breakout jump over 5 bars, % (default 3)'],
  ['gap-minutes', 'gap_minutes', 'gap: minutes left out from the event (default 30)'],
  ['funding-rate', 'funding_rate', 'rate of every 8 h settlement (default 0.0001)'],
  ['spike-rate', 'spike_rate', 'funding_spike: rate of the first settlement after the event (default 0.01)'],
] as const;

export const forgeDataCommand: Command = {
  path: ['forge', 'data'],
  usage: 'trade forge data --scenario NAME --bars N --seed S [--symbol SYNTHUSDT] [--start ISO] [shape options]',
  summary: 'write a seeded synthetic market (1m candles, funding, instrument) under a SYNTH…USDT symbol, in one transaction',
  options: [
    { name: 'scenario', value: true, help: 'trend_up trend_down range breakout crash v_recovery gap flat random_walk funding_spike' },
    { name: 'bars', value: true, help: 'number of 1m bars' },
    { name: 'seed', value: true, help: 'PRNG seed (0..4294967295): the same seed writes the same bytes' },
    { name: 'symbol', value: true, help: 'synthetic symbol: SYNTH…USDT (default SYNTHUSDT)' },
    { name: 'start', value: true, help: 'open time of the first bar, ISO UTC (default 2020-01-01T00:00:00Z)' },
    ...SHAPE_OPTIONS.map(([name, , help]) => ({ name, value: true, help })),
  ],
  async run(ctx) {
    const { args } = ctx;
    const params: Record<string, string> = {};
    for (const [name, field] of SHAPE_OPTIONS) {
      const v = optionValue(args, name);
      if (v !== undefined) params[field] = v;
    }
    const r = await forgeData(ctx.dbPath, {
      scenario: optionValue(args, 'scenario'),
      bars: optionValue(args, 'bars'),
      seed: optionValue(args, 'seed'),
      symbol: optionValue(args, 'symbol'),
      start: optionValue(args, 'start'),
      params,
    });
    const text = [
      `forged ${r.symbol}: ${r.scenario} seed ${r.seed}, ${r.rowsWritten} 1m bars (${r.rowsAdded} added), ${r.fundingAdded} funding settlements added`,
      `range ${r.first ?? '-'} .. ${r.last ?? '-'}; event at 1m bar ${r.eventBar} (${r.event})`,
      `sha256 ${r.contentSha256}`,
      r.sparkline,
    ].join('\n');
    return { json: r, text };
  },
};
