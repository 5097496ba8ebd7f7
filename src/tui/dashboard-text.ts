// `trade dashboard [<session>]`: which journal to attach to (an id, a unique prefix, a path, or by
// default the newest session under the state folder), and without a terminal the journal's lines
// and one status line as text (what the dashboard would show, read once).
import { TradeError } from '../errors';
import { listSessions, resolveSession } from '../state';
import { DEFAULT_STATE_DIR } from '../tools/sessions';
import { JournalFeed } from './journal-feed';
import { statusText } from './status';
import { DashboardStore } from './store';

export function dashboardJournal(stateDir: string | undefined, ref: string | undefined): string {
  const dir = stateDir ?? DEFAULT_STATE_DIR;
  if (ref !== undefined) return resolveSession(dir, ref);
  const newest = listSessions(dir).find((e) => e.ok);
  if (!newest?.ok)
    throw new TradeError('USAGE', `trade dashboard: no session journal under ${dir}/ (start one with trade run, or name --state)`);
  return newest.session.path;
}

/** The dashboard as text: the journal's log lines (the last `lines`) and the one-line status. */
export function dashboardText(path: string, nowMs: number, lines = 40): string {
  const store = new DashboardStore(0);
  new JournalFeed({ path, store, log: true, inProcess: false, backlogLines: lines }).poll();
  const s = store.state;
  const status = `${s.session?.id ?? path}: ${s.phase}${s.stopReason ? ` (${s.stopReason})` : ''}; ${statusText(s, nowMs)}`;
  return [...store.log.map((l) => l.text), status].join('\n');
}
