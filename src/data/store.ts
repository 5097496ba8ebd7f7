// The market-data store: opens the DuckDB file, migrates it, and answers store-level questions.
// Writers open it read-write (DuckDB's exclusive lock: one process). Readers open an existing store
// read-only (a shared lock: any number of readers at once, beside a read-only emulator, and on a 0444
// file or in a read-only folder), and only fall back to read-write when the store needs a migration.
import { existsSync } from 'node:fs';
import { Db } from './duckdb';
import { migrate, readVersion, SCHEMA_VERSION } from './schema';

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
    if (opts.read && path !== ':memory:' && existsSync(path)) {
      const db = await Db.open(path, { readOnly: true });
      try {
        const version = await readVersion(db);
        if (version === SCHEMA_VERSION) return new Store(db, version, true);
      } catch (e) {
        db.close();
        throw e;
      }
      db.close(); // an older store is migrated (which writes); a newer one is refused by migrate
    }
    const db = await Db.open(path);
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

/** Opens the store, runs `fn`, and always closes it. */
export async function withStore<T>(path: string, fn: (store: Store) => Promise<T>, opts: OpenOptions = {}): Promise<T> {
  const store = await Store.open(path, opts);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}
