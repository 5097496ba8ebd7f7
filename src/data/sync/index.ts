// Bybit sync: candles + funding of a symbol for a window, and instruments with risk tiers.
export { type FetchedCandles, fetchCandleRanges } from './fetch-candles';
export { syncInstruments } from './sync-instruments';
export { type SyncOptions, type SyncReport, syncSymbol } from './sync-symbol';
