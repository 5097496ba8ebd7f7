// The route table: path -> handler, and whether the path counts as a data request for fault bursts
// (everything but the server clock). /v5/market/time answers {timeSecond, timeNano} from the clock.

import type { Handler } from './context';
import { fundingHistory } from './funding';
import { instrumentsInfo, riskLimit } from './instruments';
import { kline } from './kline';

export type { Handler, RouteContext } from './context';

const serverTime: Handler = async (_q, ctx) => {
  const nowMs = ctx.serverClock();
  return { timeSecond: String(Math.floor(nowMs / 1000)), timeNano: String(BigInt(nowMs) * 1_000_000n) };
};

export const ROUTES: ReadonlyMap<string, { handler: Handler; data: boolean }> = new Map([
  ['/v5/market/time', { handler: serverTime, data: false }],
  ['/v5/market/kline', { handler: kline, data: true }],
  ['/v5/market/funding/history', { handler: fundingHistory, data: true }],
  ['/v5/market/instruments-info', { handler: instrumentsInfo, data: true }],
  ['/v5/market/risk-limit', { handler: riskLimit, data: true }],
]);
