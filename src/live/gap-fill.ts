// Filling a gap in the live feed (LIVE.md §6): the closed minutes [fromMs, toMs) over REST, in
// order. Minutes a successful answer does not have, asked twice, are minutes the venue does not
// have (a halt, an exchange gap): they come back as missing ranges, never invented. A failed query
// throws: it is never read as a gap.
import type { BybitMarketClient } from '../bybit';
import { type Bar1m, MINUTE_MS } from '../domain';

/** Minutes the venue does not have (a halt, an exchange gap). */
export interface MissingMinutes {
  missingFromMs: number;
  missingToMs: number;
}

/** Kline pages hold at most this many minutes. */
const PAGE_MINUTES = 1000;

export async function fetchMinutes(
  client: BybitMarketClient,
  symbol: string,
  fromMs: number,
  toMs: number,
): Promise<{ items: Array<Bar1m | MissingMinutes>; found: number }> {
  let got = new Map<number, Bar1m>();
  for (let attempt = 0; attempt < 2; attempt++) {
    if (attempt > 0) await Bun.sleep(500);
    got = new Map();
    for (let start = fromMs; start < toMs; start += PAGE_MINUTES * MINUTE_MS) {
      const end = Math.min(toMs, start + PAGE_MINUTES * MINUTE_MS) - MINUTE_MS;
      const c = (await client.klinePage(symbol, start, end, PAGE_MINUTES)).cols;
      for (let i = 0; i < c.tsMs.length; i++) {
        const t = c.tsMs[i]!;
        if (t >= fromMs && t < toMs)
          got.set(t, { tsMs: t, open: c.open[i]!, high: c.high[i]!, low: c.low[i]!, close: c.close[i]!, volume: c.volume[i]! });
      }
    }
    if (got.size === (toMs - fromMs) / MINUTE_MS) break;
  }
  const items: Array<Bar1m | MissingMinutes> = [];
  let missingFrom: number | undefined;
  for (let t = fromMs; t < toMs; t += MINUTE_MS) {
    const bar = got.get(t);
    if (bar && missingFrom !== undefined) {
      items.push({ missingFromMs: missingFrom, missingToMs: t });
      missingFrom = undefined;
    }
    if (bar) items.push(bar);
    else missingFrom ??= t;
  }
  if (missingFrom !== undefined) items.push({ missingFromMs: missingFrom, missingToMs: toMs });
  return { items, found: got.size };
}
