// Private account endpoints (bybit-v5.md §2.8, §4.7): wallet-balance (UNIFIED, USDT), info,
// set-margin-mode (isolated is what the core models; the others are refused), execution/list
// (Trade, Funding and BustTrade rows, newest first, execType filter), disconnected-cancel-all and
// query-dcp-info.
import { ApiError, paramError } from '../params';
import { Answer, type PrivateHandler } from './context';
import { linear, optNum, optStr, page, reqStr } from './params';
import { execView, walletView } from './views';

export const walletBalance: PrivateHandler = (p, ctx) => {
  const type = reqStr(p, 'accountType');
  if (type !== 'UNIFIED') throw paramError(`params error: accountType '${type}' must be UNIFIED`);
  const coins = optStr(p, 'coin');
  const book = ctx.account.book;
  const row = book
    ? walletView(book.state(), { cumRealisedPnl: book.cumRealisedPnl() })
    : walletView(flatState(ctx.account.spec.balanceUsdt), { cumRealisedPnl: 0 });
  if (coins && !coins.split(',').includes('USDT')) row.coin = [];
  return { list: [row] };
};

function flatState(walletUsdt: number) {
  const zero = { walletUsdt, equityUsdt: walletUsdt, availableUsdt: walletUsdt } as Record<string, number>;
  return new Proxy(zero, { get: (t, k: string) => t[k] ?? 0 }) as never;
}

export const accountInfo: PrivateHandler = (_p, ctx) => ({
  unifiedMarginStatus: 5,
  marginMode: ctx.account.marginMode,
  isMasterTrader: false,
  spotHedgingStatus: 'OFF',
  updatedTime: String(ctx.marketNowMs),
  dcpStatus: ctx.account.dcpWindowS > 0 ? 'ON' : 'OFF',
  timeWindow: ctx.account.dcpWindowS,
  smpGroup: 0,
});

export const setMarginMode: PrivateHandler = (p, ctx) => {
  const mode = reqStr(p, 'setMarginMode');
  if (mode !== 'ISOLATED_MARGIN' && mode !== 'REGULAR_MARGIN' && mode !== 'PORTFOLIO_MARGIN')
    throw paramError(`params error: setMarginMode '${mode}' must be ISOLATED_MARGIN, REGULAR_MARGIN or PORTFOLIO_MARGIN`);
  if (mode === ctx.account.marginMode) throw new ApiError(110026, 'Cross/isolated margin mode is not modified');
  if (mode !== 'ISOLATED_MARGIN')
    throw new ApiError(3400045, `Set margin mode failed: the emulator models isolated margin only (asked ${mode})`);
  ctx.account.marginMode = mode;
  return { reasons: [] };
};

export const executionList: PrivateHandler = (p, ctx) => {
  linear(p);
  const book = ctx.account.book;
  const symbol = optStr(p, 'symbol');
  if (symbol && book && symbol !== book.symbol) return { category: 'linear', list: [], nextPageCursor: '' };
  const execType = optStr(p, 'execType');
  const orderId = optStr(p, 'orderId');
  const orderLinkId = optStr(p, 'orderLinkId');
  const start = optNum(p, 'startTime');
  const end = optNum(p, 'endTime');
  const rows = (book?.execs ?? [])
    .filter(
      (e) =>
        (!execType || e.execType === execType) &&
        (!orderId || e.orderId === orderId) &&
        (!orderLinkId || e.orderLinkId === orderLinkId) &&
        (start === undefined || e.execTimeMs >= start) &&
        (end === undefined || e.execTimeMs <= end),
    )
    .reverse()
    .map((e) => (book ? execView(e, book.grid) : {}));
  return { category: 'linear', ...page(rows, p, 100, 50) };
};

export const setDcp: PrivateHandler = (p, ctx) => {
  const product = optStr(p, 'product') ?? 'OPTIONS';
  if (product !== 'DERIVATIVES' && product !== 'OPTIONS' && product !== 'SPOT')
    throw paramError(`params error: product '${product}' must be DERIVATIVES, OPTIONS or SPOT`);
  const w = optNum(p, 'timeWindow');
  if (w === undefined || !Number.isInteger(w) || w < 3 || w > 300)
    throw paramError(`params error: timeWindow '${w ?? ''}' must be an integer in [3, 300] s`);
  if (product === 'DERIVATIVES') ctx.account.dcpWindowS = w;
  return new Answer({}, {}, 'success');
};

export const dcpInfo: PrivateHandler = (_p, ctx) => ({
  dcpInfos: ctx.account.dcpWindowS > 0 ? [{ product: 'DERIVATIVES', dcpStatus: 'ON', timeWindow: String(ctx.account.dcpWindowS) }] : [],
});
