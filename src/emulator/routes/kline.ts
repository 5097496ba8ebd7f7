// GET /v5/market/kline (bybit-v5.md §2.1): 7-string rows [startTime, open, high, low, close, volume,
// turnover], newest first, limit [1, 1000] default 200. end given (or neither): the newest `limit`
// bars with open time in [start, end]; start only: the oldest `limit` bars from start. Intervals 1,
// 5, 15, 60 (higher ones built from the stored 1m minutes, epoch aligned). The current (still open)
// bar is served too, from the minutes up to the clock's minute, as Bybit does.
import { candlePage } from '../../data';
import { MINUTE_MS } from '../../domain';
import { intParam, limitParam, linearCategory, paramError, required } from '../params';
import { dec, type Handler, knownSymbol } from './context';

const INTERVAL_MIN: Record<string, number> = { '1': 1, '5': 5, '15': 15, '60': 60 };

export const kline: Handler = async (q, ctx) => {
  linearCategory(q, true);
  const symbol = knownSymbol(ctx, required(q, 'symbol'));
  const interval = required(q, 'interval');
  const tfMin = INTERVAL_MIN[interval];
  if (tfMin === undefined) throw paramError(`params error: interval '${interval}' is not served by the emulator (1, 5, 15, 60)`);
  const limit = limitParam(q, 1000, 200);
  const start = intParam(q, 'start');
  const end = intParam(q, 'end');
  if (start !== undefined && end !== undefined && start > end) throw paramError(`params error: start ${start} is after end ${end}`);
  const nowMs = ctx.clock();
  const tfMs = tfMin * MINUTE_MS;
  const openBarMs = Math.floor(nowMs / tfMs) * tfMs;
  const rows = await candlePage(ctx.store, {
    symbol,
    tfMin,
    fromMs: start ?? 0,
    toMs: Math.min(end ?? openBarMs, openBarMs),
    lastMinuteMs: Math.floor(nowMs / MINUTE_MS) * MINUTE_MS,
    limit,
    anchor: start !== undefined && end === undefined ? 'oldest' : 'newest',
    excludeMs: ctx.faults.gapsMs,
  });
  const badMs = tfMin === 1 ? ctx.faults.options.badRowMs : undefined;
  const list = rows.map((r) => [
    String(r.tsMs),
    dec(r.open),
    dec(r.tsMs === badMs ? r.low - 1 : r.high),
    dec(r.low),
    dec(r.close),
    dec(r.volume),
    dec(r.turnover ?? 0),
  ]);
  return { symbol, category: 'linear', list };
};
