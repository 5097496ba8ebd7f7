// The dashboard's store: one DashboardState and an append-only log. `set` merges a patch and
// emits only when a field really changed (deep equality per field), and listeners are called at
// most once per `minEmitMs` (default 100 ms: at most 10 renders a second); changes in between are
// coalesced into one trailing emit. The clock and the timer are injected so tests stay exact.
import { type DashboardState, initialState, type LogEntry, type LogTone } from './dashboard-state';

export const MIN_EMIT_MS = 100;

export interface StoreClock {
  nowMs(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_CLOCK: StoreClock = {
  nowMs: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class DashboardStore {
  private current: DashboardState = initialState();
  private entries: LogEntry[] = [];
  private nextLogId = 1;
  private readonly listeners = new Set<() => void>();
  private lastEmitMs = Number.NEGATIVE_INFINITY;
  private pending: unknown;
  /** Emits so far (what the bench reads as renders requested). */
  emits = 0;

  constructor(
    private readonly minEmitMs = MIN_EMIT_MS,
    private readonly clock: StoreClock = REAL_CLOCK,
  ) {}

  get state(): DashboardState {
    return this.current;
  }

  get log(): readonly LogEntry[] {
    return this.entries;
  }

  /** Merges `patch`; emits (throttled) when a field changed. */
  set(patch: Partial<DashboardState>): void {
    let changed = false;
    for (const [k, v] of Object.entries(patch)) {
      if (!Bun.deepEquals((this.current as unknown as Record<string, unknown>)[k], v, true)) {
        changed = true;
        break;
      }
    }
    if (!changed) return;
    this.current = { ...this.current, ...patch };
    this.changed();
  }

  /**
   * Appends one line to the log. The log only grows: Ink's `<Static>` prints the items past the
   * count it has printed (a line is ~100 bytes; a week of 1m bars is about a megabyte).
   */
  append(text: string, tone: LogTone = 'plain'): void {
    this.entries = [...this.entries, { id: this.nextLogId++, text, tone }];
    this.changed();
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Drops a pending trailing emit (unmount). */
  close(): void {
    if (this.pending !== undefined) this.clock.clearTimeout(this.pending);
    this.pending = undefined;
    this.listeners.clear();
  }

  private changed(): void {
    if (this.pending !== undefined) return;
    const waitMs = this.lastEmitMs + this.minEmitMs - this.clock.nowMs();
    if (waitMs <= 0) {
      this.emit();
      return;
    }
    this.pending = this.clock.setTimeout(() => {
      this.pending = undefined;
      this.emit();
    }, waitMs);
  }

  private emit(): void {
    this.lastEmitMs = this.clock.nowMs();
    this.emits++;
    for (const fn of [...this.listeners]) fn();
  }
}
