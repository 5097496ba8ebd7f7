// Placing one order from a tool: the live opt-ins, the kill switch, the instrument's grid and
// minimums, the reference price, the cost against the available balance, then order/create
// (or, in shadow mode, the exact request that would have been sent). Shared by order.market,
// order.limit, order.stop and order.stop_limit and by position.close. The create is settled by
// BybitTradingClient.placeOrder, i.e. by create-settle.ts, the very code BybitVenue settles the
// engine's orders with (lookups by orderLinkId before any resend, resent at most once); the tool
// does not start a BybitVenue because the engine's OrderRequest has no trigger price (stop orders)
// and the venue's private socket tells a one-shot call nothing the lookups do not. The result is
// `placed`, or a VENUE_REJECTED / VENUE_IN_DOUBT error (order-outcome.ts).
import { createParams, type OrderGrid } from '../../bybit';
import type { Instrument } from '../../domain';
import { isValidOrderLinkId } from '../../engine';
import { TradeError } from '../../errors';
import { checkLiveOptIn, loadKeys } from '../../live';
import { symbolInput } from '../parse-input';
import { openAccount, restUrl } from './exchange';
import { checkCost, checkKillSwitch, checkNotional, checkPrice, checkQty, lastPrice, loadInstrument } from './order-checks';
import { placedOrThrow } from './order-outcome';
import { ORDER_RATE } from './order-rate';
import type { ToolContext } from './tool-def';

export type OrderKind = 'market' | 'limit' | 'stop' | 'stop_limit';

export interface PlaceInput {
  mode: 'shadow' | 'demo' | 'live';
  endpoint?: string;
  keysFile?: string;
  confirm?: string;
  session?: string;
  state?: string;
  symbol: string;
  side: 'buy' | 'sell';
  qty: number;
  price?: number;
  triggerPrice?: number;
  triggerDirection?: 'rise' | 'fall';
  timeInForce?: 'GTC' | 'IOC' | 'FOK' | 'PostOnly';
  reduceOnly?: boolean;
  takeProfit?: number;
  stopLoss?: number;
  clientId?: string;
}

let idSeq = 0;

/** An orderLinkId unique within this process and across restarts (ms clock + sequence). */
function newClientId(nowMs: number): string {
  idSeq = (idSeq + 1) % 1_000_000;
  return `tool-${nowMs.toString(36)}-${idSeq.toString(36)}`;
}

export function gridOf(ins: Instrument): OrderGrid {
  return { symbol: ins.symbol, tickSize: ins.tickSize, qtyStep: ins.qtyStep };
}

/**
 * Before any request: the live opt-ins, the keys of the mode (a missing key is one line, not a
 * network round trip later) and, for what opens or adds, the kill switch of a named session.
 */
export function preflight(
  i: { mode: 'shadow' | 'demo' | 'live'; confirm?: string; session?: string; state?: string; keysFile?: string },
  symbol: string,
  ctx: ToolContext,
  opens: boolean,
): void {
  if (i.mode === 'live') checkLiveOptIn('live', ctx.env, i.confirm, symbol);
  if (i.mode !== 'shadow') loadKeys(i.mode, ctx.env, i.keysFile);
  if (opens) checkKillSwitch(i.session, i.state);
}

function protectionChecks(ins: Instrument, i: PlaceInput, refPrice: number): void {
  if (i.takeProfit !== undefined) checkPrice(ins, i.takeProfit, 'takeProfit');
  if (i.stopLoss !== undefined) checkPrice(ins, i.stopLoss, 'stopLoss');
  const up = i.side === 'buy' ? 1 : -1;
  if (i.takeProfit !== undefined && (i.takeProfit - refPrice) * up <= 0)
    throw new TradeError(
      'VALIDATION',
      `takeProfit ${i.takeProfit} must be ${up > 0 ? 'above' : 'below'} the entry ${refPrice} of a ${i.side}`,
    );
  if (i.stopLoss !== undefined && (i.stopLoss - refPrice) * up >= 0)
    throw new TradeError('VALIDATION', `stopLoss ${i.stopLoss} must be ${up > 0 ? 'below' : 'above'} the entry ${refPrice} of a ${i.side}`);
}

function buildParams(kind: OrderKind, i: PlaceInput, ins: Instrument, clientId: string): ReturnType<typeof createParams> {
  const limit = kind === 'limit' || kind === 'stop_limit';
  const p = createParams(gridOf(ins), {
    clientId,
    side: i.side,
    type: limit ? 'limit' : 'market',
    qty: i.qty,
    price: limit ? i.price : undefined,
    reduceOnly: i.reduceOnly === true,
    timeInForce: i.timeInForce ?? (limit ? 'GTC' : 'IOC'),
    takeProfit: i.takeProfit,
    stopLoss: i.stopLoss,
  });
  if (kind === 'stop' || kind === 'stop_limit') {
    p.triggerPrice = createParams(gridOf(ins), { ...baseOrder(clientId, i), type: 'limit', price: i.triggerPrice }).price;
    p.triggerDirection = (i.triggerDirection ?? (i.side === 'buy' ? 'rise' : 'fall')) === 'rise' ? 1 : 2;
    p.triggerBy = 'LastPrice';
  }
  return p;
}

const baseOrder = (clientId: string, i: PlaceInput) =>
  ({ clientId, side: i.side, qty: i.qty, reduceOnly: false, timeInForce: 'GTC' }) as const;

export async function placeOrder(kind: OrderKind, i: PlaceInput, ctx: ToolContext) {
  const tool = `order.${kind}`;
  const symbol = symbolInput(i.symbol, 'symbol');
  const opens = i.reduceOnly !== true;
  preflight(i, symbol, ctx, opens);
  const clientId = i.clientId ?? newClientId(ctx.nowMs());
  if (!isValidOrderLinkId(clientId))
    throw new TradeError('VALIDATION', `clientId '${clientId}': expected 1..36 characters of A-Z a-z 0-9 _ -`, { clientId });
  const account = i.mode === 'shadow' ? undefined : openAccount(i, ctx, tool, symbol);
  try {
    const url = restUrl(i.mode, i.endpoint, ctx);
    const ins = await loadInstrument(url, symbol);
    checkQty(ins, i.qty);
    if (i.price !== undefined) checkPrice(ins, i.price, 'price');
    if (i.triggerPrice !== undefined) checkPrice(ins, i.triggerPrice, 'triggerPrice');
    const refPrice = i.price ?? i.triggerPrice ?? (await lastPrice(url, symbol, ctx.nowMs())).price;
    if (opens) checkNotional(ins, i.qty, refPrice);
    protectionChecks(ins, i, refPrice);
    const request = buildParams(kind, i, ins, clientId);
    if (!account) return { mode: i.mode, sent: false, symbol, clientId, referencePrice: refPrice, request };
    if (opens) {
      const [wallet, positions] = await Promise.all([account.wallet(), account.positions(symbol)]);
      const leverage = Number(positions[0]?.leverage ?? 1);
      checkCost(i.side, i.qty, refPrice, leverage > 0 ? leverage : 1, wallet.figures?.availableUsdt ?? 0);
    }
    ORDER_RATE.take(ctx.nowMs());
    const placed = placedOrThrow(await account.placeOrder(request), { tool, symbol, clientId });
    const { tried, ...known } = placed;
    return {
      mode: i.mode,
      sent: true,
      symbol,
      clientId,
      ...known,
      ...(tried.length > 0 ? { tried } : {}),
      referencePrice: refPrice,
      request,
    };
  } finally {
    account?.close();
  }
}
