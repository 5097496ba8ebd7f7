// Records and the core's state as Bybit V5 JSON (bybit-v5.md §2.7, §2.8, §4.6): decimal strings for
// prices, quantities and money, numbers only for Bybit's integer fields (positionIdx, riskId, seq,
// triggerDirection, adlRankIndicator, autoAddMargin), "" for absent values. REST positions name the
// entry price avgPrice, WS positions entryPrice; WS rows carry `category`.
import type { SimState } from '../../core';
import { decStr, usdt } from '../decimal';
import type { ClosedPnlRecord, ExecRecord, OrderRecord } from './records';

export interface Grid {
  priceDecimals: number;
  qtyDecimals: number;
}

const px = (g: Grid, x: number) => (x === 0 ? '' : decStr(x, g.priceDecimals));
const qty = (g: Grid, x: number) => decStr(x, g.qtyDecimals);
const ms = (t: number) => String(Math.trunc(t));

export function orderView(o: OrderRecord, g: Grid): Record<string, unknown> {
  const leaves = o.status === 'New' || o.status === 'PartiallyFilled' || o.status === 'Untriggered' ? o.qty - o.cumExecQty : 0;
  return {
    orderId: o.orderId,
    orderLinkId: o.orderLinkId,
    blockTradeId: '',
    symbol: o.symbol,
    price: o.orderType === 'Market' ? '0' : px(g, o.price),
    qty: qty(g, o.qty),
    side: o.side,
    isLeverage: '',
    positionIdx: 0,
    orderStatus: o.status,
    createType: o.createType,
    cancelType: o.cancelType,
    rejectReason: o.rejectReason,
    avgPrice: o.cumExecQty > 0 ? decStr(o.cumExecValue / o.cumExecQty, g.priceDecimals + 4) : '',
    leavesQty: qty(g, leaves),
    leavesValue: usdt(leaves * o.price),
    cumExecQty: qty(g, o.cumExecQty),
    cumExecValue: usdt(o.cumExecValue),
    cumExecFee: usdt(o.cumExecFee),
    cumFeeDetail: o.cumExecFee === 0 ? {} : { USDT: usdt(o.cumExecFee) },
    timeInForce: o.orderType === 'Market' ? 'IOC' : o.timeInForce,
    orderType: o.orderType,
    stopOrderType: o.stopOrderType,
    orderIv: '',
    marketUnit: '',
    triggerPrice: px(g, o.triggerPrice),
    takeProfit: px(g, o.takeProfit),
    stopLoss: px(g, o.stopLoss),
    tpslMode: o.tpslMode,
    ocoTriggerBy: '',
    tpLimitPrice: '',
    slLimitPrice: '',
    tpTriggerBy: o.takeProfit ? 'LastPrice' : '',
    slTriggerBy: o.stopLoss ? 'LastPrice' : '',
    triggerDirection: o.triggerDirection,
    triggerBy: o.triggerBy,
    lastPriceOnCreated: px(g, o.lastPriceOnCreated),
    basePrice: px(g, o.lastPriceOnCreated),
    reduceOnly: o.reduceOnly,
    closeOnTrigger: o.closeOnTrigger,
    placeType: '',
    smpType: 'None',
    smpGroup: 0,
    smpOrderId: '',
    createdTime: ms(o.createdTimeMs),
    updatedTime: ms(o.updatedTimeMs),
  };
}

export function execView(e: ExecRecord, g: Grid): Record<string, unknown> {
  return {
    symbol: e.symbol,
    orderId: e.orderId,
    orderLinkId: e.orderLinkId,
    side: e.side,
    orderPrice: e.orderPrice === 0 ? '0' : px(g, e.orderPrice),
    orderQty: qty(g, e.orderQty),
    leavesQty: qty(g, e.leavesQty),
    createType: e.createType,
    orderType: e.orderType,
    stopOrderType: e.stopOrderType === '' ? 'UNKNOWN' : e.stopOrderType,
    execFee: usdt(e.execFee),
    execFeeV2: '',
    execId: e.execId,
    execPrice: decStr(e.execPrice, g.priceDecimals + 4),
    execQty: qty(g, e.execQty),
    execType: e.execType,
    execValue: usdt(e.execValue),
    execTime: ms(e.execTimeMs),
    feeCurrency: 'USDT',
    isMaker: e.isMaker,
    feeRate: decStr(e.feeRate, 10),
    tradeIv: '',
    markIv: '',
    markPrice: px(g, e.markPrice),
    indexPrice: px(g, e.markPrice),
    underlyingPrice: '',
    blockTradeId: '',
    closedSize: qty(g, e.closedSize),
    execPnl: usdt(e.execPnl),
    seq: e.seq,
    extraFees: '',
  };
}

export function closedPnlView(c: ClosedPnlRecord, g: Grid): Record<string, unknown> {
  return {
    symbol: c.symbol,
    orderId: c.orderId,
    side: c.side,
    qty: qty(g, c.qty),
    orderPrice: c.orderPrice === 0 ? '0' : px(g, c.orderPrice),
    orderType: c.orderType,
    execType: c.execType,
    closedSize: qty(g, c.closedSize),
    cumEntryValue: usdt(c.avgEntryPrice * c.closedSize),
    avgEntryPrice: decStr(c.avgEntryPrice, g.priceDecimals + 4),
    cumExitValue: usdt(c.avgExitPrice * c.closedSize),
    avgExitPrice: decStr(c.avgExitPrice, g.priceDecimals + 4),
    closedPnl: usdt(c.closedPnl),
    openFee: usdt(c.openFee),
    closeFee: usdt(c.closeFee),
    fillCount: String(c.fillCount),
    leverage: decStr(c.leverage, 2),
    createdTime: ms(c.createdTimeMs),
    updatedTime: ms(c.updatedTimeMs),
  };
}

export interface PositionExtras {
  symbol: string;
  leverage: number;
  riskId: number;
  riskLimitValue: number;
  trailingDistance: number;
  curRealisedPnl: number;
  cumRealisedPnl: number;
  createdTimeMs: number;
  updatedTimeMs: number;
  seq: number;
  takerFeeRate: number;
}

/** A position row; `ws` names the entry price entryPrice and adds category. */
export function positionView(s: SimState, x: PositionExtras, g: Grid, ws: boolean): Record<string, unknown> {
  const size = Math.abs(s.positionQty);
  const flat = size === 0;
  // The core's positionQty is a size (never negative); the side is positionSide's sign.
  const side = flat ? '' : s.positionSide > 0 ? 'Buy' : 'Sell';
  const entry = flat ? 0 : s.entryPrice;
  const fee = Math.max(x.takerFeeRate, 0.00055);
  const q = side === 'Buy' ? size : -size;
  const breakEven = flat ? 0 : (entry * q - x.curRealisedPnl) / (q - size * fee);
  const row: Record<string, unknown> = {
    positionIdx: 0,
    riskId: x.riskId,
    riskLimitValue: decStr(x.riskLimitValue, 0),
    symbol: x.symbol,
    side,
    size: qty(g, size),
    [ws ? 'entryPrice' : 'avgPrice']: flat ? '0' : decStr(entry, g.priceDecimals + 4),
    positionValue: usdt(size * entry),
    autoAddMargin: 0,
    positionStatus: 'Normal',
    leverage: decStr(x.leverage, 2),
    breakEvenPrice: flat ? '' : decStr(breakEven, g.priceDecimals + 4),
    markPrice: decStr(s.markPrice, g.priceDecimals),
    liqPrice: flat || s.liqPrice <= 0 ? '' : decStr(s.liqPrice, g.priceDecimals + 4),
    bustPrice: '',
    positionIM: usdt(s.positionMarginUsdt),
    positionIMByMp: usdt(s.positionMarginUsdt),
    positionMM: usdt(s.maintenanceMarginUsdt),
    positionMMByMp: usdt(s.maintenanceMarginUsdt),
    positionBalance: usdt(s.positionMarginUsdt),
    takeProfit: s.takeProfitPrice ? decStr(s.takeProfitPrice, g.priceDecimals) : '',
    stopLoss: s.stopLossPrice ? decStr(s.stopLossPrice, g.priceDecimals) : '',
    trailingStop: decStr(x.trailingDistance, g.priceDecimals),
    sessionAvgPrice: '',
    unrealisedPnl: usdt(s.unrealisedPnlUsdt),
    curRealisedPnl: usdt(x.curRealisedPnl),
    cumRealisedPnl: usdt(x.cumRealisedPnl),
    adlRankIndicator: flat ? 0 : 2,
    createdTime: ms(x.createdTimeMs),
    updatedTime: ms(x.updatedTimeMs),
    openTime: 0,
    seq: x.seq,
    isReduceOnly: false,
    mmrSysUpdatedTime: '',
    leverageSysUpdatedTime: '',
    tpslMode: 'Full',
    tradeMode: 0,
  };
  if (ws) row.category = 'linear';
  return row;
}

export interface WalletExtras {
  cumRealisedPnl: number;
}

export function walletView(s: SimState, x: WalletExtras): Record<string, unknown> {
  const equity = s.equityUsdt;
  const coin = {
    coin: 'USDT',
    equity: usdt(equity),
    usdValue: usdt(equity),
    walletBalance: usdt(s.walletUsdt),
    locked: '0',
    spotHedgingQty: '0',
    borrowAmount: '0',
    accruedInterest: '0',
    totalOrderIM: usdt(s.orderMarginUsdt),
    totalPositionIM: usdt(s.positionMarginUsdt),
    totalPositionMM: usdt(s.maintenanceMarginUsdt),
    unrealisedPnl: usdt(s.unrealisedPnlUsdt),
    cumRealisedPnl: usdt(x.cumRealisedPnl),
    bonus: '0',
    marginCollateral: true,
    collateralSwitch: true,
    availableToWithdraw: usdt(s.availableUsdt),
    availableToBorrow: '',
    free: '',
    spotBorrow: '0',
  };
  return {
    accountType: 'UNIFIED',
    accountIMRate: '',
    accountMMRate: '',
    accountIMRateByMp: '',
    accountMMRateByMp: '',
    totalEquity: usdt(equity),
    totalWalletBalance: usdt(s.walletUsdt),
    totalMarginBalance: usdt(s.walletUsdt + s.unrealisedPnlUsdt),
    totalAvailableBalance: usdt(s.availableUsdt),
    totalPerpUPL: usdt(s.unrealisedPnlUsdt),
    totalInitialMargin: usdt(s.positionMarginUsdt + s.orderMarginUsdt),
    totalInitialMarginByMp: usdt(s.positionMarginUsdt + s.orderMarginUsdt),
    totalMaintenanceMargin: usdt(s.maintenanceMarginUsdt),
    totalMaintenanceMarginByMp: usdt(s.maintenanceMarginUsdt),
    accountLTV: '',
    coin: [coin],
  };
}
