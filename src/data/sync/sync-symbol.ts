// `trade data sync`: brings the store's 1m candles (and funding) of one symbol up to date for
// [fromMs, toMs) from a Bybit V5 REST endpoint. The window is clamped to the last CLOSED minute by
// the server's /v5/market/time, so the still-open candle is never stored. What is missing (before
// the first stored bar, inner gaps, after the last) is fetched once, newest first; everything is
// written in ONE transaction per command (a failure writes nothing; a re-run refetches what is still
// missing). Minutes the venue does not have are reported as gaps left, never retried in a loop.
import { type BybitMarketClient, type RetryStats, totalRetries } from '../../bybit';
import { type CandleColumns, isoMs, MINUTE_MS } from '../../domain';
import { type Gap, missingRanges, toGap } from '../coverage';
import { fundingIntervalMin } from '../instruments/instrument-store';
import type { Store } from '../store';
import { insertCandles } from '../write-candles';
import { insertFunding } from '../write-funding';
import { concatPages, fetchCandleRanges, type PageHook } from './fetch-candles';
import { fetchFunding } from './fetch-funding';

export interface SyncOptions {
  symbol: string;
  fromMs: number;
  toMs: number;
  /** Also sync funding settlements in the window (default true). */
  funding?: boolean;
  onPage?: PageHook;
}

export interface SyncReport {
  symbol: string;
  source: string;
  /** The window actually synced, [from, to), after clamping to the last closed minute. */
  from: string;
  to: string;
  serverTime: string;
  /** Missing minutes found before fetching. */
  missingBefore: number;
  rangesFetched: number;
  candles: { pages: number; rowsFetched: number; rowsAdded: number };
  funding: { pages: number; rowsFetched: number; rowsAdded: number } | null;
  requests: number;
  retries: number;
  retryDetail: Omit<RetryStats, 'requests'>;
  gapsLeft: Gap[];
  missingMinutesLeft: number;
  seconds: number;
  rowsPerSecond: number;
}

const floorMinute = (ms: number) => Math.floor(ms / MINUTE_MS) * MINUTE_MS;
const ceilMinute = (ms: number) => Math.ceil(ms / MINUTE_MS) * MINUTE_MS;

function contentHash(symbol: string, fromMs: number, toMs: number, cols: Float64Array[]): string {
  const h = new Bun.CryptoHasher('sha256').update(`${symbol} ${fromMs} ${toMs}\n`);
  for (const c of cols) h.update(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
  return h.digest('hex');
}

export async function syncSymbol(store: Store, client: BybitMarketClient, opts: SyncOptions): Promise<SyncReport> {
  const started = performance.now();
  const { symbol } = opts;
  const serverMs = await client.serverTimeMs();
  const fromMs = ceilMinute(opts.fromMs);
  const toMs = Math.max(fromMs, Math.min(ceilMinute(opts.toMs), floorMinute(serverMs)));
  const before = await missingRanges(store, symbol, fromMs, toMs);
  const fetched = await fetchCandleRanges(client, symbol, before, opts.onPage);
  const intervalMin = await fundingIntervalMin(store, symbol);
  const fundingEnd = Math.min(opts.toMs, serverMs + 1);
  const funding =
    opts.funding === false || fundingEnd <= fromMs ? undefined : await fetchFunding(client, symbol, fromMs, fundingEnd, intervalMin);
  const source = `bybit:${client.baseUrl}`;
  const note = `sync ${isoMs(fromMs)}..${isoMs(toMs)}: ${fetched.pageCount} kline pages, ${totalRetries(client.stats)} retries`;
  const cols: CandleColumns = concatPages(fetched.pages);
  const written = await store.db.transaction(async () => {
    const c = await insertCandles(store, symbol, cols, {
      name: source,
      sha256: contentHash(symbol, fromMs, toMs, [cols.tsMs, cols.open, cols.high, cols.low, cols.close, cols.volume, cols.turnover]),
      note,
    });
    if (!funding) return { candles: c.rowsAdded, funding: 0 };
    const tsMs = Float64Array.from(funding.rows, (r) => r.tsMs);
    const rate = Float64Array.from(funding.rows, (r) => r.rate);
    const f = await insertFunding(
      store,
      symbol,
      { tsMs, rate },
      { name: source, sha256: contentHash(symbol, fromMs, fundingEnd, [tsMs, rate]), note },
      { intervalMin },
    );
    return { candles: c.rowsAdded, funding: f.rowsAdded };
  });
  const left = await missingRanges(store, symbol, fromMs, toMs);
  const seconds = (performance.now() - started) / 1000;
  const { requests, ...retryDetail } = client.stats;
  return {
    symbol,
    source,
    from: isoMs(fromMs),
    to: isoMs(toMs),
    serverTime: isoMs(serverMs),
    missingBefore: before.reduce((a, [s, e]) => a + (e - s) / MINUTE_MS, 0),
    rangesFetched: before.length,
    candles: { pages: fetched.pageCount, rowsFetched: fetched.rows, rowsAdded: written.candles },
    funding: funding ? { pages: funding.pageCount, rowsFetched: funding.rows.length, rowsAdded: written.funding } : null,
    requests,
    retries: totalRetries(client.stats),
    retryDetail,
    gapsLeft: left.map(toGap),
    missingMinutesLeft: left.reduce((a, [s, e]) => a + (e - s) / MINUTE_MS, 0),
    seconds,
    rowsPerSecond: seconds > 0 ? Math.round(fetched.rows / seconds) : 0,
  };
}
