// The kill switch as another process reads it (the order tools): the last panic / halt / resume
// row of a session journal's control table. panic or halt last means the session must not open
// anything; resume (or no row) means it may. Read-only; a journal without the table has no rows.
import { Database } from 'bun:sqlite';
import { StateError } from '../errors';
import { CONTROL_COMMANDS, type ControlCommand } from './control';

export interface KillSwitchState {
  halted: boolean;
  /** The last control command and when it was sent, or null when none was. */
  last: { command: ControlCommand; tsMs: number } | null;
}

export function readKillSwitch(path: string): KillSwitchState {
  let db: Database | undefined;
  try {
    db = new Database(path, { readonly: true, strict: true });
    const table = db.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'control'").get();
    if (!table) return { halted: false, last: null };
    const rows = db
      .query<{ ts_ms: number; command: string }, []>('SELECT ts_ms, command FROM control ORDER BY id DESC')
      .all()
      .filter((r) => (CONTROL_COMMANDS as readonly string[]).includes(r.command));
    const row = rows[0];
    if (!row) return { halted: false, last: null };
    const command = row.command as ControlCommand;
    return { halted: command !== 'resume', last: { command, tsMs: row.ts_ms } };
  } catch (cause) {
    throw new StateError('STATE_UNREADABLE', `cannot read the kill switch of ${path}: ${(cause as Error).message}`, { path }, { cause });
  } finally {
    db?.close();
  }
}
