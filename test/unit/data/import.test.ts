import { afterAll, afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { importFiles, insertCandles, loadCandles, type Store } from '../../../src/data';
import { allocCandles } from '../../../src/domain';
import { count, rejected, staCsv, tempDir, tempStore, writeFile } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let store: Store;
let n = 0;
beforeEach(async () => {
  store = await tempStore(tmp.dir, `import-${n++}.duckdb`);
});
afterEach(() => store.close());

const GOOD = staCsv([
  ['2024-01-01T00:00:00Z', 100, 101, 99, 100.5, 2],
  ['2024-01-01T00:01:00Z', 100.5, 102, 100, 101, 3],
  ['2024-01-01T00:02:00Z', 101, 101.5, 100.5, 101.2, 1.5],
]);

describe('import', () => {
  test('imports, and importing the same file again adds nothing (not even a log row)', async () => {
    const f = writeFile(tmp.dir, 'bybit_linear_BTCUSDT_1m_a.csv', GOOD);
    const [first] = await importFiles(store, [f]);
    expect(first?.rowsAdded).toBe(3);
    expect(first?.symbol).toBe('BTCUSDT');
    const [again] = await importFiles(store, [f]);
    expect(again?.rowsAdded).toBe(0);
    expect(again?.alreadyStored).toBe(3);
    expect(await count(store, 'SELECT count(*) AS n FROM candles_1m')).toBe(3);
    const log = await store.db.rows<{ source: string; content_sha256: string; rows_read: bigint; rows_added: bigint }>(
      'SELECT source, content_sha256, rows_read, rows_added FROM import_log',
    );
    expect(log).toEqual([
      { source: f, content_sha256: new Bun.CryptoHasher('sha256').update(GOOD).digest('hex'), rows_read: 3n, rows_added: 3n },
    ]);
  });

  test('a bad row rejects the whole command: every bad row named file:line, nothing written', async () => {
    const good = writeFile(tmp.dir, 'bybit_linear_BTCUSDT_1m_good.csv', GOOD);
    const bad = writeFile(
      tmp.dir,
      'bybit_linear_BTCUSDT_1m_bad.csv.gz',
      [
        'timestamp,open,high,low,close,volume',
        '2024-02-01T00:00:00Z,10,11,9,10,1',
        '2024-02-01T00:01:00Z,10,11,9,12,1',
        '2024-02-01T00:02:00Z,10,11,10.5,10.2,1',
        '2024-02-01T00:03:00Z,10,11,9,10,-1',
        '2024-02-01T00:04:30Z,10,11,9,10,1',
        '2024-02-01T00:05:00Z,0,11,9,10,1',
      ].join('\n'),
    );
    const e = await rejected(importFiles(store, [good, bad]));
    expect(e.code).toBe('DATA_INVALID');
    const lines = e.message.split('\n');
    expect(lines[0]).toBe('import rejected, nothing was written: 5 problems in 1 file');
    expect(lines.slice(1)).toEqual([
      `${bad}:3: high 11 is below max(open 10, close 12)`,
      `${bad}:4: low 10.5 is above min(open 10, close 10.2)`,
      `${bad}:5: volume -1 must be finite and >= 0`,
      `${bad}:6: time 2024-02-01T00:04:30.000Z is not on the 1-minute grid`,
      `${bad}:7: prices must be finite and > 0 (open 0, high 11, low 9, close 10)`,
    ]);
    expect(await count(store, 'SELECT count(*) AS n FROM candles_1m')).toBe(0);
    expect(await count(store, 'SELECT count(*) AS n FROM import_log')).toBe(0);
  });

  test('same timestamp with other values is a conflict: reported with both values, stored row kept', async () => {
    await importFiles(store, [writeFile(tmp.dir, 'bybit_linear_BTCUSDT_1m_a.csv', GOOD)]);
    const other = writeFile(
      tmp.dir,
      'bybit_linear_BTCUSDT_1m_b.csv',
      'timestamp,open,high,low,close,volume\n2024-01-01T00:02:00Z,101,101.5,100.5,101.2,1.5\n2024-01-01T00:03:00Z,1,2,1,2,1\n2024-01-01T00:01:00Z,100.5,102,100,101.1,3\n',
    );
    const e = await rejected(importFiles(store, [other]));
    expect(e.code).toBe('DATA_CONFLICT');
    expect(e.message.split('\n')).toEqual([
      'import rejected, nothing was written: 1 conflicting row in 1 file',
      `${other}:4: conflict at 2024-01-01T00:01:00.000Z: stored o/h/l/c/v/turnover 100.5/102/100/101/3/303 vs new 100.5/102/100/101.1/3/-`,
    ]);
    const rows = await loadCandles(store, 'BTCUSDT', 0, Date.UTC(2030, 0));
    expect(Array.from(rows.close)).toEqual([100.5, 101, 101.2]);
  });

  test('a cell that is not a number is named with its column', async () => {
    const f = writeFile(tmp.dir, 'BTCUSDT_nan.csv', 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,10,eleven,9,10,\n');
    const e = await rejected(importFiles(store, [f]));
    expect(e.message.split('\n').slice(1)).toEqual([`${f}:2: high 'eleven' is not a number`, `${f}:2: volume '' is not a number`]);
  });

  test('exact repeats inside a file are dropped; a repeat with other values is rejected', async () => {
    const header = 'timestamp,open,high,low,close,volume\n';
    const dup = writeFile(tmp.dir, 'BTCUSDT_dup.csv', `${header}2024-01-01T00:00:00Z,1,2,1,2,1\n2024-01-01T00:00:00Z,1,2,1,2,1\n`);
    const [r] = await importFiles(store, [dup]);
    expect([r?.rowsAdded, r?.duplicates]).toEqual([1, 1]);
    const clash = writeFile(tmp.dir, 'BTCUSDT_clash.csv', `${header}2024-01-01T00:05:00Z,1,2,1,2,1\n2024-01-01T00:05:00Z,1,2,1,1.5,1\n`);
    const e = await rejected(importFiles(store, [clash]));
    expect(e.message).toContain(`${clash}:3: time 2024-01-01T00:05:00.000Z repeats line 2 with different values`);
  });

  test('a later source with turnover fills a missing turnover, nothing else changes', async () => {
    const noTurnover = writeFile(
      tmp.dir,
      'BTCUSDT_nt.csv',
      'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,100,101,99,100.5,2\n',
    );
    await importFiles(store, [noTurnover]);
    const [r] = await importFiles(store, [writeFile(tmp.dir, 'BTCUSDT_t.csv', GOOD)]);
    expect([r?.rowsAdded, r?.turnoverFilled]).toEqual([2, 1]);
    const rows = await loadCandles(store, 'BTCUSDT', 0, Date.UTC(2030, 0));
    expect(rows.turnover[0]).toBe(201);
  });

  test('Bybit JSON, newest first, is stored in time order with symbol from the envelope', async () => {
    const json = writeFile(
      tmp.dir,
      'kline.json',
      JSON.stringify({
        retCode: 0,
        retMsg: 'OK',
        result: {
          symbol: 'ETHUSDT',
          category: 'linear',
          list: [
            ['1704067260000', '2', '3', '1.5', '2.5', '10', '25'],
            ['1704067200000', '1', '2.1', '0.9', '2', '5', '10'],
          ],
        },
      }),
    );
    const [r] = await importFiles(store, [json]);
    expect([r?.symbol, r?.rowsAdded, r?.format]).toEqual(['ETHUSDT', 2, 'bybit-json']);
    const rows = await loadCandles(store, 'ETHUSDT', 0, Date.UTC(2030, 0));
    expect(Array.from(rows.tsMs)).toEqual([1704067200000, 1704067260000]);
    expect(Array.from(rows.turnover)).toEqual([10, 25]);
  });

  test('no symbol anywhere needs --symbol; --symbol must agree with a Symbol column', async () => {
    const plain = writeFile(tmp.dir, 'prices.csv', 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,1,2,1\n');
    expect((await rejected(importFiles(store, [plain]))).message).toContain(`${plain}: cannot tell the symbol: pass --symbol SYM`);
    const [r] = await importFiles(store, [plain], { symbol: 'SOLUSDT' });
    expect(r?.symbol).toBe('SOLUSDT');
    const withColumn = writeFile(
      tmp.dir,
      'p2.csv',
      'symbol,timestamp,open,high,low,close,volume\nETHUSDT,2024-01-01T00:00:00Z,1,2,1,2,1\n',
    );
    expect((await rejected(importFiles(store, [withColumn], { symbol: 'BTCUSDT' }))).message).toContain(
      '--symbol BTCUSDT disagrees with the symbol in the file (ETHUSDT)',
    );
  });

  test('a 5m file goes to candles_native; --drop-last drops the newest candle and says so', async () => {
    const five = writeFile(
      tmp.dir,
      'BTCUSDT_5m_x.csv',
      'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,1,2,1\n2024-01-01T00:05:00Z,2,3,2,3,1\n2024-01-01T00:10:00Z,3,3,2,2,1\n',
    );
    const [r] = await importFiles(store, [five], { dropLast: true });
    expect([r?.kind, r?.tf, r?.rowsRead, r?.rowsAdded, r?.rowsDropped]).toEqual(['candles_5m', '5m', 3, 2, 1]);
    expect(r?.notes[0]).toContain('dropped line 4 (2024-01-01T00:10:00.000Z)');
    expect(await count(store, 'SELECT count(*) AS n FROM candles_native WHERE tf_min = 5')).toBe(2);
    expect(await count(store, 'SELECT count(*) AS n FROM candles_1m')).toBe(0);
  });

  test('"the present day" comes from the injected clock: up to a day after it is kept, later rows are named', async () => {
    const clock = () => Date.UTC(2024, 0, 1); // the rows below are all in this clock's future
    const late = staCsv([
      ['2024-01-02T00:00:00Z', 100, 101, 99, 100, 1],
      ['2024-01-02T00:01:00Z', 100, 101, 99, 100, 1],
    ]);
    const f = writeFile(tmp.dir, 'bybit_linear_BTCUSDT_1m_late.csv', late);
    const e = await rejected(importFiles(store, [f], { clock }));
    expect(e.message.split('\n').slice(1)).toEqual([
      `${f}:3: time 2024-01-02T00:01:00.000Z is after the present day (expected market data from 2015 on, up to now)`,
    ]);
    expect(await count(store, 'SELECT count(*) AS n FROM candles_1m')).toBe(0);
    const [r] = await importFiles(store, [f], { clock: () => Date.UTC(2024, 0, 1, 0, 1) });
    expect(r?.rowsAdded).toBe(2);
  });

  test('1500 conflicting rows: the first 20 named, the rest counted (only 1000 fetched from the store)', async () => {
    const rows = (high: number) =>
      staCsv(Array.from({ length: 1500 }, (_, m) => [new Date(Date.UTC(2024, 0, 1) + m * 60_000).toISOString(), 100, high, 99, 100, 1]));
    await importFiles(store, [writeFile(tmp.dir, 'bybit_linear_BTCUSDT_1m_c1.csv', rows(101))]);
    const f = writeFile(tmp.dir, 'bybit_linear_BTCUSDT_1m_c2.csv', rows(102));
    const e = await rejected(importFiles(store, [f]));
    const lines = e.message.split('\n');
    expect(e.code).toBe('DATA_CONFLICT');
    expect(lines[0]).toBe('import rejected, nothing was written: 1500 conflicting rows in 1 file');
    expect(lines[1]).toStartWith(`${f}:2: conflict at 2024-01-01T00:00:00.000Z: stored o/h/l/c/v/turnover 100/101/`);
    expect(lines.slice(-1)).toEqual(['... and 1480 more problems (the first 20 are shown)']);
    // Kept: 1000 conflicts and one tally standing for the other 500 (not an object per row).
    const kept = e.details?.issues as { omitted?: number }[];
    expect([kept.length, kept[1000]?.omitted]).toEqual([1001, 500]);
  });

  test('insertCandles (the sync write path) names rows by index when there are no source lines', async () => {
    const c = allocCandles(2);
    c.tsMs.set([1704067200000, 1704067260000]);
    c.open.set([1, 1]);
    c.high.set([2, 0.5]);
    c.low.set([1, 0.4]);
    c.close.set([2, 0.6]);
    c.volume.set([1, 1]);
    c.turnover.fill(Number.NaN);
    const e = await rejected(insertCandles(store, 'BTCUSDT', c, { name: 'bybit:kline', sha256: 'x' }));
    expect(e.message).toContain('bybit:kline:2: high 0.5 is below max(open 1, close 0.6)');
  });
});

describe('funding import and time zones', () => {
  const supervik =
    'Symbol,Date,Funding Rate\nBTC-USDT,2021-01-01 03:00:00,0.00034729\nBTC-USDT,2021-01-01 11:00:00,0.0001\nBTC-USDT,2021-01-01 19:00:00,0.0002\n';

  test('zone-less times without --tz are rejected, with the offset the funding grid implies', async () => {
    const f = writeFile(tmp.dir, 'btc_funding.csv', supervik);
    const e = await rejected(importFiles(store, [f]));
    expect(e.code).toBe('DATA_INVALID');
    expect(e.message).toContain(`${f}:2: time '2021-01-01 03:00:00' has no time zone; pass --tz`);
    expect(e.message).toContain('so the file looks like --tz +03:00');
    expect(await count(store, 'SELECT count(*) AS n FROM funding')).toBe(0);
  });

  test('--tz +03:00 converts to UTC settlement times', async () => {
    const [r] = await importFiles(store, [writeFile(tmp.dir, 'btc_funding.csv', supervik)], { tzOffsetMin: 180 });
    expect([r?.kind, r?.symbol, r?.rowsAdded]).toEqual(['funding', 'BTCUSDT', 3]);
    const rows = await store.db.rows<{ ts_ms: bigint; rate: number }>('SELECT ts_ms, rate FROM funding ORDER BY ts_ms');
    expect(rows).toEqual([
      { ts_ms: BigInt(Date.UTC(2021, 0, 1, 0)), rate: 0.00034729 },
      { ts_ms: BigInt(Date.UTC(2021, 0, 1, 8)), rate: 0.0001 },
      { ts_ms: BigInt(Date.UTC(2021, 0, 1, 16)), rate: 0.0002 },
    ]);
  });

  test('a wrong --tz leaves every time off the grid by one offset: one message naming it', async () => {
    const f = writeFile(tmp.dir, 'btc_funding.csv', supervik);
    const e = await rejected(importFiles(store, [f], { tzOffsetMin: 0 }));
    expect(e.message.split('\n')[1]).toBe(
      `${f}: every funding time is +03:00 off the 00/08/16:00 UTC settlement grid (first: 2021-01-01T03:00:00.000Z, line 2); the file is likely in local time UTC+03:00: adjust --tz +03:00`,
    );
  });

  test('a single off-grid settlement is named by line; a stored time with another rate conflicts', async () => {
    const f = writeFile(
      tmp.dir,
      'BTCUSDT_funding.csv',
      'fundingRateTimestamp,fundingRate\n1704067200000,0.0001\n1704096000000,0.0002\n1704096060000,0.0003\n',
    );
    expect((await rejected(importFiles(store, [f]))).message).toContain(
      `${f}:4: funding time 2024-01-01T08:01:00.000Z is not on the 00/08/16:00 UTC grid`,
    );
    await importFiles(store, [writeFile(tmp.dir, 'BTCUSDT_funding_a.csv', 'fundingRateTimestamp,fundingRate\n1704067200000,0.0001\n')]);
    const clash = writeFile(tmp.dir, 'BTCUSDT_funding_b.csv', 'fundingRateTimestamp,fundingRate\n1704067200000,0.0005\n');
    const e = await rejected(importFiles(store, [clash]));
    expect(e.code).toBe('DATA_CONFLICT');
    expect(e.message).toContain(`${clash}:2: conflict at 2024-01-01T00:00:00.000Z: stored rate 0.0001 vs new 0.0005`);
  });
});
