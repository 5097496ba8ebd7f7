// `trade replay <session>`: re-runs a recorded session through the backtest path and through its
// own recorded venue events, and prints `identical: N decisions, M fills` or each path's first
// divergence (both sides and the bar behind it);
// writes `<journal>.parity.json`. Exit 0 when identical, 1 when not (docs/parity.md).
import { TradeError } from '../../errors';
import { describeDivergence, replay } from '../../tools';
import { optionValue } from '../args';
import type { Command } from '../command';

export const replayCommand: Command = {
  path: ['replay'],
  usage: 'trade replay <session|prefix|journal.sqlite> [--state DIR] [--json]',
  summary: 'replay a recorded session through the backtest path and diff it decision by decision',
  options: [{ name: 'state', value: true, help: 'folder of the session journals (default state/)' }],
  async run(ctx) {
    const { args } = ctx;
    if (args.positionals.length !== 1) throw new TradeError('USAGE', `trade replay: expected one session, got ${args.positionals.length}`);
    const r = replay({ ref: args.positionals[0] as string, stateDir: optionValue(args, 'state') });
    const paths = r.recorded.checked ? 'the backtest path and the recorded events' : 'the backtest path';
    const stale = r.staleBars.length > 0 ? `; ${r.staleBars.length} bars the session judged stale (entries stopped there too)` : '';
    const lines = r.identical
      ? [`identical: ${r.decisions} decisions, ${r.fills} fills (${r.session}; ${paths}${stale})`]
      : [
          ...(r.divergence ? [`backtest path: ${describeDivergence(r.divergence)}`] : []),
          ...(r.recorded.divergence ? [`recorded events: ${describeDivergence(r.recorded.divergence)}`] : []),
        ];
    const text = `${lines.join('\n')}\nreport ${r.parityFile}`;
    return { json: r, text, exitCode: r.identical ? 0 : 1 };
  },
};
