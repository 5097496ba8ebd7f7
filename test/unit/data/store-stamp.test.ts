// The store stamp identifies a store file's bytes by its metadata alone: a rewrite of the same size
// with the times put back (touch -d, cp -p) still changes it through the change time; a WAL beside
// the file is part of it; an in-memory or missing store has none.
import { afterAll, expect, test } from 'bun:test';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { storeStamp } from '../../../src/data';
import { putTimesBack, tempDir } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

test('same-size rewrites with the old times put back, and WAL changes, change the stamp', async () => {
  const path = join(tmp.dir, 'a.duckdb');
  writeFileSync(path, 'aaaa');
  const first = storeStamp(path)!;
  expect(storeStamp(path)).toEqual(first);
  const before = statSync(path, { bigint: true });
  await Bun.sleep(20);
  writeFileSync(path, 'bbbb');
  putTimesBack(path, before.mtimeNs);
  const rewritten = storeStamp(path)!;
  expect(rewritten.id).not.toBe(first.id);

  writeFileSync(`${path}.wal`, 'w');
  const withWal = storeStamp(path)!;
  expect(withWal.id).not.toBe(rewritten.id);
  expect(withWal.mtimeNs >= rewritten.mtimeNs).toBe(true);
  rmSync(`${path}.wal`);
  expect(storeStamp(path)).toEqual(rewritten);
});

test('no stamp for an in-memory or missing store', () => {
  expect(storeStamp(':memory:')).toBeUndefined();
  expect(storeStamp(join(tmp.dir, 'missing.duckdb'))).toBeUndefined();
});
