// What the account holds on Bybit, from REST only (LIVE.md §6 start-up and after every reconnect):
// the position of the symbol, every open order of it (no orderFilter: Bybit returns every kind,
// conditional ones included), recent executions counted as fills only when execType is Trade
// (Funding rows are not fills: NautilusTrader #4937), and the UNIFIED wallet's USDT coin. Any query
// that does not answer retCode 0 fails the whole reconcile with a VenueError: a failed query is
// never read as "flat" or "no orders".
import type { RestClientV5 } from 'bybit-api';
import type { Clock, VenueState, WorkingOrder } from '../engine/ports';
import { VenueError } from '../errors';
import type { Outcome } from './ambiguity';
import type { RestCaller } from './rest-caller';
import { parsePosition, parseVenueFill, parseWallet, parseWorkingOrder, type Row } from './venue-events';

/** Recent executions asked for (Bybit's page maximum). */
export const RECENT_EXECUTIONS = 100;
/** Execution pages of 100 followed at most (per 7-day window on restart). */
const MAX_EXECUTION_PAGES = 50;
/** Open-order pages followed at most (50 rows each; Bybit allows 500 active orders per symbol). */
const MAX_ORDER_PAGES = 12;

function must<T>(label: string, out: Outcome<T>): T {
  if (out.kind === 'ok') return out.result;
  if (out.kind === 'rejected')
    throw new VenueError('VENUE_REJECTED', `reconcile: ${label}: retCode ${out.retCode} ${out.retMsg}`, {
      endpoint: label,
      retCode: out.retCode,
    });
  if (out.kind === 'clock')
    throw new VenueError('VENUE_REJECTED', `reconcile: ${label}: retCode 10002 ${out.retMsg}`, { endpoint: label, retCode: 10002 });
  const code = out.retCode === 10006 ? 'VENUE_RATE_LIMITED' : 'VENUE_NETWORK';
  throw new VenueError(code, `reconcile: ${label}: no answer to rely on (${out.why})`, { endpoint: label, retCode: out.retCode });
}

const listOf = (result: unknown): Row[] => {
  const list = (result as { list?: unknown } | undefined)?.list;
  return Array.isArray(list) ? (list as Row[]) : [];
};

/**
 * The venue's state, plus the raw rows of its recent Trade executions (oldest first) for adoption:
 * every one since `tradesSinceMs` (exchange time), paged; a page cap reached first is a failure.
 */
export async function queryVenueState(
  rest: RestClientV5,
  caller: RestCaller,
  symbol: string,
  clock: Clock,
  tradesSinceMs?: number,
): Promise<VenueState & { tradeRows: Row[] }> {
  const L = { category: 'linear' as const, symbol };
  const posLabel = `GET /v5/position/list?symbol=${symbol}`;
  const positions = listOf(must(posLabel, await caller.query('position/list', () => rest.getPositionInfo(L))));
  const row = positions.find((p) => p.symbol === symbol);
  if (!row) throw new VenueError('VENUE_BAD_RESPONSE', `reconcile: ${posLabel}: no row for ${symbol}`, { endpoint: posLabel });

  // Normal and conditional orders, asked for apart (orderFilter Order and StopOrder), by orderId once.
  const orders: WorkingOrder[] = [];
  const seen = new Set<string>();
  for (const orderFilter of ['Order', 'StopOrder'] as const) {
    let cursor: string | undefined;
    for (let page = 0; page < MAX_ORDER_PAGES; page++) {
      const label = `GET /v5/order/realtime?symbol=${symbol}&openOnly=0&orderFilter=${orderFilter}`;
      const res = must(
        label,
        await caller.query('order/realtime', () => rest.getActiveOrders({ ...L, openOnly: 0, orderFilter, limit: 50, cursor })),
      );
      for (const o of listOf(res)) {
        const id = String(o.orderId ?? '');
        if (id !== '' && seen.has(id)) continue;
        seen.add(id);
        orders.push(parseWorkingOrder(o));
      }
      cursor = (res as { nextPageCursor?: string }).nextPageCursor || undefined;
      if (!cursor) break;
    }
  }

  // Newest first, back to `tradesSinceMs` (one page without it).
  const execs = await executionPages(
    rest,
    caller,
    `GET /v5/execution/list?symbol=${symbol}&execType=Trade`,
    { ...L, execType: 'Trade' },
    (rows) =>
      tradesSinceMs === undefined ||
      rows.length === 0 ||
      rows.reduce((m, r) => Math.min(m, Number(r.execTime ?? 0)), Number.POSITIVE_INFINITY) < tradesSinceMs,
  );
  const tradeRows = execs.filter((e) => e.execType === 'Trade');
  tradeRows.sort((a, b) => Number(a.execTime ?? 0) - Number(b.execTime ?? 0));
  const recentFills = tradeRows.map(parseVenueFill);

  const walletLabel = 'GET /v5/account/wallet-balance?accountType=UNIFIED&coin=USDT';
  const wallets = listOf(
    must(walletLabel, await caller.query('account/wallet-balance', () => rest.getWalletBalance({ accountType: 'UNIFIED', coin: 'USDT' }))),
  );
  const wallet = wallets.map(parseWallet).find((w) => w !== undefined);
  if (!wallet)
    throw new VenueError('VENUE_BAD_RESPONSE', `reconcile: ${walletLabel}: no USDT coin in result.list`, { endpoint: walletLabel });

  return {
    asOfMs: clock.nowMs(),
    account: { ...wallet, position: parsePosition(row) },
    orders,
    recentFills,
    tradeRows,
  };
}

/** Bybit's execution/list accepts windows of at most 7 days. */
const EXECUTION_WINDOW_MS = 7 * 24 * 3_600_000;

/**
 * Every Trade execution of `symbol` in [sinceMs, untilMs] (exchange time; restart: the fills a crashed session may
 * have missed), oldest first, paged through 7-day windows. A failed page fails the whole query.
 */
export async function executionsSince(
  rest: RestClientV5,
  caller: RestCaller,
  symbol: string,
  sinceMs: number,
  untilMs: number,
): Promise<Row[]> {
  const out: Row[] = [];
  for (let fromMs = sinceMs; fromMs <= untilMs; fromMs += EXECUTION_WINDOW_MS) {
    const toMs = Math.min(untilMs, fromMs + EXECUTION_WINDOW_MS - 1);
    const rows = await executionPages(rest, caller, `GET /v5/execution/list?symbol=${symbol}&execType=Trade&startTime=${fromMs}`, {
      category: 'linear',
      symbol,
      execType: 'Trade',
      startTime: fromMs,
      endTime: toMs,
    });
    for (const r of rows) if (r.execType === 'Trade') out.push(r);
  }
  return out.sort((a, b) => Number(a.execTime ?? 0) - Number(b.execTime ?? 0));
}

/**
 * The rows of one execution/list query, a page of 100 at a time (newest first), until the last
 * page or until `enough(page)`; more pages than MAX_EXECUTION_PAGES is a failure (the fills
 * cannot all be read), as is a page that fails.
 */
async function executionPages(
  rest: RestClientV5,
  caller: RestCaller,
  label: string,
  params: Omit<Parameters<RestClientV5['getExecutionList']>[0], 'limit' | 'cursor'>,
  enough: (page: Row[]) => boolean = () => false,
): Promise<Row[]> {
  const out: Row[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_EXECUTION_PAGES; page++) {
    const res = must(
      label,
      await caller.query('execution/list', () => rest.getExecutionList({ ...params, limit: RECENT_EXECUTIONS, cursor })),
    );
    const rows = listOf(res);
    out.push(...rows);
    cursor = (res as { nextPageCursor?: string }).nextPageCursor || undefined;
    if (!cursor || enough(rows)) return out;
  }
  throw new VenueError(
    'VENUE_BAD_RESPONSE',
    `${label}: more than ${MAX_EXECUTION_PAGES} pages of executions; the fills cannot all be read`,
    { endpoint: '/v5/execution/list' },
  );
}
