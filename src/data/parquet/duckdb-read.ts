// Reads any Parquet file through an in-memory DuckDB as row objects: the independent reader that
// tests check the artifact writer against (and a general reader for tools).
import { sqlString } from '../duckdb';
import { duckdbApi } from '../duckdb-module';

export async function readParquet(path: string): Promise<Record<string, unknown>[]> {
  const { DuckDBInstance } = await duckdbApi();
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  try {
    const reader = await conn.runAndReadAll(`SELECT * FROM read_parquet(${sqlString(path)})`);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
