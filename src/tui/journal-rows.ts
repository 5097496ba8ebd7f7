// Reads what a session journal gained since a cursor, without writing to it: the meta records the
// dashboard shows, the live bars, decisions, commands and events after the cursor, and the newest
// snapshot when it changed. The journal is opened read-only for one read and closed again: a
// dashboard that held it open would look like a running session to `trade sessions` and to a
// resume (docs/live.md: the lock table says who holds a journal).
import type { Database } from 'bun:sqlite';
import { openJournalReadOnly } from '../state/session-read';

export interface JournalCursor {
  barTsMs: number;
  decisionSeq: number;
  commandId: number;
  eventId: number;
  snapshotMs: number;
}

export const START_CURSOR: JournalCursor = { barTsMs: -1, decisionSeq: -1, commandId: 0, eventId: 0, snapshotMs: -1 };

export interface BarRow {
  tsMs: number;
  close: number;
  recvMs: number;
}

export interface JsonRow {
  id: number;
  tsMs: number;
  kind: string;
  json: Record<string, unknown>;
}

export interface JournalDelta {
  meta: Map<string, unknown>;
  bars: BarRow[];
  decisions: JsonRow[];
  commands: JsonRow[];
  events: JsonRow[];
  /** The newest snapshot's record, when it is newer than the cursor's. */
  snapshot: { barCloseMs: number; record: Record<string, unknown> } | undefined;
  cursor: JournalCursor;
}

const META_KEYS = ['session', 'play', 'start_account', 'stopped', 'realtime'];

function parse(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function readDelta(db: Database, c: JournalCursor): JournalDelta {
  const meta = new Map<string, unknown>();
  for (const r of db.query<{ key: string; value: string }, []>('SELECT key, value FROM meta').all())
    if (META_KEYS.includes(r.key)) meta.set(r.key, parse(r.value));
  const bars = db
    .query<{ ts_ms: number; close: number; recv_ms: number }, [number]>(
      'SELECT ts_ms, close, recv_ms FROM bars WHERE warm = 0 AND ts_ms > ? ORDER BY ts_ms',
    )
    .all(c.barTsMs)
    .map((b) => ({ tsMs: b.ts_ms, close: b.close, recvMs: b.recv_ms }));
  const decisions = db
    .query<{ seq: number; ts_ms: number; action: string; json: string }, [number]>(
      'SELECT seq, ts_ms, action, json FROM decisions WHERE seq > ? ORDER BY seq',
    )
    .all(c.decisionSeq)
    .map((r) => ({ id: r.seq, tsMs: r.ts_ms, kind: r.action, json: parse(r.json) }));
  const commands = db
    .query<{ id: number; ts_ms: number; kind: string; json: string }, [number]>(
      'SELECT id, ts_ms, kind, json FROM commands WHERE id > ? ORDER BY id',
    )
    .all(c.commandId)
    .map((r) => ({ id: r.id, tsMs: r.ts_ms, kind: r.kind, json: parse(r.json) }));
  const events = db
    .query<{ id: number; ts_ms: number; kind: string; json: string }, [number]>(
      'SELECT id, ts_ms, kind, json FROM events WHERE id > ? ORDER BY id',
    )
    .all(c.eventId)
    .map((r) => ({ id: r.id, tsMs: r.ts_ms, kind: r.kind, json: parse(r.json) }));
  const snap = db
    .query<{ bar_close_ms: number; json: string }, [number]>(
      'SELECT bar_close_ms, json FROM snapshots WHERE bar_close_ms > ? ORDER BY bar_close_ms DESC LIMIT 1',
    )
    .get(c.snapshotMs);
  return {
    meta,
    bars,
    decisions,
    commands,
    events,
    snapshot: snap ? { barCloseMs: snap.bar_close_ms, record: parse(snap.json) } : undefined,
    cursor: {
      barTsMs: bars.at(-1)?.tsMs ?? c.barTsMs,
      decisionSeq: decisions.at(-1)?.id ?? c.decisionSeq,
      commandId: commands.at(-1)?.id ?? c.commandId,
      eventId: events.at(-1)?.id ?? c.eventId,
      snapshotMs: snap?.bar_close_ms ?? c.snapshotMs,
    },
  };
}

/** What the journal at `path` gained after `cursor` (opened read-only, closed before returning). */
export function readJournalDelta(path: string, cursor: JournalCursor): JournalDelta {
  const { db } = openJournalReadOnly(path);
  try {
    return readDelta(db, cursor);
  } finally {
    db.close();
  }
}
