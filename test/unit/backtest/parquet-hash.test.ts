// Parquet artifacts: byte-identical for identical rows, read back exactly by our reader AND by
// DuckDB's (the independent reader), including empty tables, >15 columns/rows (long thrift lists),
// unicode strings and booleans across byte boundaries; canonical JSON ignores key order and
// number formatting.
import { expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashCanonical } from '../../../src/backtest/hash';
import { encodeParquet, readParquet, readParquetColumns, writeParquet } from '../../../src/data';
import { canonicalJson } from '../../../src/domain';

test('same rows give byte-identical parquet that reads back exactly (ours and DuckDB)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trade-pq-'));
  const cols = [
    { name: 'ts_ms', type: 'BIGINT' as const, values: [1704067200000, 1704067260000] },
    { name: 'price', type: 'DOUBLE' as const, values: [42283.5, 0.1 + 0.2] },
    { name: 'side', type: 'VARCHAR' as const, values: ['long', 'short'] },
    { name: 'ambiguous', type: 'BOOLEAN' as const, values: [false, true] },
  ];
  writeParquet(join(dir, 'a.parquet'), cols);
  writeParquet(join(dir, 'b.parquet'), cols);
  expect(readFileSync(join(dir, 'a.parquet')).equals(readFileSync(join(dir, 'b.parquet')))).toBe(true);
  const rows = await readParquet(join(dir, 'a.parquet'));
  expect(rows).toEqual([
    { ts_ms: 1704067200000n, price: 42283.5, side: 'long', ambiguous: false },
    { ts_ms: 1704067260000n, price: 0.30000000000000004, side: 'short', ambiguous: true },
  ] as never);
  const ours = readParquetColumns(join(dir, 'a.parquet'));
  expect(ours.rows).toBe(2);
  expect([...(ours.columns.get('ts_ms') as Float64Array)]).toEqual([1704067200000, 1704067260000]);
  expect([...(ours.columns.get('price') as Float64Array)]).toEqual([42283.5, 0.30000000000000004]);
  expect(ours.columns.get('side')).toEqual(['long', 'short']);
  expect(ours.columns.get('ambiguous')).toEqual([false, true]);
});

test('many rows and columns, unicode, negative ints, NaN/-0 and booleans agree with DuckDB', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trade-pq-'));
  const n = 1037;
  const cols = [
    { name: 'i', type: 'BIGINT' as const, values: Array.from({ length: n }, (_, k) => (k % 2 ? -1 : 1) * k * 1_000_003_117) },
    { name: 'b', type: 'BOOLEAN' as const, values: Array.from({ length: n }, (_, k) => k % 3 === 0) },
    { name: 's', type: 'VARCHAR' as const, values: Array.from({ length: n }, (_, k) => (k % 5 === 0 ? '' : `ü€${k}`)) },
    ...Array.from({ length: 16 }, (_, c) => ({
      name: `d${c}`,
      type: 'DOUBLE' as const,
      values: Float64Array.from({ length: n }, (_, k) => (k === 7 ? -0 : k === 11 ? Number.NaN : Math.sin(k * (c + 1)) * 10 ** (c - 8))),
    })),
  ];
  const path = join(dir, 'm.parquet');
  writeParquet(path, cols);
  const duck = await readParquet(path);
  const ours = readParquetColumns(path);
  expect(duck.length).toBe(n);
  expect(ours.rows).toBe(n);
  for (const c of cols) {
    const mine = ours.columns.get(c.name)!;
    for (let k = 0; k < n; k++) {
      const d = duck[k]![c.name];
      const want = c.values[k];
      expect(c.type === 'BIGINT' ? Number(d) : d).toBe(want as never);
      expect(mine[k]).toBe(want as never);
    }
  }
  const empty = join(dir, 'e.parquet');
  writeParquet(empty, [{ name: 'x', type: 'DOUBLE', values: [] }]);
  expect(await readParquet(empty)).toEqual([]);
  expect(readParquetColumns(empty).rows).toBe(0);
});

test('bad input and damaged files give clear errors', () => {
  expect(() => encodeParquet([{ name: 'Bad Name', type: 'DOUBLE', values: [1] }])).toThrow("parquet column name 'Bad Name'");
  expect(() => encodeParquet([{ name: 'x', type: 'BIGINT', values: [1.5] }])).toThrow(
    'parquet column x row 0: expected a safe integer, got 1.5',
  );
  expect(() =>
    encodeParquet([
      { name: 'x', type: 'DOUBLE', values: [1] },
      { name: 'y', type: 'DOUBLE', values: [] },
    ]),
  ).toThrow('parquet column y has 0 rows, expected 1');
  const dir = mkdtempSync(join(tmpdir(), 'trade-pq-'));
  const path = join(dir, 'broken.parquet');
  writeFileSync(path, 'PAR1 not really');
  expect(() => readParquetColumns(path)).toThrow(`cannot read ${path}: not a Parquet file`);
});

test('canonical JSON sorts keys and normalises numbers', () => {
  expect(canonicalJson({ b: 1.0, a: [2, { d: -0, c: 'x' }] })).toBe('{"a":[2,{"c":"x","d":0}],"b":1}');
  expect(hashCanonical({ x: 1, y: 2 })).toBe(hashCanonical({ y: 2, x: 1.0 }));
  expect(hashCanonical({ x: 1 })).not.toBe(hashCanonical({ x: 1.0000001 }));
});

test('canonical JSON of flat rows equals the element-by-element form', () => {
  const rows = [[1704067200000, 'long', 0.001, -0, 1e-7, 123456789.123, true, false, '"q"\\u']];
  expect(canonicalJson(rows)).toBe('[[1704067200000,"long",0.001,0,1e-7,123456789.123,true,false,"\\"q\\"\\\\u"]]');
  expect(() => canonicalJson([1, Number.NaN])).toThrow('non-finite');
  expect(canonicalJson([{ b: 1, a: 2 }, 3])).toBe('[{"a":2,"b":1},3]');
});
