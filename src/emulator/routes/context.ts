// What every route handler sees: the store it serves from, the clock, the faults, the symbols the
// store knows (read once at start) and paging settings. Handlers return the envelope's `result`
// or throw ApiError.
import type { Store } from '../../data';
import type { Clock } from '../clock';
import type { Faults } from '../faults';
import { ApiError } from '../params';

export interface RouteContext {
  store: Store;
  /** Market clock (open candle, newest funding served). */
  clock: Clock;
  /** Market clock for settled funding: a settlement is served from its own minute on. */
  settledClock: Clock;
  /** Server clock (/v5/market/time). */
  serverClock: Clock;
  faults: Faults;
  symbols: ReadonlySet<string>;
  /** Risk-limit rows per page before nextPageCursor is set. */
  riskLimitPageRows: number;
}

export type Handler = (q: URLSearchParams, ctx: RouteContext) => Promise<unknown>;

/** Bybit answers an unknown symbol with 10001 too. */
export function knownSymbol(ctx: RouteContext, symbol: string): string {
  if (!ctx.symbols.has(symbol)) throw new ApiError(10001, `params error: symbol '${symbol}' is invalid (not in the emulator's store)`);
  return symbol;
}

/** Decimal string of a double: the shortest text that reads back to the same value (bit-exact round trip). */
export function dec(n: number): string {
  return String(n);
}
