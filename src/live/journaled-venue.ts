// A venue wrapper for live sessions: every command is written to the journal (synced) BEFORE it
// reaches the venue, and every event is journaled as it is drained (a fill's execId once). Both
// are also handed to the session's printer. The engine sees the inner venue's behaviour unchanged.
// Each journaled event carries the bar being processed (`bar`, its open time) and which of that
// bar's drains returned it (`drain`, from 0), so `trade replay` can hand the engine the same
// events at the same points (ReplayVenue). The account the engine reads is journaled too, as an
// `account` record whenever it differs from the last one (`bar`, `call`: the bar's n-th read), so
// a replay sizes from the same wallet. Muted while a restart re-runs journaled bars.
import type { AccountSnapshot, Bar1m, Venue, VenueCommand, VenueEvent, VenueState } from '../engine';
import type { Journal } from '../state';

export interface VenueObserver {
  command(cmd: VenueCommand, tsMs: number): void;
  event(e: VenueEvent): void;
}

export class JournaledVenue implements Venue {
  /** A restart re-running journaled bars through a paper venue: nothing is journaled or printed. */
  muted = false;
  /** The bar the engine is processing (open time) and how many drains it has made for it. */
  private barMs = Number.NaN;
  private drainNo = 0;
  private accountCalls = 0;
  /** The last account journaled (an unchanged account is not journaled again). */
  private lastAccount: AccountSnapshot | undefined;

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
    this.barMs = bar.tsMs;
    this.drainNo = 0;
    this.accountCalls = 0;
    this.inner.onBar(bar);
  }

  drain(out: VenueEvent[]): void {
    const from = out.length;
    this.inner.drain(out);
    const drain = this.drainNo++;
    if (this.muted) return;
    const bar = Number.isFinite(this.barMs) ? this.barMs : undefined;
    for (let i = from; i < out.length; i++) {
      const e = out[i] as VenueEvent;
      this.journal.event({ ...e, execId: e.kind === 'fill' ? e.execId : undefined, bar, drain });
      this.observer?.event(e);
    }
  }

  account(): AccountSnapshot {
    const a = this.inner.account();
    const call = this.accountCalls++;
    if (this.muted || !Number.isFinite(this.barMs)) return a;
    if (this.lastAccount === undefined || !sameAccount(a, this.lastAccount)) {
      const copy = { ...a, position: { ...a.position } };
      this.lastAccount = copy;
      this.journal.event({ seq: 0, tsMs: this.nowMs(), kind: 'account', bar: this.barMs, call, ...copy });
    }
    return a;
  }

  reconcile(): Promise<VenueState> {
    return this.inner.reconcile();
  }
}

/** Field by field (Object.is: an unknown liquidation price, NaN, equals itself). */
function sameAccount(a: AccountSnapshot, b: AccountSnapshot): boolean {
  const p = a.position;
  const q = b.position;
  return (
    Object.is(a.walletUsdt, b.walletUsdt) &&
    Object.is(a.equityUsdt, b.equityUsdt) &&
    Object.is(a.availableUsdt, b.availableUsdt) &&
    p.side === q.side &&
    Object.is(p.qty, q.qty) &&
    Object.is(p.entryPrice, q.entryPrice) &&
    Object.is(p.unrealizedPnlUsdt, q.unrealizedPnlUsdt) &&
    Object.is(p.liqPrice, q.liqPrice)
  );
}
