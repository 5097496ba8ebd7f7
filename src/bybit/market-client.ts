// The Bybit V5 public market-data client the data sync uses: one RestClientV5 (the only place that
// builds one for market data) pointed at `baseUrl` (default mainnet; any loopback emulator works),
// with parseAPIRateLimits on so 10006 waits follow the reset header. Every call goes through
// withRetry and is parsed by market-parse; callers get plain numbers and the counters in `stats`.
// bybit-api (and axios under it) is loaded on the first request, so commands that never talk to
// Bybit do not pay for loading it at start-up.

import type { RestClientV5 } from 'bybit-api';
import type { CandleColumns } from '../domain';
import { TradeError, VenueError } from '../errors';
import {
  type FundingPoint,
  type InstrumentSpec,
  nextCursor,
  parseFundingList,
  parseInstrument,
  parseKlineList,
  parseRiskLimitList,
  parseServerTimeMs,
  type RiskTierRow,
} from './market-parse';
import { DEFAULT_RETRY, emptyStats, type RetryPolicy, type RetryStats, realSleep, type Sleep, withRetry } from './retry';
import { bybitSdk } from './sdk';

export const DEFAULT_REST_URL = 'https://api.bybit.com';
/** Most rows Bybit returns per kline page / funding page. */
export const KLINE_PAGE_LIMIT = 1000;
export const FUNDING_PAGE_LIMIT = 200;

export interface MarketClientOptions {
  /** REST base URL without a trailing slash (default https://api.bybit.com). */
  baseUrl?: string;
  retry?: Partial<RetryPolicy>;
  /** Injected wait; tests pass one that records and returns at once. */
  sleep?: Sleep;
}

/** Checks a user-given REST URL: http(s), host present, no query; a trailing slash is dropped (bybit-v5.md §5.2). */
export function normalizeRestUrl(raw: string, option = '--rest-url'): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new TradeError(
      'USAGE',
      `${option} '${raw}': expected an http(s) URL like ${DEFAULT_REST_URL} or http://127.0.0.1:8080`,
      undefined,
      { cause },
    );
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '')
    throw new TradeError('USAGE', `${option} '${raw}': expected an http(s) URL without query or fragment`);
  return raw.replace(/\/+$/, '');
}

export interface KlinePage {
  /** The request as sent, for messages: "GET /v5/market/kline?...". */
  label: string;
  /** Rows in the order served (newest first). */
  cols: CandleColumns;
  /** Server time of the answer, ms. */
  serverTimeMs: number;
}

export interface FundingPage {
  label: string;
  rows: FundingPoint[];
}

function label(path: string, params: Record<string, string | number | undefined>): string {
  const q = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return `GET ${path}${q ? `?${q}` : ''}`;
}

export class BybitMarketClient {
  readonly baseUrl: string;
  readonly stats: RetryStats = emptyStats();
  private restClient: Promise<RestClientV5> | undefined;
  private readonly policy: RetryPolicy;
  private readonly sleep: Sleep;

  constructor(options: MarketClientOptions = {}) {
    this.baseUrl = normalizeRestUrl(options.baseUrl ?? DEFAULT_REST_URL);
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? realSleep;
  }

  private rest(): Promise<RestClientV5> {
    this.restClient ??= Promise.resolve(new (bybitSdk().RestClientV5)({ baseUrl: this.baseUrl, parseAPIRateLimits: true }));
    return this.restClient;
  }

  async serverTimeMs(): Promise<number> {
    const l = label('/v5/market/time', {});
    const { result } = await withRetry(l, async () => (await this.rest()).getServerTime(), this.policy, this.stats, this.sleep);
    return parseServerTimeMs(l, result);
  }

  /** One page of 1m linear candles with open time in [startMs, endMs], newest first, at most `limit`. */
  async klinePage(symbol: string, startMs: number, endMs: number, limit = KLINE_PAGE_LIMIT): Promise<KlinePage> {
    const params = { category: 'linear', symbol, interval: '1', start: startMs, end: endMs, limit } as const;
    const l = label('/v5/market/kline', params);
    const { result, timeMs } = await withRetry(l, async () => (await this.rest()).getKline(params), this.policy, this.stats, this.sleep);
    return { label: l, cols: parseKlineList(l, result), serverTimeMs: timeMs };
  }

  /** One page of funding settlements in [startMs, endMs], newest first (both bounds: only-start is an error on Bybit). */
  async fundingPage(symbol: string, startMs: number, endMs: number, limit = FUNDING_PAGE_LIMIT): Promise<FundingPage> {
    const params = { category: 'linear', symbol, startTime: startMs, endTime: endMs, limit } as const;
    const l = label('/v5/market/funding/history', params);
    const { result } = await withRetry(
      l,
      async () => (await this.rest()).getFundingRateHistory(params),
      this.policy,
      this.stats,
      this.sleep,
    );
    return { label: l, rows: parseFundingList(l, result, symbol) };
  }

  async instrument(symbol: string): Promise<InstrumentSpec & { label: string }> {
    const params = { category: 'linear', symbol } as const;
    const l = label('/v5/market/instruments-info', params);
    const { result } = await withRetry(l, async () => (await this.rest()).getInstrumentsInfo(params), this.policy, this.stats, this.sleep);
    return { ...parseInstrument(l, result, symbol), label: l };
  }

  /** Every risk-limit tier of `symbol`, following nextPageCursor, in the order served. */
  async riskTiers(symbol: string): Promise<{ label: string; tiers: RiskTierRow[]; pages: number }> {
    const tiers: RiskTierRow[] = [];
    let cursor: string | undefined;
    let pages = 0;
    const first = label('/v5/market/risk-limit', { category: 'linear', symbol });
    do {
      const params = { category: 'linear', symbol, cursor } as const;
      const l = label('/v5/market/risk-limit', params);
      const { result } = await withRetry(
        l,
        async () => (await this.rest()).getRiskLimit({ ...params }),
        this.policy,
        this.stats,
        this.sleep,
      );
      tiers.push(...parseRiskLimitList(l, result, symbol));
      cursor = nextCursor(result);
      pages++;
      if (pages > 1000) throw new VenueError('VENUE_BAD_RESPONSE', `${first}: nextPageCursor did not end after 1000 pages`);
    } while (cursor !== undefined);
    return { label: first, tiers, pages };
  }
}
