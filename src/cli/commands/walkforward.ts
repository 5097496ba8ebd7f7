// `trade walkforward <play.yml> --train 90d --test 30d --param ...`: one row per fold (windows,
// chosen parameters, in-sample vs out-of-sample), the stitched OOS metrics and the share of
// profitable folds (or one JSON object).
import { TradeError } from '../../errors';
import { foldJson } from '../../tools/research';
import { walkForward } from '../../tools/walkforward';
import { optionValue } from '../args';
import type { Command } from '../command';
import { table } from '../output';
import { progressBar } from '../progress';
import { RESEARCH_OPTIONS, researchInput } from './sweep';

function fmt(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined ? 'n/a' : x.toFixed(digits);
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

export const walkforwardCommand: Command = {
  usesCore: true,
  path: ['walkforward'],
  usage:
    'trade walkforward <play.yml> --train DUR --test DUR [--step DUR] [--anchored] --param PATH=SPEC [--param ...] [--metric M] [--min-trades K] [--workers N] [--from ISO] [--to ISO] [--json]',
  summary: 'walk-forward: per fold, sweep in sample, run the best variant out of sample; stitched OOS metrics',
  options: [
    ...RESEARCH_OPTIONS,
    { name: 'train', value: true, help: 'training window length, e.g. 90d (units m, h, d, w)' },
    { name: 'test', value: true, help: 'test window length, e.g. 30d' },
    { name: 'step', value: true, help: 'how far each fold moves (default: the test length)' },
    { name: 'anchored', value: false, help: 'every training window starts at the window start (default: rolling, fixed length)' },
    { name: 'from', value: true, help: 'window start, ISO 8601 UTC (default: the latest default start of any variant)' },
    { name: 'to', value: true, help: 'window end, ISO 8601 UTC, exclusive (default: after the last stored minute)' },
  ],
  async run(ctx) {
    const { args } = ctx;
    if (args.positionals.length !== 1)
      throw new TradeError('USAGE', `trade walkforward: expected one Play file, got ${args.positionals.length}`);
    const r = await walkForward({
      ...researchInput(ctx),
      train: optionValue(args, 'train'),
      test: optionValue(args, 'test'),
      step: optionValue(args, 'step'),
      anchored: args.flags.has('anchored'),
      onProgress: progressBar(ctx.isTty, ctx.err, 'walkforward in-sample'),
    });
    const json = {
      id: r.id,
      dir: r.dir,
      play_id: r.plan.base.play.id,
      symbol: r.symbol,
      window: { from: new Date(r.fromMs).toISOString(), to: new Date(r.toMs).toISOString(), from_ms: r.fromMs, to_ms: r.toMs },
      anchored: args.flags.has('anchored'),
      metric: r.plan.metric,
      min_trades: r.plan.minTrades,
      variants: r.plan.variants.length,
      workers: r.workers,
      simulated: r.simulated,
      folds: r.folds.map(foldJson),
      profitable_share: r.profitableShare,
      stitched_oos: r.stitched,
    };
    const paths = r.plan.params.map((p) => p.path);
    const rows = r.folds.map((f) => [
      String(f.index),
      `${day(f.trainFromMs)} .. ${day(f.trainToMs)}`,
      `${day(f.testFromMs)} .. ${day(f.testToMs)}`,
      f.params ? paths.map((p) => f.params![p]).join(' / ') : 'none ranked',
      fmt(f.inSample?.returnPct),
      fmt(f.outOfSample?.returnPct),
      fmt(f.inSample?.sharpe),
      fmt(f.outOfSample?.sharpe),
      f.outOfSampleRunHash?.slice(0, 12) ?? '-',
    ]);
    const s = r.stitched?.metrics;
    const text = [
      `walkforward ${r.id}: ${r.plan.base.play.id} ${r.symbol}, ${r.folds.length} ${json.anchored ? 'anchored' : 'rolling'} folds x ${r.plan.variants.length} variants on ${r.workers} workers, best by ${r.plan.metric}`,
      table(['fold', 'train', 'test', paths.join(' / '), 'IS return %', 'OOS return %', 'IS sharpe', 'OOS sharpe', 'OOS run_hash'], rows),
      s
        ? `stitched OOS: return ${fmt(s.returnPct)} %, sharpe ${fmt(s.sharpe)}, max drawdown ${fmt(s.maxDrawdownPct)} %, ${s.trades} trades; profitable folds ${fmt((r.profitableShare ?? 0) * 100, 0)} %`
        : 'stitched OOS: no fold was traded',
      `report ${r.dir}/walkforward.json`,
    ].join('\n');
    return { json, text };
  },
};
