// `trade indicators`, `trade structures` and `trade plays [dir]`: what can be used, with enough
// detail to write a Play (params with ranges, outputs, warm-up; ids, symbols and hashes of Plays).
// Tools indicator.list, structure.list and play.list.
import { TradeError } from '../../errors';
import type { PlayListEntry, SeriesCatalogEntry, SeriesKind } from '../../tools';
import type { Command } from '../command';
import { table } from '../output';
import { callCommandTool } from '../tool-call';

function catalogText(entries: readonly SeriesCatalogEntry[]): string {
  return table(
    ['name', 'params (default, range)', 'outputs', 'input', 'warm-up'],
    entries.map((e) => [
      e.name,
      e.params.map((p) => `${p.name}=${p.default} [${p.min}, ${p.max}]${p.kind === 'int' ? '' : ` ${p.kind}`}`).join(' ') || '-',
      e.outputs.join(' '),
      e.input,
      e.warmup,
    ]),
  );
}

function catalogCommand(kind: SeriesKind): Command {
  const plural = `${kind}s` as const;
  return {
    path: [plural],
    usage: `trade ${plural} [--json]`,
    summary: `list every ${kind}: name, params with defaults and ranges, outputs, input, warm-up`,
    options: [],
    async run(ctx) {
      if (ctx.args.positionals.length > 0)
        throw new TradeError('USAGE', `trade ${plural}: takes no arguments (got '${ctx.args.positionals[0]}')`);
      const found = await callCommandTool<Record<string, SeriesCatalogEntry[]>>(ctx, plural, {});
      const entries = found[plural] as SeriesCatalogEntry[];
      return { json: { [plural]: entries }, text: catalogText(entries) };
    },
  };
}

export const indicatorsCommand = catalogCommand('indicator');
export const structuresCommand = catalogCommand('structure');

export const playsCommand: Command = {
  path: ['plays'],
  usage: 'trade plays [dir] [--json]',
  summary: 'list the Plays of a directory (default plays/): id, symbol, timeframes, play_hash',
  options: [],
  async run(ctx) {
    const [dir = 'plays', ...extra] = ctx.args.positionals;
    if (extra.length > 0) throw new TradeError('USAGE', `trade plays: one directory at most (got '${extra[0]}' too)`);
    const { plays } = await callCommandTool<{ dir: string; plays: PlayListEntry[] }>(ctx, 'plays', { dir });
    const rows = plays.map((p) =>
      p.ok
        ? [
            p.id ?? '',
            p.symbol ?? '',
            Object.entries(p.timeframes ?? {})
              .map(([k, v]) => `${k}:${v}`)
              .join(' '),
            p.playHash ?? '',
          ]
        : [p.id ?? p.file, '-', '-', `invalid: ${p.error}`],
    );
    return { json: { plays }, text: table(['id', 'symbol', 'timeframes', 'play_hash'], rows) };
  },
};
