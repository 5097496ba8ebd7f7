// `trade panic|halt|resume [<session>]`: the kill switch of a running session, from another
// terminal (docs/live.md; tools session.panic, session.halt, session.resume). With no session
// named, the only running one under --state; one line says what was sent to which session.
import { TradeError } from '../../errors';
import type { ControlResult } from '../../tools';
import { optionValue } from '../args';
import type { Command } from '../command';
import { callCommandTool } from '../tool-call';

const HELP = {
  panic: 'cancel every order, close the position reduce-only and halt a running session',
  halt: 'stop a running session from sending anything (protection on the venue stays)',
  resume: 'let a halted session trade again',
} as const;

function controlCommand(command: 'panic' | 'halt' | 'resume'): Command {
  return {
    path: [command],
    usage: `trade ${command} [<session|prefix|journal.sqlite>] [--state DIR] [--json]`,
    summary: HELP[command],
    options: [{ name: 'state', value: true, help: 'folder of the session journals (default state/)' }],
    async run(ctx) {
      const { args } = ctx;
      if (args.positionals.length > 1)
        throw new TradeError('USAGE', `trade ${command}: expected at most one session, got ${args.positionals.length}`);
      const r = await callCommandTool<ControlResult>(ctx, command, { session: args.positionals[0], state: optionValue(args, 'state') });
      return { json: r, text: `${command} sent to ${r.journal} (pid ${r.pids.join(', ')}); it applies before the next bar` };
    },
  };
}

export const panicCommand = controlCommand('panic');
export const haltCommand = controlCommand('halt');
export const resumeCommand = controlCommand('resume');
