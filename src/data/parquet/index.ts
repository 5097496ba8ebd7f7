// Parquet for backtest artifacts: our deterministic writer and its reader, plus DuckDB's reader.
export { readParquet } from './duckdb-read';
export type { ParquetColumn, ParquetType } from './format';
export { decodeParquet, type ParquetTable, type ParquetValues, readParquetColumns } from './read';
export { encodeParquet, encodeParquetParts, writeParquet } from './write';
