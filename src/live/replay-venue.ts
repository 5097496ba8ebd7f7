// The venue of `trade replay`'s second path: it hands the engine the venue events a session
// journaled, at the same bar and the same drain they were first drained at, and the account the
// session's engine read at each point (JournaledVenue stamps both). The engine over this venue
// must decide exactly as the session did: a difference is in the engine or its restore, never in
// the exchange. Commands are recorded, not acted on (the recorded events already hold the outcome).
import type { AccountSnapshot, Bar1m, Venue, VenueCommand, VenueEvent, VenueState } from '../engine';

type Recorded = Record<string, unknown> & { kind: string };

/** `null` in the journal's JSON was a NaN (JSON has none). */
const num = (x: unknown): number => (x === null || x === undefined ? Number.NaN : Number(x));

interface AccountPoint {
  bar: number;
  call: number;
  account: AccountSnapshot;
}

export class ReplayVenue implements Venue {
  /** Venue events by `bar:drain`. */
  private readonly drains = new Map<string, VenueEvent[]>();
  /** Account records in journal order (bar, then call, ascending). */
  private readonly accounts: AccountPoint[] = [];
  private next = 0;
  private current: AccountSnapshot;
  private barMs = Number.NaN;
  private drainNo = 0;
  private calls = 0;
  readonly commands: { barMs: number; command: VenueCommand }[] = [];

  /** True when the journal has the stamps this venue needs (sessions recorded by this build). */
  static canReplay(events: readonly Recorded[]): boolean {
    return events.some((e) => e.kind === 'account');
  }

  constructor(events: readonly Recorded[], startWalletUsdt: number) {
    for (const e of events) {
      if (e.kind === 'account') {
        const p = e.position as Record<string, unknown>;
        this.accounts.push({
          bar: Number(e.bar),
          call: Number(e.call),
          account: {
            walletUsdt: num(e.walletUsdt),
            equityUsdt: num(e.equityUsdt),
            availableUsdt: num(e.availableUsdt),
            position: {
              side: p.side as AccountSnapshot['position']['side'],
              qty: num(p.qty),
              entryPrice: num(p.entryPrice),
              unrealizedPnlUsdt: num(p.unrealizedPnlUsdt),
              liqPrice: num(p.liqPrice),
            },
          },
        });
        continue;
      }
      if (typeof e.drain !== 'number' || typeof e.bar !== 'number') continue;
      const { bar, drain, ...rest } = e;
      const key = `${bar}:${drain}`;
      const list = this.drains.get(key) ?? [];
      list.push(rest as unknown as VenueEvent);
      this.drains.set(key, list);
    }
    this.current = {
      walletUsdt: startWalletUsdt,
      equityUsdt: startWalletUsdt,
      availableUsdt: startWalletUsdt,
      position: { side: 'flat', qty: 0, entryPrice: 0, unrealizedPnlUsdt: 0, liqPrice: Number.NaN },
    };
  }

  execute(command: VenueCommand): void {
    this.commands.push({ barMs: this.barMs, command });
  }

  onBar(bar: Bar1m): void {
    this.barMs = bar.tsMs;
    this.drainNo = 0;
    this.calls = 0;
  }

  drain(out: VenueEvent[]): void {
    const list = this.drains.get(`${this.barMs}:${this.drainNo++}`);
    if (list) for (const e of list) out.push(e);
  }

  /** The newest account the session recorded at or before this read (it records only changes). */
  account(): AccountSnapshot {
    const call = this.calls++;
    while (this.next < this.accounts.length) {
      const p = this.accounts[this.next] as AccountPoint;
      if (p.bar > this.barMs || (p.bar === this.barMs && p.call > call)) break;
      this.current = p.account;
      this.next++;
    }
    return { ...this.current, position: { ...this.current.position } };
  }

  reconcile(): Promise<VenueState> {
    return Promise.resolve({ asOfMs: this.barMs, account: { ...this.current }, orders: [], recentFills: [] });
  }
}
