// Engine commands as Bybit V5 REST parameters (bybit-v5.md §2.6-§2.8): order/create, order/cancel,
// order/cancel-all and position/trading-stop for one linear symbol in one-way mode. Prices and
// quantities are rounded to the instrument's tick and step and printed with exactly the step's
// decimals, so no float noise (0.30000000000000004) ever reaches the wire. Pure functions only.
import type { CancelAllOrdersParamsV5, CancelOrderParamsV5, OrderParamsV5, SetTradingStopParamsV5 } from 'bybit-api';
import type { OrderRequest } from '../engine/ports';

/** The grid an order must sit on. */
export interface OrderGrid {
  symbol: string;
  tickSize: number;
  qtyStep: number;
}

/** Decimals needed to print `step` exactly (0.1 → 1, 0.001 → 3, 5 → 0, 1e-7 → 7). */
export function decimalsOf(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) throw new RangeError(`step ${step} must be a positive finite number`);
  const s = String(step);
  const exp = /e-(\d+)$/.exec(s);
  if (exp) {
    const mantissa = s.slice(0, s.indexOf('e'));
    const dot = mantissa.indexOf('.');
    return Number(exp[1]) + (dot < 0 ? 0 : mantissa.length - dot - 1);
  }
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** `x` rounded to the nearest multiple of `step`, printed with the step's decimals. */
export function formatToStep(x: number, step: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`value ${x} must be finite`);
  const units = Math.round(x / step + (x >= 0 ? 1e-9 : -1e-9));
  const text = (units * step).toFixed(decimalsOf(step));
  return text === '-0' || /^-0\.0*$/.test(text) ? text.slice(1) : text;
}

export const formatPrice = (g: OrderGrid, price: number): string => formatToStep(price, g.tickSize);
export const formatQty = (g: OrderGrid, qty: number): string => formatToStep(qty, g.qtyStep);

/** POST /v5/order/create for one engine order; the clientId is the orderLinkId. */
export function createParams(g: OrderGrid, o: OrderRequest): OrderParamsV5 {
  const p: OrderParamsV5 = {
    category: 'linear',
    symbol: g.symbol,
    side: o.side === 'buy' ? 'Buy' : 'Sell',
    orderType: o.type === 'market' ? 'Market' : 'Limit',
    qty: formatQty(g, o.qty),
    positionIdx: 0,
    orderLinkId: o.clientId,
    reduceOnly: o.reduceOnly,
  };
  if (o.type === 'limit') {
    if (o.price === undefined) throw new RangeError(`order ${o.clientId}: a limit order needs a price`);
    p.price = formatPrice(g, o.price);
    p.timeInForce = o.timeInForce;
  } else {
    p.timeInForce = o.timeInForce === 'FOK' ? 'FOK' : 'IOC';
  }
  // Bybit refuses TP/SL on a reduce-only order; position TP/SL belongs to orders that open or add.
  if (!o.reduceOnly && (o.takeProfit !== undefined || o.stopLoss !== undefined)) {
    p.tpslMode = 'Full';
    if (o.takeProfit !== undefined) {
      p.takeProfit = formatPrice(g, o.takeProfit);
      p.tpTriggerBy = 'LastPrice';
    }
    if (o.stopLoss !== undefined) {
      p.stopLoss = formatPrice(g, o.stopLoss);
      p.slTriggerBy = 'LastPrice';
    }
  }
  return p;
}

export function cancelParams(g: OrderGrid, clientId: string): CancelOrderParamsV5 {
  return { category: 'linear', symbol: g.symbol, orderLinkId: clientId };
}

/** Every kind of order of the symbol (no orderFilter: active, conditional, TP/SL, trailing). */
export function cancelAllParams(g: OrderGrid): CancelAllOrdersParamsV5 {
  return { category: 'linear', symbol: g.symbol };
}

export interface Protection {
  takeProfit?: number | null;
  stopLoss?: number | null;
  trailingDistance?: number | null;
}

/** POST /v5/position/trading-stop; undefined leaves a level alone, null removes it ("0"). */
export function tradingStopParams(g: OrderGrid, p: Protection): SetTradingStopParamsV5 {
  const level = (x: number | null | undefined) => (x === undefined ? undefined : x === null ? '0' : formatPrice(g, x));
  const out: SetTradingStopParamsV5 = { category: 'linear', symbol: g.symbol, tpslMode: 'Full', positionIdx: 0 };
  const tp = level(p.takeProfit);
  const sl = level(p.stopLoss);
  const trail = level(p.trailingDistance);
  if (tp !== undefined) {
    out.takeProfit = tp;
    out.tpTriggerBy = 'LastPrice';
  }
  if (sl !== undefined) {
    out.stopLoss = sl;
    out.slTriggerBy = 'LastPrice';
  }
  if (trail !== undefined) out.trailingStop = trail;
  return out;
}
