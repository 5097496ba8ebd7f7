// `trade play test <file|dir>...`: runs each Play's `validation:` block on its synthetic market.
// Prints `ok <file> ...` per passing Play, one `✖ file:line:col` line per failed expectation or
// block problem (stderr); exits 2 for an invalid block or Play, 1 for a failed expectation.
import { formatExpectation, playTest } from '../../tools';
import type { Command } from '../command';

export const playTestCommand: Command = {
  usesCore: true,
  path: ['play', 'test'],
  usage: 'trade play test <file|dir>... [--verbose] [--json]',
  summary: "run each Play's validation: block (a synthetic scenario and expectations); exit 1 when an expectation fails",
  options: [{ name: 'verbose', value: false, help: 'print every expectation, passed ones too' }],
  async run(ctx) {
    const r = playTest(ctx.args.positionals);
    if (ctx.json) return { json: r, text: '', exitCode: r.exitCode };
    const verbose = ctx.args.flags.has('verbose');
    for (const f of r.files) {
      for (const e of f.playErrors) ctx.err(e);
      for (const p of f.problems) ctx.err(`✖ ${f.file}:${p.line}:${p.col} ${p.path} ${p.message}`);
      for (const e of f.results) if (!e.pass || verbose) (e.pass ? ctx.out : ctx.err)(formatExpectation(f.file, e));
      const s = f.scenario;
      const what = s ? ` (${s.name} seed ${s.seed}, ${s.bars} 1m bars, event_bar ${s.eventBar}, ${s.trades} trades)` : '';
      const n = f.results.length;
      if (f.status === 'pass') ctx.out(`ok ${f.file} ${f.id}: ${n} expectation${n === 1 ? '' : 's'} passed${what}`);
      else if (f.status === 'fail')
        ctx.err(`✖ ${f.file} ${f.id}: ${f.results.filter((e) => !e.pass).length} of ${n} expectations failed${what}`);
      else if (f.status === 'none') ctx.out(`- ${f.file} ${f.id}: no validation block (skipped)`);
    }
    const summary = `play test: ${r.passed} passed, ${r.failed} failed, ${r.invalid} invalid, ${r.skipped} without a validation block`;
    return { json: r, text: summary, exitCode: r.exitCode };
  },
};
