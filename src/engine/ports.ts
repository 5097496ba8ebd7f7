// The engine's ports. The PlayEngine talks to the market only through these, so the same engine
// runs against the simulated venue (backtest), a shadow venue, or Bybit (demo/live). Venue
// implementations live in sim/ and bybit/; the engine never imports them.

/** One closed 1m candle. `tsMs` is the open time (UTC ms). */
export interface Bar1m {
  tsMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Consecutive closed 1m candles as columns (the backtest's whole window, or any slice of bars). */
export interface Bars1m {
  tsMs: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export type PositionSide = 'long' | 'short' | 'flat';
export type OrderSide = 'buy' | 'sell';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'PostOnly';

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
  /** Deterministic id chosen by the engine (becomes Bybit's orderLinkId live). */
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

export type ExitReason = 'signal' | 'take_profit' | 'stop_loss' | 'trailing_stop' | 'liquidation' | 'end_of_data';

export interface ClosedTrade {
  side: 'long' | 'short';
  qty: number;
  entryTsMs: number;
  entryPrice: number;
  exitTsMs: number;
  exitPrice: number;
  feesUsdt: number;
  fundingUsdt: number;
  /** Net of fees and funding. */
  pnlUsdt: number;
  /** Worst (≤ 0) and best (≥ 0) unrealised PnL reached while open, USDT, along the 1m intrabar path. */
  maeUsdt: number;
  mfeUsdt: number;
  exitReason: ExitReason;
  ambiguous: boolean;
}

export type VenueEvent =
  | {
      kind: 'fill';
      tsMs: number;
      clientId: string;
      side: OrderSide;
      qty: number;
      price: number;
      feeUsdt: number;
      isMaker: boolean;
      ambiguous: boolean;
    }
  | { kind: 'reject'; tsMs: number; clientId: string; code: number; reason: string }
  | { kind: 'funding'; tsMs: number; rate: number; paymentUsdt: number }
  | { kind: 'liquidation'; tsMs: number; price: number; qty: number }
  | { kind: 'trade_closed'; trade: ClosedTrade };

export interface Venue {
  /** Moves the venue through one closed 1m bar (sim: simulate it; live: collect what the exchange reported). */
  advance(bar: Bar1m): void;
  /**
   * Optional batch form of `advance` for bars [start, start + count) of `bars`: stops after the
   * first bar that produced events, and before any bar at which the venue itself has something to
   * settle (funding); returns the bars consumed (0 means: use `advance` for bar `start`). Venues
   * that receive bars one at a time (live) leave it out.
   */
  advanceMany?(bars: Bars1m, start: number, count: number): number;
  submit(order: OrderRequest): void;
  cancelAll(): void;
  account(): AccountSnapshot;
  /** Appends the events since the last drain to `out`. */
  drainEvents(out: VenueEvent[]): void;
}

export interface Clock {
  nowMs(): number;
}

/** Journal of what the engine decided; live trading persists it (bun:sqlite), backtests may keep it in memory. */
export interface StateStore {
  record(kind: string, tsMs: number, payload: unknown): void;
}
