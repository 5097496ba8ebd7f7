// One account's exchange for one symbol: a CoreSim (the core's matching, margin and exact ledger)
// plus the Bybit-shaped records around it (orders with Bybit ids and statuses, executions, closed
// PnL). Actions between bars (create, amend, cancel, leverage, trading-stop) call the core at once
// and throw ApiError with Bybit's retCode when the core rejects; bars and funding come from the
// replay. Every action leaves the private messages it caused in `out` (built by book-events.ts).
// IOC and FOK are checked against the next minute's open (no partial fills: the core fills whole).

import { CoreSim, type SimOrder, type SimState } from '../../core';
import type { Bar1m, Instrument } from '../../domain';
import { stepDecimals } from '../decimal';
import type { IdSource } from '../ids';
import { ApiError } from '../params';
import { absorb, orderPush, positionPush, walletPush } from './book-events';
import {
  type BybitSide,
  type ClosedPnlRecord,
  type ExecRecord,
  MAKER_FEE_RATE,
  OPEN_STATUSES,
  type OrderRecord,
  type Push,
  TAKER_FEE_RATE,
  type TimeInForce,
} from './records';
import { rejectMessage } from './reject-messages';
import type { Grid } from './views';

export interface CreateRequest {
  side: BybitSide;
  orderType: 'Market' | 'Limit';
  qty: number;
  price: number;
  timeInForce: TimeInForce;
  orderLinkId: string;
  reduceOnly: boolean;
  closeOnTrigger: boolean;
  triggerPrice: number;
  triggerDirection: 0 | 1 | 2;
  takeProfit: number;
  stopLoss: number;
  createType?: string;
}

export interface AmendRequest {
  qty?: number;
  price?: number;
  triggerPrice?: number;
  takeProfit?: number;
  stopLoss?: number;
}

/** The minute the books run: the domain's bar without its volume (matching never reads it). */
export type Bar = Omit<Bar1m, 'volume'>;

export class SymbolBook {
  sim: CoreSim;
  readonly grid: Grid;
  readonly orders: OrderRecord[] = [];
  readonly execs: ExecRecord[] = [];
  readonly closed: ClosedPnlRecord[] = [];
  readonly byCore = new Map<number, OrderRecord>();
  readonly links = new Set<string>();
  out: Push[] = [];
  leverage: number;
  trailingDistance = 0;
  curRealisedPnl = 0;
  /** Realised PnL net of fees and funding of earlier sims of this book (leverage changes). */
  cumBaseUsdt = 0;
  posCreatedMs = 0;
  posUpdatedMs = 0;
  seq = 0;
  tradeFees = { open: 0, close: 0 };
  lastBar: Bar | undefined;

  constructor(
    readonly instrument: Instrument,
    walletUsdt: number,
    leverage: number,
    readonly ids: IdSource,
  ) {
    this.leverage = leverage;
    this.grid = { priceDecimals: stepDecimals(instrument.tickSize), qtyDecimals: stepDecimals(instrument.qtyStep) };
    this.sim = this.makeSim(walletUsdt);
  }

  get symbol(): string {
    return this.instrument.symbol;
  }

  private makeSim(walletUsdt: number): CoreSim {
    const i = this.instrument;
    return new CoreSim({
      tickSize: i.tickSize,
      qtyStep: i.qtyStep,
      minQty: i.minQty,
      minNotionalUsdt: i.minNotional,
      makerFeeRate: MAKER_FEE_RATE,
      takerFeeRate: TAKER_FEE_RATE,
      slippageBps: 0,
      startingWalletUsdt: walletUsdt,
      leverage: this.leverage,
      intrabarMode: 'path',
      riskTiers: i.tiers,
    });
  }

  state(): SimState {
    return this.sim.state();
  }

  cumRealisedPnl(): number {
    const s = this.sim.state();
    return this.cumBaseUsdt + s.realisedPnlUsdt - s.feesUsdt - s.fundingUsdt;
  }

  /** A flat bar at `price` so market orders have a reference price before the first replayed minute. */
  prime(tsMs: number, price: number): void {
    this.sim.onBar1m(tsMs, price, price, price, price);
    this.lastBar = { tsMs, open: price, high: price, low: price, close: price };
  }

  openOrders(): OrderRecord[] {
    return this.orders.filter((o) => OPEN_STATUSES.has(o.status));
  }

  find(orderId: string | undefined, orderLinkId: string | undefined): OrderRecord | undefined {
    if (orderId) return this.orders.find((o) => o.orderId === orderId);
    if (orderLinkId) return this.orders.find((o) => o.orderLinkId === orderLinkId);
    return undefined;
  }

  private simOrder(r: CreateRequest | OrderRecord): SimOrder {
    const conditional = r.triggerPrice > 0;
    const kind = conditional ? (r.orderType === 'Limit' ? 'stop_limit' : 'stop_market') : r.orderType === 'Limit' ? 'limit' : 'market';
    const o: SimOrder = {
      kind,
      side: r.side === 'Buy' ? 'buy' : 'sell',
      qty: r.qty,
      reduceOnly: r.reduceOnly,
      postOnly: r.timeInForce === 'PostOnly',
    };
    if (r.orderType === 'Limit') o.price = r.price;
    if (conditional) o.triggerPrice = r.triggerPrice;
    if (r.triggerDirection !== 0) o.triggerDirection = r.triggerDirection === 1 ? 'rise' : 'fall';
    if (r.takeProfit > 0) o.takeProfit = r.takeProfit;
    if (r.stopLoss > 0) o.stopLoss = r.stopLoss;
    return o;
  }

  /** Submits to the core; a rejection other than post-only throws ApiError. Returns the core id and whether post-only cancelled it. */
  private submitCore(r: CreateRequest | OrderRecord): { coreId: number; postOnlyCancelled: boolean } {
    const coreId = this.sim.submit(this.simOrder(r));
    const rejected = this.sim.events().find((e) => e.kind === 'rejected' && e.orderId === coreId);
    if (rejected && rejected.kind === 'rejected') {
      if (rejected.reason === 'EC_POST_ONLY_WILL_TAKE_LIQUIDITY') return { coreId, postOnlyCancelled: true };
      throw new ApiError(rejected.retCode, rejectMessage(rejected.reason, r, this.sim.state()));
    }
    return { coreId, postOnlyCancelled: false };
  }

  create(req: CreateRequest, nowMs: number): OrderRecord {
    if (req.orderLinkId !== '' && this.links.has(req.orderLinkId)) throw new ApiError(110072, 'OrderLinkedID is duplicate');
    if (req.reduceOnly && req.qty === 0) req.qty = Math.abs(this.sim.state().positionQty);
    const last = this.sim.state().lastPrice;
    const { coreId, postOnlyCancelled } = this.submitCore(req);
    const conditional = req.triggerPrice > 0;
    const rec: OrderRecord = {
      orderId: this.ids.next(),
      orderLinkId: req.orderLinkId,
      symbol: this.symbol,
      side: req.side,
      orderType: req.orderType,
      price: req.orderType === 'Limit' ? req.price : 0,
      qty: req.qty,
      timeInForce: req.orderType === 'Market' ? 'IOC' : req.timeInForce,
      triggerPrice: req.triggerPrice,
      triggerDirection: conditional ? req.triggerDirection || (req.side === 'Buy' ? 1 : 2) : 0,
      triggerBy: conditional ? 'LastPrice' : '',
      reduceOnly: req.reduceOnly,
      closeOnTrigger: req.closeOnTrigger,
      takeProfit: req.takeProfit,
      stopLoss: req.stopLoss,
      tpslMode: req.takeProfit > 0 || req.stopLoss > 0 ? 'Full' : '',
      status: postOnlyCancelled ? 'Cancelled' : conditional ? 'Untriggered' : 'New',
      createType: req.createType ?? 'CreateByUser',
      cancelType: 'UNKNOWN',
      rejectReason: postOnlyCancelled ? 'EC_PostOnlyWillTakeLiquidity' : 'EC_NoError',
      stopOrderType: conditional ? 'Stop' : '',
      cumExecQty: 0,
      cumExecValue: 0,
      cumExecFee: 0,
      lastPriceOnCreated: last,
      createdTimeMs: nowMs,
      updatedTimeMs: nowMs,
      coreId: postOnlyCancelled ? 0 : coreId,
    };
    this.orders.push(rec);
    if (rec.orderLinkId !== '') this.links.add(rec.orderLinkId);
    if (rec.coreId) this.byCore.set(coreId, rec);
    this.out = [orderPush(this, [rec])];
    this.pushWallet();
    return rec;
  }

  private openRecord(orderId: string | undefined, orderLinkId: string | undefined): OrderRecord {
    const rec = this.find(orderId, orderLinkId);
    if (!rec) throw new ApiError(110001, 'order not exists or too late to cancel');
    if (!OPEN_STATUSES.has(rec.status)) throw new ApiError(110008, 'The order has been completed or cancelled.');
    return rec;
  }

  private closeRecord(rec: OrderRecord, cancelType: string, nowMs: number): void {
    if (rec.coreId) {
      this.sim.cancel(rec.coreId);
      this.byCore.delete(rec.coreId);
    }
    rec.coreId = 0;
    rec.status = rec.status === 'Untriggered' ? 'Deactivated' : 'Cancelled';
    rec.cancelType = cancelType;
    rec.updatedTimeMs = nowMs;
  }

  cancel(orderId: string | undefined, orderLinkId: string | undefined, nowMs: number, cancelType = 'CancelByUser'): OrderRecord {
    const rec = this.openRecord(orderId, orderLinkId);
    this.closeRecord(rec, cancelType, nowMs);
    this.out = [orderPush(this, [rec])];
    this.pushWallet();
    return rec;
  }

  cancelAll(filter: (o: OrderRecord) => boolean, nowMs: number, cancelType = 'CancelByUser'): OrderRecord[] {
    const hit = this.openOrders().filter(filter);
    for (const rec of hit) this.closeRecord(rec, cancelType, nowMs);
    this.out = hit.length ? [orderPush(this, hit)] : [];
    if (hit.length) this.pushWallet();
    return hit;
  }

  /** Amend = cancel and resubmit in the core; a rejected resubmit restores the original and throws. */
  amend(orderId: string | undefined, orderLinkId: string | undefined, a: AmendRequest, nowMs: number): OrderRecord {
    const rec = this.openRecord(orderId, orderLinkId);
    const next: OrderRecord = { ...rec };
    if (a.qty !== undefined) next.qty = a.qty;
    if (a.price !== undefined) next.price = a.price;
    if (a.triggerPrice !== undefined) next.triggerPrice = a.triggerPrice;
    if (a.takeProfit !== undefined) next.takeProfit = a.takeProfit;
    if (a.stopLoss !== undefined) next.stopLoss = a.stopLoss;
    if (rec.coreId) this.sim.cancel(rec.coreId);
    this.byCore.delete(rec.coreId);
    let submitted: { coreId: number; postOnlyCancelled: boolean };
    try {
      submitted = this.submitCore(next);
    } catch (e) {
      rec.coreId = this.submitCore(rec).coreId;
      this.byCore.set(rec.coreId, rec);
      throw e;
    }
    Object.assign(rec, next, { coreId: submitted.coreId, updatedTimeMs: nowMs });
    if (submitted.postOnlyCancelled) {
      Object.assign(rec, { coreId: 0, status: 'Cancelled', rejectReason: 'EC_PostOnlyWillTakeLiquidity' });
    } else this.byCore.set(rec.coreId, rec);
    this.out = [orderPush(this, [rec])];
    this.pushWallet();
    return rec;
  }

  /** Leverage applies to a fresh core sim (flat, no open orders), carrying the wallet over. */
  setLeverage(leverage: number): void {
    if (leverage === this.leverage) throw new ApiError(110043, 'Set leverage not modified');
    const s = this.sim.state();
    if (s.positionQty !== 0 || this.openOrders().length > 0)
      throw new ApiError(
        110013,
        `cannot set leverage while a position or an order is open in the emulator (leverage stays ${this.leverage})`,
      );
    const max = this.instrument.tiers[0]?.maxLeverage ?? this.instrument.maxLeverage;
    if (!(leverage >= 1 && leverage <= max)) throw new ApiError(10001, `params error: leverage ${leverage} must be in [1, ${max}]`);
    this.cumBaseUsdt = this.cumRealisedPnl();
    this.sim.free();
    this.leverage = leverage;
    this.sim = this.makeSim(s.walletUsdt);
    if (this.lastBar) this.prime(this.lastBar.tsMs, this.lastBar.close);
    this.out = [];
    this.pushPosition(0);
  }

  /** Position TP/SL/trailing (tpslMode Full): undefined leaves a part, 0 removes it. */
  tradingStop(t: { takeProfit?: number; stopLoss?: number; trailingStop?: number; activePrice?: number }, nowMs: number): void {
    if (this.sim.state().positionQty === 0) throw new ApiError(10001, 'can not set tp/sl/ts for zero position');
    const part = (x: number | undefined) => (x === undefined ? undefined : x === 0 ? null : x);
    this.sim.setTpSl({
      takeProfit: part(t.takeProfit),
      stopLoss: part(t.stopLoss),
      trailingDistance: part(t.trailingStop),
      ...(t.activePrice ? { trailingActivation: t.activePrice } : {}),
    });
    const bad = this.sim.events().find((e) => e.kind === 'rejected');
    if (bad && bad.kind === 'rejected') throw new ApiError(bad.retCode || 10001, rejectMessage(bad.reason, undefined, this.sim.state()));
    if (t.trailingStop !== undefined) this.trailingDistance = t.trailingStop;
    this.out = [];
    this.pushPosition(nowMs);
  }

  /** IOC/FOK orders that would not take at this open are cancelled before the minute runs. */
  private expireImmediate(bar: Bar, nowMs: number): OrderRecord[] {
    const hit = this.openOrders().filter((o) => {
      if (o.orderType !== 'Limit' || (o.timeInForce !== 'IOC' && o.timeInForce !== 'FOK') || o.triggerPrice > 0) return false;
      return o.side === 'Buy' ? o.price < bar.open : o.price > bar.open;
    });
    for (const o of hit) {
      this.closeRecord(o, 'UNKNOWN', nowMs);
      o.rejectReason = 'EC_NoImmediateQtyToFill';
    }
    return hit;
  }

  /** Runs one minute; returns the pushes at each of the path's four points (open, first, second, close). */
  onBar(bar: Bar, pointMs: readonly [number, number, number, number]): Push[][] {
    const perPoint: Push[][] = [[], [], [], []];
    const expired = this.expireImmediate(bar, pointMs[0]);
    if (expired.length) perPoint[0]?.push(orderPush(this, expired));
    const n = this.sim.onBar1m(bar.tsMs, bar.open, bar.high, bar.low, bar.close);
    this.lastBar = bar;
    if (n === 0) return perPoint;
    const highFirst = bar.high - bar.open <= bar.open - bar.low;
    const points = highFirst ? [bar.open, bar.high, bar.low, bar.close] : [bar.open, bar.low, bar.high, bar.close];
    const events = this.sim.events();
    let at = 0;
    let start = 0;
    const flush = (end: number) => {
      if (end > start) for (const p of absorb(this, events.slice(start, end), pointMs[at] as number)) perPoint[at]?.push(p);
      start = end;
    };
    events.forEach((e, k) => {
      const price = e.kind === 'fill' ? e.price : e.kind === 'triggered' ? e.triggerPrice : undefined;
      if (price === undefined) return;
      const trailing = (e.kind === 'triggered' && e.source === 'trailing') || (e.kind === 'fill' && e.reason === 'trailing');
      const to = pointOf(points, price, trailing ? afterPeak(points, price, this.trailingDistance, at) : at);
      if (to !== at) {
        flush(k);
        at = to;
      }
    });
    flush(events.length);
    return perPoint;
  }

  funding(tsMs: number, rate: number, markPrice: number): Push[] {
    this.sim.applyFunding(tsMs, rate, markPrice);
    return absorb(this, this.sim.events(), tsMs);
  }

  private pushWallet(): void {
    this.out.push(walletPush(this));
  }

  pushPosition(nowMs: number): void {
    if (nowMs) this.posUpdatedMs = nowMs;
    this.out.push(positionPush(this));
  }
}

/**
 * Where a trailing stop can fire: after the path point that set its peak (a long's level + distance,
 * a short's level − distance), not on an earlier segment that merely crosses the level on the way up
 * to that peak. `from` when the peak was set before this bar.
 */
function afterPeak(points: readonly number[], level: number, distance: number, from: number): number {
  if (!(distance > 0)) return from;
  for (let j = from; j < points.length - 1; j++) {
    const p = points[j] as number;
    if (Math.abs(p - (level + distance)) < 1e-6 || Math.abs(p - (level - distance)) < 1e-6) return j + 1;
  }
  return from;
}

/** The first path point at or after `from` whose segment from the previous point contains `price`. */
function pointOf(points: readonly number[], price: number, from: number): number {
  if (from === 0 && price === points[0]) return 0;
  for (let k = Math.max(from, 1); k < points.length; k++) {
    const a = points[k - 1] as number;
    const b = points[k] as number;
    if (price >= Math.min(a, b) && price <= Math.max(a, b)) return k;
  }
  return from;
}
