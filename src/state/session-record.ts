// Everything a recorded session holds for a replay (issue 16), read from its journal read-only:
// the session, its window, the Play's text, the instrument and the starting account, the bars as
// received (warm-up marked), the decisions and the venue events in the order they were journaled.
import type { Bar1m } from '../domain';
import { StateError } from '../errors';
import { withJournal } from './session-read';

/** A journaled bar: the closed 1m bar, when it was received and whether it was a warm-up bar. */
export interface RecordedBar extends Bar1m {
  recvMs: number;
  warm: boolean;
}

export interface SessionRecord {
  path: string;
  session: { id: string; mode: string; play: string; symbol: string; runId: string };
  window: { warmStartMs: number; startMs: number };
  play: { file: string; hash: string; source: string | null };
  instrument: unknown;
  startAccount: { walletUsdt: number } | undefined;
  bars: RecordedBar[];
  decisions: Record<string, unknown>[];
  /** Venue events and session records (funding_rate, exchange_gap), in journal order. */
  events: (Record<string, unknown> & { kind: string })[];
}

export function readSessionRecord(path: string): SessionRecord {
  return withJournal(path, (db) => {
    const meta = <T>(key: string, required: boolean): T | undefined => {
      const row = db.query<{ value: string }, [string]>('SELECT value FROM meta WHERE key = ?').get(key);
      if (!row) {
        if (required) throw new StateError('STATE_UNREADABLE', `the journal has no '${key}' record (a session that never started?)`);
        return undefined;
      }
      return JSON.parse(row.value) as T;
    };
    const bars = db
      .query<{ ts_ms: number; open: number; high: number; low: number; close: number; volume: number; recv_ms: number; warm: number }, []>(
        'SELECT * FROM bars ORDER BY ts_ms',
      )
      .all()
      .map((b) => ({
        tsMs: b.ts_ms,
        open: b.open,
        high: b.high,
        low: b.low,
        close: b.close,
        volume: b.volume,
        recvMs: b.recv_ms,
        warm: b.warm === 1,
      }));
    const decisions = db
      .query<{ json: string }, []>('SELECT json FROM decisions ORDER BY seq')
      .all()
      .map((r) => JSON.parse(r.json) as Record<string, unknown>);
    const events = db
      .query<{ json: string }, []>('SELECT json FROM events ORDER BY id')
      .all()
      .map((r) => JSON.parse(r.json) as Record<string, unknown> & { kind: string });
    return {
      path,
      session: meta<SessionRecord['session']>('session', true)!,
      window: meta<SessionRecord['window']>('window', true)!,
      play: meta<SessionRecord['play']>('play', true)!,
      instrument: meta<unknown>('instrument', true),
      startAccount: meta<{ walletUsdt: number }>('start_account', false),
      bars,
      decisions,
      events,
    };
  });
}
