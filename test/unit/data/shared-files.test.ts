// Every file of the shared market data imports with the row counts, ranges and price extremes that
// SOURCES.md states; overlapping sources agree (no conflicts); our 5m resampled from 1m equals
// Bybit's own 5m candles. One store for the whole file: each big file is imported once.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { bars, DEFAULT_INSTRUMENTS, type FileReport, gaps, importFiles, importSample, type Store } from '../../../src/data';
import { DataError } from '../../../src/errors';
import { count, MARKET_DIR, market, tempDir, tempStore } from './helpers';

const tmp = tempDir();
let store: Store;
const reports = new Map<string, FileReport>();

async function importOne(name: string, opts = {}): Promise<FileReport> {
  const [r] = await importFiles(store, [market(name)], opts);
  reports.set(name, r as FileReport);
  return r as FileReport;
}

describe.skipIf(!MARKET_DIR)('shared market data (SOURCES.md)', () => {
  beforeAll(async () => {
    store = await tempStore(tmp.dir);
    for (const name of [
      'bybit_linear_BTCUSDT_1m_2024-01-01_2024-12-31.csv.gz',
      'bybit_linear_BTCUSDT_1m_2025-01-01_2025-09-22.csv.gz',
      'bybit_linear_BTCUSDT_1m_2022-05-01_2022-06-30.csv.gz',
      'bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv.gz',
      'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29.csv.gz',
      'bybit_linear_SOLUSDT_1m_2025-05-30_2025-06-29.csv.gz',
      'bybit_linear_BTCUSDT_5m_2025-04-03_2025-07-02.csv.gz',
      'bybit_linear_ETHUSDT_5m_2025-04-03_2025-07-02.csv.gz',
      'bybit_linear_SOLUSDT_5m_2025-04-03_2025-07-02.csv.gz',
      'bybit_linear_BTCUSDT_funding8h_2023-11-29_2025-12-29.csv.gz',
      'bybit_linear_ETHUSDT_funding8h_2023-12-18_2025-12-27.csv.gz',
      'bybit_linear_SOLUSDT_funding8h_2023-12-18_2025-12-27.csv.gz',
    ]) {
      await importOne(name);
    }
    await importOne('bybit_linear_BTCUSDT_funding8h_2021-01-01_2023-12-31.csv.gz', { tzOffsetMin: 180 });
    await importOne('bybit_linear_ETHUSDT_funding8h_2021-01-01_2023-12-31.csv.gz', { tzOffsetMin: 180 });
  }, 120_000);
  afterAll(() => {
    store?.close();
    tmp.cleanup();
  });

  const row = (name: string) => {
    const r = reports.get(name) as FileReport;
    return [
      r.rowsRead,
      r.rowsAdded,
      r.alreadyStored,
      r.rowsDropped,
      new Date(r.firstMs as number).toISOString(),
      new Date(r.lastMs as number).toISOString(),
    ];
  };

  test('StaPantazis 1m files: 527 040, 381 600 and 87 840 rows, first/last open times', () => {
    expect(row('bybit_linear_BTCUSDT_1m_2024-01-01_2024-12-31.csv.gz')).toEqual([
      527040,
      527040,
      0,
      0,
      '2024-01-01T00:00:00.000Z',
      '2024-12-31T23:59:00.000Z',
    ]);
    expect(row('bybit_linear_BTCUSDT_1m_2025-01-01_2025-09-22.csv.gz')).toEqual([
      381600,
      381600,
      0,
      0,
      '2025-01-01T00:00:00.000Z',
      '2025-09-22T23:59:00.000Z',
    ]);
    expect(row('bybit_linear_BTCUSDT_1m_2022-05-01_2022-06-30.csv.gz')).toEqual([
      87840,
      87840,
      0,
      0,
      '2022-05-01T00:00:00.000Z',
      '2022-06-30T23:59:00.000Z',
    ]);
  });

  test('cobra0506 files: 43 200 / 25 920 rows, the unfinished last candle dropped and reported', () => {
    // BTC 1m is identical to StaPantazis 2025 on all 43 199 closed minutes: nothing new, no conflict.
    expect(row('bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv.gz')).toEqual([
      43200,
      0,
      43199,
      1,
      '2025-05-30T16:39:00.000Z',
      '2025-06-29T16:37:00.000Z',
    ]);
    expect(row('bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29.csv.gz')).toEqual([
      43200,
      43199,
      0,
      1,
      '2025-05-30T16:39:00.000Z',
      '2025-06-29T16:37:00.000Z',
    ]);
    expect(row('bybit_linear_SOLUSDT_1m_2025-05-30_2025-06-29.csv.gz')).toEqual([
      43200,
      43199,
      0,
      1,
      '2025-05-30T16:41:00.000Z',
      '2025-06-29T16:39:00.000Z',
    ]);
    for (const s of ['BTC', 'ETH', 'SOL']) {
      expect(row(`bybit_linear_${s}USDT_5m_2025-04-03_2025-07-02.csv.gz`)).toEqual([
        25920,
        25919,
        0,
        1,
        '2025-04-03T17:05:00.000Z',
        '2025-07-02T16:55:00.000Z',
      ]);
    }
    expect(reports.get('bybit_linear_SOLUSDT_1m_2025-05-30_2025-06-29.csv.gz')?.notes[0]).toBe(
      'dropped line 43201 (2025-06-29T16:40:00.000Z), the newest candle: this layout (pandas export of Bybit klines fetched up to "now", e.g. cobra0506/crypto_backtester) ends with a candle that had not closed',
    );
  });

  test('funding: mohsenjfar 2 283 / 2 220 / 2 220; supervik 3 285 with --tz +03:00, agreeing on every overlapping row', () => {
    expect(row('bybit_linear_BTCUSDT_funding8h_2023-11-29_2025-12-29.csv.gz')).toEqual([
      2283,
      2283,
      0,
      0,
      '2023-11-29T08:00:00.000Z',
      '2025-12-29T00:00:00.000Z',
    ]);
    expect(row('bybit_linear_ETHUSDT_funding8h_2023-12-18_2025-12-27.csv.gz')).toEqual([
      2220,
      2220,
      0,
      0,
      '2023-12-18T08:00:00.000Z',
      '2025-12-27T00:00:00.000Z',
    ]);
    expect(row('bybit_linear_SOLUSDT_funding8h_2023-12-18_2025-12-27.csv.gz')).toEqual([
      2220,
      2220,
      0,
      0,
      '2023-12-18T08:00:00.000Z',
      '2025-12-27T00:00:00.000Z',
    ]);
    // 98 BTC rows overlap mohsenjfar (SOURCES.md) and are already stored with the same rate.
    expect(row('bybit_linear_BTCUSDT_funding8h_2021-01-01_2023-12-31.csv.gz')).toEqual([
      3285,
      3187,
      98,
      0,
      '2021-01-01T00:00:00.000Z',
      '2023-12-31T16:00:00.000Z',
    ]);
    expect(row('bybit_linear_ETHUSDT_funding8h_2021-01-01_2023-12-31.csv.gz')).toEqual([
      3285,
      3244,
      41,
      0,
      '2021-01-01T00:00:00.000Z',
      '2023-12-31T16:00:00.000Z',
    ]);
  });

  test('the supervik file without --tz is rejected with a hint, not guessed', async () => {
    const e = await importFiles(store, [market('bybit_linear_BTCUSDT_funding8h_2021-01-01_2023-12-31.csv.gz')]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataError);
    expect((e as Error).message).toContain(":2: time '2021-01-01 03:00:00' has no time zone");
    expect((e as Error).message).toContain('--tz +03:00');
  });

  test('no gaps inside any file; price extremes as stated', async () => {
    expect(await gaps(store, 'BTCUSDT')).toEqual([
      { start: '2022-07-01T00:00:00.000Z', end: '2024-01-01T00:00:00.000Z', minutes: (184 + 365) * 1440 },
    ]); // Jul-Dec 2022 + 2023
    expect(await gaps(store, 'ETHUSDT')).toEqual([]);
    expect(await gaps(store, 'SOLUSDT')).toEqual([]);
    const extremes = async (sym: string, table: string, from: string, to: string) =>
      store.db.rows<{ lo: number; hi: number }>(
        `SELECT min(low) AS lo, max(high) AS hi FROM ${table} WHERE symbol = '${sym}' AND ts_open_ms >= ${Date.parse(from)} AND ts_open_ms < ${Date.parse(to)}`,
      );
    expect(await extremes('BTCUSDT', 'candles_1m', '2024-01-01', '2025-01-01')).toEqual([{ lo: 38531.5, hi: 108421.6 }]);
    expect(await extremes('BTCUSDT', 'candles_1m', '2025-01-01', '2026-01-01')).toEqual([{ lo: 74456.2, hi: 124571.2 }]);
    expect(await extremes('BTCUSDT', 'candles_1m', '2022-01-01', '2023-01-01')).toEqual([{ lo: 17600, hi: 40058.5 }]);
    expect(await extremes('SOLUSDT', 'candles_1m', '2025-01-01', '2026-01-01')).toEqual([{ lo: 125.88, hi: 168.36 }]);
    expect(await extremes('ETHUSDT', 'candles_native', '2025-01-01', '2026-01-01')).toEqual([{ lo: 1383.76, hi: 2878.54 }]);
  });

  test('parity: 5m resampled from 1m equals Bybit 5m (OHLC exact, volume to 1e-9 relative)', async () => {
    for (const [symbol, from, to] of [
      ['BTCUSDT', '2025-04-03T17:05:00Z', '2025-07-02T17:00:00Z'],
      ['ETHUSDT', '2025-05-30T16:35:00Z', '2025-06-29T16:40:00Z'],
      ['SOLUSDT', '2025-05-30T16:40:00Z', '2025-06-29T16:40:00Z'],
    ] as const) {
      const ours = await bars(store, { symbol, tfMinutes: 5, fromMs: Date.parse(from), toMs: Date.parse(to) });
      const theirs = await store.db.rows<{ ts: bigint; open: number; high: number; low: number; close: number; volume: number }>(
        `SELECT ts_open_ms AS ts, open, high, low, close, volume FROM candles_native WHERE symbol = $1 AND tf_min = 5 AND ts_open_ms >= $2 AND ts_open_ms < $3 ORDER BY ts`,
        [symbol, Date.parse(from), Date.parse(to)],
      );
      const complete = Array.from(ours.tsMs).filter((_, i) => ours.complete[i] === 1);
      expect(complete.length).toBeGreaterThan(8000);
      const byTs = new Map(theirs.map((r) => [Number(r.ts), r]));
      let mismatches = 0;
      let compared = 0;
      for (let i = 0; i < ours.tsMs.length; i++) {
        if (ours.complete[i] !== 1) continue;
        const t = byTs.get(ours.tsMs[i] as number);
        if (!t) throw new Error(`${symbol}: Bybit has no 5m bar at ${ours.tsMs[i]}`);
        compared++;
        const volumeOk = Math.abs((ours.volume[i] as number) - t.volume) <= 1e-9 * Math.max(1e-12, Math.abs(t.volume));
        if (ours.open[i] !== t.open || ours.high[i] !== t.high || ours.low[i] !== t.low || ours.close[i] !== t.close || !volumeOk)
          mismatches++;
      }
      expect({ symbol, mismatches }).toEqual({ symbol, mismatches: 0 });
      expect(compared).toBe(complete.length);
      if (symbol === 'BTCUSDT') expect(compared).toBe(25919);
    }
  });

  test('bundled tick sizes fit the data: every 1m price is a whole number of ticks', async () => {
    for (const inst of DEFAULT_INSTRUMENTS) {
      const off = await count(
        store,
        `SELECT count(*) AS n FROM candles_1m WHERE symbol = '${inst.symbol}' AND (
           abs(open / ${inst.tickSize} - round(open / ${inst.tickSize})) > 1e-6 OR abs(high / ${inst.tickSize} - round(high / ${inst.tickSize})) > 1e-6 OR
           abs(low / ${inst.tickSize} - round(low / ${inst.tickSize})) > 1e-6 OR abs(close / ${inst.tickSize} - round(close / ${inst.tickSize})) > 1e-6)`,
      );
      expect({ symbol: inst.symbol, off }).toEqual({ symbol: inst.symbol, off: 0 });
    }
    // A 0.001 SOL tick would put a third decimal on most prices; none has one.
    expect(
      await count(store, "SELECT count(*) AS n FROM candles_1m WHERE symbol = 'SOLUSDT' AND abs(close * 100 - round(close * 100)) > 1e-6"),
    ).toBe(0);
  });

  test('the bundled sample month equals the 2024 file: importing it adds nothing and conflicts with nothing', async () => {
    const sample = await importSample(store);
    expect(sample.map((r) => [r.kind, r.rowsAdded, r.alreadyStored])).toEqual([
      ['candles_1m', 0, 44640],
      ['funding', 0, 93],
    ]);
  });
});
