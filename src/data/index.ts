// Market data: the DuckDB store and everything that reads or writes it.

export { writeFileAtomic } from './atomic-file';
export { type Bars, type BarsQuery, bars, storedRange } from './candles-query';
export { coverage, type Gap, gaps, gapsInColumn, missingRanges, type SymbolCoverage } from './coverage';
export { Db } from './duckdb';
export { normalizeSymbol } from './formats/names';
export { IMPORT_FORMATS, type ImportFormat } from './formats/parsed';
export { type FileReport, type ImportOptions, importFiles } from './importer';
export { DEFAULT_INSTRUMENTS, defaultInstrument } from './instruments/defaults';
export { ensureDefaultInstruments, getInstrument, listInstruments, upsertInstrument } from './instruments/instrument-store';
export { type CandleSource, type CandleWindow, loadCandles, loadFunding, loadWindow, openCandleSource } from './load';
export { type CandlePageQuery, type CandleRow, candlePage, fundingPage, knownSymbols } from './market-pages';
export { openSnapshotMarket, readSnapshot, snapshotPath, withSymbolMarket, writeSnapshot } from './market-snapshot';
export { notice, noticesGiven, setNoticeSink } from './notices';
export {
  encodeParquet,
  type ParquetColumn,
  type ParquetTable,
  type ParquetType,
  readParquet,
  readParquetColumns,
  writeParquet,
} from './parquet';
export { type ParquetRows, type ParquetValue, queryParquet } from './parquet-query';
export { DEFAULT_DB_PATH, isDefaultStore, openReadStore, requireStore, withReadStore } from './read-store';
export { bucketStartMs, type ResampledColumns, resample, WEEK_ANCHOR_MS } from './resample';
export { type CachedResampler, cachedResampler } from './resample-cache';
export { ensureSampleData, importSample, SAMPLE_FILES, SAMPLE_SYMBOL } from './sample';
export { MIGRATIONS, migrate, SCHEMA_VERSION } from './schema';
export { STORE_TABLES, Store, type StoreInfo, withStore } from './store';
export { type StoreStamp, storeStamp } from './store-stamp';
export { openStoreMarket, type StoreMarket, type SymbolMarket, type SymbolSnapshotData } from './symbol-market';
export { type SyncOptions, type SyncReport, syncInstruments, syncSymbol } from './sync';
export { parseTzOption } from './timestamps';
export { insertCandles, type WriteResult, type WriteSource } from './write-candles';
export { type FundingWriteOptions, insertFunding } from './write-funding';
