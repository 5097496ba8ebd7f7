// `trade play validate <file|dir>...` (tool play.validate): prints `ok <id> <play_hash>` per valid
// Play on stdout and every problem as one `✖ file:line:col path message` line on stderr (⚠ for
// warnings); exits 2 when any file has an error.
import { PlayError, TradeError } from '../../errors';
import type { PlayValidation } from '../../tools';
import type { Command } from '../command';
import { callCommandTool } from '../tool-call';

export const playValidateCommand: Command = {
  usesCore: true,
  path: ['play', 'validate'],
  usage: 'trade play validate <file|dir>... [--json]',
  summary: 'check Plays; print ok <id> <play_hash> for each valid one and every error as file:line:col',
  options: [],
  async run(ctx) {
    const paths = ctx.args.positionals;
    if (paths.length === 0) throw new TradeError('USAGE', 'play validate: give at least one Play file or directory');
    // The tool's report, plus each issue as the line printed for it.
    const {
      ok: _,
      messages,
      ...r
    } = await callCommandTool<PlayValidation & { ok: boolean; messages: string[] }>(ctx, 'play validate', {
      paths,
    });
    const bad = r.files.filter((f) => !f.ok).length;
    const summary = `play validate: ${plural(r.errors, 'error')} in ${bad} of ${plural(r.files.length, 'file')}`;
    if (ctx.json) {
      // One object: the report, plus the error in the shape every --json failure has.
      const error = r.errors > 0 ? { code: 'PLAY_INVALID', message: summary } : undefined;
      return { json: { ok: r.errors === 0, ...(error ? { error } : {}), ...r }, text: '', exitCode: r.errors > 0 ? 2 : 0 };
    }
    for (const f of r.files) {
      for (let k = 0; k < r.issues.length; k++) if (r.issues[k]!.file === f.file) ctx.err(messages[k]!);
      if (f.ok) ctx.out(`ok ${f.id} ${f.playHash}`);
    }
    if (r.errors > 0) throw new PlayError('PLAY_INVALID', summary);
    return undefined;
  },
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
