// Private order endpoints (bybit-v5.md §2.6, §2.7): create, amend, cancel, cancel-all, create-batch,
// realtime (open orders, or recent closed with openOnly=1) and history (closed orders), newest first.
// create answers {orderId, orderLinkId} only; the outcome arrives on the private WebSocket.
import { ApiError, paramError } from '../params';
import type { CreateRequest, SymbolBook } from './book';
import { Answer, bookFor, bookOf, flush, type PrivateContext, type PrivateHandler } from './context';
import { linear, oneWay, optBool, optNum, optStr, type Params, page, side, timeInForce } from './params';
import { OPEN_STATUSES, type OrderRecord } from './records';
import { orderView } from './views';

function createRequest(p: Params): CreateRequest {
  oneWay(p);
  const orderType = optStr(p, 'orderType');
  if (orderType !== 'Market' && orderType !== 'Limit')
    throw paramError(`params error: orderType '${orderType ?? ''}' must be Market or Limit`);
  const qty = optNum(p, 'qty');
  if (qty === undefined) throw paramError('params error: qty is required');
  const reduceOnly = optBool(p, 'reduceOnly');
  if (!(qty > 0) && !(qty === 0 && reduceOnly)) throw paramError(`params error: qty '${qty}' must be > 0 (or 0 with reduceOnly to close)`);
  const price = optNum(p, 'price') ?? 0;
  if (orderType === 'Limit' && !(price > 0)) throw paramError('params error: price is required for a Limit order');
  const dir = optStr(p, 'triggerDirection');
  if (dir !== undefined && dir !== '1' && dir !== '2')
    throw paramError(`params error: triggerDirection '${dir}' must be 1 (rise) or 2 (fall)`);
  const tpslMode = optStr(p, 'tpslMode');
  if (tpslMode !== undefined && tpslMode !== 'Full')
    throw paramError(`params error: tpslMode '${tpslMode}' is not served by the emulator (Full only)`);
  const linkId = optStr(p, 'orderLinkId') ?? '';
  if (!/^[A-Za-z0-9_-]{0,36}$/.test(linkId)) throw paramError(`params error: orderLinkId '${linkId}' must be at most 36 of [A-Za-z0-9_-]`);
  return {
    side: side(p),
    orderType,
    qty,
    price,
    timeInForce: timeInForce(p),
    orderLinkId: linkId,
    reduceOnly,
    closeOnTrigger: optBool(p, 'closeOnTrigger'),
    triggerPrice: optNum(p, 'triggerPrice') ?? 0,
    triggerDirection: dir === undefined ? 0 : dir === '1' ? 1 : 2,
    takeProfit: optNum(p, 'takeProfit') ?? 0,
    stopLoss: optNum(p, 'stopLoss') ?? 0,
  };
}

function createOne(p: Params, ctx: PrivateContext): OrderRecord {
  const book = bookOf(p, ctx);
  const req = createRequest(p);
  const fault = ctx.orderFaults.takeReject();
  if (fault) throw new ApiError(fault.retCode, fault.retMsg);
  const rec = book.create(req, ctx.marketNowMs);
  flush(ctx, book);
  return rec;
}

export const createOrder: PrivateHandler = (p, ctx) => {
  linear(p);
  const rec = createOne(p, ctx);
  return { orderId: rec.orderId, orderLinkId: rec.orderLinkId };
};

export const createBatch: PrivateHandler = (p, ctx) => {
  linear(p);
  const reqs = p.request;
  if (!Array.isArray(reqs) || reqs.length === 0) throw paramError('params error: request must be a non-empty array of orders');
  if (reqs.length > 20) throw paramError(`params error: request holds ${reqs.length} orders; at most 20 for linear`);
  const list: Record<string, unknown>[] = [];
  const ext: { code: number; msg: string }[] = [];
  for (const r of reqs as Params[]) {
    const symbol = typeof r?.symbol === 'string' ? r.symbol : '';
    try {
      const rec = createOne(r, ctx);
      list.push({ category: 'linear', symbol, orderId: rec.orderId, orderLinkId: rec.orderLinkId, createAt: String(rec.createdTimeMs) });
      ext.push({ code: 0, msg: 'OK' });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      list.push({ category: 'linear', symbol, orderId: '', orderLinkId: String(r?.orderLinkId ?? ''), createAt: '' });
      ext.push({ code: e.retCode, msg: e.message });
    }
  }
  return new Answer({ list }, { list: ext });
};

export const amendOrder: PrivateHandler = (p, ctx) => {
  linear(p);
  const book = bookOf(p, ctx);
  const id = idsOf(p);
  const rec = book.amend(
    id.orderId,
    id.orderLinkId,
    {
      qty: optNum(p, 'qty'),
      price: optNum(p, 'price'),
      triggerPrice: optNum(p, 'triggerPrice'),
      takeProfit: optNum(p, 'takeProfit'),
      stopLoss: optNum(p, 'stopLoss'),
    },
    ctx.marketNowMs,
  );
  flush(ctx, book);
  return { orderId: rec.orderId, orderLinkId: rec.orderLinkId };
};

function idsOf(p: Params): { orderId?: string; orderLinkId?: string } {
  const orderId = optStr(p, 'orderId');
  const orderLinkId = optStr(p, 'orderLinkId');
  if (!orderId && !orderLinkId) throw paramError('params error: orderId or orderLinkId is required');
  return { orderId, orderLinkId };
}

export const cancelOrder: PrivateHandler = (p, ctx) => {
  linear(p);
  const book = bookOf(p, ctx);
  const id = idsOf(p);
  const rec = book.cancel(id.orderId, id.orderLinkId, ctx.marketNowMs);
  flush(ctx, book);
  return { orderId: rec.orderId, orderLinkId: rec.orderLinkId };
};

/** orderFilter for linear: Order (active), StopOrder (conditional); absent: every kind. */
function filterOf(p: Params): (o: OrderRecord) => boolean {
  const f = optStr(p, 'orderFilter');
  if (f === undefined || f === 'OpenOrder') return () => true;
  if (f === 'Order') return (o) => o.triggerPrice === 0 || o.status !== 'Untriggered';
  if (f === 'StopOrder') return (o) => o.stopOrderType !== '' && o.status === 'Untriggered';
  throw paramError(`params error: orderFilter '${f}' must be Order, StopOrder or OpenOrder`);
}

function scopedBook(p: Params, ctx: PrivateContext): SymbolBook | undefined {
  const symbol = optStr(p, 'symbol');
  if (symbol) return bookFor(ctx, symbol);
  const settle = optStr(p, 'settleCoin') ?? optStr(p, 'baseCoin');
  if (!settle) throw paramError('params error: symbol, baseCoin or settleCoin is required for linear');
  return ctx.account.book;
}

export const cancelAll: PrivateHandler = (p, ctx) => {
  linear(p);
  const book = scopedBook(p, ctx);
  if (!book) return { list: [], success: '1' };
  const hit = book.cancelAll(filterOf(p), ctx.marketNowMs);
  flush(ctx, book);
  return { list: hit.map((o) => ({ orderId: o.orderId, orderLinkId: o.orderLinkId })), success: '1' };
};

function listed(p: Params, book: SymbolBook, keep: (o: OrderRecord) => boolean) {
  const orderId = optStr(p, 'orderId');
  const orderLinkId = optStr(p, 'orderLinkId');
  const filter = filterOf(p);
  const rows = book.orders
    .filter((o) => keep(o) && filter(o) && (!orderId || o.orderId === orderId) && (!orderLinkId || o.orderLinkId === orderLinkId))
    .reverse()
    .map((o) => orderView(o, book.grid));
  return rows;
}

export const realtimeOrders: PrivateHandler = (p, ctx) => {
  linear(p);
  const book = scopedBook(p, ctx);
  const openOnly = optStr(p, 'openOnly') ?? '0';
  const byId = optStr(p, 'orderId') !== undefined || optStr(p, 'orderLinkId') !== undefined;
  const keep = (o: OrderRecord) => byId || (openOnly === '1' ? !OPEN_STATUSES.has(o.status) : OPEN_STATUSES.has(o.status));
  const rows = book ? listed(p, book, keep) : [];
  return { category: 'linear', ...page(rows, p, 50, 20) };
};

export const orderHistory: PrivateHandler = (p, ctx) => {
  linear(p);
  const symbol = optStr(p, 'symbol');
  const book = symbol ? bookFor(ctx, symbol) : ctx.account.book;
  const byId = optStr(p, 'orderId') !== undefined || optStr(p, 'orderLinkId') !== undefined;
  const rows = book ? listed(p, book, (o) => byId || !OPEN_STATUSES.has(o.status)) : [];
  return { category: 'linear', ...page(rows, p, 50, 20) };
};
