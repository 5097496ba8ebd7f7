// Opens the DuckDB store file (creating its directory) and wraps the connection with the few
// calls the data layer needs. Every multi-statement write goes through `transaction()`, which is
// re-entrant: an inner call joins the outer transaction (DuckDB has no savepoints), so a command
// can make several writers atomic together.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DuckDBConnection, DuckDBDataChunk, DuckDBInstance, DuckDBValue, DuckDBVector } from '@duckdb/node-api';
import { DataError } from '../errors';
import { type DuckDBApi, duckdbApi } from './duckdb-module';

/** A DOUBLE vector's writable items (DuckDBDoubleVector: `items` is copied into the chunk by `flush`, validity all valid). */
interface DoubleItems {
  items: Float64Array;
  flush(): void;
}

export type SqlParams = Record<string, DuckDBValue> | DuckDBValue[];

/** A SQL string literal of `text` (quotes doubled), for the few queries that cannot take parameters. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

export class Db {
  private depth = 0;

  private constructor(
    readonly path: string,
    private readonly duck: DuckDBApi,
    private readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
  ) {}

  /**
   * Opens the file; `readOnly` takes DuckDB's shared lock (READ_ONLY access): any number of readers,
   * no writer, and nothing written to the file or its folder (a 0444 file or a read-only folder works).
   */
  static async open(path: string, { readOnly = false }: { readOnly?: boolean } = {}): Promise<Db> {
    try {
      if (path !== ':memory:' && !readOnly) mkdirSync(dirname(path), { recursive: true });
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code ?? (cause as Error).message;
      throw new DataError(
        'DATA_STORE',
        `cannot open store ${path}: cannot create its folder ${dirname(path)} (${code})`,
        { path },
        { cause },
      );
    }
    let duck: DuckDBApi;
    try {
      duck = await duckdbApi();
    } catch (cause) {
      // The binary unpacks the native library into a cache dir first (scripts/compile/duckdb-binding.ts).
      throw new DataError('ENV_INVALID', `cannot load DuckDB: ${(cause as Error).message}`, { path }, { cause });
    }
    try {
      const instance = await duck.DuckDBInstance.create(path, readOnly ? { access_mode: 'READ_ONLY' } : undefined);
      const conn = await instance.connect();
      return new Db(path, duck, instance, conn);
    } catch (cause) {
      const text = (cause as Error).message;
      // DuckDB allows one writing process per file; its message names the holder.
      const lock = /Conflicting lock is held in (.+?) \(PID (\d+)\)/.exec(text);
      if (lock) {
        throw new DataError(
          'STORE_BUSY',
          `store ${path} is in use by another process (PID ${lock[2]}, ${lock[1]}): an import, sync or emulator holds it; wait for it or stop it`,
          { path, pid: Number(lock[2]) },
          { cause },
        );
      }
      if (!readOnly && /Permission denied|Read-only file system/.test(text)) {
        throw new DataError(
          'STORE_READ_ONLY',
          `store ${path} cannot be opened for writing (${/Read-only file system/.test(text) ? 'read-only file system' : 'permission denied'}): this command writes; reading commands (data info, data candles, backtest, ...) can still read it`,
          { path },
          { cause },
        );
      }
      throw new DataError('DATA_STORE', `cannot open store ${path}: ${text.split('\n')[0]}`, { path }, { cause });
    }
  }

  async run(sql: string, params?: SqlParams): Promise<number> {
    const result = await this.conn.run(sql, params as never);
    return result.rowsChanged;
  }

  private side: Promise<DuckDBConnection> | undefined;
  private sideOpen: DuckDBConnection | undefined;

  /** Opens the second connection `rowsInParallel` uses (once; calls in flight share it). */
  openParallel(): Promise<DuckDBConnection> {
    this.side ??= this.instance.connect().then((c) => {
      this.sideOpen = c;
      return c;
    });
    return this.side;
  }

  /**
   * Like `rows`, on a second connection of the same database, so a long read-only query (a
   * fingerprint) runs in parallel with queries on the main connection and with the caller's own
   * computation. It sees committed data only. Takes no parameters: a query without them is one
   * native call that runs to the end on DuckDB's threads, whereas a parameterised one needs the
   * JS thread between its prepare, bind and execute steps (and stalls while the caller computes).
   * With the connection already open (`openParallel`), the query starts in the current microtask
   * turn.
   */
  async rowsInParallel<T = Record<string, unknown>>(sql: string): Promise<T[]> {
    const reader = await (await this.openParallel()).runAndReadAll(sql);
    return reader.getRowObjectsJS() as T[];
  }

  async rows<T = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<T[]> {
    const reader = await this.conn.runAndReadAll(sql, params as never);
    return reader.getRowObjectsJS() as T[];
  }

  /**
   * Reads an all-DOUBLE query straight into Float64Arrays, one per column, without an object per row:
   * streams the result chunk by chunk and copies each DOUBLE vector's items (NULL becomes NaN).
   * `rowCount` (from a count query) sizes the arrays once; fewer rows give shorter views.
   */
  async doubleColumns(sql: string, params: SqlParams, rowCount: number): Promise<Float64Array[]> {
    const result = await this.conn.stream(sql, params as never);
    const columnCount = result.columnCount;
    const out = Array.from({ length: columnCount }, () => new Float64Array(rowCount));
    let at = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const rows = chunk.rowCount;
      if (at + rows > rowCount) throw new DataError('DATA_STORE', `query returned more than the ${rowCount} rows counted: ${sql}`);
      for (let c = 0; c < columnCount; c++) {
        const vector = chunk.getColumnVector(c) as DuckDBVector<number>;
        const target = out[c] as Float64Array;
        for (let r = 0; r < rows; r++) target[at + r] = vector.getItem(r) ?? Number.NaN;
      }
      at += rows;
    }
    return at === rowCount ? out : out.map((a) => a.subarray(0, at));
  }

  /**
   * Bulk-appends equal-length Float64Array columns to an all-DOUBLE table through the Appender, one
   * DataChunk (vector size, 2048 rows) at a time. One chunk is reused for every full batch: its
   * vectors are written with a block copy each (no per-value call, no object per batch); the
   * Appender copies a chunk's data when it is appended.
   */
  async appendDoubles(table: string, columns: readonly Float64Array[], rowCount: number): Promise<void> {
    const appender = await this.conn.createAppender(table);
    try {
      const size = this.duck.DuckDBVector.standardSize();
      const types = columns.map(() => this.duck.DOUBLE);
      let chunk: DuckDBDataChunk | undefined;
      let vectors: DoubleItems[] = [];
      for (let off = 0; off < rowCount; off += size) {
        const n = Math.min(size, rowCount - off);
        if (!chunk || n !== size) {
          chunk = this.duck.DuckDBDataChunk.create(types, n);
          const c = chunk;
          vectors = columns.map((_, k) => c.getColumnVector(k) as unknown as DoubleItems);
        }
        for (let k = 0; k < columns.length; k++) {
          const v = vectors[k] as DoubleItems;
          v.items.set((columns[k] as Float64Array).subarray(off, off + n));
          v.flush();
        }
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  /** Runs `fn` inside BEGIN/COMMIT; any throw rolls back so nothing is half-written. Re-entrant. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.depth > 0) {
      this.depth++;
      try {
        return await fn();
      } finally {
        this.depth--;
      }
    }
    await this.conn.run('BEGIN TRANSACTION');
    this.depth = 1;
    try {
      const result = await fn();
      await this.conn.run('COMMIT');
      return result;
    } catch (e) {
      await this.conn.run('ROLLBACK');
      throw e;
    } finally {
      this.depth = 0;
    }
  }

  close(): void {
    this.sideOpen?.closeSync();
    this.conn.closeSync();
    this.instance.closeSync();
  }
}
