// The emulator's per-account records in Bybit's vocabulary: orders (with status, createType,
// cancelType, rejectReason, stopOrderType), executions (Trade, Funding, BustTrade) and closed-PnL
// rows. Numbers are kept as numbers here; views.ts turns them into Bybit's decimal strings.
import type { TimeInForce } from '../../domain';

export type { TimeInForce };

/** Bybit's default USDT-perpetual fee rates, charged by every emulated account. */
export const TAKER_FEE_RATE = 0.00055;
export const MAKER_FEE_RATE = 0.0002;

export type BybitSide = 'Buy' | 'Sell';
export type OrderStatus = 'New' | 'PartiallyFilled' | 'Untriggered' | 'Triggered' | 'Filled' | 'Cancelled' | 'Rejected' | 'Deactivated';
export type StopOrderType = '' | 'Stop' | 'TakeProfit' | 'StopLoss' | 'TrailingStop';

export const OPEN_STATUSES: ReadonlySet<OrderStatus> = new Set(['New', 'PartiallyFilled', 'Untriggered']);

export interface OrderRecord {
  orderId: string;
  orderLinkId: string;
  symbol: string;
  side: BybitSide;
  orderType: 'Market' | 'Limit';
  /** Limit price; 0 for a market order. */
  price: number;
  qty: number;
  timeInForce: TimeInForce;
  triggerPrice: number;
  /** 0 none, 1 rise, 2 fall. */
  triggerDirection: 0 | 1 | 2;
  triggerBy: '' | 'LastPrice';
  reduceOnly: boolean;
  closeOnTrigger: boolean;
  takeProfit: number;
  stopLoss: number;
  tpslMode: '' | 'Full';
  status: OrderStatus;
  createType: string;
  cancelType: string;
  rejectReason: string;
  stopOrderType: StopOrderType;
  cumExecQty: number;
  cumExecValue: number;
  cumExecFee: number;
  lastPriceOnCreated: number;
  createdTimeMs: number;
  updatedTimeMs: number;
  /** The core's id of the live order (0 once the order is closed, or for position TP/SL fills). */
  coreId: number;
}

export interface ExecRecord {
  execId: string;
  orderId: string;
  orderLinkId: string;
  symbol: string;
  side: BybitSide;
  orderPrice: number;
  orderQty: number;
  leavesQty: number;
  createType: string;
  orderType: 'Market' | 'Limit' | 'UNKNOWN';
  stopOrderType: StopOrderType;
  execType: 'Trade' | 'Funding' | 'BustTrade';
  execPrice: number;
  execQty: number;
  execValue: number;
  /** + paid, − received (funding rows too, as Bybit's execution list does). */
  execFee: number;
  feeRate: number;
  isMaker: boolean;
  markPrice: number;
  closedSize: number;
  execPnl: number;
  execTimeMs: number;
  seq: number;
}

export interface ClosedPnlRecord {
  symbol: string;
  orderId: string;
  /** Side of the closing order. */
  side: BybitSide;
  qty: number;
  orderPrice: number;
  orderType: 'Market' | 'Limit';
  execType: 'Trade' | 'BustTrade';
  closedSize: number;
  avgEntryPrice: number;
  avgExitPrice: number;
  closedPnl: number;
  openFee: number;
  closeFee: number;
  leverage: number;
  fillCount: number;
  createdTimeMs: number;
  updatedTimeMs: number;
}

/** What a private socket receives: one topic message, placed at a path point of the minute. */
export interface Push {
  topic: 'order' | 'execution' | 'position' | 'wallet';
  data: Record<string, unknown>[];
}
