// Every order the engine has sent and not seen end (LIVE.md §3): pending → accepted → (partially)
// filled | cancelled | rejected | expired. An order whose outcome is unknown (a timeout, a 5xx) is
// in_doubt until the venue says. Orders are keyed by clientId (Bybit's orderLinkId); terminal
// orders leave the book at once, so `working()` is what still holds margin or can still fill.
// Fills of orders the venue made (position TP/SL, trailing, liquidation: clientId '') are not
// tracked here: the engine links them to the position it holds.
import type { OrderRequest, VenueEvent } from './ports';

export type OrderRole = 'entry' | 'exit';
export type OrderStatus = 'pending' | 'accepted' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected' | 'expired' | 'in_doubt';

export interface TrackedOrder {
  clientId: string;
  role: OrderRole;
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  qty: number;
  price: number | undefined;
  reduceOnly: boolean;
  status: OrderStatus;
  cumQty: number;
  /** Exec bars closed since it was sent (the engine counts them for `expire_bars`). */
  barsWorking: number;
  /** A cancel was sent and its outcome is not known yet. */
  cancelSent: boolean;
  /** Time it was sent (ms). */
  sentMs: number;
}

/** What an event did to a tracked order (undefined: the event is not about one of ours). */
export interface OrderChange {
  order: TrackedOrder;
  /** The order left the book with this event. */
  ended: boolean;
}

const TERMINAL: ReadonlySet<OrderStatus> = new Set(['filled', 'cancelled', 'rejected', 'expired']);

export class OrderTracker {
  private readonly byId = new Map<string, TrackedOrder>();

  /** Records an order as sent (before the venue sees it). */
  sent(req: OrderRequest, role: OrderRole, sentMs: number): TrackedOrder {
    const o: TrackedOrder = {
      clientId: req.clientId,
      role,
      side: req.side,
      type: req.type,
      qty: req.qty,
      price: req.price,
      reduceOnly: req.reduceOnly,
      status: 'pending',
      cumQty: 0,
      barsWorking: 0,
      cancelSent: false,
      sentMs,
    };
    this.byId.set(o.clientId, o);
    return o;
  }

  get(clientId: string): TrackedOrder | undefined {
    return this.byId.get(clientId);
  }

  /** Working orders in the order they were sent. */
  working(): TrackedOrder[] {
    return [...this.byId.values()];
  }

  get size(): number {
    return this.byId.size;
  }

  /** The working entry order, if any (the engine keeps at most one). */
  entry(): TrackedOrder | undefined {
    for (const o of this.byId.values()) if (o.role === 'entry') return o;
    return undefined;
  }

  /** The working exit order, if any. */
  exit(): TrackedOrder | undefined {
    for (const o of this.byId.values()) if (o.role === 'exit') return o;
    return undefined;
  }

  /** Applies one venue event; returns the order it changed. */
  apply(e: VenueEvent): OrderChange | undefined {
    if (!('clientId' in e) || e.clientId === '') return undefined;
    const o = this.byId.get(e.clientId);
    if (!o) return undefined;
    switch (e.kind) {
      case 'accepted':
        if (o.status === 'pending' || o.status === 'in_doubt') o.status = 'accepted';
        break;
      case 'rejected':
        o.status = 'rejected';
        break;
      case 'cancelled':
        o.status = 'cancelled';
        break;
      case 'expired':
        o.status = 'expired';
        break;
      case 'fill':
        o.cumQty = e.cumQty;
        o.status = e.leavesQty > 0 ? 'partially_filled' : 'filled';
        break;
      case 'triggered':
        break;
    }
    const ended = TERMINAL.has(o.status);
    if (ended) this.byId.delete(o.clientId);
    return { order: o, ended };
  }

  /** Marks an order whose outcome is unknown; it stays working until the venue answers. */
  markInDoubt(clientId: string): void {
    const o = this.byId.get(clientId);
    if (o && o.status === 'pending') o.status = 'in_doubt';
  }

  /** Counts one closed exec bar for every working order. */
  onExecBar(): void {
    for (const o of this.byId.values()) o.barsWorking++;
  }

  snapshot(): TrackedOrder[] {
    return this.working().map((o) => ({ ...o }));
  }

  restore(orders: readonly TrackedOrder[]): void {
    this.byId.clear();
    for (const o of orders) this.byId.set(o.clientId, { ...o });
  }
}
