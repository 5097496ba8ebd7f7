// `trade audit <play>` (every check), `trade audit lookahead|warmup|determinism <play>`: exact
// audits of a Play on stored or synthetic data. Exit 1 when a check fails.

import { TradeError } from '../../errors';
import { AUDIT_CHECKS, type AuditCheck, audit, formatAudit } from '../../tools';
import { optionValue } from '../args';
import type { Command, CommandContext } from '../command';

const OPTIONS = [
  { name: 'symbol', value: true, help: "symbol whose stored candles to use (default the Play's)" },
  { name: 'from', value: true, help: 'first tradable minute, ISO UTC (default: after the warm-up)' },
  { name: 'to', value: true, help: 'end of the window, ISO UTC, exclusive (default: the last stored minute)' },
  { name: 'synthetic', value: false, help: "run on the Play's validation scenario (in memory) instead of the store" },
  { name: 'scenario', value: true, help: 'run on this forge scenario (in memory, seed 1) instead of the store' },
  { name: 'bars', value: true, help: '--scenario: 1m bars after the warm-up (default 20000)' },
  { name: 'cuts', value: true, help: 'lookahead: number of seeded truncations (default 20)' },
  { name: 'seed', value: true, help: 'lookahead: seed of the truncation points (default 1)' },
  { name: 'max-extra', value: true, help: 'warmup: extra 1m bars of the reference run (default max(4 × warm-up, 1440))' },
  { name: 'plant-peek', value: true, help: 'self-test: make FEATURE read one bar ahead; the lookahead check must fail' },
] as const;

async function runAudit(ctx: CommandContext, checks: readonly AuditCheck[], name: string) {
  const { args } = ctx;
  if (args.positionals.length !== 1)
    throw new TradeError(
      'USAGE',
      `${name}: give one Play (or proof) file, got ${args.positionals.length} (trade audit <play> runs ${AUDIT_CHECKS.join(', ')}; trade audit ${AUDIT_CHECKS.join('|')} <play> runs one)`,
    );
  const r = await audit({
    playPath: args.positionals[0] as string,
    dbPath: ctx.dbPath,
    checks,
    symbol: optionValue(args, 'symbol'),
    from: optionValue(args, 'from'),
    to: optionValue(args, 'to'),
    synthetic: args.flags.has('synthetic'),
    scenario: optionValue(args, 'scenario'),
    bars: optionValue(args, 'bars'),
    cuts: optionValue(args, 'cuts'),
    seed: optionValue(args, 'seed'),
    maxExtra: optionValue(args, 'max-extra'),
    plantPeek: optionValue(args, 'plant-peek'),
  });
  return { json: r, text: formatAudit(r), exitCode: r.pass ? 0 : 1 };
}

export const auditCommand: Command = {
  path: ['audit'],
  usage: 'trade audit <play> [--symbol S] [--from ISO] [--to ISO] [--synthetic | --scenario NAME [--bars N]] [--json]',
  summary: 'run every audit (lookahead, warmup, determinism, coverage) of a Play; exit 1 when one fails',
  options: [...OPTIONS],
  run: (ctx) => runAudit(ctx, AUDIT_CHECKS, 'trade audit'),
};

export const auditCheckCommands: Command[] = AUDIT_CHECKS.map((check) => ({
  path: ['audit', check],
  usage: `trade audit ${check} <play> [--symbol S] [--from ISO] [--to ISO] [--synthetic] [--json]`,
  summary: {
    lookahead: 'exact look-ahead check: decisions on data truncated at seeded cuts must equal the full run up to each cut',
    warmup: 'warm-up drift: decisions and inputs under the declared warm-up vs longer ones',
    determinism: 'two runs of the same Play and data give the same decision and trade hash',
    coverage: 'operators, features, order types the Play uses; rule cases and exit reasons its run exercises',
  }[check],
  options: [...OPTIONS],
  run: (ctx: CommandContext) => runAudit(ctx, [check], `trade audit ${check}`),
}));
