// `trade report <run> [<run> ...] [--out FILE]`: one self-contained HTML file (charts, trade table,
// heatmap, the Play); several runs give a comparison (equity overlaid, metrics side by side).
import { report } from '../../tools';
import { optionValue } from '../args';
import type { Command } from '../command';

export const reportCommand: Command = {
  path: ['report'],
  usage: 'trade report <run> [<run> ...] [--out FILE] [--root DIR] [--db PATH] [--json]',
  summary: 'write a self-contained HTML report of a run (charts, trades, heatmap), or compare several',
  options: [
    {
      name: 'out',
      value: true,
      help: 'HTML file to write (default: report.html in the run directory; compare-<ids>.html in the root for several runs)',
    },
    { name: 'root', value: true, help: 'artifact root the runs are under (default backtests)' },
  ],
  async run(ctx) {
    const r = await report({
      refs: ctx.args.positionals,
      root: optionValue(ctx.args, 'root'),
      dbPath: ctx.dbPath,
      out: optionValue(ctx.args, 'out'),
    });
    return {
      json: r,
      text: `report ${r.path} (${(r.bytes / 1e6).toFixed(2)} MB, ${r.runs.length === 1 ? `run ${r.runs[0]}` : `runs ${r.runs.join(', ')}`})`,
    };
  },
};
