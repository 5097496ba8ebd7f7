// One-shot signed Bybit V5 REST calls for the account, order and position tools (`trade tool`,
// `trade mcp`): every call goes through RestCaller (rate limiter, 10002 clock resync, secrets
// redacted from every answer). Reads are retried with bounded backoff, and so are cancel-all and
// trading-stop (BybitVenue sends them the same way). An order create is settled exactly as
// BybitVenue settles one (create-settle.ts: looked up by orderLinkId when the answer is ambiguous,
// resent at most once after answered lookups found nothing). A cancel is retried as the venue's,
// an amend sent once; when neither has an answer to rely on, the order is looked up and the
// lookup is returned (in-doubt.ts). Other failures: a non-zero retCode is VENUE_REJECTED with
// retCode and retMsg, no answer is VENUE_NETWORK. Parameters arrive already on the instrument's
// grid (order-requests.ts formats them).

import type {
  AmendOrderParamsV5,
  CancelAllOrdersParamsV5,
  CancelOrderParamsV5,
  OrderParamsV5,
  RestClientV5,
  SetTradingStopParamsV5,
} from 'bybit-api';
import type { Clock } from '../engine/ports';
import { VenueError } from '../errors';
import { type Outcome, redactor } from './ambiguity';
import { type Settlement, settleOrderCreate } from './create-settle';
import { type Lookup, lookupOrderRef, type OrderRef } from './in-doubt';
import { DEFAULT_BACKOFF, RestCaller } from './rest-caller';
import { bybitSdk } from './sdk';
import { Timers } from './timers';
import { parseWallet, type Row, type WalletFigures } from './venue-events';

export interface TradingClientOptions {
  key: string;
  secret: string;
  /** REST base URL without a trailing slash (Bybit demo or live, or the emulator). */
  restBaseUrl: string;
  demo?: boolean;
  clock: Clock;
  restTimeoutMs?: number;
  /** Lookups of an in-doubt order before it may be resent (default 4, as BybitVenue). */
  lookupAttempts?: number;
}

/** A cancel or amend: answered (ok or a definite reject), or no answer and then what the lookup found. */
export type WriteOutcome<T> =
  | { kind: 'ok'; result: T }
  | { kind: 'rejected'; retCode: number; retMsg: string }
  | { kind: 'looked_up'; why: string; lookup: Lookup };

const listOf = (result: unknown): Row[] => {
  const list = (result as { list?: unknown } | undefined)?.list;
  return Array.isArray(list) ? (list as Row[]) : [];
};

/** An answered call's result, or a VenueError naming the endpoint and what came back. */
function must<T>(label: string, out: Outcome<T>, write: boolean): T {
  if (out.kind === 'ok') return out.result;
  if (out.kind === 'rejected')
    throw new VenueError('VENUE_REJECTED', `${label}: retCode ${out.retCode} ${out.retMsg}`, {
      endpoint: label,
      retCode: out.retCode,
      retMsg: out.retMsg,
    });
  if (out.kind === 'clock')
    throw new VenueError('VENUE_REJECTED', `${label}: retCode 10002 ${out.retMsg}`, { endpoint: label, retCode: 10002 });
  const code = out.retCode === 10006 ? 'VENUE_RATE_LIMITED' : 'VENUE_NETWORK';
  const doubt = write ? '; the request may have been applied: check open orders and positions before sending it again' : '';
  throw new VenueError(code, `${label}: no answer to rely on (${out.why})${doubt}`, { endpoint: label, retCode: out.retCode });
}

export class BybitTradingClient {
  private readonly rest: RestClientV5;
  private readonly caller: RestCaller;
  private readonly timers = new Timers();
  private readonly lookupAttempts: number;

  constructor(opts: TradingClientOptions) {
    this.lookupAttempts = opts.lookupAttempts ?? 4;
    this.rest = new (bybitSdk().RestClientV5)(
      { key: opts.key, secret: opts.secret, baseUrl: opts.restBaseUrl, parseAPIRateLimits: true, demoTrading: opts.demo === true },
      { timeout: opts.restTimeoutMs ?? 10_000 },
    );
    this.caller = new RestCaller(this.rest, opts.clock, this.timers, DEFAULT_BACKOFF, redactor([opts.key, opts.secret]));
  }

  /** Cancels pending backoff waits (the client holds no socket). */
  close(): void {
    this.timers.cancelAll();
  }

  private async read<T>(label: string, endpoint: string, call: () => Promise<{ retCode: number; retMsg: string; result: T }>) {
    return must(label, await this.caller.query(endpoint, call), false);
  }

  /** A write that may be repeated (cancel-all, trading-stop): retried on ambiguous answers, as BybitVenue sends it. */
  private async repeatableWrite<T>(label: string, endpoint: string, call: () => Promise<{ retCode: number; retMsg: string; result: T }>) {
    return must(label, await this.caller.query(endpoint, call), true);
  }

  /** The UNIFIED wallet's account totals, its USDT coin row, and the venue's figures (available as the engine reads it). */
  async wallet(): Promise<{ account: Row; usdt: Row | null; figures: WalletFigures | null }> {
    const r = await this.read('GET /v5/account/wallet-balance', 'account/wallet-balance', () =>
      this.rest.getWalletBalance({ accountType: 'UNIFIED', coin: 'USDT' }),
    );
    const account = listOf(r)[0] ?? {};
    const coins = Array.isArray(account.coin) ? (account.coin as Row[]) : [];
    const { coin: _coins, ...totals } = account;
    return { account: totals, usdt: coins.find((c) => c.coin === 'USDT') ?? null, figures: parseWallet(account) ?? null };
  }

  /** Position rows: one symbol (a flat row too), or every open USDT position. */
  async positions(symbol: string | undefined): Promise<Row[]> {
    const params = symbol === undefined ? { category: 'linear' as const, settleCoin: 'USDT' } : { category: 'linear' as const, symbol };
    return listOf(
      await this.read(`GET /v5/position/list?${symbol ? `symbol=${symbol}` : 'settleCoin=USDT'}`, 'position/list', () =>
        this.rest.getPositionInfo(params),
      ),
    );
  }

  /** Open orders (normal and conditional), newest first, at most `limit` (≤ 50). */
  async openOrders(symbol: string | undefined, limit: number): Promise<Row[]> {
    const where = symbol === undefined ? { settleCoin: 'USDT' } : { symbol };
    return listOf(
      await this.read('GET /v5/order/realtime', 'order/realtime', () =>
        this.rest.getActiveOrders({ category: 'linear', ...where, openOnly: 0, limit }),
      ),
    );
  }

  /** Executions (fills, funding), newest first. */
  async executions(symbol: string | undefined, limit: number): Promise<Row[]> {
    return listOf(
      await this.read('GET /v5/execution/list', 'execution/list', () => this.rest.getExecutionList({ category: 'linear', symbol, limit })),
    );
  }

  /** Closed round trips, newest first. */
  async closedPnl(symbol: string | undefined, limit: number): Promise<Row[]> {
    return listOf(
      await this.read('GET /v5/position/closed-pnl', 'position/closed-pnl', () =>
        this.rest.getClosedPnL({ category: 'linear', symbol, limit }),
      ),
    );
  }

  /** order/create, settled as BybitVenue settles one (create-settle.ts); never throws for an answer. */
  async placeOrder(p: OrderParamsV5): Promise<Settlement> {
    const out = await this.caller.send('order/create', () => this.rest.submitOrder(p));
    return settleOrderCreate(
      {
        rest: this.rest,
        caller: this.caller,
        timers: this.timers,
        symbol: p.symbol,
        lookupAttempts: this.lookupAttempts,
        stillInDoubt: () => true,
        onDoubt: () => {},
      },
      p,
      false,
      out,
    );
  }

  /** order/amend, sent once: an ambiguous answer is followed by a lookup of the order. */
  async amendOrder(p: AmendOrderParamsV5): Promise<WriteOutcome<{ orderId: string; orderLinkId: string }>> {
    return this.settleWrite(p.symbol, p, await this.caller.send('order/amend', () => this.rest.amendOrder(p)));
  }

  /** order/cancel, retried on ambiguous answers as BybitVenue's, then looked up when still unanswered. */
  async cancelOrder(p: CancelOrderParamsV5): Promise<WriteOutcome<{ orderId: string; orderLinkId: string }>> {
    return this.settleWrite(p.symbol, p, await this.caller.query('order/cancel', () => this.rest.cancelOrder(p)));
  }

  private async settleWrite<T>(symbol: string, ids: { orderId?: string; orderLinkId?: string }, out: Outcome<T>): Promise<WriteOutcome<T>> {
    if (out.kind === 'ok') return { kind: 'ok', result: out.result };
    if (out.kind === 'rejected') return { kind: 'rejected', retCode: out.retCode, retMsg: out.retMsg };
    if (out.kind === 'clock') return { kind: 'rejected', retCode: 10002, retMsg: out.retMsg };
    const ref: OrderRef = ids.orderId !== undefined ? { orderId: ids.orderId } : { orderLinkId: ids.orderLinkId ?? '' };
    return { kind: 'looked_up', why: out.why, lookup: await lookupOrderRef(this.rest, this.caller, symbol, ref) };
  }

  async cancelAll(p: CancelAllOrdersParamsV5): Promise<Row[]> {
    const label = `POST /v5/order/cancel-all ${p.symbol ?? ''}`.trim();
    return listOf(await this.repeatableWrite(label, 'order/cancel-all', () => this.rest.cancelAllOrders(p)));
  }

  /** Buy and sell leverage alike; 110043 (not modified) is success. */
  async setLeverage(symbol: string, leverage: string): Promise<{ changed: boolean }> {
    const out = await this.caller.send('position/set-leverage', () =>
      this.rest.setLeverage({ category: 'linear', symbol, buyLeverage: leverage, sellLeverage: leverage }),
    );
    if (out.kind === 'rejected' && out.retCode === 110043) return { changed: false };
    must(`POST /v5/position/set-leverage ${symbol} ${leverage}x`, out, true);
    return { changed: true };
  }

  /** Retried on ambiguous answers as BybitVenue's set_protection (setting the same levels twice is harmless). */
  async tradingStop(p: SetTradingStopParamsV5): Promise<void> {
    await this.repeatableWrite(`POST /v5/position/trading-stop ${p.symbol}`, 'position/trading-stop', () => this.rest.setTradingStop(p));
  }
}
