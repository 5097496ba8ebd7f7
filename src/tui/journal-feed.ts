// Keeps a DashboardStore up to date with a session journal: every `pollMs` (default 500 ms) it
// reads what the journal gained (read-only, closed again at once), folds it (journal-fold.ts)
// into the store, and tells the session's phase: connecting (no session record yet), running (a
// process holds the journal, or this process runs it), stopped (a stop record) or unclean (nobody
// holds it). `log: true` (trade dashboard) appends the journal's lines to the store's log; on the
// first read only the last `backlogLines` of them. A journal that cannot be read yet (the session
// is creating it) is tried again at the next poll.
import { journalLockHolders } from '../state';
import type { Phase } from './dashboard-state';
import { JournalFold } from './journal-fold';
import { type JournalCursor, readJournalDelta, START_CURSOR } from './journal-rows';
import type { DashboardStore } from './store';

export const POLL_MS = 500;
export const BACKLOG_LINES = 40;

export interface FeedOptions {
  path: string;
  store: DashboardStore;
  /** Append the journal's lines to the log (attach); `trade run --tui` logs its own printed lines. */
  log: boolean;
  /** This process runs the session (it is running until it writes its stop record). */
  inProcess: boolean;
  pollMs?: number;
  backlogLines?: number;
}

export class JournalFeed {
  private cursor: JournalCursor = START_CURSOR;
  private readonly fold = new JournalFold();
  private timer: ReturnType<typeof setInterval> | undefined;
  private first = true;
  /** The last read's failure (shown while nothing could be read). */
  lastError: string | undefined;

  constructor(private readonly o: FeedOptions) {}

  start(): void {
    this.poll();
    this.timer = setInterval(() => this.poll(), this.o.pollMs ?? POLL_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One read: the journal's new rows into the store. */
  poll(): void {
    const { store } = this.o;
    // The lock table first: our own read must not count as a holder.
    const pids = this.o.inProcess ? [process.pid] : journalLockHolders(this.o.path);
    let delta: ReturnType<typeof readJournalDelta>;
    try {
      delta = readJournalDelta(this.o.path, this.cursor);
    } catch (e) {
      this.lastError = (e as Error).message;
      return;
    }
    this.lastError = undefined;
    this.cursor = delta.cursor;
    const { patch, lines } = this.fold.apply(delta);
    let phase: Phase;
    if (patch.stopReason !== undefined) phase = 'stopped';
    else if (!patch.session) phase = 'connecting';
    else if (pids === undefined) phase = 'unknown';
    else phase = pids.length > 0 ? 'running' : 'unclean';
    store.set({ ...patch, phase, pids: pids ?? [] });
    if (!this.o.log) return;
    const shown = this.first ? lines.slice(-(this.o.backlogLines ?? BACKLOG_LINES)) : lines;
    if (this.first && lines.length > shown.length)
      store.append(`… ${lines.length - shown.length} earlier lines: trade session show`, 'dim');
    this.first = false;
    for (const l of shown) store.append(l.text, l.tone);
  }
}
