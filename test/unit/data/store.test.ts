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

describe('schema migrations', () => {
  test('a new store is at the latest version with every table', async () => {
    const store = await Store.open(join(tmp.dir, 'new.duckdb'));
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
    expect(await tables(store.db)).toEqual([
      'candles_1m',
      'candles_native',
      'funding',
      'import_log',
      'instruments',
      'risk_tiers',
      'schema_meta',
    ]);
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
