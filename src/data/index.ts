// Market data: the DuckDB store and everything that reads or writes it.
export { Db } from './duckdb';
export { type ParquetColumn, type ParquetType, readParquet, writeParquet } from './parquet';
export { MIGRATIONS, migrate, SCHEMA_VERSION } from './schema';
export { STORE_TABLES, Store, type StoreInfo, withStore } from './store';
