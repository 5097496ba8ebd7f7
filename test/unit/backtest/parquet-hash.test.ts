// Parquet artifacts are byte-identical for identical rows and read back exactly; canonical JSON
// ignores key order and number formatting.
import { expect, test } from 'bun:test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashCanonical } from '../../../src/backtest/hash';
import { readParquet, writeParquet } from '../../../src/data';
import { canonicalJson } from '../../../src/domain';

test('same rows give byte-identical parquet that reads back exactly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trade-pq-'));
  const cols = [
    { name: 'ts_ms', type: 'BIGINT' as const, values: [1704067200000, 1704067260000] },
    { name: 'price', type: 'DOUBLE' as const, values: [42283.5, 0.1 + 0.2] },
    { name: 'side', type: 'VARCHAR' as const, values: ['long', 'short'] },
    { name: 'ambiguous', type: 'BOOLEAN' as const, values: [false, true] },
  ];
  await writeParquet(join(dir, 'a.parquet'), cols);
  await writeParquet(join(dir, 'b.parquet'), cols);
  expect(readFileSync(join(dir, 'a.parquet')).equals(readFileSync(join(dir, 'b.parquet')))).toBe(true);
  const rows = await readParquet(join(dir, 'a.parquet'));
  expect(rows).toEqual([
    { ts_ms: 1704067200000n, price: 42283.5, side: 'long', ambiguous: false },
    { ts_ms: 1704067260000n, price: 0.30000000000000004, side: 'short', ambiguous: true },
  ] as never);
});

test('canonical JSON sorts keys and normalises numbers', () => {
  expect(canonicalJson({ b: 1.0, a: [2, { d: -0, c: 'x' }] })).toBe('{"a":[2,{"c":"x","d":0}],"b":1}');
  expect(hashCanonical({ x: 1, y: 2 })).toBe(hashCanonical({ y: 2, x: 1.0 }));
  expect(hashCanonical({ x: 1 })).not.toBe(hashCanonical({ x: 1.0000001 }));
});
