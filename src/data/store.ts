// The market-data store: opens the DuckDB file, migrates it, and answers store-level questions.
import { Db } from './duckdb';
import { migrate } from './schema';

export const STORE_TABLES = ['candles_1m', 'candles_native', 'funding', 'instruments', 'risk_tiers', 'import_log'] as const;

export interface StoreInfo {
  path: string;
  schemaVersion: number;
  tables: Record<string, number>;
}

export class Store {
  private constructor(
    readonly db: Db,
    readonly schemaVersion: number,
  ) {}

  static async open(path: string): Promise<Store> {
    const db = await Db.open(path);
    try {
      const version = await migrate(db);
      return new Store(db, version);
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
export async function withStore<T>(path: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await Store.open(path);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}
