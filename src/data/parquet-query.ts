// Reads Parquet files (backtest artifacts) through DuckDB in an in-memory database, so commands
// that print or export them need no pyarrow and no store. Values come back as plain JS: BIGINT
// as number (timestamps in ms fit in 2^53), BOOLEAN as boolean, VARCHAR as string, DOUBLE as number.
import { DataError } from '../errors';
import { Db, sqlString } from './duckdb';

export type ParquetValue = number | string | boolean | null;

export interface ParquetRows {
  columns: string[];
  rows: ParquetValue[][];
}

function plain(v: unknown): ParquetValue {
  if (typeof v === 'bigint') return Number(v);
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

/**
 * `SELECT <select> FROM read_parquet(path) [WHERE where]` in file order. `select` and `where`
 * are SQL written by the caller (never user input); the path is quoted.
 */
export async function queryParquet(path: string, opts: { select?: string; where?: string } = {}): Promise<ParquetRows> {
  const db = await Db.open(':memory:');
  try {
    const sql = `SELECT ${opts.select ?? '*'} FROM read_parquet(${sqlString(path)})${opts.where ? ` WHERE ${opts.where}` : ''}`;
    let reader: Awaited<ReturnType<typeof db.conn.runAndReadAll>>;
    try {
      // One thread keeps file order without relying on insertion-order settings.
      await db.run('SET threads = 1');
      reader = await db.conn.runAndReadAll(sql);
    } catch (cause) {
      const text = (cause as Error).message.split('\n')[0];
      throw new DataError('DATA_INVALID', `cannot read ${path}: ${text}`, { path }, { cause });
    }
    const columns = reader.columnNames();
    const rows = (reader.getRowsJS() as unknown[][]).map((r) => r.map(plain));
    return { columns, rows };
  } finally {
    db.close();
  }
}
