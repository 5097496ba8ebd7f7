// Opens the DuckDB store file (creating its directory) and wraps the connection with the few
// calls the data layer needs. Every multi-statement write goes through `transaction()`.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { DataError } from '../errors';

export type SqlParams = Record<string, DuckDBValue> | DuckDBValue[];

export class Db {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
  ) {}

  static async open(path: string): Promise<Db> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    try {
      const instance = await DuckDBInstance.create(path);
      const conn = await instance.connect();
      return new Db(path, instance, conn);
    } catch (cause) {
      throw new DataError('DATA_STORE', `cannot open store ${path}: ${(cause as Error).message}`, { path }, { cause });
    }
  }

  async run(sql: string, params?: SqlParams): Promise<void> {
    await this.conn.run(sql, params as never);
  }

  async rows<T = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<T[]> {
    const reader = await this.conn.runAndReadAll(sql, params as never);
    return reader.getRowObjectsJS() as T[];
  }

  /** Runs `fn` inside BEGIN/COMMIT; any throw rolls back so nothing is half-written. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.conn.run('BEGIN TRANSACTION');
    try {
      const result = await fn();
      await this.conn.run('COMMIT');
      return result;
    } catch (e) {
      await this.conn.run('ROLLBACK');
      throw e;
    }
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}
