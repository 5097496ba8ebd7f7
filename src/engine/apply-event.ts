// One venue event applied to what the engine keeps: the order tracker, the trade book, the
// counters (fees, funding, fills, liquidations), the position's protection levels and the skipped
// entries. Events arrive in sequence order; a duplicate delivery (seq not above the last) is ignored.
import type { EngineCounters } from './engine-types';
import type { OrderTracker } from './order-tracker';
import type { FillSource, VenueEvent } from './ports';
import type { TradeBook } from './trade-book';

export interface EventTargets {
  readonly counters: EngineCounters;
  readonly orders: OrderTracker;
  readonly book: TradeBook;
  /** The TP or SL level a protection fill of `source` was triggered at. */
  level(source: FillSource): number | undefined;
  /** The position went flat: its protection is gone. */
  flat(): void;
  /** An entry that was not placed or did not work, with its reason. */
  skip(reason: string, detail: string, tsMs: number): void;
}

export function applyVenueEvent(t: EventTargets, e: VenueEvent): void {
  if (e.seq <= t.counters.lastEventSeq) return; // a duplicate delivery
  t.counters.lastEventSeq = e.seq;
  const change = t.orders.apply(e);
  switch (e.kind) {
    case 'fill': {
      const c = t.counters;
      c.fills++;
      c.feesUsdt += e.feeUsdt;
      if (e.ambiguous) c.ambiguousFills++;
      t.book.fill({
        tsMs: e.tsMs,
        side: e.side,
        qty: e.qty,
        price: e.price,
        feeUsdt: e.feeUsdt,
        realisedPnlUsdt: e.realisedPnlUsdt,
        source: e.source,
        ambiguous: e.ambiguous,
        atOpen: e.source === 'order' && !e.isMaker,
        level: t.level(e.source),
      });
      break;
    }
    case 'funding':
      t.counters.fundingUsdt += e.paymentUsdt;
      t.book.funding(e.paymentUsdt);
      break;
    case 'liquidation':
      t.counters.liquidations++;
      break;
    case 'ambiguity':
      t.book.ambiguity();
      break;
    case 'position':
      if (e.position.side === 'flat') t.flat();
      break;
    case 'rejected':
      if (change?.order.role === 'entry') t.skip(`rejected_${e.code}`, e.reason, e.tsMs);
      break;
    case 'cancelled':
    case 'expired':
      if (change?.order.role === 'entry' && change.order.cumQty === 0 && e.kind === 'expired') t.skip('expired', 'time in force', e.tsMs);
      break;
    default:
      break;
  }
}
