// Registered order tools: market, limit, stop and stop-limit orders (each with optional position
// TP/SL), amend, cancel, cancel all, and the position's close, leverage, TP/SL and trailing stop.
// Demo by default; shadow checks everything and shows the request without sending it; live needs
// TRADE_LIVE=yes and confirm = the symbol (exactly as trade run). Opening orders, amends and
// leverage changes are refused while a named session's kill switch is on. A cancel or amend without
// an answer to rely on is followed by a lookup of the order (order-outcome.ts says what it shows).
import { z } from 'zod';
import { type BybitTradingClient, formatToStep, tradingStopParams } from '../../bybit';
import { TradeError } from '../../errors';
import { symbolInput } from '../parse-input';
import { orderFields, restUrl, withAccount } from './exchange';
import { symbolField } from './fields';
import { checkLeverage, checkPrice, checkQty, loadInstrument } from './order-checks';
import { amendedOrThrow, cancelledOrThrow } from './order-outcome';
import { gridOf, type OrderKind, type PlaceInput, placeOrder, preflight } from './order-place';
import { defineTool, type ToolContext, type ToolDef } from './tool-def';

const price = (what: string) => z.number().positive().describe(what);
const baseOrder = {
  ...orderFields,
  symbol: symbolField,
  side: z.enum(['buy', 'sell']).describe('buy opens or adds long, sell short'),
  qty: z.number().positive().describe("quantity in the base coin, on the instrument's qty step"),
  reduceOnly: z.boolean().default(false).describe('only reduce the position'),
  takeProfit: price('position take-profit price (attached when the order opens or adds)').optional(),
  stopLoss: price('position stop-loss price (attached when the order opens or adds)').optional(),
  clientId: z.string().optional().describe('orderLinkId (default a fresh tool-<time> id)'),
};
const trigger = {
  triggerPrice: price('price that triggers the order'),
  triggerDirection: z.enum(['rise', 'fall']).optional().describe('trigger when the price rises to or falls to it (default rise for buy)'),
};

const ORDER_TEXT: Record<OrderKind, string> = {
  market: 'Market order (IOC), with optional position TP/SL',
  limit: 'Limit order at a price (GTC by default), with optional position TP/SL',
  stop: 'Conditional market order sent when the last price reaches triggerPrice, with optional TP/SL',
  stop_limit: 'Conditional limit order placed when the last price reaches triggerPrice, with optional TP/SL',
};

function orderTool(kind: OrderKind): ToolDef {
  const shape = {
    ...baseOrder,
    ...(kind === 'limit' || kind === 'stop_limit'
      ? {
          price: price('limit price, on the tick'),
          timeInForce: z.enum(['GTC', 'IOC', 'FOK', 'PostOnly']).default('GTC').describe('time in force'),
        }
      : {}),
    ...(kind === 'stop' || kind === 'stop_limit' ? trigger : {}),
  };
  return defineTool({
    name: `order.${kind}`,
    group: 'order',
    description: ORDER_TEXT[kind],
    mutates: true,
    input: z.object(shape).strict(),
    run: (i, ctx) => placeOrder(kind, i as PlaceInput, ctx),
  });
}

const idFields = {
  orderId: z.string().optional().describe("Bybit's orderId"),
  clientId: z.string().optional().describe('the orderLinkId it was placed with'),
};

function orderRef(i: { orderId?: string; clientId?: string }, tool: string) {
  if (i.orderId === undefined && i.clientId === undefined)
    throw new TradeError('VALIDATION', `${tool}: give orderId or clientId (the order's orderLinkId)`);
  return i.orderId !== undefined ? { orderId: i.orderId } : { orderLinkId: i.clientId };
}

/** Shadow mode for the tools below: checks done, the request shown, nothing sent. */
async function sendOrShow<T extends object>(
  i: { mode: 'shadow' | 'demo' | 'live'; endpoint?: string; keysFile?: string; confirm?: string },
  ctx: ToolContext,
  tool: string,
  symbol: string,
  request: unknown,
  send: (c: BybitTradingClient) => Promise<T>,
) {
  if (i.mode === 'shadow') return { mode: i.mode, sent: false, symbol, request };
  return withAccount(i, ctx, tool, symbol, async (c) => ({ mode: i.mode, sent: true, symbol, request, ...(await send(c)) }));
}

export const ORDER_TOOLS: readonly ToolDef[] = [
  orderTool('market'),
  orderTool('limit'),
  orderTool('stop'),
  orderTool('stop_limit'),
  defineTool({
    name: 'order.amend',
    group: 'order',
    description: "Change an open order's qty, price, trigger price or TP/SL",
    mutates: true,
    input: z
      .object({
        ...orderFields,
        symbol: symbolField,
        ...idFields,
        qty: z.number().positive().optional().describe('new quantity'),
        price: price('new limit price').optional(),
        triggerPrice: price('new trigger price').optional(),
        takeProfit: price('new take-profit price').optional(),
        stopLoss: price('new stop-loss price').optional(),
      })
      .strict(),
    run: async (i, ctx) => {
      const symbol = symbolInput(i.symbol, 'symbol');
      preflight(i, symbol, ctx, true);
      const ref = orderRef(i, 'order.amend');
      const ins = await loadInstrument(restUrl(i.mode, i.endpoint, ctx), symbol);
      const p: Record<string, string> = {};
      if (i.qty !== undefined) checkQty(ins, i.qty);
      for (const [field, v] of [
        ['price', i.price],
        ['triggerPrice', i.triggerPrice],
        ['takeProfit', i.takeProfit],
        ['stopLoss', i.stopLoss],
      ] as const) {
        if (v === undefined) continue;
        checkPrice(ins, v, field);
        p[field] = formatToStep(v, ins.tickSize);
      }
      if (i.qty !== undefined) p.qty = formatToStep(i.qty, ins.qtyStep);
      if (Object.keys(p).length === 0)
        throw new TradeError('VALIDATION', 'order.amend: nothing to change (give qty, price, triggerPrice, takeProfit or stopLoss)');
      const request = { category: 'linear' as const, symbol, ...ref, ...p };
      const at = `order.amend ${symbol} ${i.orderId ?? i.clientId}`;
      return sendOrShow(i, ctx, 'order.amend', symbol, request, async (c) => amendedOrThrow(await c.amendOrder(request), at, ref, p));
    },
  }),
  defineTool({
    name: 'order.cancel',
    group: 'order',
    description: 'Cancel one open order by orderId or clientId',
    mutates: true,
    input: z.object({ ...orderFields, symbol: symbolField, ...idFields }).strict(),
    run: async (i, ctx) => {
      const symbol = symbolInput(i.symbol, 'symbol');
      preflight(i, symbol, ctx, false);
      const ref = orderRef(i, 'order.cancel');
      const request = { category: 'linear' as const, symbol, ...ref };
      const at = `order.cancel ${symbol} ${i.orderId ?? i.clientId}`;
      return sendOrShow(i, ctx, 'order.cancel', symbol, request, async (c) => cancelledOrThrow(await c.cancelOrder(request), at, ref));
    },
  }),
  defineTool({
    name: 'order.cancel_all',
    group: 'order',
    description: 'Cancel every open order of a symbol (normal, conditional, TP/SL)',
    mutates: true,
    input: z.object({ ...orderFields, symbol: symbolField }).strict(),
    run: async (i, ctx) => {
      const symbol = symbolInput(i.symbol, 'symbol');
      preflight(i, symbol, ctx, false);
      const request = { category: 'linear' as const, symbol };
      return sendOrShow(i, ctx, 'order.cancel_all', symbol, request, async (c) => ({ result: { cancelled: await c.cancelAll(request) } }));
    },
  }),
  defineTool({
    name: 'position.close',
    group: 'order',
    description: 'Close the whole position of a symbol with a reduce-only market order',
    mutates: true,
    input: z.object({ ...orderFields, symbol: symbolField }).strict(),
    run: async (i, ctx) => {
      const symbol = symbolInput(i.symbol, 'symbol');
      preflight(i, symbol, ctx, false);
      const row = await withAccount(i, ctx, 'position.close', symbol, async (c) => (await c.positions(symbol))[0]);
      const size = Number(row?.size ?? 0);
      if (!(size > 0)) return { mode: i.mode, sent: false, symbol, closed: false, reason: `no open ${symbol} position` };
      const side = row?.side === 'Buy' ? 'sell' : 'buy';
      const placed = await placeOrder('market', { ...i, side, qty: size, reduceOnly: true }, ctx);
      return { ...placed, closed: placed.sent, closedSize: size };
    },
  }),
  defineTool({
    name: 'position.set_leverage',
    group: 'order',
    description: "Set a symbol's leverage (buy and sell alike), within the instrument's maximum",
    mutates: true,
    input: z.object({ ...orderFields, symbol: symbolField, leverage: z.number().min(1).describe('leverage, e.g. 5') }).strict(),
    run: async (i, ctx) => {
      const symbol = symbolInput(i.symbol, 'symbol');
      preflight(i, symbol, ctx, true);
      const ins = await loadInstrument(restUrl(i.mode, i.endpoint, ctx), symbol);
      checkLeverage(ins, i.leverage);
      const x = String(Math.round(i.leverage * 100) / 100);
      const request = { category: 'linear', symbol, buyLeverage: x, sellLeverage: x };
      return sendOrShow(i, ctx, 'position.set_leverage', symbol, request, async (c) => ({ result: await c.setLeverage(symbol, x) }));
    },
  }),
  defineTool({
    name: 'position.set_tpsl',
    group: 'order',
    description: "Set or remove (null) the position's take-profit and stop-loss",
    mutates: true,
    input: z
      .object({
        ...orderFields,
        symbol: symbolField,
        takeProfit: price('take-profit price').nullable().optional().describe('take-profit price; null removes it'),
        stopLoss: price('stop-loss price').nullable().optional().describe('stop-loss price; null removes it'),
      })
      .strict(),
    run: async (i, ctx) => {
      const symbol = symbolInput(i.symbol, 'symbol');
      preflight(i, symbol, ctx, false);
      if (i.takeProfit === undefined && i.stopLoss === undefined)
        throw new TradeError('VALIDATION', 'position.set_tpsl: give takeProfit or stopLoss (null removes one)');
      const ins = await loadInstrument(restUrl(i.mode, i.endpoint, ctx), symbol);
      if (typeof i.takeProfit === 'number') checkPrice(ins, i.takeProfit, 'takeProfit');
      if (typeof i.stopLoss === 'number') checkPrice(ins, i.stopLoss, 'stopLoss');
      const request = tradingStopParams(gridOf(ins), { takeProfit: i.takeProfit, stopLoss: i.stopLoss });
      return sendOrShow(i, ctx, 'position.set_tpsl', symbol, request, async (c) => ({ result: await c.tradingStop(request) }));
    },
  }),
  defineTool({
    name: 'position.set_trailing_stop',
    group: 'order',
    description: 'Set (distance > 0) or remove (0) the position trailing stop, optionally from an activation price',
    mutates: true,
    input: z
      .object({
        ...orderFields,
        symbol: symbolField,
        distance: z.number().min(0).describe('trailing distance in price units; 0 removes it'),
        activePrice: price('price at which the trailing stop starts').optional(),
      })
      .strict(),
    run: async (i, ctx) => {
      const symbol = symbolInput(i.symbol, 'symbol');
      preflight(i, symbol, ctx, false);
      const ins = await loadInstrument(restUrl(i.mode, i.endpoint, ctx), symbol);
      if (i.distance > 0) checkPrice(ins, i.distance, 'distance');
      if (i.activePrice !== undefined) checkPrice(ins, i.activePrice, 'activePrice');
      const request = tradingStopParams(gridOf(ins), { trailingDistance: i.distance === 0 ? null : i.distance });
      if (i.activePrice !== undefined) request.activePrice = formatToStep(i.activePrice, ins.tickSize);
      return sendOrShow(i, ctx, 'position.set_trailing_stop', symbol, request, async (c) => ({ result: await c.tradingStop(request) }));
    },
  }),
];
