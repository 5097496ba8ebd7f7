// The session journal (LIVE.md §5): one bun:sqlite file per session, WAL, a versioned schema. It
// records the bars as received (with the receive time), every decision, every command (written
// and synced to disk BEFORE it is sent: its commit runs with synchronous FULL, which also syncs
// every earlier row; other rows commit with NORMAL, durable across a process crash and synced by
// the next command or checkpoint), every venue event (a fill's execId is
// unique, so a duplicate delivery is stored once) and engine snapshots (JSON + SHA-256 digest,
// each written in one transaction). A live bar's rows (the bar, the events drained for it, its
// decision, its commands and the snapshot after it) commit together in `atomic`, synced before
// any of its commands can leave the process: after a crash the journal holds a bar whole or not
// at all. It is the source of truth for restart and replay.
import { Database } from 'bun:sqlite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Bar1m } from '../domain';
import { StateError } from '../errors';
import { type ControlRow, ensureControlTable, readControl } from './control';

export const JOURNAL_SCHEMA_VERSION = 1;

const SCHEMA = [
  'CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
  `CREATE TABLE IF NOT EXISTS bars (ts_ms INTEGER PRIMARY KEY, open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL,
     close REAL NOT NULL, volume REAL NOT NULL, recv_ms INTEGER NOT NULL, warm INTEGER NOT NULL DEFAULT 0)`,
  'CREATE TABLE IF NOT EXISTS decisions (seq INTEGER PRIMARY KEY, ts_ms INTEGER NOT NULL, action TEXT NOT NULL, json TEXT NOT NULL)',
  `CREATE TABLE IF NOT EXISTS commands (id INTEGER PRIMARY KEY AUTOINCREMENT, ts_ms INTEGER NOT NULL, kind TEXT NOT NULL,
     client_id TEXT, json TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT, seq INTEGER NOT NULL, ts_ms INTEGER NOT NULL,
     kind TEXT NOT NULL, exec_id TEXT UNIQUE, json TEXT NOT NULL)`,
  'CREATE TABLE IF NOT EXISTS snapshots (bar_close_ms INTEGER PRIMARY KEY, digest TEXT NOT NULL, json TEXT NOT NULL)',
];

/** A bar as the journal stores it: the domain's closed 1m bar. */
export type JournalBar = Bar1m;

/** Anything the journal stores as JSON must carry these. */
export interface JournalEvent {
  seq: number;
  tsMs: number;
  kind: string;
  execId?: string;
}

export class Journal {
  private readonly insertBar;
  private readonly insertDecision;
  private readonly insertCommand;
  private readonly insertEvent;
  /** Inside `atomic`: whether a command was written (the commit then syncs with FULL). */
  private tx: { commands: number } | undefined;

  private constructor(
    readonly path: string,
    private readonly db: Database,
  ) {
    this.insertBar = db.prepare('INSERT OR IGNORE INTO bars VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.insertDecision = db.prepare('INSERT OR REPLACE INTO decisions VALUES (?, ?, ?, ?)');
    this.insertCommand = db.prepare('INSERT INTO commands (ts_ms, kind, client_id, json) VALUES (?, ?, ?, ?)');
    this.insertEvent = db.prepare('INSERT OR IGNORE INTO events (seq, ts_ms, kind, exec_id, json) VALUES (?, ?, ?, ?, ?)');
  }

  /** Opens (creating) the journal at `path`; a newer schema than this build knows is refused. */
  static open(path: string): Journal {
    let db: Database;
    try {
      mkdirSync(dirname(path), { recursive: true });
      db = new Database(path, { create: true, strict: true });
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = NORMAL');
      // Other processes write the control table (trade panic): wait for their lock, never fail.
      db.exec('PRAGMA busy_timeout = 5000');
      for (const s of SCHEMA) db.exec(s);
      ensureControlTable(db);
    } catch (cause) {
      throw new StateError('STATE', `cannot open the journal ${path}: ${(cause as Error).message}`, { path }, { cause });
    }
    const j = new Journal(path, db);
    const v = j.meta('schema_version');
    if (v === undefined) j.setMeta('schema_version', String(JOURNAL_SCHEMA_VERSION));
    else if (Number(v) > JOURNAL_SCHEMA_VERSION) {
      db.close();
      throw new StateError(
        'STATE',
        `journal ${path} has schema version ${v}; this build reads up to ${JOURNAL_SCHEMA_VERSION}: upgrade trade`,
      );
    }
    return j;
  }

  meta(key: string): string | undefined {
    const row = this.db.query<{ value: string }, [string]>('SELECT value FROM meta WHERE key = ?').get(key);
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.query('INSERT OR REPLACE INTO meta VALUES (?, ?)').run(key, value);
  }

  bar(b: JournalBar, recvMs: number, warm = false): void {
    this.insertBar.run(b.tsMs, b.open, b.high, b.low, b.close, b.volume, recvMs, warm ? 1 : 0);
  }

  decision(d: { seq: number; tsMs: number; action: string }): void {
    this.insertDecision.run(d.seq, d.tsMs, d.action, JSON.stringify(d));
  }

  /** Written and synced to disk before the command is sent (this commit runs with synchronous FULL). */
  command(tsMs: number, cmd: { kind: string; order?: { clientId: string }; clientId?: string }): void {
    if (this.tx) {
      this.tx.commands++;
      this.insertCommand.run(tsMs, cmd.kind, cmd.order?.clientId ?? cmd.clientId ?? null, JSON.stringify(cmd));
      return;
    }
    this.db.exec('PRAGMA synchronous = FULL');
    try {
      this.insertCommand.run(tsMs, cmd.kind, cmd.order?.clientId ?? cmd.clientId ?? null, JSON.stringify(cmd));
    } finally {
      this.db.exec('PRAGMA synchronous = NORMAL');
    }
  }

  event(e: JournalEvent & Record<string, unknown>): void {
    this.insertEvent.run(e.seq, e.tsMs, e.kind, e.execId ?? null, JSON.stringify(e));
  }

  /**
   * Runs `fn` in one transaction: every row it writes commits together or not at all. When `fn`
   * wrote a command, the WAL is synced before this returns (the command is on disk before it can
   * be sent: the venue sends only after the caller yields).
   */
  atomic<T>(fn: () => T): T {
    if (this.tx) return fn();
    this.tx = { commands: 0 };
    this.db.exec('BEGIN IMMEDIATE');
    let out: T;
    let commands: number;
    try {
      out = fn();
      commands = this.tx.commands;
      this.db.exec('COMMIT');
    } catch (e) {
      this.db.exec('ROLLBACK');
      throw e;
    } finally {
      this.tx = undefined;
    }
    // The safety level cannot change inside a transaction: a one-row commit with FULL syncs the
    // WAL, and with it the frames just committed.
    if (commands > 0) {
      this.db.exec('PRAGMA synchronous = FULL');
      try {
        this.db.query('INSERT OR REPLACE INTO meta VALUES (?, ?)').run('synced_commands', String(this.count('commands')));
      } finally {
        this.db.exec('PRAGMA synchronous = NORMAL');
      }
    }
    return out;
  }

  /**
   * Stores an engine snapshot with its SHA-256 digest, in one transaction. With `keepHourly`, the
   * earlier snapshots are pruned except those on the hour (a restart needs the newest only).
   */
  snapshot(barCloseMs: number, snap: unknown, keepHourly = false): string {
    if (!Number.isSafeInteger(barCloseMs))
      throw new StateError('STATE', `journal ${this.path}: snapshot time ${barCloseMs} is not integer ms`);
    const json = JSON.stringify(snap);
    const digest = new Bun.CryptoHasher('sha256').update(json).digest('hex');
    this.atomic(() => {
      this.db.query('INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?)').run(barCloseMs, digest, json);
      if (keepHourly) this.db.query('DELETE FROM snapshots WHERE bar_close_ms < ? AND bar_close_ms % 3600000 != 0').run(barCloseMs);
    });
    return digest;
  }

  /** Removes a meta record (a resumed session is no longer stopped). */
  deleteMeta(key: string): void {
    this.db.query('DELETE FROM meta WHERE key = ?').run(key);
  }

  /** The newest snapshot, checked against its digest. */
  lastSnapshot(): { barCloseMs: number; snap: unknown; digest: string } | undefined {
    const row = this.db
      .query<{ bar_close_ms: number; digest: string; json: string }, []>('SELECT * FROM snapshots ORDER BY bar_close_ms DESC LIMIT 1')
      .get();
    if (!row) return undefined;
    const digest = new Bun.CryptoHasher('sha256').update(row.json).digest('hex');
    if (digest !== row.digest)
      throw new StateError('STATE', `journal ${this.path}: the snapshot at ${row.bar_close_ms} fails its digest check`);
    return { barCloseMs: row.bar_close_ms, snap: JSON.parse(row.json), digest };
  }

  /** Control commands (panic, halt, resume) other processes appended after `afterId`. */
  control(afterId: number): ControlRow[] {
    return readControl(this.db, afterId);
  }

  count(table: 'bars' | 'decisions' | 'commands' | 'events' | 'snapshots'): number {
    return this.db.query<{ n: number }, []>(`SELECT count(*) AS n FROM ${table}`).get()?.n ?? 0;
  }

  rows<T>(sql: string): T[] {
    return this.db.query<T, []>(sql).all();
  }

  /** Finalizes the prepared statements first: a statement left open keeps the connection (its lock, its WAL) alive. */
  close(): void {
    for (const st of [this.insertBar, this.insertDecision, this.insertCommand, this.insertEvent]) st.finalize();
    this.db.close();
  }
}
