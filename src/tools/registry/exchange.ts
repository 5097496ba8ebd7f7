// How the account, order and market tools reach Bybit: the mode (shadow, demo or live; demo by
// default), the REST URL (Bybit's for the mode, or `endpoint`: the emulator), the keys (the same
// names as `trade run`: BYBIT_DEMO_API_KEY / BYBIT_API_KEY and secrets, from the environment or a
// 0600 `keysFile`) and the live opt-ins of `trade run`: mode live, TRADE_LIVE=yes in the
// environment, and `confirm` equal to the symbol. Shadow sends nothing and holds no account.
import { z } from 'zod';
import { BybitTradingClient } from '../../bybit';
import { TradeError } from '../../errors';
import { checkLiveOptIn, loadKeys, type RunMode } from '../../live';
import { runEndpoints } from '../run';
import { endpointField } from './fields';
import type { ToolContext } from './tool-def';

export const MODES = ['shadow', 'demo', 'live'] as const;

export const accountFields = {
  mode: z.enum(MODES).default('demo').describe('demo (default: Bybit demo or the emulator) or live (needs TRADE_LIVE=yes and confirm)'),
  endpoint: endpointField,
  keysFile: z.string().optional().describe('KEY=VALUE file of the API key and secret, mode 600 (default: the environment)'),
};

export const orderFields = {
  ...accountFields,
  mode: z
    .enum(MODES)
    .default('demo')
    .describe('shadow (check and show the request, send nothing), demo (default) or live (needs TRADE_LIVE=yes and confirm)'),
  confirm: z.string().optional().describe('live only: the symbol again, as trade run --confirm'),
  session: z.string().optional().describe('a session whose kill switch applies: refused while it is halted or panicked'),
  state: z.string().optional().describe('folder of the session journals (default state/)'),
};

export interface AccountInput {
  mode: RunMode;
  endpoint?: string;
  keysFile?: string;
}

/** Bybit's REST URL for the mode, or the input's `endpoint`, or the server's default (`--endpoint`). */
export function restUrl(mode: RunMode, endpoint: string | undefined, ctx: Pick<ToolContext, 'endpoint'>): string {
  return runEndpoints(mode, endpoint ?? ctx.endpoint).rest;
}

/**
 * A signed client for the mode. `symbol` is the traded symbol of an order tool (the live opt-ins
 * name it); a read of the account in live mode needs TRADE_LIVE=yes only.
 */
export function openAccount(
  i: AccountInput & { confirm?: string },
  ctx: ToolContext,
  tool: string,
  symbol: string | undefined,
): BybitTradingClient {
  if (i.mode === 'shadow')
    throw new TradeError('USAGE', `${tool}: mode shadow sends nothing and has no account; use mode demo (the default) or live`);
  if (i.mode === 'live') {
    if (symbol !== undefined) checkLiveOptIn('live', ctx.env, i.confirm, symbol);
    else if (ctx.env.TRADE_LIVE !== 'yes')
      throw new TradeError('USAGE', `${tool}: reading a live account needs TRADE_LIVE=yes in the environment (with mode live)`);
  }
  const keys = loadKeys(i.mode, ctx.env, i.keysFile);
  return new BybitTradingClient({
    key: keys.key,
    secret: keys.secret,
    restBaseUrl: restUrl(i.mode, i.endpoint, ctx),
    clock: { nowMs: ctx.nowMs },
  });
}

/** Runs `fn` with a client and closes it after. */
export async function withAccount<T>(
  i: AccountInput & { confirm?: string },
  ctx: ToolContext,
  tool: string,
  symbol: string | undefined,
  fn: (c: BybitTradingClient) => Promise<T>,
): Promise<T> {
  const c = openAccount(i, ctx, tool, symbol);
  try {
    return await fn(c);
  } finally {
    c.close();
  }
}
