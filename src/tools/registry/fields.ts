// Input fields shared by the registered tools, each with the description an agent reads in the
// JSON Schema. Times are ISO 8601 UTC (or epoch ms as a string) like every `--from` / `--to`.
import { z } from 'zod';
import type { ToolContext } from './tool-def';

export const dbField = z.string().min(1).optional().describe('DuckDB store path (default: the --db / TRADE_DB store)');
export const symbolField = z.string().min(1).describe('linear USDT perpetual, e.g. BTCUSDT');
export const fromField = z.string().optional().describe('window start, ISO 8601 UTC (inclusive)');
export const toField = z.string().optional().describe('window end, ISO 8601 UTC (exclusive)');
export const stateField = z.string().min(1).optional().describe('folder of the session journals (default state/)');
export const runsRootField = z.string().min(1).optional().describe('folder of the backtest runs (default backtests/)');
export const limitField = (max: number, dflt: number) =>
  z.number().int().min(1).max(max).default(dflt).describe(`rows returned at most (the newest when cut; ≤ ${max})`);
export const endpointField = z
  .string()
  .optional()
  .describe("REST base URL http(s)://host:port (the emulator); default the server's --endpoint, else Bybit's URL for the mode");

/** The last `limit` items (every item when the caller takes all rows), and how many were left out. */
export function tail<T>(rows: readonly T[], limit: number, ctx: Pick<ToolContext, 'allRows'>): { rows: T[]; omitted: number } {
  const cut = ctx.allRows ? 0 : Math.max(0, rows.length - limit);
  return { rows: rows.slice(cut), omitted: cut };
}
