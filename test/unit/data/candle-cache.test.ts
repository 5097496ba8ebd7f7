// The candle column cache: written on the first load, read (memory-mapped) on the next, and never
// trusted when the store changed underneath it (new rows, an edited value, a damaged file): the
// store's fingerprint decides, so a load always returns what DuckDB holds. Day digests kept in the
// cache give the same window hash as hashing the rows.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { importFiles, loadCandles, loadWindow, noticesGiven, type Store } from '../../../src/data';
import { cachePath } from '../../../src/data/candle-cache';
import { candleWindowHash } from '../../../src/domain';
import { tempDir, tempStore, writeFile } from './helpers';

const tmp = tempDir();
let store: Store;
const T0 = Date.UTC(2024, 0, 1);
const iso = (m: number) => new Date(T0 + m * 60_000).toISOString();
const csv = (from: number, to: number, closeOf: (m: number) => number) => {
  const lines = ['timestamp,open,high,low,close,volume,turnover'];
  for (let m = from; m < to; m++) lines.push(`${iso(m)},${closeOf(m)},${closeOf(m) + 5},${closeOf(m) - 5},${closeOf(m)},${m % 7},${m}`);
  return lines.join('\n');
};

beforeAll(async () => {
  store = await tempStore(tmp.dir);
  await importFiles(store, [
    writeFile(
      tmp.dir,
      'BTCUSDT_a.csv',
      csv(0, 300, (m) => 40_000 + m),
    ),
  ]);
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

const closes = (c: { close: Float64Array }) => Array.from(c.close);

test('the first load writes the cache; later loads read it and slice [from, to)', async () => {
  const path = cachePath(store.db.path, 'BTCUSDT')!;
  expect(existsSync(path)).toBe(false);
  const a = await loadCandles(store, 'BTCUSDT', T0 + 10 * 60_000, T0 + 20 * 60_000);
  expect(existsSync(path)).toBe(true);
  expect(closes(a)).toEqual(Array.from({ length: 10 }, (_, k) => 40_010 + k));
  // Prove the next read comes from the file: patch one close in the file. With the header's body
  // digest left as it was, the patch is detected and the file rebuilt from the store.
  const bytes = readFileSync(path);
  const headerLen = bytes.readUInt32LE(8);
  const rows = 300;
  const closeAt = 12 + headerLen + (4 * rows + 15) * 8;
  expect(bytes.readDoubleLE(closeAt)).toBe(40_015);
  bytes.writeDoubleLE(12_345, closeAt);
  writeFileSync(path, bytes);
  const rebuilt = await loadCandles(store, 'BTCUSDT', T0 + 10 * 60_000, T0 + 20 * 60_000);
  expect(rebuilt.close[5]).toBe(40_015);
  expect(noticesGiven().some((n) => n.startsWith(`note: the column cache ${path} does not match its content digest`))).toBe(true);
  // The same patch with the digest updated too (what a writer of the format would do) is read as is.
  const again = readFileSync(path);
  again.writeDoubleLE(12_345, closeAt);
  const header = again.subarray(12, 12 + headerLen).toString();
  const digest = Bun.hash
    .xxHash3(again.subarray(12 + headerLen))
    .toString(16)
    .padStart(16, '0');
  again.write(header.replace(/"bodyXxh3":"[0-9a-f]{16}"/, `"bodyXxh3":"${digest}"`), 12);
  writeFileSync(path, again);
  const b = await loadCandles(store, 'BTCUSDT', T0 + 10 * 60_000, T0 + 20 * 60_000);
  expect(b.close[5]).toBe(12_345);
  expect(Array.from(b.tsMs, (t) => (t - T0) / 60_000)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  expect(Array.from(b.turnover)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
});

test('an edited value in the store invalidates the cache', async () => {
  await store.db.run('UPDATE candles_1m SET close = 40016.5 WHERE symbol = $1 AND ts_open_ms = $2', ['BTCUSDT', T0 + 16 * 60_000]);
  const c = await loadCandles(store, 'BTCUSDT', T0 + 15 * 60_000, T0 + 17 * 60_000);
  expect(closes(c)).toEqual([40_015, 40_016.5]);
});

test('new rows appear at once, and a damaged file is rebuilt', async () => {
  await importFiles(store, [
    writeFile(
      tmp.dir,
      'BTCUSDT_b.csv',
      csv(300, 310, (m) => 50_000 + m),
    ),
  ]);
  const c = await loadCandles(store, 'BTCUSDT', T0 + 298 * 60_000, T0 + 400 * 60_000);
  expect(closes(c)).toEqual([40_298, 40_299, ...Array.from({ length: 10 }, (_, k) => 50_300 + k)]);
  const path = cachePath(store.db.path, 'BTCUSDT')!;
  writeFileSync(path, 'garbage');
  const d = await loadCandles(store, 'BTCUSDT', T0, T0 + 3 * 60_000);
  expect(closes(d)).toEqual([40_000, 40_001, 40_002]);
  expect(readFileSync(path).subarray(0, 8).toString()).toBe('TRDC1M03');
});

test('symbols without rows and windows outside the data give empty columns', async () => {
  expect((await loadCandles(store, 'ETHUSDT', T0, T0 + 60_000)).tsMs.length).toBe(0);
  expect((await loadCandles(store, 'BTCUSDT', T0 - 600_000, T0)).tsMs.length).toBe(0);
  expect((await loadCandles(store, 'BTCUSDT', T0 + 1e9, T0 + 2e9)).tsMs.length).toBe(0);
});

test('window hashes from cached day digests equal hashes computed from the rows', async () => {
  const tmp2 = tempDir();
  const s = await tempStore(tmp2.dir);
  try {
    // Days 2024-01-01..03 with a missing hour on the 2nd.
    const rows = csv(0, 3 * 1440, (m) => 40_000 + (m % 97)).split('\n');
    const kept = [rows[0]!, ...rows.slice(1).filter((_, m) => m < 1440 + 600 || m >= 1440 + 660)];
    await importFiles(s, [writeFile(tmp2.dir, 'BTCUSDT_days.csv', kept.join('\n'))]);
    await loadWindow(s, 'BTCUSDT', T0, T0 + 60_000); // builds the cache
    const day = 86_400_000;
    const windows: [number, number][] = [
      [T0, T0 + 3 * day],
      [T0 + 37 * 60_000, T0 + 2 * day + 5 * 60_000],
      [T0 + day, T0 + 2 * day],
      [T0 - day, T0 + 4 * day],
    ];
    let fromCache = 0;
    for (const [from, to] of windows) {
      const w = await loadWindow(s, 'BTCUSDT', from, to);
      expect(w.dayDigest).toBeDefined();
      const cached = candleWindowHash(w, from, to, (d) => {
        const x = w.dayDigest!(d);
        if (x) fromCache++;
        return x;
      });
      expect(cached).toBe(candleWindowHash(w, from, to));
    }
    expect(fromCache).toBe(3 + 1 + 1 + 3);
    // One changed value changes the hash.
    const w = await loadWindow(s, 'BTCUSDT', T0, T0 + 3 * day);
    const before = candleWindowHash(w, T0, T0 + 3 * day, w.dayDigest);
    await s.db.run('UPDATE candles_1m SET volume = volume + 1 WHERE symbol = $1 AND ts_open_ms = $2', [
      'BTCUSDT',
      T0 + 2 * day + 7 * 60_000,
    ]);
    const w2 = await loadWindow(s, 'BTCUSDT', T0, T0 + 3 * day);
    expect(candleWindowHash(w2, T0, T0 + 3 * day, w2.dayDigest)).not.toBe(before);
  } finally {
    s.close();
    tmp2.cleanup();
  }
});
