// GET /v5/market/funding/history (bybit-v5.md §2.3): category and symbol required; startTime alone
// is an error (10001); endTime alone or neither: the newest `limit` (default 200, max 200)
// settlements up to endTime / now; both: the newest `limit` in [startTime, endTime]. Newest first.
import { fundingPage } from '../../data';
import { intParam, limitParam, linearCategory, paramError, required } from '../params';
import { dec, type Handler, knownSymbol } from './context';

export const fundingHistory: Handler = async (q, ctx) => {
  linearCategory(q);
  const symbol = knownSymbol(ctx, required(q, 'symbol'));
  const startTime = intParam(q, 'startTime');
  const endTime = intParam(q, 'endTime');
  if (startTime !== undefined && endTime === undefined)
    throw paramError('params error: startTime without endTime is not allowed; pass endTime too, or only endTime');
  if (startTime !== undefined && endTime !== undefined && startTime > endTime)
    throw paramError(`params error: startTime ${startTime} is after endTime ${endTime}`);
  const limit = limitParam(q, 200, 200);
  const nowMs = ctx.settledClock();
  const rows = await fundingPage(ctx.store, symbol, startTime ?? 0, Math.min(endTime ?? nowMs, nowMs), limit);
  const list = rows.map((r) => ({ symbol, fundingRate: dec(r.rate), fundingRateTimestamp: String(r.tsMs) }));
  return { category: 'linear', list };
};
