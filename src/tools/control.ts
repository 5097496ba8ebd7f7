// `trade panic | halt | resume <session>`: the kill switch from another terminal (LIVE.md §7). The
// command is appended to the running session's journal; the session applies it before its next
// bar (and within a second while it waits): panic cancels every order, closes the position
// reduce-only and halts; halt sends nothing more; resume (a person's decision) allows trading again.
import { TradeError } from '../errors';
import { type ControlCommand, journalLockHolders, resolveSession, sendControl } from '../state';
import { DEFAULT_STATE_DIR } from './sessions';

export interface ControlInput {
  ref: string;
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

export function sendSessionControl(input: ControlInput): ControlResult {
  const journal = resolveSession(input.stateDir ?? DEFAULT_STATE_DIR, input.ref);
  const pids = journalLockHolders(journal) ?? [];
  if (pids.length === 0)
    throw new TradeError('USAGE', `trade ${input.command}: session ${input.ref} (${journal}) is not running; nothing to ${input.command}`);
  const id = sendControl(journal, input.command, input.nowMs());
  return { journal, command: input.command, id, pids };
}
