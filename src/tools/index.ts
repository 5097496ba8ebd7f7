// Every user-facing operation, as a typed tool. The CLI imports only from here.

export type { SeriesKind } from '../core';
export type { StoreInfo } from '../data';
export { dataInfo } from './data-info';
export {
  computeSeries,
  findSeriesSpec,
  formatSeriesCsv,
  formatSeriesJson,
  parseParamAssignments,
  parseSource,
  type SeriesJson,
  type SeriesRequest,
  type SeriesResult,
  seriesValue,
} from './indicator-series';
export { type CandleColumns, candlesSql, loadCandles, parseTimeMs } from './load-candles';
export { result, type ToolResult } from './tool';
export { packageVersion, type VersionInfo, versionInfo } from './version';
