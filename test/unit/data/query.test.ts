import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { bars, coverage, gaps, gapsInColumn, importFiles, loadWindow, type Store } from '../../../src/data';
import { tempDir, tempStore, writeFile } from './helpers';

const tmp = tempDir();
let store: Store;
const T0 = Date.UTC(2024, 0, 1);
const iso = (minute: number) => new Date(T0 + minute * 60_000).toISOString();

/** Minutes 0..59 of 2024-01-01 except 10..14 (a 5-minute gap) and 30 (1 minute); close = minute index + 100. */
const PRESENT = Array.from({ length: 60 }, (_, m) => m).filter((m) => !(m >= 10 && m < 15) && m !== 30);

beforeAll(async () => {
  store = await tempStore(tmp.dir);
  const lines = ['timestamp,open,high,low,close,volume,turnover'];
  // Written newest range first so the store holds the rows out of time order.
  const order = [...PRESENT.filter((m) => m >= 30), ...PRESENT.filter((m) => m < 30)];
  for (const m of order) lines.push(`${iso(m)},${m + 100},${m + 101},${m + 99},${m + 100},1,${m}`);
  const half = lines.length >> 1;
  await importFiles(store, [writeFile(tmp.dir, 'BTCUSDT_late.csv', [lines[0], ...lines.slice(1, half)].join('\n'))]);
  await importFiles(store, [writeFile(tmp.dir, 'BTCUSDT_early.csv', [lines[0], ...lines.slice(half)].join('\n'))]);
  await importFiles(store, [
    writeFile(
      tmp.dir,
      'BTCUSDT_funding.csv',
      `fundingRateTimestamp,fundingRate\n${T0 - 28_800_000},0.0002\n${T0},0.0001\n${T0 + 28_800_000},-0.0001\n`,
    ),
  ]);
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

describe('gaps and coverage', () => {
  test('gaps lists each missing range, end exclusive', async () => {
    expect(await gaps(store, 'BTCUSDT')).toEqual([
      { start: iso(10), end: iso(15), minutes: 5 },
      { start: iso(30), end: iso(31), minutes: 1 },
    ]);
  });

  test('with --from/--to, missing minutes at the edges count too', async () => {
    expect(await gaps(store, 'BTCUSDT', T0 - 2 * 60_000, T0 + 12 * 60_000)).toEqual([
      { start: iso(-2), end: iso(0), minutes: 2 },
      { start: iso(10), end: iso(12), minutes: 2 },
    ]);
    expect(await gaps(store, 'BTCUSDT', T0 + 40 * 60_000, T0 + 62 * 60_000)).toEqual([{ start: iso(60), end: iso(62), minutes: 2 }]);
    expect(await gaps(store, 'ETHUSDT', T0, T0 + 3 * 60_000)).toEqual([{ start: iso(0), end: iso(3), minutes: 3 }]);
  });

  test('gapsInColumn over a loaded window gives the same ranges as the store query', async () => {
    const windows: [number, number][] = [
      [-2, 12],
      [40, 62],
      [0, 60],
      [-5, 65],
      [10, 15],
      [11, 31],
      [31, 40],
    ];
    for (const [a, b] of windows) {
      const from = T0 + a * 60_000;
      const to = T0 + b * 60_000;
      const w = await loadWindow(store, 'BTCUSDT', from, to);
      expect(gapsInColumn(w.tsMs, from, to)).toEqual(await gaps(store, 'BTCUSDT', from, to));
    }
    expect(gapsInColumn(new Float64Array(0), T0, T0 + 3 * 60_000)).toEqual(await gaps(store, 'ETHUSDT', T0, T0 + 3 * 60_000));
  });

  test('coverage per symbol', async () => {
    expect(await coverage(store)).toEqual([
      {
        symbol: 'BTCUSDT',
        candles1m: { first: iso(0), last: iso(59), rows: 54, gaps: 2, missingMinutes: 6 },
        funding: { first: iso(-480), last: iso(480), rows: 3 },
        native: [],
      },
    ]);
  });
});

describe('loadWindow', () => {
  test('columnar Float64Arrays in time order even when stored out of order, [from, to) bounds', async () => {
    const w = await loadWindow(store, 'BTCUSDT', T0, T0 + 32 * 60_000);
    expect(w.tsMs).toBeInstanceOf(Float64Array);
    expect(w.close).toBeInstanceOf(Float64Array);
    const minutes = Array.from(w.tsMs, (t) => (t - T0) / 60_000);
    expect(minutes).toEqual(PRESENT.filter((m) => m < 32));
    expect(Array.from(w.close)).toEqual(minutes.map((m) => m + 100));
    expect(Array.from(w.turnover)).toEqual(minutes);
    expect(Array.from(w.funding.tsMs)).toEqual([T0]);
    expect(Array.from(w.funding.rate)).toEqual([0.0001]); // settlements in [from, to) only
  });

  test('an empty window gives empty arrays', async () => {
    const w = await loadWindow(store, 'SOLUSDT', T0, T0 + 60_000);
    expect(w.tsMs.length).toBe(0);
    expect(w.funding.rate.length).toBe(0);
  });
});

describe('bars', () => {
  test('5m bars from the store: the gap bucket and the one-minute gap are flagged incomplete', async () => {
    const b = await bars(store, { symbol: 'BTCUSDT', tfMinutes: 5 });
    expect(Array.from(b.tsMs, (t) => (t - T0) / 60_000)).toEqual([0, 5, 15, 20, 25, 30, 35, 40, 45, 50, 55]);
    expect(Array.from(b.complete)).toEqual([1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1]);
    expect([b.open[1], b.high[1], b.low[1], b.close[1], b.volume[1]]).toEqual([105, 110, 104, 109, 5]);
  });

  test('--from inclusive / --to exclusive on bar open time; a bar is complete on its own minutes', async () => {
    const b = await bars(store, { symbol: 'BTCUSDT', tfMinutes: 15, fromMs: T0 + 15 * 60_000, toMs: T0 + 31 * 60_000 });
    expect(Array.from(b.tsMs, (t) => (t - T0) / 60_000)).toEqual([15, 30]);
    expect(Array.from(b.complete)).toEqual([1, 0]);
    expect(b.close[1]).toBe(144);
  });

  test('the still-open last bucket is not returned', async () => {
    const b = await bars(store, { symbol: 'BTCUSDT', tfMinutes: 60 });
    expect(b.tsMs.length).toBe(1); // minutes 0..59 close the 00:00 hour
    const b7 = await bars(store, { symbol: 'BTCUSDT', tfMinutes: 120 });
    expect(b7.tsMs.length).toBe(0); // the 00:00-02:00 bucket has not ended at the last stored minute
  });
});
