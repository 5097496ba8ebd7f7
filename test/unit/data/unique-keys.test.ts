// The candle tables have no primary key (schema v3): insertCandles alone keeps (symbol, [tf,] ts)
// unique. Same file twice, overlapping files (in one command or two), a file spanning stored rows
// in its middle, the sync path and 5m candles never store a key twice; a conflict still refuses the
// whole command with nothing written.
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { importFiles, insertCandles, type Store } from '../../../src/data';
import { allocCandles, MINUTE_MS } from '../../../src/domain';
import { count, rejected, tempDir, tempStore, writeFile } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let store: Store;
let n = 0;
beforeEach(async () => {
  store = await tempStore(tmp.dir, `unique-${n++}.duckdb`);
});
afterEach(() => store.close());

const T0_MS = Date.UTC(2024, 0, 1);

/** Candles at minutes [from, to) (steps of `stepMin`) as CSV; a candle's values follow from its minute. */
function csv(fromMin: number, toMin: number, stepMin = 1, closeAt?: { minute: number; close: number }): string {
  const lines = ['timestamp,open,high,low,close,volume,turnover'];
  for (let m = fromMin; m < toMin; m += stepMin) {
    const o = 100 + m;
    const c = closeAt?.minute === m ? closeAt.close : o + 0.5;
    lines.push(`${new Date(T0_MS + m * MINUTE_MS).toISOString()},${o},${o + 1},${o - 1},${c},${m + 1},${(m + 1) * o}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Candles at minutes [fromMin, toMin) as columns (the sync path's input), all at the same prices. */
function cols(fromMin: number, toMin: number) {
  const c = allocCandles(toMin - fromMin);
  for (let m = fromMin; m < toMin; m++) {
    const i = m - fromMin;
    c.tsMs[i] = T0_MS + m * MINUTE_MS;
    c.open[i] = 100;
    c.high[i] = 101;
    c.low[i] = 99;
    c.close[i] = 100;
    c.volume[i] = 1;
    c.turnover[i] = Number.NaN;
  }
  return c;
}

let files = 0;
const file = (text: string, tf = '1m') => writeFile(tmp.dir, `bybit_linear_BTCUSDT_${tf}_${files++}.csv`, text);

/** Rows and distinct keys of a candle table. */
async function rowsAndKeys(table = 'candles_1m'): Promise<[number, number]> {
  const key = table === 'candles_1m' ? 'symbol, ts_open_ms' : 'symbol, tf_min, ts_open_ms';
  return [
    await count(store, `SELECT count(*) AS n FROM ${table}`),
    await count(store, `SELECT count(*) AS n FROM (SELECT DISTINCT ${key} FROM ${table})`),
  ];
}

describe('candle keys stay unique without a primary key', () => {
  test('the same file twice: the second import adds nothing and stores no key twice', async () => {
    const f = file(csv(0, 3000));
    const [first] = await importFiles(store, [f]);
    expect([first?.rowsAdded, first?.alreadyStored]).toEqual([3000, 0]);
    const [again] = await importFiles(store, [f]);
    expect([again?.rowsAdded, again?.alreadyStored]).toEqual([0, 3000]);
    expect(await rowsAndKeys()).toEqual([3000, 3000]);
  });

  test('overlapping files in two commands, and in one command, add only the new minutes', async () => {
    const [a] = await importFiles(store, [file(csv(0, 100))]);
    const [b] = await importFiles(store, [file(csv(50, 150))]);
    expect([a?.rowsAdded, b?.rowsAdded, b?.alreadyStored]).toEqual([100, 50, 50]);
    expect(await rowsAndKeys()).toEqual([150, 150]);
    const both = await importFiles(store, [file(csv(140, 200)), file(csv(120, 260))]);
    expect(both.map((r) => [r.rowsAdded, r.alreadyStored])).toEqual([
      [50, 10],
      [60, 80],
    ]);
    expect(await rowsAndKeys()).toEqual([260, 260]);
  });

  test('a file whose span holds stored minutes only in its middle adds the others once', async () => {
    await importFiles(store, [file(csv(40, 60))]);
    const [r] = await importFiles(store, [file(csv(0, 100))]);
    expect([r?.rowsAdded, r?.alreadyStored]).toEqual([80, 20]);
    expect(await rowsAndKeys()).toEqual([100, 100]);
  });

  test('one conflicting row refuses the whole command: nothing written, not even the rows that were new', async () => {
    await importFiles(store, [file(csv(0, 100))]);
    const fresh = file(csv(500, 600));
    const clash = file(csv(50, 200, 1, { minute: 70, close: 170.25 }));
    const e = await rejected(importFiles(store, [fresh, clash]));
    expect(e.code).toBe('DATA_CONFLICT');
    expect(e.message.split('\n')[0]).toBe('import rejected, nothing was written: 1 conflicting row in 1 file');
    expect(e.message).toContain(`${clash}:22: conflict at 2024-01-01T01:10:00.000Z`);
    expect(await rowsAndKeys()).toEqual([100, 100]);
    expect(await count(store, 'SELECT count(*) AS n FROM import_log')).toBe(1);
  });

  test('the sync write path (insertCandles) over stored minutes adds only new keys', async () => {
    await insertCandles(store, 'BTCUSDT', cols(0, 10), { name: 'bybit:a', sha256: 'a' });
    const r = await insertCandles(store, 'BTCUSDT', cols(5, 15), { name: 'bybit:b', sha256: 'b' });
    expect([r.rowsAdded, r.alreadyStored]).toEqual([5, 5]);
    expect(await rowsAndKeys()).toEqual([15, 15]);
  });

  test('overlapping writes started together run one after the other: every key once, nothing counted twice', async () => {
    const results = await Promise.all([
      insertCandles(store, 'BTCUSDT', cols(0, 2000), { name: 'bybit:a', sha256: 'a' }),
      insertCandles(store, 'BTCUSDT', cols(1000, 3000), { name: 'bybit:b', sha256: 'b' }),
      insertCandles(store, 'BTCUSDT', cols(500, 2500), { name: 'bybit:c', sha256: 'c' }),
    ]);
    expect(results.map((r) => r.rowsAdded)).toEqual([2000, 1000, 0]);
    expect(await rowsAndKeys()).toEqual([3000, 3000]);
    // A refused write does not block the next one.
    const bad = cols(0, 10);
    bad.close[3] = 100.5; // stored as 100: a conflict
    const refused = insertCandles(store, 'BTCUSDT', bad, { name: 'bybit:d', sha256: 'd' });
    const after = insertCandles(store, 'BTCUSDT', cols(3000, 3010), { name: 'bybit:e', sha256: 'e' });
    expect((await rejected(refused)).code).toBe('DATA_CONFLICT');
    expect((await after).rowsAdded).toBe(10);
  });

  test('5m candles (candles_native): the same file twice and an overlapping one store each key once', async () => {
    const f = file(csv(0, 500, 5), '5m');
    await importFiles(store, [f]);
    const [again] = await importFiles(store, [f]);
    const [over] = await importFiles(store, [file(csv(250, 750, 5), '5m')]);
    expect([again?.rowsAdded, again?.alreadyStored, over?.rowsAdded, over?.alreadyStored]).toEqual([0, 100, 50, 50]);
    expect(await rowsAndKeys('candles_native')).toEqual([150, 150]);
    expect(await rowsAndKeys('candles_1m')).toEqual([0, 0]);
  });
});
