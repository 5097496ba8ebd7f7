// The session journals under a state folder (`<state>/<play_id>/<session_id>.sqlite`, and any
// `.sqlite` directly under it): each read into a summary, or listed as unreadable with its
// one-line reason (a damaged or foreign file, a newer schema), newest first. Also resolves what a
// user names a session by: an id, a unique prefix of one, or a journal file path.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { StateError, TradeError } from '../errors';
import { readSession, type SessionSummary } from './session-read';

export type SessionListEntry =
  | { ok: true; session: SessionSummary }
  | { ok: false; id: string; path: string; code: string; error: string; modifiedMs: number };

const JOURNAL_EXT = '.sqlite';
/** Candidates named in one "unknown / ambiguous session" line at most. */
const CANDIDATES_SHOWN = 12;

/** The journal files under `stateDir` (depth 1 and 2), sorted by path; [] when it does not exist. */
export function journalFiles(stateDir: string): string[] {
  if (!existsSync(stateDir)) return [];
  const out: string[] = [];
  const visit = (dir: string, depth: number) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      let st: ReturnType<typeof statSync>;
      try {
        st = statSync(p);
      } catch {
        continue; // removed while we looked
      }
      if (st.isDirectory() && depth < 2) visit(p, depth + 1);
      else if (st.isFile() && name.endsWith(JOURNAL_EXT)) out.push(p);
    }
  };
  visit(stateDir, 1);
  return out;
}

/** The file's modification time, 0 when it vanished meanwhile (it sorts last). */
function modifiedMs(path: string): number {
  try {
    return Math.floor(statSync(path).mtimeMs);
  } catch {
    return 0;
  }
}

const idOf = (path: string): string => basename(path).slice(0, -JOURNAL_EXT.length);

/** Every journal under `stateDir`, newest first (by start-up wall time, else file time). */
export function listSessions(stateDir: string): SessionListEntry[] {
  const entries: SessionListEntry[] = journalFiles(stateDir).map((path) => {
    try {
      return { ok: true, session: readSession(path) };
    } catch (e) {
      if (!(e instanceof TradeError)) throw e;
      return { ok: false, id: idOf(path), path, code: e.code, error: e.message, modifiedMs: modifiedMs(path) };
    }
  });
  const whenMs = (e: SessionListEntry) => (e.ok ? (e.session.openedMs ?? 0) : e.modifiedMs);
  const idKey = (e: SessionListEntry) => (e.ok ? e.session.id : e.id);
  return entries.sort((a, b) => whenMs(b) - whenMs(a) || (idKey(a) < idKey(b) ? -1 : idKey(a) > idKey(b) ? 1 : 0));
}

function candidates(ids: readonly string[]): string {
  const shown = ids.slice(0, CANDIDATES_SHOWN).join(', ');
  return ids.length > CANDIDATES_SHOWN ? `${shown} and ${ids.length - CANDIDATES_SHOWN} more` : shown;
}

/**
 * The journal a user means by `ref`: a path to a journal file (it contains a '/' or ends in
 * .sqlite), else a session id under `stateDir`, exact or a unique prefix. Unknown or ambiguous:
 * a SESSION_UNKNOWN error naming the candidates on one line.
 */
export function resolveSession(stateDir: string, ref: string): string {
  if (ref === '') throw new StateError('SESSION_UNKNOWN', 'session id is empty: expected an id, a prefix of one or a journal path');
  if (ref.includes('/') || ref.endsWith(JOURNAL_EXT)) {
    if (existsSync(ref) && statSync(ref).isFile()) return ref;
    if (ref.includes('/')) throw new StateError('SESSION_UNKNOWN', `journal file ${ref} does not exist`, { ref });
  }
  const files = journalFiles(stateDir);
  const exact = files.filter((f) => idOf(f) === ref);
  const matches = exact.length > 0 ? exact : files.filter((f) => idOf(f).startsWith(ref));
  if (matches.length === 1) return matches[0] as string;
  if (matches.length > 1) {
    const names = exact.length > 1 ? matches : matches.map(idOf);
    throw new StateError('SESSION_UNKNOWN', `session '${ref}' is ambiguous under ${stateDir}: ${candidates(names)}`, { ref });
  }
  const known = files.length === 0 ? 'it holds no session journals' : `sessions: ${candidates(files.map(idOf))}`;
  throw new StateError('SESSION_UNKNOWN', `no session '${ref}' under ${stateDir} (${known})`, { ref });
}
