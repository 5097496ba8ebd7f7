// The market-data store: opens the DuckDB file, migrates it, and answers store-level questions.
// Writers open it read-write (DuckDB's exclusive lock: one process). Readers open an existing store
// read-only (a shared lock: any number of readers at once, beside a read-only emulator, and on a 0444
// file or in a read-only folder), and only fall back to read-write when the store needs a migration.
import { existsSync } from 'node:fs';
import { DataError } from '../errors';
import { Db } from './duckdb';
import { migrate, newerThanBuild, readVersion, SCHEMA_VERSION } from './schema';

export const STORE_TABLES = ['candles_1m', 'candles_native', 'funding', 'instruments', 'risk_tiers', 'import_log'] as const;

export interface StoreInfo {
  path: string;
  schemaVersion: number;
  tables: Record<string, number>;
}

export interface OpenOptions {
  /** The command only reads: open an existing, current store read-only. */
  read?: boolean;
}

export class Store {
  private constructor(
    readonly db: Db,
    readonly schemaVersion: number,
    /** Opened read-only: callers must not write (instrument defaults are served without storing them). */
    readonly readOnly: boolean,
  ) {}

  static async open(path: string, opts: OpenOptions = {}): Promise<Store> {
    let readVersionFound: number | undefined;
    if (opts.read && path !== ':memory:' && existsSync(path)) {
      const db = await Db.open(path, { readOnly: true });
      try {
        readVersionFound = await readVersion(db);
        if (readVersionFound === SCHEMA_VERSION) return new Store(db, readVersionFound, true);
        if (readVersionFound > SCHEMA_VERSION) throw newerThanBuild(path, readVersionFound);
      } catch (e) {
        db.close();
        throw e;
      }
      db.close(); // an older store is migrated (which writes); a newer one is refused by migrate
    }
    const db = await openForWriting(path, readVersionFound);
    try {
      const version = await migrate(db);
      return new Store(db, version, false);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  async info(): Promise<StoreInfo> {
    const tables: Record<string, number> = {};
    for (const t of STORE_TABLES) {
      const rows = await this.db.rows<{ n: bigint | number }>(`SELECT count(*) AS n FROM ${t}`);
      tables[t] = Number(rows[0]?.n ?? 0);
    }
    return { path: this.db.path, schemaVersion: this.schemaVersion, tables };
  }

  close(): void {
    this.db.close();
  }
}

/** Db.open for writing; a read-only store that only a migration made us write says so. */
async function openForWriting(path: string, versionRead: number | undefined): Promise<Db> {
  try {
    return await Db.open(path);
  } catch (e) {
    if (versionRead === undefined || !(e instanceof DataError) || e.code !== 'STORE_READ_ONLY') throw e;
    throw new DataError(
      'STORE_READ_ONLY',
      `store ${path} is at schema version ${versionRead} and this build reads version ${SCHEMA_VERSION}: the migration needs to write, and the store cannot be written; run any trade data command on it once with write access`,
      { path, version: versionRead },
      { cause: e },
    );
  }
}

/** Opens the store, runs `fn`, and always closes it. */
export async function withStore<T>(path: string, fn: (store: Store) => Promise<T>, opts: OpenOptions = {}): Promise<T> {
  const store = await Store.open(path, opts);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}
