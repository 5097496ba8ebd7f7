// The engine's own record of round trips (LIVE.md §3): Bybit sends no "trade closed" event, so a
// trade is built from fills and funding as they arrive. A trade opens with the first fill from
// flat and closes with the fill that brings the position back to flat. Entry price is the
// position's size-weighted entry, exit price the size-weighted price of the closing fills; PnL is
// the venue's realised PnL of the closing fills minus every fee and funding payment of the trade.
// MAE/MFE are the worst and best unrealised PnL over the 1m bars it was open, from each bar's
// open, high, low and close along the intrabar path (see `excursion`); the bars that open and
// close it count only from the entry and up to the exit.
import type { Bar1m, FillSource } from './ports';

export type ExitReason = 'signal' | 'take_profit' | 'stop_loss' | 'trailing_stop' | 'liquidation' | 'end_of_data';

export interface ClosedTrade {
  side: 'long' | 'short';
  /** Largest size held during the trade. */
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

/** A trade still open (part of the engine snapshot). */
export interface OpenTrade {
  dir: 1 | -1;
  maxQty: number;
  qty: number;
  entryTsMs: number;
  /** Sum of qty × price of the opening fills (entry price = entryValue / qty while only adding). */
  entryValueUsdt: number;
  exitQty: number;
  exitValueUsdt: number;
  feesUsdt: number;
  fundingUsdt: number;
  realisedUsdt: number;
  maeUsdt: number;
  mfeUsdt: number;
  ambiguous: boolean;
  /** Entry price of the position (the venue's average entry, kept when it shrinks). */
  entryPriceUsdt: number;
}

const REASONS: Record<FillSource, ExitReason> = {
  order: 'signal',
  take_profit: 'take_profit',
  stop_loss: 'stop_loss',
  trailing: 'trailing_stop',
  liquidation: 'liquidation',
};

/** USDT rounded to the ledger's unit (1e-8), so sums of exact venue figures stay exact. */
export const roundUsdt = (x: number): number => Math.round(x * 1e8) / 1e8;

export interface TradeFill {
  tsMs: number;
  side: 'buy' | 'sell';
  qty: number;
  price: number;
  feeUsdt: number;
  realisedPnlUsdt: number;
  source: FillSource;
  ambiguous: boolean;
  /** The fill happened at the bar's open (a market order sent at the previous close). */
  atOpen: boolean;
  /** The price level that made it (a TP/SL trigger), when it differs from the fill price by slippage. */
  level?: number;
}

interface BarFill {
  trade: OpenTrade;
  /** Where on the path it happened: the trigger level, else the fill price. */
  price: number;
  atOpen: boolean;
  /** The trade's size and entry price after this fill. */
  qtyAfter: number;
  entryAfter: number;
}

export class TradeBook {
  /** Closed trades, in exit order (a trade is listed once the bar it closed in has ended). */
  readonly closed: ClosedTrade[] = [];
  open: OpenTrade | undefined;
  private readonly barFills: BarFill[] = [];
  /** Trades that closed in the bar being processed: finished at `endBar`. */
  private readonly closing: { t: OpenTrade; exitTsMs: number; reason: ExitReason }[] = [];
  /** The open trade's size and entry when the current bar started. */
  private startQty = 0;
  private startEntry = Number.NaN;

  fill(f: TradeFill): void {
    const sign = f.side === 'buy' ? 1 : -1;
    let t = this.open;
    if (!t) {
      t = {
        dir: sign,
        maxQty: 0,
        qty: 0,
        entryTsMs: f.tsMs,
        entryValueUsdt: 0,
        exitQty: 0,
        exitValueUsdt: 0,
        feesUsdt: 0,
        fundingUsdt: 0,
        realisedUsdt: 0,
        maeUsdt: 0,
        mfeUsdt: 0,
        ambiguous: false,
        entryPriceUsdt: 0,
      };
      this.open = t;
    }
    t.feesUsdt = roundUsdt(t.feesUsdt + f.feeUsdt);
    t.ambiguous ||= f.ambiguous;
    let closingQty = 0;
    if (sign === t.dir) {
      t.qty = roundQty(t.qty + f.qty);
      t.entryValueUsdt += f.qty * f.price;
      t.maxQty = Math.max(t.maxQty, t.qty);
      t.entryPriceUsdt = t.entryValueUsdt / t.qty;
    } else {
      closingQty = Math.min(f.qty, t.qty);
      // The entry value leaves pro rata, so the entry price of what is left stays the same.
      const entry = t.entryValueUsdt / t.qty;
      t.qty = roundQty(t.qty - closingQty);
      t.entryValueUsdt = t.qty > 0 ? entry * t.qty : 0;
      t.exitQty = roundQty(t.exitQty + closingQty);
      t.exitValueUsdt += closingQty * f.price;
      t.realisedUsdt = roundUsdt(t.realisedUsdt + f.realisedPnlUsdt);
    }
    this.barFills.push({
      trade: t,
      price: f.level ?? f.price,
      atOpen: f.atOpen,
      qtyAfter: t.qty,
      entryAfter: t.qty > 0 ? t.entryValueUsdt / t.qty : Number.NaN,
    });
    if (t.qty === 0) {
      this.closing.push({ t, exitTsMs: f.tsMs, reason: REASONS[f.source] });
      this.open = undefined;
      const rest = roundQty(f.qty - closingQty);
      // A fill larger than the position flips it: the rest opens the next trade.
      if (rest > 0) this.fill({ ...f, qty: rest, feeUsdt: 0, realisedPnlUsdt: 0 });
    }
  }

  /** The venue says the minute could have gone the other way: the trades it touched are ambiguous. */
  ambiguity(): void {
    if (this.open) this.open.ambiguous = true;
    for (const c of this.closing) c.t.ambiguous = true;
  }

  funding(paymentUsdt: number): void {
    if (this.open) this.open.fundingUsdt = roundUsdt(this.open.fundingUsdt + paymentUsdt);
  }

  /** Folds a finished 1m bar into the excursions (call after the bar's fills), then lists closed trades. */
  endBar(bar: Bar1m): void {
    if (this.barFills.length === 0) {
      const t = this.open;
      if (t) {
        observe(t, bar.high, t.qty, this.startEntry);
        observe(t, bar.low, t.qty, this.startEntry);
      }
    } else this.walk(bar);
    for (const c of this.closing) this.closed.push(finish(c.t, c.exitTsMs, c.reason));
    this.closing.length = 0;
    this.barFills.length = 0;
    this.markStart();
  }

  /** Bars [from, to) of `bars` held throughout with no fill (the engine's batched quiet minutes). */
  holdBars(bars: { high: Float64Array; low: Float64Array }, from: number, to: number): void {
    const t = this.open;
    if (!t || to <= from) return;
    let hi = Number.NEGATIVE_INFINITY;
    let lo = Number.POSITIVE_INFINITY;
    for (let k = from; k < to; k++) {
      const h = bars.high[k]!;
      const l = bars.low[k]!;
      if (h > hi) hi = h;
      if (l < lo) lo = l;
    }
    observe(t, hi, t.qty, this.startEntry);
    observe(t, lo, t.qty, this.startEntry);
  }

  /** Closes the open trade at `price` without a fill (end of data), paying the taker fee. */
  closeAtEnd(tsMs: number, price: number, takerFeeRate: number): void {
    const t = this.open;
    if (!t) return;
    const entry = t.entryValueUsdt / t.qty;
    t.feesUsdt = roundUsdt(t.feesUsdt + t.qty * price * takerFeeRate);
    t.realisedUsdt = roundUsdt(t.realisedUsdt + t.dir * (price - entry) * t.qty);
    t.exitValueUsdt += t.qty * price;
    t.exitQty = roundQty(t.exitQty + t.qty);
    t.qty = 0;
    this.closed.push(finish(t, tsMs, 'end_of_data'));
    this.open = undefined;
  }

  /** Restores an open trade (from an engine snapshot). */
  restore(open: OpenTrade | undefined): void {
    this.open = open ? { ...open } : undefined;
    this.barFills.length = 0;
    this.closing.length = 0;
    this.markStart();
  }

  private markStart(): void {
    const t = this.open;
    this.startQty = t ? t.qty : 0;
    this.startEntry = t && t.qty > 0 ? t.entryValueUsdt / t.qty : Number.NaN;
  }

  /**
   * A bar with fills, along its intrabar path: O→H→L→C when the high is nearer the open, else
   * O→L→H→C (the simulator's default path). Each fill lands on the first segment, from where the
   * walk is, that contains its price (a fill at the open lands at the start); points count for
   * the trade that is open at them, and the fill price counts on both sides of the fill.
   */
  private walk(bar: Bar1m): void {
    const highFirst = bar.high - bar.open <= bar.open - bar.low;
    const path = highFirst ? [bar.open, bar.high, bar.low, bar.close] : [bar.open, bar.low, bar.high, bar.close];
    const fills = this.barFills;
    let trade: OpenTrade | undefined = this.startQty > 0 ? fills[0]!.trade : undefined;
    let qty = this.startQty;
    let entry = this.startEntry;
    const at = (price: number) => {
      if (trade && qty > 0) observe(trade, price, qty, entry);
    };
    let k = 0;
    const landFills = (a: number, b: number, atStart: boolean) => {
      while (k < fills.length) {
        const f = fills[k]!;
        const lands = f.atOpen ? atStart : Math.min(a, b) <= f.price && f.price <= Math.max(a, b);
        if (!lands) return;
        const level = f.atOpen ? bar.open : f.price;
        at(level);
        trade = f.trade;
        qty = f.qtyAfter;
        entry = f.entryAfter;
        at(level);
        k++;
      }
    };
    landFills(path[0]!, path[0]!, true);
    at(path[0]!);
    for (let seg = 0; seg < 3; seg++) {
      landFills(path[seg]!, path[seg + 1]!, false);
      at(path[seg + 1]!);
    }
    // Fills the path cannot place (a price outside the bar's range) still move the state.
    for (; k < fills.length; k++) {
      const f = fills[k]!;
      trade = f.trade;
      qty = f.qtyAfter;
      entry = f.entryAfter;
      at(f.price);
    }
  }
}

function observe(t: OpenTrade, price: number, qty: number, entry: number): void {
  const upnl = roundUsdt(t.dir * (price - entry) * qty);
  if (upnl < t.maeUsdt) t.maeUsdt = upnl;
  if (upnl > t.mfeUsdt) t.mfeUsdt = upnl;
}

function finish(t: OpenTrade, exitTsMs: number, exitReason: ExitReason): ClosedTrade {
  return {
    side: t.dir > 0 ? 'long' : 'short',
    qty: t.maxQty,
    entryTsMs: t.entryTsMs,
    entryPrice: t.maxQty > 0 ? roundPrice(t.entryPriceUsdt) : Number.NaN,
    exitTsMs,
    exitPrice: t.exitQty > 0 ? roundPrice(t.exitValueUsdt / t.exitQty) : Number.NaN,
    feesUsdt: t.feesUsdt,
    fundingUsdt: t.fundingUsdt,
    pnlUsdt: roundUsdt(t.realisedUsdt - t.feesUsdt - t.fundingUsdt),
    maeUsdt: t.maeUsdt,
    mfeUsdt: t.mfeUsdt,
    exitReason,
    ambiguous: t.ambiguous,
  };
}

/** Average prices to 1e-8 (the nearest double of the decimal), so one fill's price comes back unchanged. */
function roundPrice(x: number): number {
  return Math.round(x * 1e8) / 1e8;
}

function roundQty(x: number): number {
  return Math.round(x * 1e10) / 1e10;
}
