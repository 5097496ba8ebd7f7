// Reads one session journal without writing to it: the summary `trade sessions` lists (who, what,
// state, window, position, realised PnL, counts). The journal is opened read-only; a journal with
// a -wal file (a running session, or one that was killed) is read through SQLite's WAL, so the
// rows a running session has committed are seen; one without (closed cleanly) is opened immutable,
// so reading leaves no -shm or -wal file behind. A damaged or foreign file and a newer schema are
// StateErrors with one-line messages. Money is summed in whole 1e-8 USDT so sums are exact.
import { constants, Database } from 'bun:sqlite';
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { StateError } from '../errors';
import { JOURNAL_SCHEMA_VERSION } from './journal';
import { journalLockHolders } from './journal-lock';

/**
 * stopped: the journal has a stop record. running: no stop record and a live process holds the
 * journal open (its SQLite lock). unclean: no stop record and nobody holds it (killed or crashed).
 * unknown: no stop record and the platform has no lock table to ask.
 */
export type SessionState = 'running' | 'stopped' | 'unclean' | 'unknown';

export interface SessionSummary {
  id: string;
  path: string;
  play: string;
  /** null until the session has finished its warm-up (the journal's `session` record). */
  mode: string | null;
  symbol: string | null;
  runId: string | null;
  state: SessionState;
  stopReason: string | null;
  /** Processes holding the journal open (running). */
  pids: number[];
  /** Wall clock: when the first bar was journaled (the session's start-up). */
  openedMs: number | null;
  warmStartMs: number | null;
  /** Open time of the first live bar. */
  startMs: number | null;
  /** Open time of the newest live bar journaled. */
  lastBarMs: number | null;
  liveBars: number;
  position: { side: string; qty: number };
  /** grossRealisedUsdt − feesUsdt − fundingPaidUsdt. */
  pnlUsdt: number;
  grossRealisedUsdt: number;
  feesUsdt: number;
  /** Funding paid (+) or received (−). */
  fundingPaidUsdt: number;
  decisions: number;
  orders: number;
  fills: number;
}

const UNITS = 1e8;
export const toUnits = (usdt: number): number => Math.round(usdt * UNITS);
export const fromUnits = (units: number): number => units / UNITS;

/** `file:` URI of an absolute path, each segment escaped (SQLite decodes %XX). */
function fileUri(path: string, query: string): string {
  const abs = resolve(path).split('/').map(encodeURIComponent).join('/');
  return `file:${abs}?${query}`;
}

/** Opens a journal read-only; throws STATE_UNREADABLE (damaged, foreign) or STATE_SCHEMA (newer). */
export function openJournalReadOnly(path: string): { db: Database; schemaVersion: number } {
  let db: Database | undefined;
  try {
    const walMode = existsSync(`${path}-wal`) || existsSync(`${path}-shm`);
    db = walMode
      ? new Database(path, { readonly: true, strict: true })
      : new Database(fileUri(path, 'immutable=1'), constants.SQLITE_OPEN_READONLY | constants.SQLITE_OPEN_URI);
    const hasMeta = db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
    const row = hasMeta ? db.query<{ value: string }, []>("SELECT value FROM meta WHERE key = 'schema_version'").get() : null;
    if (!row) throw new StateError('STATE_UNREADABLE', `${path}: not a trade journal (no schema_version in a meta table)`, { path });
    const version = Number(row.value);
    if (!Number.isInteger(version) || version < 1)
      throw new StateError('STATE_UNREADABLE', `${path}: not a trade journal (schema_version '${row.value}')`, { path });
    if (version > JOURNAL_SCHEMA_VERSION)
      throw new StateError(
        'STATE_SCHEMA',
        `${path}: journal schema version ${version} is newer than this build reads (${JOURNAL_SCHEMA_VERSION}): upgrade trade`,
        { path, version },
      );
    return { db, schemaVersion: version };
  } catch (cause) {
    db?.close();
    if (cause instanceof StateError) throw cause;
    const msg = (cause as Error).message ?? String(cause);
    throw new StateError('STATE_UNREADABLE', `${path}: cannot read the journal: ${msg}`, { path }, { cause });
  }
}

function meta<T>(db: Database, key: string): T | undefined {
  const row = db.query<{ value: string }, [string]>('SELECT value FROM meta WHERE key = ?').get(key);
  if (!row) return undefined;
  try {
    return JSON.parse(row.value) as T;
  } catch (cause) {
    throw new StateError('STATE_UNREADABLE', `meta '${key}' is not JSON: '${row.value.slice(0, 40)}'`, { key }, { cause });
  }
}

const count = (db: Database, sql: string): number => db.query<{ n: number }, []>(sql).get()?.n ?? 0;

/** Realised PnL of the journaled fills and funding, in exact 1e-8 USDT sums. */
export function sessionPnl(db: Database): Pick<SessionSummary, 'pnlUsdt' | 'grossRealisedUsdt' | 'feesUsdt' | 'fundingPaidUsdt'> {
  let gross = 0;
  let fees = 0;
  let funding = 0;
  const rows = db.query<{ kind: string; json: string }, []>("SELECT kind, json FROM events WHERE kind IN ('fill', 'funding') ORDER BY id");
  for (const r of rows.iterate()) {
    const e = JSON.parse(r.json) as { realisedPnlUsdt?: number; feeUsdt?: number; paymentUsdt?: number };
    if (r.kind === 'fill') {
      gross += toUnits(e.realisedPnlUsdt ?? 0);
      fees += toUnits(e.feeUsdt ?? 0);
    } else funding += toUnits(e.paymentUsdt ?? 0);
  }
  return {
    pnlUsdt: fromUnits(gross - fees - funding),
    grossRealisedUsdt: fromUnits(gross),
    feesUsdt: fromUnits(fees),
    fundingPaidUsdt: fromUnits(funding),
  };
}

/** The session's state from its stop record and the lock table (see SessionState). */
export function sessionState(stopped: boolean, pids: number[] | undefined): SessionState {
  if (stopped) return 'stopped';
  if (pids === undefined) return 'unknown';
  return pids.length > 0 ? 'running' : 'unclean';
}

/** The summary of an open journal; `pids` are the lock holders seen before it was opened. */
export function readSummary(db: Database, path: string, pids: number[] | undefined): SessionSummary {
  const session = meta<{ id: string; mode: string; play: string; symbol: string; runId: string }>(db, 'session');
  const window = meta<{ warmStartMs: number; startMs: number }>(db, 'window');
  const stopped = meta<{ reason?: string | null; lastBarMs?: number }>(db, 'stopped');
  const first = db.query<{ recv_ms: number }, []>('SELECT recv_ms FROM bars ORDER BY ts_ms LIMIT 1').get();
  const live = db.query<{ n: number; last: number | null }, []>('SELECT count(*) AS n, max(ts_ms) AS last FROM bars WHERE warm = 0').get();
  const pos = db.query<{ json: string }, []>("SELECT json FROM events WHERE kind = 'position' ORDER BY id DESC LIMIT 1").get();
  const position = pos ? (JSON.parse(pos.json) as { position?: { side?: string; qty?: number } }).position : undefined;
  const stem = basename(path).replace(/\.sqlite$/, '');
  return {
    id: session?.id ?? stem,
    path,
    play: session?.play ?? basename(resolve(path, '..')),
    mode: session?.mode ?? null,
    symbol: session?.symbol ?? null,
    runId: session?.runId ?? null,
    state: sessionState(stopped !== undefined, pids),
    stopReason: stopped ? (stopped.reason ?? 'stopped') : null,
    pids: stopped ? [] : (pids ?? []),
    openedMs: first?.recv_ms ?? null,
    warmStartMs: window?.warmStartMs ?? null,
    startMs: window?.startMs ?? null,
    lastBarMs: live?.last ?? null,
    liveBars: live?.n ?? 0,
    position: { side: position?.side ?? 'flat', qty: position?.qty ?? 0 },
    ...sessionPnl(db),
    decisions: count(db, 'SELECT count(*) AS n FROM decisions'),
    orders: count(db, "SELECT count(*) AS n FROM commands WHERE kind = 'submit'"),
    fills: count(db, "SELECT count(*) AS n FROM events WHERE kind = 'fill'"),
  };
}

/**
 * Runs `fn` over the journal at `path`, opened read-only (the lock table is read first, so our
 * own connection is not counted as a running session). Any failure inside is a one-line
 * STATE_UNREADABLE naming the file.
 */
export function withJournal<T>(path: string, fn: (db: Database, pids: number[] | undefined, schemaVersion: number) => T): T {
  const pids = journalLockHolders(path);
  const { db, schemaVersion } = openJournalReadOnly(path);
  try {
    return fn(db, pids, schemaVersion);
  } catch (cause) {
    const msg = (cause as Error).message ?? String(cause);
    throw new StateError('STATE_UNREADABLE', `${path}: cannot read the journal: ${msg}`, { path }, { cause });
  } finally {
    db.close();
  }
}

/** The summary of the session journal at `path`. */
export function readSession(path: string): SessionSummary {
  return withJournal(path, (db, pids) => readSummary(db, path, pids));
}
