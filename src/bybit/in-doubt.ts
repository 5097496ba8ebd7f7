// Orders whose create outcome is unknown (LIVE.md §6), and the lookup that settles them: GET
// /v5/order/realtime?orderLinkId=… (or orderId=…), then order/history when realtime has no row. A
// lookup is 'found' (with the row), 'absent' (both queries answered and neither has it) or 'failed'
// (a query did not answer retCode 0). Only answered lookups count as absent: a failed one says nothing.
import type { OrderParamsV5, RestClientV5 } from 'bybit-api';
import type { OrderRequest } from '../engine/ports';
import type { RestCaller } from './rest-caller';
import type { Row } from './venue-events';

export interface InDoubtOrder {
  order: OrderRequest;
  params: OrderParamsV5;
  /** The create was already sent a second time (it is resent at most once). */
  resent: boolean;
}

export type Lookup = { kind: 'found'; row: Row } | { kind: 'absent' } | { kind: 'failed'; why: string };

/** An order named by Bybit's orderId or by its orderLinkId (the clientId). */
export type OrderRef = { orderId: string } | { orderLinkId: string };

export function lookupOrder(rest: RestClientV5, caller: RestCaller, symbol: string, clientId: string): Promise<Lookup> {
  return lookupOrderRef(rest, caller, symbol, { orderLinkId: clientId });
}

/** The same lookup by either id (the order tools accept orderId too). */
export async function lookupOrderRef(rest: RestClientV5, caller: RestCaller, symbol: string, ref: OrderRef): Promise<Lookup> {
  const q = { category: 'linear' as const, symbol, ...ref };
  const same = (r: Row) => ('orderId' in ref ? r.orderId === ref.orderId : r.orderLinkId === ref.orderLinkId);
  const live = await caller.send('order/realtime', () => rest.getActiveOrders(q));
  if (live.kind !== 'ok') return { kind: 'failed', why: whyOf(live) };
  const hit = rowsOf(live.result).find(same);
  if (hit) return { kind: 'found', row: hit };
  const past = await caller.send('order/history', () => rest.getHistoricOrders(q));
  if (past.kind !== 'ok') return { kind: 'failed', why: whyOf(past) };
  const old = rowsOf(past.result).find(same);
  return old ? { kind: 'found', row: old } : { kind: 'absent' };
}

function whyOf(o: { kind: string; retCode?: number; why?: string; retMsg?: string }): string {
  return o.why ?? `retCode ${o.retCode ?? '?'} ${o.retMsg ?? ''}`.trim();
}

function rowsOf(result: unknown): Row[] {
  const list = (result as { list?: unknown } | undefined)?.list;
  return Array.isArray(list) ? (list as Row[]) : [];
}
