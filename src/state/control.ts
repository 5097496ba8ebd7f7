// The control channel of a running session (LIVE.md §7): `trade panic`, `trade halt` and
// `trade resume` from another terminal append a row to the session journal's `control` table
// (SQLite serialises the writers); the session reads rows after the last one it handled, at every
// bar and every second while it waits. Rows are never changed, so the journal keeps who asked what.
import type { Database } from 'bun:sqlite';
import { Database as Sqlite } from 'bun:sqlite';
import { StateError } from '../errors';

export const CONTROL_COMMANDS = ['panic', 'halt', 'resume'] as const;
export type ControlCommand = (typeof CONTROL_COMMANDS)[number];

const CREATE = 'CREATE TABLE IF NOT EXISTS control (id INTEGER PRIMARY KEY AUTOINCREMENT, ts_ms INTEGER NOT NULL, command TEXT NOT NULL)';

export interface ControlRow {
  id: number;
  tsMs: number;
  command: ControlCommand;
}

/** Creates the table in a session's own connection (the session calls it at start). */
export function ensureControlTable(db: Database): void {
  db.exec(CREATE);
}

/** Appends `command` to the journal at `path` (another process: the session reads it). */
export function sendControl(path: string, command: ControlCommand, tsMs: number): number {
  let db: Sqlite | undefined;
  try {
    db = new Sqlite(path, { strict: true });
    db.exec('PRAGMA busy_timeout = 5000');
    db.exec(CREATE);
    const r = db.query('INSERT INTO control (ts_ms, command) VALUES (?, ?)').run(tsMs, command);
    return Number(r.lastInsertRowid);
  } catch (cause) {
    throw new StateError('STATE', `cannot send ${command} to ${path}: ${(cause as Error).message}`, { path }, { cause });
  } finally {
    db?.close();
  }
}

/** Rows after `afterId`, in order. */
export function readControl(db: Database, afterId: number): ControlRow[] {
  return db
    .query<{ id: number; ts_ms: number; command: string }, [number]>('SELECT id, ts_ms, command FROM control WHERE id > ? ORDER BY id')
    .all(afterId)
    .filter((r) => (CONTROL_COMMANDS as readonly string[]).includes(r.command))
    .map((r) => ({ id: r.id, tsMs: r.ts_ms, command: r.command as ControlCommand }));
}
