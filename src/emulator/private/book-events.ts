// The core's events for one book, turned into Bybit records and private messages: fills update
// their order (or create the order Bybit makes for a position TP/SL/trailing stop or a liquidation,
// with its createType and an empty orderLinkId) and add an execution; funding adds an execution of
// execType Funding; a closed round trip adds a closed-PnL row. The messages of one batch come in
// Bybit's order: order, execution, position, wallet.
import type { SimEvent, SimFillEvent, SimState } from '../../core';
import type { Instrument } from '../../domain';
import type { IdSource } from '../ids';
import {
  type ClosedPnlRecord,
  type ExecRecord,
  MAKER_FEE_RATE,
  type OrderRecord,
  type Push,
  type StopOrderType,
  TAKER_FEE_RATE,
} from './records';
import { execView, type Grid, orderView, positionView, walletView } from './views';

/** What the events of a book read and update: the SymbolBook (book.ts), seen without importing it. */
export interface EventBook {
  readonly symbol: string;
  readonly instrument: Instrument;
  readonly ids: IdSource;
  readonly grid: Grid;
  readonly orders: OrderRecord[];
  readonly execs: ExecRecord[];
  readonly closed: ClosedPnlRecord[];
  readonly byCore: Map<number, OrderRecord>;
  leverage: number;
  trailingDistance: number;
  curRealisedPnl: number;
  posCreatedMs: number;
  posUpdatedMs: number;
  seq: number;
  tradeFees: { open: number; close: number };
  state(): SimState;
  cumRealisedPnl(): number;
}

export function orderPush(book: EventBook, recs: readonly OrderRecord[]): Push {
  return { topic: 'order', data: recs.map((r) => ({ category: 'linear', ...orderView(r, book.grid) })) };
}

export function positionRow(book: EventBook, ws: boolean): Record<string, unknown> {
  const s = book.state();
  // The tier whose limit covers the position's value at entry, as the core's margin model picks it
  // (the last when none does); Bybit numbers BTCUSDT's tiers from 1.
  const tiers = book.instrument.tiers;
  const valueUsdt = s.positionQty === 0 ? 0 : Math.abs(s.positionQty) * s.entryPrice;
  const covering = tiers.findIndex((t) => valueUsdt <= t.riskLimitUsdt);
  const tierIndex = covering < 0 ? tiers.length - 1 : covering;
  return positionView(
    s,
    {
      symbol: book.symbol,
      leverage: book.leverage,
      riskId: tierIndex + 1,
      riskLimitValue: tiers[tierIndex]?.riskLimitUsdt ?? 0,
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

export function positionPush(book: EventBook): Push {
  return { topic: 'position', data: [positionRow(book, true)] };
}

export function walletPush(book: EventBook): Push {
  return { topic: 'wallet', data: [walletView(book.state(), { cumRealisedPnl: book.cumRealisedPnl() })] };
}

const PROTECTION: Record<string, { createType: string; stopOrderType: StopOrderType }> = {
  take_profit: { createType: 'CreateByTakeProfit', stopOrderType: 'TakeProfit' },
  stop_loss: { createType: 'CreateByStopLoss', stopOrderType: 'StopLoss' },
  trailing: { createType: 'CreateByTrailingStop', stopOrderType: 'TrailingStop' },
  liquidation: { createType: 'CreateByLiq', stopOrderType: '' },
};

/** The order Bybit creates when a position TP/SL/trailing stop fires or the position is liquidated. */
function systemOrder(book: EventBook, f: SimFillEvent, nowMs: number): OrderRecord {
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

function onFill(book: EventBook, f: SimFillEvent, nowMs: number, touched: Set<OrderRecord>, execs: ExecRecord[]): void {
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
  book: EventBook,
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
export function absorb(book: EventBook, events: readonly SimEvent[], nowMs: number): Push[] {
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

function fundingExec(book: EventBook, e: Extract<SimEvent, { kind: 'funding' }>, nowMs: number): ExecRecord {
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
