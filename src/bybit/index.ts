// Everything Bybit: the REST market-data client over bybit-api (the only importer of that package),
// wire parsing, retry/backoff and rate-limit handling, and BybitVenue (the engine's Venue port).

export { AMBIGUOUS_RET_CODES } from './ambiguity';
export type { Settlement } from './create-settle';
export type { Lookup } from './in-doubt';
export { fetchInstrument } from './instrument-fetch';
export {
  BybitMarketClient,
  DEFAULT_REST_URL,
  FUNDING_PAGE_LIMIT,
  type FundingPage,
  KLINE_PAGE_LIMIT,
  type KlinePage,
  type MarketClientOptions,
  normalizeRestUrl,
} from './market-client';
export type { FundingPoint, InstrumentSpec, RiskTierRow } from './market-parse';
export { createParams, decimalsOf, formatToStep, type OrderGrid, tradingStopParams } from './order-requests';
export { PublicStream, type PublicStreamHandlers, type PublicStreamOptions, parseKline } from './public-stream';
export { DEFAULT_RETRY, type RetryPolicy, type RetryStats, type Sleep, totalRetries } from './retry';
export { BybitTradingClient, type TradingClientOptions, type WriteOutcome } from './trading-client';
export { BybitVenue, type BybitVenueOptions } from './venue';
