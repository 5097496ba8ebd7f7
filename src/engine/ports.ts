// The engine's ports (LIVE.md §2). The PlayEngine talks to the market only through these, so the
// same engine runs against the simulated venue (backtest, shadow), a replay, or Bybit (demo/live).
// Nothing on the venue port blocks or returns an outcome: the engine issues commands, the venue
// reports what happened as events, in order, each with a sequence number. Venue implementations
// live in sim/ and bybit/; the engine never imports them.
import type { Bar1m, Bars1m, TimeInForce } from '../domain';

export type { Bar1m, Bars1m, TimeInForce };

export type PositionSide = 'long' | 'short' | 'flat';
export type OrderSide = 'buy' | 'sell';

export interface PositionSnapshot {
  side: PositionSide;
  /** Base-coin size, always ≥ 0. */
  qty: number;
  entryPrice: number;
  unrealizedPnlUsdt: number;
  liqPrice: number;
}

export interface AccountSnapshot {
  walletUsdt: number;
  equityUsdt: number;
  availableUsdt: number;
  position: PositionSnapshot;
}

export interface OrderRequest {
  /** Id chosen by the engine (`<runId>-<tag><seq>`); Bybit's orderLinkId live. */
  clientId: string;
  side: OrderSide;
  type: 'market' | 'limit';
  qty: number;
  price?: number;
  reduceOnly: boolean;
  timeInForce: TimeInForce;
  /** Position TP/SL attached when this order opens or adds to a position. */
  takeProfit?: number;
  stopLoss?: number;
  /** Trailing stop distance in price units, attached to the position. */
  trailingDistance?: number;
}

export type VenueCommand =
  | { kind: 'submit'; order: OrderRequest }
  | { kind: 'cancel'; clientId: string }
  | { kind: 'cancel_all' }
  | { kind: 'set_protection'; takeProfit?: number | null; stopLoss?: number | null; trailingDistance?: number | null };

/** What made a fill: the engine's own order, or an order the venue made for the position. */
export type FillSource = 'order' | 'take_profit' | 'stop_loss' | 'trailing' | 'liquidation';

interface EventHead {
  /** Strictly increasing per venue; a restored venue continues the sequence. */
  seq: number;
  tsMs: number;
}

export type VenueEvent = EventHead &
  (
    | { kind: 'accepted'; clientId: string; venueOrderId: string }
    | { kind: 'rejected'; clientId: string; code: number; reason: string; retryable: boolean }
    | { kind: 'cancelled'; clientId: string; leavesQty: number; reason: string }
    | { kind: 'expired'; clientId: string }
    | { kind: 'triggered'; clientId: string; source: 'stop' | 'take_profit' | 'stop_loss' | 'trailing' }
    | {
        kind: 'fill';
        execId: string;
        /** The engine's id; '' for fills of orders the venue made (position TP/SL, trailing, liquidation). */
        clientId: string;
        source: FillSource;
        side: OrderSide;
        qty: number;
        cumQty: number;
        leavesQty: number;
        price: number;
        feeUsdt: number;
        /** Gross PnL this fill realised (closing part; 0 for an opening fill). */
        realisedPnlUsdt: number;
        isMaker: boolean;
        /** Sim only: another intrabar path would not have made this fill. */
        ambiguous: boolean;
      }
    | { kind: 'position'; position: PositionSnapshot }
    | { kind: 'wallet'; walletUsdt: number; availableUsdt: number }
    | { kind: 'funding'; rate: number; paymentUsdt: number }
    | { kind: 'liquidation'; price: number; qty: number }
    | { kind: 'connection'; up: boolean }
    /** Sim only: the minute(s) just simulated could have ended differently on the other intrabar path. */
    | { kind: 'ambiguity'; bars: number }
  );

export type VenueEventKind = VenueEvent['kind'];

export interface WorkingOrder {
  clientId: string;
  side: OrderSide;
  type: 'market' | 'limit';
  qty: number;
  leavesQty: number;
  price: number | undefined;
  reduceOnly: boolean;
}

export interface VenueFill {
  execId: string;
  clientId: string;
  side: OrderSide;
  qty: number;
  price: number;
  feeUsdt: number;
  tsMs: number;
}

/** What the venue holds, as far as its own queries can tell (reconcile). */
export interface VenueState {
  asOfMs: number;
  account: AccountSnapshot;
  orders: WorkingOrder[];
  recentFills: VenueFill[];
}

export interface Venue {
  /** Queues a command; its outcome arrives later as events. Never throws for an expected outcome. */
  execute(cmd: VenueCommand): void;
  /** One closed 1m bar. Sim and shadow run their fill model over the minute; an exchange does nothing. */
  onBar(bar: Bar1m): void;
  /**
   * Optional batch form of `onBar` for bars [start, start + count) of `bars`: stops after the
   * first bar that produced events, and before any bar at which the venue itself has something to
   * settle (funding); returns the bars consumed (0 means: use `onBar` for bar `start`). Venues
   * that receive bars one at a time (exchanges) leave it out. With `equityOut`, the account's
   * equityUsdt after each consumed bar is written to it (the engine's equity rows over quiet
   * stretches, without an account read per bar).
   */
  onBars?(bars: Bars1m, start: number, count: number, equityOut?: Float64Array): number;
  /** Appends the events since the last drain to `out`, in sequence order. */
  drain(out: VenueEvent[]): void;
  /** The venue's current account; the snapshot object may be reused by the next call. */
  account(): AccountSnapshot;
  /** Positions, working orders and recent fills; rejects when any query fails (never "flat"). */
  reconcile(): Promise<VenueState>;
}

export interface Clock {
  nowMs(): number;
}
