// A scripted venue for PlayEngine unit tests: records every command, answers nothing by itself;
// the test pushes the events an exchange would send (accept, reject, fills, cancels) and sets the
// account. Not a mock of the simulator: it is the exchange side of the port, driven by hand.
import type { AccountSnapshot, Bar1m, Venue, VenueCommand, VenueEvent, VenueState } from '../../../src/engine';

type EventBody = VenueEvent extends infer E ? (E extends unknown ? Omit<E, 'seq' | 'tsMs'> : never) : never;

export class ScriptedVenue implements Venue {
  readonly commands: VenueCommand[] = [];
  private readonly queue: VenueEvent[] = [];
  private seq = 0;
  nowMs = 0;
  /** Called on every command (to answer synchronously, as the simulator does). */
  onCommand: ((cmd: VenueCommand, venue: ScriptedVenue) => void) | undefined;
  acct: AccountSnapshot = {
    walletUsdt: 10_000,
    equityUsdt: 10_000,
    availableUsdt: 10_000,
    position: { side: 'flat', qty: 0, entryPrice: Number.NaN, unrealizedPnlUsdt: 0, liqPrice: Number.NaN },
  };

  execute(cmd: VenueCommand): void {
    this.commands.push(cmd);
    this.onCommand?.(cmd, this);
  }

  onBar(bar: Bar1m): void {
    this.nowMs = bar.tsMs + 60_000;
  }

  drain(out: VenueEvent[]): void {
    for (const e of this.queue) out.push(e);
    this.queue.length = 0;
  }

  account(): AccountSnapshot {
    return this.acct;
  }

  async reconcile(): Promise<VenueState> {
    return { asOfMs: this.nowMs, account: this.acct, orders: [], recentFills: [] };
  }

  emit(e: EventBody): void {
    this.queue.push({ ...e, seq: ++this.seq, tsMs: this.nowMs } as VenueEvent);
  }

  /** Re-sends an event with a sequence number already delivered (a duplicate). */
  emitRaw(e: VenueEvent): void {
    this.queue.push(e);
  }

  fill(clientId: string, side: 'buy' | 'sell', qty: number, cumQty: number, leavesQty: number, price: number, realisedPnlUsdt = 0): void {
    this.emit({
      kind: 'fill',
      execId: `x${this.seq + 1}`,
      clientId,
      source: 'order',
      side,
      qty,
      cumQty,
      leavesQty,
      price,
      feeUsdt: 0,
      realisedPnlUsdt,
      isMaker: false,
      ambiguous: false,
    });
  }

  setPosition(side: 'long' | 'short' | 'flat', qty: number, entryPrice: number): void {
    this.acct = { ...this.acct, position: { side, qty, entryPrice, unrealizedPnlUsdt: 0, liqPrice: Number.NaN } };
  }

  submits(): Extract<VenueCommand, { kind: 'submit' }>[] {
    return this.commands.filter((c): c is Extract<VenueCommand, { kind: 'submit' }> => c.kind === 'submit');
  }

  cancels(): string[] {
    return this.commands.flatMap((c) => (c.kind === 'cancel' ? [c.clientId] : []));
  }
}
