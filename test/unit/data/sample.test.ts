import { afterAll, describe, expect, test } from 'bun:test';
import { coverage, ensureSampleData, importFiles } from '../../../src/data';
import { count, tempDir, tempStore, writeFile } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('bundled sample', () => {
  test('an empty store gets BTCUSDT 1m for August 2024 and its funding, once', async () => {
    const store = await tempStore(tmp.dir, 'sample.duckdb');
    const reports = await ensureSampleData(store);
    expect(reports.map((r) => [r.kind, r.rowsAdded])).toEqual([
      ['candles_1m', 31 * 1440],
      ['funding', 31 * 3],
    ]);
    const [btc] = await coverage(store);
    expect(btc?.candles1m).toEqual({
      first: '2024-08-01T00:00:00.000Z',
      last: '2024-08-31T23:59:00.000Z',
      rows: 44640,
      gaps: 0,
      missingMinutes: 0,
    });
    expect(btc?.funding).toEqual({ first: '2024-08-01T00:00:00.000Z', last: '2024-08-31T16:00:00.000Z', rows: 93 });
    expect(await count(store, "SELECT count(*) AS n FROM instruments WHERE symbol = 'BTCUSDT'")).toBe(1);
    expect(await ensureSampleData(store)).toEqual([]);
    expect(await count(store, 'SELECT count(*) AS n FROM candles_1m')).toBe(44640);
    store.close();
  });

  test('a store that already has candles is left alone', async () => {
    const store = await tempStore(tmp.dir, 'other.duckdb');
    await importFiles(store, [
      writeFile(tmp.dir, 'ETHUSDT_x.csv', 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,1,2,1\n'),
    ]);
    expect(await ensureSampleData(store)).toEqual([]);
    expect(await count(store, 'SELECT count(*) AS n FROM candles_1m')).toBe(1);
    store.close();
  });
});
