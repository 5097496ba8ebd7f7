// `trade sessions` and `trade session show <id>`: the session journals under a state folder
// (default state/), read without writing. Listing never fails on one bad file: a damaged, foreign
// or newer-schema journal is an entry with its one-line reason. Showing resolves an id, a unique
// prefix or a path (unknown or ambiguous: one line naming the candidates, exit 2).
import { existsSync, statSync } from 'node:fs';
import { TradeError } from '../errors';
import { listSessions, readSessionDetail, resolveSession, type SessionDetail, type SessionListEntry } from '../state';

export const DEFAULT_STATE_DIR = 'state';

export interface SessionsInput {
  /** The --state option; undefined means the default (a missing default folder lists nothing). */
  stateDir?: string;
}

export interface SessionsListResult {
  stateDir: string;
  sessions: SessionListEntry[];
}

function stateDirInput(stateDir: string | undefined): string {
  if (stateDir === undefined) return DEFAULT_STATE_DIR;
  if (stateDir === '') throw new TradeError('USAGE', `--state '': expected a folder (or leave --state out for ${DEFAULT_STATE_DIR}/)`);
  if (!existsSync(stateDir) || !statSync(stateDir).isDirectory())
    throw new TradeError('USAGE', `--state '${stateDir}': no such folder (the folder trade run --state wrote its journals to)`);
  return stateDir;
}

/** Every session journal under the state folder, newest first. */
export function sessionsList(input: SessionsInput): SessionsListResult {
  const stateDir = stateDirInput(input.stateDir);
  return { stateDir, sessions: listSessions(stateDir) };
}

/** One session in full: `ref` is a session id, a unique prefix of one, or a journal path. */
export function sessionShow(input: SessionsInput & { ref: string }): SessionDetail {
  const stateDir = stateDirInput(input.stateDir);
  return readSessionDetail(resolveSession(stateDir, input.ref));
}
