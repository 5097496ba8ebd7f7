// A venue wrapper for live sessions: every command is written to the journal (synced) BEFORE it
// reaches the venue, and every event is journaled as it is drained (a fill's execId once). Both
// are also handed to the session's printer. The engine sees the inner venue's behaviour unchanged.
// Muted while a restart re-runs journaled bars through a paper venue.
import type { AccountSnapshot, Bar1m, Venue, VenueCommand, VenueEvent, VenueState } from '../engine';
import type { Journal } from '../state';

export interface VenueObserver {
  command(cmd: VenueCommand, tsMs: number): void;
  event(e: VenueEvent): void;
}

export class JournaledVenue implements Venue {
  /** A restart re-running journaled bars through a paper venue: nothing is journaled or printed. */
  muted = false;

  constructor(
    private readonly inner: Venue,
    private readonly journal: Journal,
    private readonly nowMs: () => number,
    private readonly observer?: VenueObserver,
  ) {}

  execute(cmd: VenueCommand): void {
    if (this.muted) {
      this.inner.execute(cmd);
      return;
    }
    const tsMs = this.nowMs();
    this.journal.command(tsMs, cmd);
    this.observer?.command(cmd, tsMs);
    this.inner.execute(cmd);
  }

  onBar(bar: Bar1m): void {
    this.inner.onBar(bar);
  }

  drain(out: VenueEvent[]): void {
    const from = out.length;
    this.inner.drain(out);
    if (this.muted) return;
    for (let i = from; i < out.length; i++) {
      const e = out[i] as VenueEvent;
      this.journal.event({ ...e, execId: e.kind === 'fill' ? e.execId : undefined });
      this.observer?.event(e);
    }
  }

  account(): AccountSnapshot {
    return this.inner.account();
  }

  reconcile(): Promise<VenueState> {
    return this.inner.reconcile();
  }
}
