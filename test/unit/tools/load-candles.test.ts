// Stopgap loadCandles against a real DuckDB store: 1m passthrough, SQL resampling (first open,
// max high, min low, last close, summed volume), incomplete buckets dropped, weeks on Monday.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withStore } from '../../../src/data';
import { loadCandles, windowInput } from '../../../src/tools';

const M = 60_000;
const T0 = Date.UTC(2024, 0, 1); // a Monday
let dir = '';
let db = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trade-load-candles-'));
  db = join(dir, 'store.duckdb');
  await withStore(db, async (store) => {
    // 20 one-minute bars from T0: open = 100 + i, high = 101 + i, low = 99 + i, close = 100.5 + i, volume = i + 1.
    const values = Array.from(
      { length: 20 },
      (_, i) => `('BTCUSDT', ${T0 + i * M}, ${100 + i}, ${101 + i}, ${99 + i}, ${100.5 + i}, ${i + 1}, 0)`,
    );
    await store.db.run(`INSERT INTO candles_1m VALUES ${values.join(',')}`);
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadCandles', () => {
  test('1m rows within [from, to)', async () => {
    const c = await loadCandles(db, 'BTCUSDT', '1m', T0 + 2 * M, T0 + 5 * M);
    expect(Array.from(c.tsMs)).toEqual([T0 + 2 * M, T0 + 3 * M, T0 + 4 * M]);
    expect(Array.from(c.close)).toEqual([102.5, 103.5, 104.5]);
  });

  test('5m buckets aggregate OHLCV; the incomplete one is dropped', async () => {
    // window starts at minute 1: bucket 0 has 4 of 5 minutes -> dropped; buckets 5, 10, 15 complete.
    const c = await loadCandles(db, 'BTCUSDT', '5m', T0 + M);
    expect(Array.from(c.tsMs)).toEqual([T0 + 5 * M, T0 + 10 * M, T0 + 15 * M]);
    expect(Array.from(c.open)).toEqual([105, 110, 115]);
    expect(Array.from(c.high)).toEqual([110, 115, 120]);
    expect(Array.from(c.low)).toEqual([104, 109, 114]);
    expect(Array.from(c.close)).toEqual([109.5, 114.5, 119.5]);
    expect(Array.from(c.volume)).toEqual([6 + 7 + 8 + 9 + 10, 11 + 12 + 13 + 14 + 15, 16 + 17 + 18 + 19 + 20]);
  });

  test('week buckets start on Monday 00:00 UTC; days at 00:00 UTC', async () => {
    // ETHUSDT minutes from Saturday 2024-01-06 00:00 to Wednesday 2024-01-17 00:00 (exclusive):
    // exactly one complete Monday-based week (Jan 8 - Jan 15). Epoch-aligned (Thursday) weeks would
    // give Jan 11 - Jan 18 instead, which is cut at Jan 17, so none.
    await withStore(db, (store) =>
      store.db.run(
        `INSERT INTO candles_1m SELECT 'ETHUSDT', ts, 1, 2, 0.5, 1, 1, 0 FROM range(${Date.UTC(2024, 0, 6)}, ${Date.UTC(2024, 0, 17)}, ${M}) t(ts)`,
      ),
    );
    const w = await loadCandles(db, 'ETHUSDT', '1w');
    expect(Array.from(w.tsMs)).toEqual([Date.UTC(2024, 0, 8)]);
    expect(w.volume[0]).toBe(10080);
    const d = await loadCandles(db, 'ETHUSDT', '1d', Date.UTC(2024, 0, 6, 12));
    expect(d.tsMs.length).toBe(10);
    expect(d.tsMs[0]).toBe(Date.UTC(2024, 0, 7));
  });

  test('validation errors are one line', async () => {
    await expect(loadCandles(db, 'BTCUSDT', '7m')).rejects.toThrow("--tf '7m' (expected one of 1m, 3m, 5m");
    await expect(loadCandles(db, 'BTCUSDT', '1m', 10, 5)).rejects.toThrow(
      'the window is empty: --to 1970-01-01T00:00:00.005Z must be after --from 1970-01-01T00:00:00.010Z',
    );
    expect(windowInput('2024-01-02', '1704240000000')).toEqual({ fromMs: Date.UTC(2024, 0, 2), toMs: Date.UTC(2024, 0, 3) });
    expect(() => windowInput('2024-13-01', undefined)).toThrow("--from '2024-13-01': expected an ISO 8601 UTC date");
  });
});
