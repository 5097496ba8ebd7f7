// Store schema: migrations are versioned and a failing migration changes nothing.
import { expect, test } from 'bun:test';
import { Db, MIGRATIONS, migrate, SCHEMA_VERSION } from '../../../src/data';

test('a fresh store migrates to the latest version', async () => {
  const db = await Db.open(':memory:');
  expect(await migrate(db)).toBe(SCHEMA_VERSION);
  expect(await migrate(db)).toBe(SCHEMA_VERSION);
  db.close();
});

test('a failing migration reports itself and leaves the store unchanged', async () => {
  const db = await Db.open(':memory:');
  await migrate(db);
  const broken = [
    ...MIGRATIONS,
    { version: SCHEMA_VERSION + 1, name: 'broken', sql: ['CREATE TABLE extra (x INTEGER)', 'SELECT * FROM no_such_table'] },
  ];
  await expect(migrate(db, broken)).rejects.toThrow(`migration ${SCHEMA_VERSION + 1} (broken) failed`);
  const tables = await db.rows<{ n: number }>("SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'extra'");
  expect(tables[0]!.n).toBe(0);
  expect(await migrate(db)).toBe(SCHEMA_VERSION);
  db.close();
});
