// Parquet files for backtest artifacts, written through an in-memory DuckDB (single thread, fixed
// row order, zstd) so the same rows always give the same bytes. Writes go to a temp file in the
// target directory and are renamed into place: a reader never sees a half-written file.
import { renameSync, rmSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { DataError } from '../errors';

export type ParquetType = 'DOUBLE' | 'BIGINT' | 'VARCHAR' | 'BOOLEAN';

export interface ParquetColumn {
  name: string;
  type: ParquetType;
  values: ArrayLike<number | string | boolean>;
}

const NAME_RE = /^[a-z_][a-z0-9_]*$/;

export async function writeParquet(path: string, columns: readonly ParquetColumn[]): Promise<number> {
  const n = columns[0]?.values.length ?? 0;
  for (const c of columns) {
    if (!NAME_RE.test(c.name)) throw new DataError('ARTIFACT', `parquet column name '${c.name}' must match ${NAME_RE}`);
    if (c.values.length !== n) throw new DataError('ARTIFACT', `parquet column ${c.name} has ${c.values.length} rows, expected ${n}`);
  }
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  const tmp = `${path}.tmp`;
  try {
    await conn.run(`CREATE TABLE t (${columns.map((c) => `${c.name} ${c.type}`).join(', ')})`);
    const app = await conn.createAppender('t');
    for (let i = 0; i < n; i++) {
      for (const c of columns) {
        const v = c.values[i]!;
        switch (c.type) {
          case 'DOUBLE':
            app.appendDouble(v as number);
            break;
          case 'BIGINT':
            app.appendBigInt(BigInt(v as number));
            break;
          case 'VARCHAR':
            app.appendVarchar(v as string);
            break;
          case 'BOOLEAN':
            app.appendBoolean(v as boolean);
            break;
        }
      }
      app.endRow();
    }
    app.closeSync();
    const quoted = tmp.replaceAll("'", "''");
    await conn.run(`COPY (SELECT * FROM t) TO '${quoted}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)`);
    renameSync(tmp, path);
    return n;
  } catch (cause) {
    rmSync(tmp, { force: true });
    throw new DataError('ARTIFACT', `cannot write ${path}: ${(cause as Error).message}`, { path }, { cause });
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Reads a parquet file back as row objects (for the artifact gate and tests). */
export async function readParquet(path: string): Promise<Record<string, unknown>[]> {
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
