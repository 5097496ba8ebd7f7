// The HTML report of backtest runs (trade report): a pure function of the run data, no I/O.
export { chartTfMinutes, MAX_CHART_BARS } from './downsample';
export { reportHtml } from './page';
export type { ReportCandles, ReportRun, ReportTable, TradeLevels } from './report-types';
