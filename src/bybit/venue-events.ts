// Bybit V5 private rows (bybit-v5.md §4.6; REST rows of §2.7/§2.8 have the same fields) as the
// engine's venue events, without seq/tsMs (the venue stamps them). Pure parsing, no state: which
// rows are duplicates or already reported is the venue's business. Rules:
// - execution: execType Trade / BustTrade / AdlTrade is a fill; Funding is a funding payment (execFee
//   > 0 = paid), never a fill; other types are ignored. The source comes from createType (orders
//   Bybit made for the position: TP/SL, trailing, liquidation); their fills carry clientId ''.
// - order: Cancelled → cancelled (leavesQty = qty − cumExecQty), Deactivated → expired,
//   Rejected → rejected, Triggered → triggered; New / PartiallyFilled / Filled say nothing new.
// - position: entry is entryPrice on WS and avgPrice on REST; flat has NaN entry and liq prices.
// - wallet: the USDT coin; available = walletBalance − position IM − order IM − locked − bonus.
import type { FillSource, OrderSide, PositionSnapshot, VenueEvent, VenueFill, WorkingOrder } from '../engine/ports';

export type EventBody = VenueEvent extends infer E ? (E extends unknown ? Omit<E, 'seq' | 'tsMs'> : never) : never;

export type Row = Record<string, unknown>;

const str = (r: Row, k: string): string => (typeof r[k] === 'string' ? (r[k] as string) : r[k] === undefined ? '' : String(r[k]));

/** A decimal string field as a number; '' or absent is `empty`. */
export function numField(r: Row, k: string, empty = 0): number {
  const s = str(r, k);
  if (s === '') return empty;
  const n = Number(s);
  return Number.isFinite(n) ? n : empty;
}

const side = (s: string): OrderSide => (s === 'Sell' ? 'sell' : 'buy');

const FILL_TYPES: ReadonlySet<string> = new Set(['Trade', 'BustTrade', 'AdlTrade']);

/** Where a fill came from: the engine's order, or an order Bybit made for the position. */
export function fillSource(createType: string, execType: string, stopOrderType: string): FillSource {
  if (execType === 'BustTrade' || execType === 'AdlTrade') return 'liquidation';
  switch (createType) {
    case 'CreateByTakeProfit':
    case 'CreateByPartialTakeProfit':
      return 'take_profit';
    case 'CreateByStopLoss':
    case 'CreateByPartialStopLoss':
      return 'stop_loss';
    case 'CreateByTrailingStop':
      return 'trailing';
    case 'CreateByLiq':
    case 'CreateByAdl_PassThrough':
    case 'CreateByTakeOver_PassThrough':
      return 'liquidation';
  }
  if (stopOrderType === 'TakeProfit' || stopOrderType === 'PartialTakeProfit') return 'take_profit';
  if (stopOrderType === 'StopLoss' || stopOrderType === 'PartialStopLoss') return 'stop_loss';
  if (stopOrderType === 'TrailingStop') return 'trailing';
  return 'order';
}

export type ExecutionKind =
  | { kind: 'fill'; fill: Extract<EventBody, { kind: 'fill' }>; orderId: string }
  | { kind: 'funding'; body: EventBody }
  | { kind: 'other' };

/** One execution row; `cumQty` is what the caller has counted for this order before this row. */
export function parseExecution(r: Row, cumBeforeQty: number): ExecutionKind {
  const execType = str(r, 'execType');
  if (execType === 'Funding')
    return { kind: 'funding', body: { kind: 'funding', rate: numField(r, 'feeRate'), paymentUsdt: numField(r, 'execFee') } };
  if (!FILL_TYPES.has(execType)) return { kind: 'other' };
  const source = fillSource(str(r, 'createType'), execType, str(r, 'stopOrderType'));
  const qty = numField(r, 'execQty');
  const leavesQty = numField(r, 'leavesQty');
  const orderQty = numField(r, 'orderQty');
  const cumQty = Math.max(roundQty(cumBeforeQty + qty), orderQty > 0 ? roundQty(orderQty - leavesQty) : 0);
  return {
    kind: 'fill',
    orderId: str(r, 'orderId'),
    fill: {
      kind: 'fill',
      execId: str(r, 'execId'),
      clientId: source === 'order' ? str(r, 'orderLinkId') : '',
      source,
      side: side(str(r, 'side')),
      qty,
      cumQty,
      leavesQty,
      price: numField(r, 'execPrice'),
      feeUsdt: numField(r, 'execFee'),
      realisedPnlUsdt: numField(r, 'execPnl'),
      isMaker: r.isMaker === true || r.isMaker === 'true',
      ambiguous: false,
    },
  };
}

const TRIGGER_SOURCES: Record<string, Extract<EventBody, { kind: 'triggered' }>['source']> = {
  TakeProfit: 'take_profit',
  PartialTakeProfit: 'take_profit',
  StopLoss: 'stop_loss',
  PartialStopLoss: 'stop_loss',
  TrailingStop: 'trailing',
};

/** The event an order row's status means, if any (the clientId is the row's orderLinkId). */
export function parseOrderStatus(r: Row): EventBody | undefined {
  const clientId = str(r, 'orderLinkId');
  switch (str(r, 'orderStatus')) {
    case 'Cancelled': {
      const reason =
        str(r, 'rejectReason') !== '' && str(r, 'rejectReason') !== 'EC_NoError' ? str(r, 'rejectReason') : str(r, 'cancelType');
      return { kind: 'cancelled', clientId, leavesQty: roundQty(numField(r, 'qty') - numField(r, 'cumExecQty')), reason };
    }
    case 'Deactivated':
      return { kind: 'expired', clientId };
    case 'Rejected':
      return { kind: 'rejected', clientId, code: 0, reason: str(r, 'rejectReason') || 'Rejected', retryable: false };
    case 'Triggered':
      return { kind: 'triggered', clientId, source: TRIGGER_SOURCES[str(r, 'stopOrderType')] ?? 'stop' };
    default:
      return undefined;
  }
}

/** A position row of `symbol` (WS: entryPrice, REST: avgPrice). */
export function parsePosition(r: Row): PositionSnapshot {
  const qty = numField(r, 'size');
  const s = str(r, 'side');
  const flat = qty === 0 || s === '';
  const entry = r.entryPrice !== undefined ? numField(r, 'entryPrice', Number.NaN) : numField(r, 'avgPrice', Number.NaN);
  return {
    side: flat ? 'flat' : s === 'Sell' ? 'short' : 'long',
    qty: flat ? 0 : qty,
    entryPrice: flat ? Number.NaN : entry,
    unrealizedPnlUsdt: flat ? 0 : numField(r, 'unrealisedPnl'),
    liqPrice: flat ? Number.NaN : numField(r, 'liqPrice', Number.NaN),
  };
}

export interface WalletFigures {
  walletUsdt: number;
  equityUsdt: number;
  availableUsdt: number;
}

/** The USDT figures of a wallet row (UNIFIED); undefined when the row has no USDT coin. */
export function parseWallet(r: Row): WalletFigures | undefined {
  const coins = Array.isArray(r.coin) ? (r.coin as Row[]) : [];
  const c = coins.find((x) => str(x, 'coin') === 'USDT');
  if (!c) return undefined;
  const walletUsdt = numField(c, 'walletBalance');
  const available =
    walletUsdt - numField(c, 'totalPositionIM') - numField(c, 'totalOrderIM') - numField(c, 'locked') - numField(c, 'bonus');
  return { walletUsdt, equityUsdt: numField(c, 'equity', walletUsdt), availableUsdt: roundUsdt(available) };
}

/** An open order row as the port's WorkingOrder. */
export function parseWorkingOrder(r: Row): WorkingOrder {
  const market = str(r, 'orderType') === 'Market';
  const price = numField(r, 'price');
  return {
    clientId: str(r, 'orderLinkId'),
    side: side(str(r, 'side')),
    type: market ? 'market' : 'limit',
    qty: numField(r, 'qty'),
    leavesQty: numField(r, 'leavesQty'),
    price: market || price === 0 ? undefined : price,
    reduceOnly: r.reduceOnly === true || r.reduceOnly === 'true',
  };
}

/** A Trade execution row as the port's VenueFill. */
export function parseVenueFill(r: Row): VenueFill {
  const source = fillSource(str(r, 'createType'), str(r, 'execType'), str(r, 'stopOrderType'));
  return {
    execId: str(r, 'execId'),
    clientId: source === 'order' ? str(r, 'orderLinkId') : '',
    side: side(str(r, 'side')),
    qty: numField(r, 'execQty'),
    price: numField(r, 'execPrice'),
    feeUsdt: numField(r, 'execFee'),
    tsMs: numField(r, 'execTime'),
  };
}

export function roundQty(x: number): number {
  return Math.round(x * 1e10) / 1e10;
}

/** To 1e-8 USDT, the ledger's unit. */
export function roundUsdt(x: number): number {
  return Math.round(x * 1e8) / 1e8;
}
