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
    if (ctx.json) ctx.out(JSON.stringify(r));
    else {
      for (const f of r.files) {
        for (const i of r.issues) if (i.file === f.file) ctx.err(formatIssue(i));
        if (f.ok) ctx.out(`ok ${f.id} ${f.playHash}`);
      }
    }
    if (r.errors > 0) {
      const bad = r.files.filter((f) => !f.ok).length;
      throw new PlayError('PLAY_INVALID', `play validate: ${plural(r.errors, 'error')} in ${bad} of ${plural(r.files.length, 'file')}`);
    }
    return undefined;
  },
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
