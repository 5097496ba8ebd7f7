import { afterAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { Db, MIGRATIONS, migrate, SCHEMA_VERSION, Store } from '../../../src/data';
import { DataError } from '../../../src/errors';
import { count, tempDir } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function tables(db: Db): Promise<string[]> {
  const rows = await db.rows<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1",
  );
  return rows.map((r) => r.name);
}

/** Primary and unique keys as "table(columns)", sorted. */
async function keys(db: Db): Promise<string[]> {
  const rows = await db.rows<{ k: string }>(
    "SELECT table_name || '(' || array_to_string(constraint_column_names, ',') || ')' AS k FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE') ORDER BY 1",
  );
  return rows.map((r) => r.k);
}

const KEYS_V2 = [
  'candles_1m(symbol,ts_open_ms)',
  'candles_native(symbol,tf_min,ts_open_ms)',
  'funding(symbol,ts_ms)',
  'instruments(symbol)',
  'risk_tiers(symbol,tier)',
];

/** Every candle and funding row (as text, so a changed bit shows), in key order. */
async function contents(db: Db): Promise<string[]> {
  const rows = await db.rows<{ r: string }>(
    `SELECT r FROM (
       SELECT 1 AS t, symbol, 0 AS tf, ts_open_ms AS ts, CAST(c AS VARCHAR) AS r FROM candles_1m c
       UNION ALL SELECT 2, symbol, tf_min, ts_open_ms, CAST(n AS VARCHAR) FROM candles_native n
       UNION ALL SELECT 3, symbol, 0, ts_ms, CAST(f AS VARCHAR) FROM funding f)
     ORDER BY t, symbol, tf, ts`,
  );
  return rows.map((r) => r.r);
}

/** Column name, type and nullability of the candle tables, in table and column order. */
async function columns(db: Db): Promise<string[]> {
  const rows = await db.rows<{ c: string }>(
    `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable AS c FROM information_schema.columns
     WHERE table_name IN ('candles_1m', 'candles_native') ORDER BY table_name, ordinal_position`,
  );
  return rows.map((r) => r.c);
}

describe('schema migrations', () => {
  test('a new store is at the latest version with every table', async () => {
    const store = await Store.open(join(tmp.dir, 'new.duckdb'));
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(3);
    expect(await tables(store.db)).toEqual([
      'candles_1m',
      'candles_native',
      'funding',
      'import_log',
      'instruments',
      'risk_tiers',
      'schema_meta',
    ]);
    expect(await keys(store.db)).toEqual(['funding(symbol,ts_ms)', 'instruments(symbol)', 'risk_tiers(symbol,tier)']);
    store.close();
  });

  test('a v1 store with data is upgraded in place and keeps its rows', async () => {
    const path = join(tmp.dir, 'v1.duckdb');
    const db = await Db.open(path);
    expect(await migrate(db, MIGRATIONS.slice(0, 1))).toBe(1);
    await db.run("INSERT INTO import_log VALUES ('f.csv', 'abc', 'funding', 'BTCUSDT', 3, 3, 0)");
    db.close();
    const store = await Store.open(path);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    const rows = await store.db.rows<{ source: string; rows_dropped: bigint; note: string | null }>(
      'SELECT source, rows_dropped, note FROM import_log',
    );
    expect(rows).toEqual([{ source: 'f.csv', rows_dropped: 0n, note: null }]);
    store.close();
  });

  test('a v2 store with candles is upgraded to v3: every row and value kept, in key order, candle tables without a key', async () => {
    const path = join(tmp.dir, 'v2.duckdb');
    const db = await Db.open(path);
    expect(await migrate(db, MIGRATIONS.slice(0, 2))).toBe(2);
    expect(await keys(db)).toEqual(KEYS_V2);
    // Inserted out of key order, two symbols, a missing turnover, values that must survive to the bit.
    await db.run(`INSERT INTO candles_1m VALUES
      ('ETHUSDT', 1704067260000, 2.5, 3, 2, 2.75, 10, NULL),
      ('BTCUSDT', 1704067260000, 42000.1, 42010.25, 41990.5, 42005.75, 1.234, 51834.1),
      ('BTCUSDT', 1704067200000, 0.1, 0.30000000000000004, 0.1, 0.2, 0, NULL),
      ('ETHUSDT', 1704067200000, 2, 2.5, 1.5, 2.5, 5, 12.5)`);
    await db.run(`INSERT INTO candles_native VALUES
      ('BTCUSDT', 5, 1704067500000, 3, 4, 2, 3.5, 7, 21),
      ('BTCUSDT', 5, 1704067200000, 1, 2, 1, 2, 5, NULL)`);
    await db.run("INSERT INTO funding VALUES ('BTCUSDT', 1704067200000, 0.0001)");
    const before = await contents(db);
    const columnsBefore = await columns(db);
    db.close();

    const store = await Store.open(path);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(await contents(store.db)).toEqual(before);
    expect(await columns(store.db)).toEqual(columnsBefore);
    expect(await keys(store.db)).toEqual(KEYS_V2.filter((k) => !k.startsWith('candles')));
    // Stored in key order: row ids follow (symbol, [tf,] ts).
    const order = await store.db.rows<{ k: string }>("SELECT symbol || ' ' || ts_open_ms AS k FROM candles_1m ORDER BY rowid");
    expect(order.map((r) => r.k)).toEqual([
      'BTCUSDT 1704067200000',
      'BTCUSDT 1704067260000',
      'ETHUSDT 1704067200000',
      'ETHUSDT 1704067260000',
    ]);
    expect(await tables(store.db)).not.toContain('candles_1m_v3');
    store.close();
  });

  test('a failing migration says which one and changes nothing', async () => {
    const path = join(tmp.dir, 'broken.duckdb');
    const db = await Db.open(path);
    await migrate(db);
    await db.run("INSERT INTO funding VALUES ('BTCUSDT', 0, 0.0001)");
    const broken = [
      ...MIGRATIONS,
      {
        version: SCHEMA_VERSION + 1,
        name: 'deliberately broken',
        sql: ['CREATE TABLE half_done (a INTEGER)', 'DELETE FROM funding', 'ALTER TABLE no_such_table ADD COLUMN x INTEGER'],
      },
    ];
    let error: unknown;
    try {
      await migrate(db, broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toContain(`migration ${SCHEMA_VERSION + 1} (deliberately broken) failed`);
    expect((error as Error).message).toContain(`unchanged at version ${SCHEMA_VERSION}`);
    expect(await tables(db)).not.toContain('half_done');
    const store = { db } as Store;
    expect(await count(store, 'SELECT count(*) AS n FROM funding')).toBe(1);
    expect(await count(store, 'SELECT max(version) AS n FROM schema_meta')).toBe(SCHEMA_VERSION);
    db.close();
  });

  test('a store newer than the build is refused', async () => {
    const path = join(tmp.dir, 'newer.duckdb');
    const db = await Db.open(path);
    await migrate(db);
    await db.run('INSERT INTO schema_meta VALUES (99)');
    db.close();
    await expect(Store.open(path)).rejects.toThrow(/schema version 99, newer than this build supports/);
  });
});
