// Registered account tools: wallet balance, positions, open orders, fills and closed PnL, read
// from Bybit V5 (demo by default, the emulator through `endpoint`) with the mode's keys.
import { z } from 'zod';
import { symbolInput } from '../parse-input';
import { accountFields, withAccount } from './exchange';
import { limitField } from './fields';
import { defineTool, type ToolDef } from './tool-def';

const optionalSymbol = z.string().optional().describe('one symbol (default every USDT perpetual)');
const sym = (s: string | undefined) => (s === undefined ? undefined : symbolInput(s, 'symbol'));

export const ACCOUNT_TOOLS: readonly ToolDef[] = [
  defineTool({
    name: 'account.balance',
    group: 'account',
    description: 'Wallet of the UNIFIED account: equity, wallet balance and available USDT',
    input: z.object({ ...accountFields }).strict(),
    run: (i, ctx) => withAccount(i, ctx, 'account.balance', undefined, (c) => c.wallet()),
  }),
  defineTool({
    name: 'account.positions',
    group: 'account',
    description: 'Open positions (side, size, entry, leverage, unrealised PnL, liquidation price, TP/SL)',
    input: z.object({ ...accountFields, symbol: optionalSymbol }).strict(),
    run: (i, ctx) => withAccount(i, ctx, 'account.positions', undefined, async (c) => ({ positions: await c.positions(sym(i.symbol)) })),
  }),
  defineTool({
    name: 'account.open_orders',
    group: 'account',
    description: 'Open orders, normal and conditional, newest first',
    input: z.object({ ...accountFields, symbol: optionalSymbol, limit: limitField(50, 50) }).strict(),
    run: (i, ctx) =>
      withAccount(i, ctx, 'account.open_orders', undefined, async (c) => ({ orders: await c.openOrders(sym(i.symbol), i.limit) })),
  }),
  defineTool({
    name: 'account.fills',
    group: 'account',
    description: 'Executions (trades, funding, liquidations), newest first',
    input: z.object({ ...accountFields, symbol: optionalSymbol, limit: limitField(100, 50) }).strict(),
    run: (i, ctx) => withAccount(i, ctx, 'account.fills', undefined, async (c) => ({ fills: await c.executions(sym(i.symbol), i.limit) })),
  }),
  defineTool({
    name: 'account.closed_pnl',
    group: 'account',
    description: 'Closed round trips with their realised PnL, newest first',
    input: z.object({ ...accountFields, symbol: optionalSymbol, limit: limitField(100, 50) }).strict(),
    run: (i, ctx) =>
      withAccount(i, ctx, 'account.closed_pnl', undefined, async (c) => ({ closedPnl: await c.closedPnl(sym(i.symbol), i.limit) })),
  }),
];
