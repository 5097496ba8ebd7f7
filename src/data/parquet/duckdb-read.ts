// Reads any Parquet file through an in-memory DuckDB as row objects: the independent reader that
// tests check the artifact writer against (and a general reader for tools).
import { duckdbApi } from '../duckdb-module';

export async function readParquet(path: string): Promise<Record<string, unknown>[]> {
  const { DuckDBInstance } = await duckdbApi();
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  try {
    const quoted = path.replaceAll("'", "''");
    const reader = await conn.runAndReadAll(`SELECT * FROM read_parquet('${quoted}')`);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
