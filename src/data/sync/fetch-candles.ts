// Fetches the 1m candles of missing [startMs, endMs) ranges from the venue, newest first: each page
// asks for start = range start and end = the newest minute still wanted, then walks back below the
// oldest row it got. A range ends when a page comes back short (the venue has nothing older in the
// range) or reaches the range start, so minutes the venue does not have end the walk instead of
// looping. Rows are checked page by page (page-check.ts) and collected, still newest first.
import { type BybitMarketClient, KLINE_PAGE_LIMIT } from '../../bybit';
import { type CandleColumns, MINUTE_MS } from '../../domain';
import { checkKlinePage } from './page-check';

export interface FetchedCandles {
  /** One entry per non-empty page, each newest first. */
  pages: CandleColumns[];
  pageCount: number;
  rows: number;
}

export type PageHook = (fetched: { pages: number; rows: number }) => void;

export async function fetchCandleRanges(
  client: BybitMarketClient,
  symbol: string,
  ranges: readonly (readonly [number, number])[],
  onPage?: PageHook,
): Promise<FetchedCandles> {
  const out: FetchedCandles = { pages: [], pageCount: 0, rows: 0 };
  for (const [startMs, endMs] of [...ranges].reverse()) {
    let lastWanted = endMs - MINUTE_MS;
    while (lastWanted >= startMs) {
      const page = await client.klinePage(symbol, startMs, lastWanted, KLINE_PAGE_LIMIT);
      checkKlinePage(page, startMs, lastWanted);
      out.pageCount++;
      const n = page.cols.tsMs.length;
      if (n > 0) {
        out.pages.push(page.cols);
        out.rows += n;
      }
      onPage?.({ pages: out.pageCount, rows: out.rows });
      if (n < KLINE_PAGE_LIMIT) break;
      lastWanted = (page.cols.tsMs[n - 1] as number) - MINUTE_MS;
    }
  }
  return out;
}

/** Concatenates pages into one set of columns (order as fetched; insertCandles sorts). */
export function concatPages(pages: readonly CandleColumns[]): CandleColumns {
  const n = pages.reduce((a, p) => a + p.tsMs.length, 0);
  const keys = ['tsMs', 'open', 'high', 'low', 'close', 'volume', 'turnover'] as const;
  const out = Object.fromEntries(keys.map((k) => [k, new Float64Array(n)])) as unknown as CandleColumns;
  let at = 0;
  for (const p of pages) {
    for (const k of keys) out[k].set(p[k], at);
    at += p.tsMs.length;
  }
  return out;
}
