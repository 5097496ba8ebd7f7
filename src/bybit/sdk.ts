// bybit-api (and axios under it), loaded on first use: a backtest, `trade --version` and every
// command that never talks to Bybit start without evaluating it (about 20 ms of a process start).
// require() keeps the call sites synchronous; the bundler turns it into a lazy module init.
import type * as BybitApi from 'bybit-api';

let sdk: typeof BybitApi | undefined;

/** The bybit-api module, evaluated on the first call. */
export function bybitSdk(): typeof BybitApi {
  sdk ??= require('bybit-api') as typeof BybitApi;
  return sdk;
}
