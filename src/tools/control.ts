// `trade panic | halt | resume [<session>]`: the kill switch from another terminal (LIVE.md §7). The
// command is appended to the running session's journal; the session applies it before its next
// bar (and within a second while it waits): panic cancels every order, closes the position
// reduce-only and halts; halt sends nothing more; resume (a person's decision) allows trading again.
// With no session named, the only running session under the state folder is meant; none or
// several is a one-line refusal naming the candidates (a kill switch must not guess).
import { basename } from 'node:path';
import { TradeError } from '../errors';
import { type ControlCommand, journalFiles, journalLockHolders, resolveSession, sendControl } from '../state';
import { DEFAULT_STATE_DIR } from './sessions';

export interface ControlInput {
  /** Session id, unique prefix or journal path; undefined: the only running session. */
  ref?: string | undefined;
  command: ControlCommand;
  stateDir?: string;
  nowMs: () => number;
}

export interface ControlResult {
  journal: string;
  command: ControlCommand;
  id: number;
  /** Processes holding the journal: the running session. */
  pids: number[];
}

/** Running sessions named in one refusal at most. */
const SHOWN = 12;

const sessionId = (path: string): string => basename(path).replace(/\.sqlite$/, '');

/** The journal of the only running session under `stateDir` (held open by a live process). */
function onlyRunningSession(stateDir: string, command: ControlCommand): string {
  const files = journalFiles(stateDir);
  const running: { path: string; pids: number[] }[] = [];
  for (const path of files) {
    const pids = journalLockHolders(path);
    if (pids === undefined)
      throw new TradeError(
        'USAGE',
        `trade ${command}: cannot tell which session is running (no lock table here); name one: trade ${command} <session>`,
      );
    if (pids.length > 0) running.push({ path, pids });
  }
  if (running.length === 1) return running[0]!.path;
  if (running.length === 0) {
    const known = files.length === 0 ? 'it holds no session journals' : `${files.length} journal(s), none held by a running process`;
    throw new TradeError('USAGE', `trade ${command}: no session is running under ${stateDir} (${known}); nothing to ${command}`);
  }
  const shown = running.slice(0, SHOWN).map((r) => `${sessionId(r.path)} (pid ${r.pids.join(', ')})`);
  const more = running.length > SHOWN ? ` and ${running.length - SHOWN} more` : '';
  throw new TradeError(
    'USAGE',
    `trade ${command}: ${running.length} sessions are running under ${stateDir}: ${shown.join(', ')}${more}; name one: trade ${command} <session>`,
  );
}

export function sendSessionControl(input: ControlInput): ControlResult {
  const stateDir = input.stateDir ?? DEFAULT_STATE_DIR;
  const journal = input.ref === undefined ? onlyRunningSession(stateDir, input.command) : resolveSession(stateDir, input.ref);
  const pids = journalLockHolders(journal) ?? [];
  if (pids.length === 0)
    throw new TradeError(
      'USAGE',
      `trade ${input.command}: session ${input.ref ?? sessionId(journal)} (${journal}) is not running; nothing to ${input.command}`,
    );
  const id = sendControl(journal, input.command, input.nowMs());
  return { journal, command: input.command, id, pids };
}
