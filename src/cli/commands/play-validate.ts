// `trade play validate <file|dir>...`: prints `ok <id> <play_hash>` per valid Play on stdout and
// every problem as one `✖ file:line:col path message` line on stderr (⚠ for warnings); exits 2
// when any file has an error.
import { PlayError } from '../../errors';
import { formatIssue, validatePlays } from '../../tools';
import type { Command } from '../command';

export const playValidateCommand: Command = {
  path: ['play', 'validate'],
  usage: 'trade play validate <file|dir>... [--json]',
  summary: 'check Plays; print ok <id> <play_hash> for each valid one and every error as file:line:col',
  options: [],
  async run(ctx) {
    const r = validatePlays(ctx.args.positionals);
    const bad = r.files.filter((f) => !f.ok).length;
    const summary = `play validate: ${plural(r.errors, 'error')} in ${bad} of ${plural(r.files.length, 'file')}`;
    if (ctx.json) {
      // One object: the report, plus the error in the shape every --json failure has.
      const error = r.errors > 0 ? { code: 'PLAY_INVALID', message: summary } : undefined;
      return { json: { ok: r.errors === 0, ...(error ? { error } : {}), ...r }, text: '', exitCode: r.errors > 0 ? 2 : 0 };
    }
    for (const f of r.files) {
      for (const i of r.issues) if (i.file === f.file) ctx.err(formatIssue(i));
      if (f.ok) ctx.out(`ok ${f.id} ${f.playHash}`);
    }
    if (r.errors > 0) throw new PlayError('PLAY_INVALID', summary);
    return undefined;
  },
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
