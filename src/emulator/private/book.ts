// One account's exchange for one symbol: a CoreSim (the core's matching, margin and exact ledger)
// plus the Bybit-shaped records around it (orders with Bybit ids and statuses, executions, closed
// PnL). Actions between bars (create, amend, cancel, leverage, trading-stop) call the core at once
// and throw ApiError with Bybit's retCode when the core rejects; bars and funding come from the
// replay. Every action leaves the private messages it caused in `out` (built at the end of this file).
// IOC and FOK are checked against the next minute's open (no partial fills: the core fills whole).

import { CoreSim, type SimEvent, type SimFillEvent, type SimOrder, type SimState } from '../../core';
import type { Bar1m, Instrument } from '../../domain';
import { stepDecimals } from '../decimal';
import type { IdSource } from '../ids';
import { ApiError } from '../params';
import {
  type BybitSide,
  type ClosedPnlRecord,
  type ExecRecord,
  OPEN_STATUSES,
  type OrderRecord,
  type Push,
  type StopOrderType,
  type TimeInForce,
} from './records';
import { rejectMessage } from './reject-messages';
import { execView, type Grid, orderView, positionView, walletView } from './views';

export const TAKER_FEE_RATE = 0.00055;
export const MAKER_FEE_RATE = 0.0002;

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

// Below: the core's events for one book, turned into Bybit records and private messages: fills update
// their order (or create the order Bybit makes for a position TP/SL/trailing stop or a liquidation,
// with its createType and an empty orderLinkId) and add an execution; funding adds an execution of
// execType Funding; a closed round trip adds a closed-PnL row. The messages of one batch come in
// Bybit's order: order, execution, position, wallet.
export function orderPush(book: SymbolBook, recs: readonly OrderRecord[]): Push {
  return { topic: 'order', data: recs.map((r) => ({ category: 'linear', ...orderView(r, book.grid) })) };
}

export function positionRow(book: SymbolBook, ws: boolean): Record<string, unknown> {
  const s = book.state();
  const tier = book.instrument.tiers[0];
  return positionView(
    s,
    {
      symbol: book.symbol,
      leverage: book.leverage,
      riskId: 1,
      riskLimitValue: tier?.riskLimitUsdt ?? 0,
      trailingDistance: s.positionQty === 0 ? 0 : book.trailingDistance,
      curRealisedPnl: s.positionQty === 0 ? 0 : book.curRealisedPnl,
      cumRealisedPnl: book.cumRealisedPnl(),
      createdTimeMs: book.posCreatedMs,
      updatedTimeMs: book.posUpdatedMs,
      seq: book.seq,
      takerFeeRate: TAKER_FEE_RATE,
    },
    book.grid,
    ws,
  );
}

export function positionPush(book: SymbolBook): Push {
  return { topic: 'position', data: [positionRow(book, true)] };
}

export function walletPush(book: SymbolBook): Push {
  return { topic: 'wallet', data: [walletView(book.state(), { cumRealisedPnl: book.cumRealisedPnl() })] };
}

const PROTECTION: Record<string, { createType: string; stopOrderType: StopOrderType }> = {
  take_profit: { createType: 'CreateByTakeProfit', stopOrderType: 'TakeProfit' },
  stop_loss: { createType: 'CreateByStopLoss', stopOrderType: 'StopLoss' },
  trailing: { createType: 'CreateByTrailingStop', stopOrderType: 'TrailingStop' },
  liquidation: { createType: 'CreateByLiq', stopOrderType: '' },
};

/** The order Bybit creates when a position TP/SL/trailing stop fires or the position is liquidated. */
function systemOrder(book: SymbolBook, f: SimFillEvent, nowMs: number): OrderRecord {
  const kind = PROTECTION[f.reason] ?? PROTECTION.stop_loss!;
  const rec: OrderRecord = {
    orderId: book.ids.next(),
    orderLinkId: '',
    symbol: book.symbol,
    side: f.side === 'buy' ? 'Buy' : 'Sell',
    orderType: 'Market',
    price: 0,
    qty: f.qty,
    timeInForce: 'IOC',
    triggerPrice: f.reason === 'liquidation' ? 0 : f.price,
    triggerDirection: 0,
    triggerBy: f.reason === 'liquidation' ? '' : 'LastPrice',
    reduceOnly: true,
    closeOnTrigger: true,
    takeProfit: 0,
    stopLoss: 0,
    tpslMode: f.reason === 'liquidation' ? '' : 'Full',
    status: 'New',
    createType: kind.createType,
    cancelType: 'UNKNOWN',
    rejectReason: 'EC_NoError',
    stopOrderType: kind.stopOrderType,
    cumExecQty: 0,
    cumExecValue: 0,
    cumExecFee: 0,
    lastPriceOnCreated: f.price,
    createdTimeMs: nowMs,
    updatedTimeMs: nowMs,
    coreId: 0,
  };
  book.orders.push(rec);
  return rec;
}

function onFill(book: SymbolBook, f: SimFillEvent, nowMs: number, touched: Set<OrderRecord>, execs: ExecRecord[]): void {
  const rec = f.orderId ? book.byCore.get(f.orderId) : systemOrder(book, f, nowMs);
  if (!rec) return;
  const closing = f.reason !== 'entry';
  if (!closing && Math.abs(f.positionQtyAfter) === f.qty) {
    book.posCreatedMs = nowMs;
    book.curRealisedPnl = 0;
  }
  const prev = execs[execs.length - 1];
  const fee = f.feeUsdt;
  if (closing) book.tradeFees.close += fee;
  else book.tradeFees.open += fee;
  book.curRealisedPnl += f.realisedPnlUsdt - fee;
  book.posUpdatedMs = nowMs;
  rec.cumExecQty += f.qty;
  rec.cumExecValue += f.valueUsdt;
  rec.cumExecFee += fee;
  rec.updatedTimeMs = nowMs;
  if (rec.cumExecQty >= rec.qty - 1e-12) {
    rec.status = 'Filled';
    if (rec.coreId) book.byCore.delete(rec.coreId);
    rec.coreId = 0;
  } else rec.status = 'PartiallyFilled';
  touched.add(rec);
  // A flip (close then open in one order) is one execution on Bybit: merge the two parts.
  if (prev && prev.orderId === rec.orderId && prev.execPrice === f.price && prev.execTimeMs === nowMs) {
    prev.execQty += f.qty;
    prev.execValue += f.valueUsdt;
    prev.execFee += fee;
    prev.leavesQty = rec.qty - rec.cumExecQty;
    prev.execPnl += f.realisedPnlUsdt;
    return;
  }
  book.seq++;
  execs.push({
    execId: book.ids.next(),
    orderId: rec.orderId,
    orderLinkId: rec.orderLinkId,
    symbol: book.symbol,
    side: rec.side,
    orderPrice: rec.price,
    orderQty: rec.qty,
    leavesQty: rec.qty - rec.cumExecQty,
    createType: rec.createType,
    orderType: rec.orderType,
    stopOrderType: rec.stopOrderType,
    execType: f.reason === 'liquidation' ? 'BustTrade' : 'Trade',
    execPrice: f.price,
    execQty: f.qty,
    execValue: f.valueUsdt,
    execFee: fee,
    feeRate: f.isMaker ? MAKER_FEE_RATE : TAKER_FEE_RATE,
    isMaker: f.isMaker,
    markPrice: f.price,
    closedSize: closing ? f.qty : 0,
    execPnl: f.realisedPnlUsdt,
    execTimeMs: nowMs,
    seq: book.seq,
  });
}

function onOrderEnd(
  book: SymbolBook,
  e: Extract<SimEvent, { kind: 'rejected' | 'cancelled' }>,
  nowMs: number,
  touched: Set<OrderRecord>,
): void {
  const rec = book.byCore.get(e.orderId);
  if (!rec) return;
  book.byCore.delete(e.orderId);
  rec.coreId = 0;
  rec.status = 'Cancelled';
  rec.updatedTimeMs = nowMs;
  if (e.reason === 'EC_POST_ONLY_WILL_TAKE_LIQUIDITY') rec.rejectReason = 'EC_PostOnlyWillTakeLiquidity';
  else if (e.reason === 'POSITION_CLOSED' || e.reason === 'REDUCE_ONLY_NO_POSITION') rec.cancelType = 'CancelByReduceOnly';
  else if (e.reason === 'INSUFFICIENT_AVAILABLE_BALANCE') rec.rejectReason = 'EC_InsufficientBalance';
  else rec.rejectReason = `EC_${e.reason}`;
  touched.add(rec);
}

/** Applies a batch of core events at market time `nowMs`; returns the messages they cause. */
export function absorb(book: SymbolBook, events: readonly SimEvent[], nowMs: number): Push[] {
  const touched = new Set<OrderRecord>();
  const execs: ExecRecord[] = [];
  let positionChanged = false;
  for (const e of events) {
    switch (e.kind) {
      case 'fill':
        onFill(book, e, nowMs, touched, execs);
        positionChanged = true;
        break;
      case 'rejected':
      case 'cancelled':
        onOrderEnd(book, e, nowMs, touched);
        break;
      case 'triggered': {
        const rec = e.orderId ? book.byCore.get(e.orderId) : undefined;
        if (rec) {
          rec.status = rec.orderType === 'Limit' ? 'New' : 'Triggered';
          rec.updatedTimeMs = nowMs;
          touched.add(rec);
        }
        break;
      }
      case 'funding':
        book.seq++;
        book.curRealisedPnl -= e.paidUsdt;
        execs.push(fundingExec(book, e, nowMs));
        positionChanged = true;
        break;
      case 'trade_closed':
        book.closed.push({
          symbol: book.symbol,
          orderId: book.orders[book.orders.length - 1]?.orderId ?? '',
          side: e.side === 'buy' ? 'Sell' : 'Buy',
          qty: e.qty,
          orderPrice: 0,
          orderType: 'Market',
          execType: e.exitReason === 'liquidation' ? 'BustTrade' : 'Trade',
          closedSize: e.qty,
          avgEntryPrice: e.entryPrice,
          avgExitPrice: e.exitPrice,
          closedPnl: e.grossPnlUsdt - e.feesUsdt,
          openFee: book.tradeFees.open,
          closeFee: book.tradeFees.close,
          leverage: book.leverage,
          fillCount: 1,
          createdTimeMs: nowMs,
          updatedTimeMs: nowMs,
        });
        book.tradeFees = { open: 0, close: 0 };
        break;
      case 'liquidation':
        break;
    }
  }
  for (const x of execs) book.execs.push(x);
  const out: Push[] = [];
  if (touched.size) out.push(orderPush(book, [...touched]));
  if (execs.length) out.push({ topic: 'execution', data: execs.map((x) => ({ category: 'linear', ...execView(x, book.grid) })) });
  if (positionChanged) out.push(positionPush(book));
  if (positionChanged || touched.size) out.push(walletPush(book));
  return out;
}

function fundingExec(book: SymbolBook, e: Extract<SimEvent, { kind: 'funding' }>, nowMs: number): ExecRecord {
  const size = Math.abs(e.positionQty);
  return {
    execId: book.ids.next(),
    orderId: '',
    orderLinkId: '',
    symbol: book.symbol,
    side: e.positionQty > 0 ? 'Buy' : 'Sell',
    orderPrice: 0,
    orderQty: 0,
    leavesQty: 0,
    createType: '',
    orderType: 'UNKNOWN',
    stopOrderType: '',
    execType: 'Funding',
    execPrice: e.markPrice,
    execQty: size,
    execValue: size * e.markPrice,
    execFee: e.paidUsdt,
    feeRate: e.rate,
    isMaker: false,
    markPrice: e.markPrice,
    closedSize: 0,
    execPnl: 0,
    execTimeMs: nowMs,
    seq: book.seq,
  };
}
