// The private route table: path -> method and handler. Every private path is signed (auth.ts) and
// rate limited per key (rate-limit.ts) by the server before its handler runs.
import { accountInfo, dcpInfo, executionList, setDcp, setMarginMode, walletBalance } from './account-routes';
import type { PrivateHandler } from './context';
import { amendOrder, cancelAll, cancelOrder, createBatch, createOrder, orderHistory, realtimeOrders } from './order-routes';
import { closedPnl, positionList, setLeverage, switchMode, tradingStop } from './position-routes';

export { Answer, type OrderFaults, type PrivateContext } from './context';
export { fromBody, fromQuery } from './params';

export const PRIVATE_ROUTES: ReadonlyMap<string, { method: 'GET' | 'POST'; handler: PrivateHandler }> = new Map([
  ['/v5/order/create', { method: 'POST', handler: createOrder }],
  ['/v5/order/amend', { method: 'POST', handler: amendOrder }],
  ['/v5/order/cancel', { method: 'POST', handler: cancelOrder }],
  ['/v5/order/cancel-all', { method: 'POST', handler: cancelAll }],
  ['/v5/order/create-batch', { method: 'POST', handler: createBatch }],
  ['/v5/order/realtime', { method: 'GET', handler: realtimeOrders }],
  ['/v5/order/history', { method: 'GET', handler: orderHistory }],
  ['/v5/order/disconnected-cancel-all', { method: 'POST', handler: setDcp }],
  ['/v5/execution/list', { method: 'GET', handler: executionList }],
  ['/v5/position/list', { method: 'GET', handler: positionList }],
  ['/v5/position/set-leverage', { method: 'POST', handler: setLeverage }],
  ['/v5/position/trading-stop', { method: 'POST', handler: tradingStop }],
  ['/v5/position/closed-pnl', { method: 'GET', handler: closedPnl }],
  ['/v5/position/switch-mode', { method: 'POST', handler: switchMode }],
  ['/v5/account/wallet-balance', { method: 'GET', handler: walletBalance }],
  ['/v5/account/info', { method: 'GET', handler: accountInfo }],
  ['/v5/account/set-margin-mode', { method: 'POST', handler: setMarginMode }],
  ['/v5/account/query-dcp-info', { method: 'GET', handler: dcpInfo }],
]);
