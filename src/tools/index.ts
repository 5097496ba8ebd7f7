// Every user-facing operation, as a typed tool. The CLI imports only from here.

export type { BacktestOutcome, IntrabarMode, Metrics } from '../backtest';
export type { SeriesKind } from '../core';
export { coreCompiled, precompileCore } from '../core';
export type { Gap, StoreInfo, SymbolCoverage } from '../data';
export { DEFAULT_DB_PATH, requireStore, setNoticeSink } from '../data';
export type { Instrument } from '../domain';
export { describeDivergence, formatLine, type Keys, redact, type SessionLine } from '../live';
export { formatIssue, type LocatedIssue } from '../play';
export type {
  ActedDecision,
  FillRow,
  OrderOutcome,
  SessionDetail,
  SessionListEntry,
  SessionSummary,
} from '../state';
export { AUDIT_CHECKS, type AuditCheck, type AuditInput, type AuditReport, type AuditResult, audit } from './audit';
export { formatAudit } from './audit-format';
export { type BacktestInput, backtest, FEATURE_PIPELINES, INTRABAR_MODES } from './backtest';
export { type ControlInput, type ControlResult, sendSessionControl } from './control';
export { type DataImportInput, type DataImportResult, dataImport, type ImportedFile } from './data-import';
export { dataInfo } from './data-info';
export { type CandleRow, type DataCandlesResult, dataCandles, dataCoverage, dataGaps, dataInstruments } from './data-query';
export { type DataSyncInput, dataInstrumentsSync, dataSync, type InstrumentsSyncInput, type SyncReport } from './data-sync';
export { type EmulatorInput, parseGap, parseSpeed, type RunningEmulator, runEmulator } from './emulator';
export { type ForgeDataInput, type ForgeDataResult, forgeData } from './forge-data';
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
  seriesOverWindow,
  seriesValue,
  seriesWarmupBars,
} from './indicator-series';
export { loadCandles, noCandlesMessage } from './load-candles';
export { formatTs, type TsFormat, tsFormatInput, windowInput } from './parse-input';
export { defaultCatalog } from './play-catalog';
export { listPlays, type PlayListEntry } from './play-list';
export { formatExpectation, type PlayTestFile, type PlayTestResult, playTest } from './play-test';
export { expandPlayPaths, loadPlay, type PlayValidation, type ValidatedFile, validatePlays } from './play-validate';
export { type ReplayInput, replay } from './replay';
export { type ReportInput, type ReportOutcome, report } from './report';
export { newSessionStart, type RunEndpoints, type RunHandle, type RunInput, runEndpoints, startRun } from './run';
export { type RunTable, runEquity, runTrades, tableCsv, tableObjects } from './run-exports';
export {
  DEFAULT_RUNS_ROOT,
  type RunFiles,
  type RunListEntry,
  type RunsListResult,
  readRunFiles,
  resolveRun,
  runsList,
  verifyRun,
} from './runs';
export { type SeriesCatalogEntry, seriesCatalog } from './series-catalog';
export { DEFAULT_STATE_DIR, type SessionsInput, type SessionsListResult, sessionShow, sessionsList } from './sessions';
export { result, type ToolResult } from './tool';
export { packageVersion, type VersionInfo, versionInfo } from './version';

// The tool registry and the MCP server load on demand (zod schemas of 44 tools, the MCP SDK): a
// command loads the registry when it runs (src/cli/tool-call.ts), `trade mcp` the server too;
// `--version` and `--help` start without either.
export const loadRegistry = () => import('./registry');
export type { BacktestRunData } from './registry/backtest-tools';
export type { ToolContext, ToolProgress } from './registry/tool-def';
export const loadMcpServer = () => import('./mcp-server');
