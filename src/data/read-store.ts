// Which commands may create a store, and when the bundled sample is imported. Only the writers
// (`data import`, `data sync`, `data info`) create a store; a command that reads needs an existing
// one, so a mistyped `--db` fails (STORE_MISSING, exit 2) instead of backtesting a fresh sample.
// The one exception is the default store (data/trade.duckdb): a reader creates it and imports the
// bundled sample into it while it has no candles, so a fresh checkout works out of the box.
// Readers open the store read-only (store.ts): they share it with other readers and a running
// emulator, and read a store on a read-only file or folder.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataError } from '../errors';
import { ensureSampleData, hasCandles } from './sample';
import { Store } from './store';

export const DEFAULT_DB_PATH = 'data/trade.duckdb';

/** True for the default store path, however it is written (relative to the working directory). */
export function isDefaultStore(path: string): boolean {
  return path !== ':memory:' && resolve(path) === resolve(DEFAULT_DB_PATH);
}

/** Throws STORE_MISSING for a reader given a store path that does not exist (the default store excepted). */
export function requireStore(path: string): void {
  if (path === ':memory:' || isDefaultStore(path) || existsSync(path)) return;
  throw new DataError(
    'STORE_MISSING',
    `store ${path} does not exist (check --db / TRADE_DB; create it with trade data import <file> --db ${path})`,
    { path },
  );
}

/** Opens a store for reading: an existing one, or the default store with the sample when it has no candles. */
export async function openReadStore(path: string): Promise<{ store: Store; sampleImported: boolean }> {
  requireStore(path);
  let store = await Store.open(path, { read: true });
  try {
    if (!isDefaultStore(path)) return { store, sampleImported: false };
    if (store.readOnly && !(await hasCandles(store))) {
      store.close(); // the empty default store gets the sample: that one write needs the write lock
      store = await Store.open(path);
    }
    const sample = store.readOnly ? [] : await ensureSampleData(store);
    return { store, sampleImported: sample.length > 0 };
  } catch (e) {
    store.close();
    throw e;
  }
}

/** Runs `fn` on a store opened for reading (openReadStore) and always closes it. */
export async function withReadStore<T>(path: string, fn: (store: Store, sampleImported: boolean) => Promise<T>): Promise<T> {
  const { store, sampleImported } = await openReadStore(path);
  try {
    return await fn(store, sampleImported);
  } finally {
    store.close();
  }
}
