// `trade dashboard [<session>]`: the Ink dashboard attached to a running or finished session,
// reading its journal (read-only, WAL); q quits and never stops the session. Without a terminal
// it prints the journal's last lines and a status line instead (docs/dashboard.md).
import { TradeError } from '../../errors';
import { dashboardJournal, dashboardText } from '../../tui/dashboard-text';
import { drawOnTerminal } from '../../tui/terminal-env';
import { optionValue } from '../args';
import type { Command } from '../command';

export const dashboardCommand: Command = {
  path: ['dashboard'],
  usage: 'trade dashboard [<session|prefix|journal.sqlite>] [--state DIR]',
  summary: 'watch a running or finished session in the terminal (p panic, h halt, r resume, q quit)',
  options: [{ name: 'state', value: true, help: 'folder of the session journals (default state/); the newest session when none is named' }],
  async run(ctx) {
    const { args } = ctx;
    if (args.positionals.length > 1)
      throw new TradeError('USAGE', `trade dashboard: expected at most one session, got ${args.positionals.length}`);
    const path = dashboardJournal(optionValue(args, 'state'), args.positionals[0]);
    if (!ctx.isTty || ctx.json) {
      const text = dashboardText(path, Date.now());
      return { json: { journal: path, text }, text };
    }
    // Ink and React are loaded only here: other commands start faster without them.
    drawOnTerminal();
    const { mountDashboard } = await import('../../tui/mount');
    const d = mountDashboard({ journalPath: path, inProcess: false, nowMs: () => Date.now(), onInterrupt: () => d.unmount() });
    await d.exited;
    return undefined;
  },
};
