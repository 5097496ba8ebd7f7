// Private position endpoints (bybit-v5.md §2.8): list (a flat row when asked by symbol, only open
// positions by settleCoin), set-leverage (110043 when unchanged; buy must equal sell in one-way
// mode), trading-stop (tpslMode Full: position TP, SL and trailing stop with activePrice),
// closed-pnl (newest first) and switch-mode (hedge mode refused).
import { ApiError, paramError } from '../params';
import { positionRow } from './book-events';
import { bookFor, bookOf, flush, type PrivateHandler } from './context';
import { linear, oneWay, optNum, optStr, page, reqStr } from './params';
import { closedPnlView } from './views';

export const positionList: PrivateHandler = (p, ctx) => {
  linear(p);
  const symbol = optStr(p, 'symbol');
  if (symbol) {
    const book = bookFor(ctx, symbol);
    return { category: 'linear', ...page([positionRow(book, false)], p, 200, 20) };
  }
  if (!optStr(p, 'settleCoin') && !optStr(p, 'baseCoin')) throw paramError('params error: symbol or settleCoin is required for linear');
  const book = ctx.account.book;
  const rows = book && book.state().positionQty !== 0 ? [positionRow(book, false)] : [];
  return { category: 'linear', ...page(rows, p, 200, 20) };
};

export const setLeverage: PrivateHandler = (p, ctx) => {
  linear(p);
  const book = bookOf(p, ctx);
  const buy = optNum(p, 'buyLeverage');
  const sell = optNum(p, 'sellLeverage');
  if (buy === undefined || sell === undefined) throw paramError('params error: buyLeverage and sellLeverage are required');
  if (buy !== sell) throw new ApiError(10001, `params error: buyLeverage ${buy} must equal sellLeverage ${sell} in one-way mode`);
  book.setLeverage(buy);
  flush(ctx, book);
  return {};
};

export const tradingStop: PrivateHandler = (p, ctx) => {
  linear(p);
  const book = bookOf(p, ctx);
  oneWay(p);
  const mode = reqStr(p, 'tpslMode');
  if (mode !== 'Full') throw paramError(`params error: tpslMode '${mode}' is not served by the emulator (Full only)`);
  const t = {
    takeProfit: optNum(p, 'takeProfit'),
    stopLoss: optNum(p, 'stopLoss'),
    trailingStop: optNum(p, 'trailingStop'),
    activePrice: optNum(p, 'activePrice'),
  };
  if (t.takeProfit === undefined && t.stopLoss === undefined && t.trailingStop === undefined)
    throw new ApiError(34040, 'not modified: give takeProfit, stopLoss or trailingStop');
  book.tradingStop(t, ctx.marketNowMs);
  flush(ctx, book);
  return {};
};

export const closedPnl: PrivateHandler = (p, ctx) => {
  linear(p);
  const symbol = optStr(p, 'symbol');
  const book = symbol ? bookFor(ctx, symbol) : ctx.account.book;
  const rows = book ? [...book.closed].reverse().map((c) => closedPnlView(c, book.grid)) : [];
  return { category: 'linear', ...page(rows, p, 100, 50) };
};

export const switchMode: PrivateHandler = (p) => {
  linear(p);
  const mode = optStr(p, 'mode');
  if (mode === '0') throw new ApiError(110025, 'Position mode is not modified');
  if (mode === '3')
    throw new ApiError(10001, 'params error: hedge mode (mode 3) is not supported; the emulator runs one-way mode (mode 0)');
  throw paramError(`params error: mode '${mode ?? ''}' must be 0 (one-way) or 3 (hedge)`);
};
