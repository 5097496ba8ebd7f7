// Drives `bun src/cli/main.ts data ...` as a user would: exit codes, stdout/stderr, JSON shapes.
import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

const ROOT = resolve(import.meta.dir, '../..');
const dir = mkdtempSync(join(tmpdir(), 'trade-e2e-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function trade(db: string, ...args: string[]): { code: number; out: string; err: string } {
  const p = Bun.spawnSync([process.execPath, join(ROOT, 'src/cli/main.ts'), ...args, '--db', join(dir, db)], {
    cwd: dir,
    env: { ...process.env, TZ: 'UTC' },
  });
  return { code: p.exitCode ?? -1, out: p.stdout.toString(), err: p.stderr.toString() };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const T0 = Date.UTC(2024, 0, 1);
const iso = (m: number) => new Date(T0 + m * 60_000).toISOString();
/** Minutes 0..11 except minute 7; candle m: open m+100, high m+102, low m+99, close m+101, volume 1, turnover m. */
const CANDLES = ['timestamp,open,high,low,close,volume,turnover']
  .concat(
    Array.from({ length: 12 }, (_, m) => m)
      .filter((m) => m !== 7)
      .map((m) => `${iso(m)},${m + 100},${m + 102},${m + 99},${m + 101},1,${m}`),
  )
  .join('\n');

describe('trade data import', () => {
  test('a bad row: exit 2, file:line named, nothing written', () => {
    const bad = file('BTCUSDT_bad.csv', `${CANDLES}\n${iso(12)},100,99,98,100,1,0\n`);
    const r = trade('bad.duckdb', 'data', 'import', bad);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `✖ import rejected, nothing was written: 1 problem in 1 file\n${bad}:13: high 99 is below max(open 100, close 100)\n`,
    );
    const info = JSON.parse(trade('bad.duckdb', 'data', 'info', '--json').out);
    expect(info.tables.candles_1m).toBe(0);
  });

  test('import, then import again: nothing added the second time', () => {
    const good = file('BTCUSDT_good.csv', CANDLES);
    const first = trade('main.duckdb', 'data', 'import', good, '--json');
    expect(first.code).toBe(0);
    const j = JSON.parse(first.out);
    expect([j.rowsRead, j.rowsAdded, j.files[0].symbol, j.files[0].first, j.files[0].last]).toEqual([11, 11, 'BTCUSDT', iso(0), iso(11)]);
    const again = trade('main.duckdb', 'data', 'import', good);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^imported 1 file: 0 rows added of 11 read/);
  });

  test('a conflicting value: exit 2 with stored vs new', () => {
    const clash = file('BTCUSDT_clash.csv', `timestamp,open,high,low,close,volume\n${iso(3)},103,105,102,104.5,1\n`);
    const r = trade('main.duckdb', 'data', 'import', clash);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `${clash}:2: conflict at ${iso(3)}: stored o/h/l/c/v/turnover 103/105/102/104/1/3 vs new 103/105/102/104.5/1/-`,
    );
  });

  test('zone-less funding needs --tz; with it the times land on the grid', () => {
    const f = file(
      'BTCUSDT_funding.csv',
      'Symbol,Date,Funding Rate\nBTC-USDT,2024-01-01 03:00:00,0.0001\nBTC-USDT,2024-01-01 11:00:00,0.0002\n',
    );
    const without = trade('main.duckdb', 'data', 'import', f);
    expect(without.code).toBe(2);
    expect(without.err).toContain('so the file looks like --tz +03:00');
    const withTz = trade('main.duckdb', 'data', 'import', f, '--tz', '+03:00', '--json');
    expect(withTz.code).toBe(0);
    expect(JSON.parse(withTz.out).files[0].first).toBe('2024-01-01T00:00:00.000Z');
  });

  test('usage errors exit 2', () => {
    expect(trade('main.duckdb', 'data', 'import').code).toBe(2);
    const tz = trade('main.duckdb', 'data', 'import', 'x.csv', '--tz', 'Europe/Moscow');
    expect([tz.code, tz.err]).toEqual([
      2,
      "✖ --tz 'Europe/Moscow': expected a fixed UTC offset like +03:00, -05:30, +3 or UTC (named zones are not accepted: they shift with DST)\n",
    ]);
    const tf = trade('main.duckdb', 'data', 'candles', 'BTCUSDT', '--tf', '7m');
    expect(tf.code).toBe(2);
    expect(tf.err).toContain("--tf '7m': expected one of 1m, 3m, 5m");
  });
});

describe('trade data candles / gaps / coverage / instruments', () => {
  test('5m CSV: the bucket missing minute 7 is complete=0, --from inclusive, --to exclusive', () => {
    const r = trade(
      'main.duckdb',
      'data',
      'candles',
      'BTCUSDT',
      '--tf',
      '5m',
      '--from',
      '2024-01-01T00:00:00Z',
      '--to',
      '2024-01-01T00:10:00Z',
    );
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        'ts_open,open,high,low,close,volume,turnover,complete',
        `${iso(0)},100,106,99,105,5,10,1`,
        `${iso(5)},105,111,104,110,4,28,0`,
        '',
      ].join('\n'),
    );
  });

  test('JSON bars, and the open bucket is never printed', () => {
    // No complete 15m bar: the same answer as `trade indicator` (DATA_MISSING, exit 1).
    const r = trade('main.duckdb', 'data', 'candles', 'btcusdt', '--tf', '15m', '--format', 'json');
    expect(r.code).toBe(1);
    expect(r.err).toBe(`✖ no complete 15m candles for BTCUSDT in [${iso(0)}, ${iso(12)}) in ${join(dir, 'main.duckdb')}\n`);
    const five = JSON.parse(trade('main.duckdb', 'data', 'candles', 'BTCUSDT', '--tf', '5m', '--json', '--ts', 'ms').out);
    expect(five.bars.map((b: { ts_open_ms: number }) => b.ts_open_ms)).toEqual([T0, T0 + 300_000]); // 00:10 bucket still open
    expect(five.bars[0]).toEqual({ ts_open_ms: T0, open: 100, high: 106, low: 99, close: 105, volume: 5, turnover: 10, complete: true });
    const isoBars = JSON.parse(trade('main.duckdb', 'data', 'candles', 'BTCUSDT', '--tf', '5m', '--json').out).bars;
    expect(isoBars.map((b: { ts_open: string }) => b.ts_open)).toEqual([iso(0), iso(5)]);
  });

  test('gaps and coverage as JSON', () => {
    const g = JSON.parse(trade('main.duckdb', 'data', 'gaps', 'BTCUSDT', '--json').out);
    expect(g).toEqual({ symbol: 'BTCUSDT', sampleImported: false, gaps: [{ start: iso(7), end: iso(8), minutes: 1 }], missingMinutes: 1 });
    const c = JSON.parse(trade('main.duckdb', 'data', 'coverage', '--json').out);
    expect(c).toEqual({
      symbols: [
        {
          symbol: 'BTCUSDT',
          candles1m: { first: iso(0), last: iso(11), rows: 11, gaps: 1, missingMinutes: 1 },
          funding: { first: iso(0), last: iso(480), rows: 2 },
          native: [],
        },
      ],
    });
  });

  test('instruments: bundled defaults with the BTCUSDT 20-tier table', () => {
    const list = JSON.parse(trade('main.duckdb', 'data', 'instruments', '--json').out);
    expect(list.map((i: { symbol: string }) => i.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    expect(list[0].tiers.length).toBe(20);
    expect(list[0].tiers[1]).toEqual({ riskLimitUsdt: 2_600_000, maxLeverage: 90, mmr: 0.0056, mmDeductionUsdt: 1200 });
    expect(trade('main.duckdb', 'data', 'instruments').out).toContain(
      'BTCUSDT: tick 0.1, qty step 0.001, min qty 0.001, min notional 5 USDT, max leverage 100x',
    );
  });
});

describe('first run on the default store', () => {
  // The default store (data/trade.duckdb under the working directory) is the only one a reader creates.
  test('candles creates the default store and imports the bundled sample by itself; 1d and 1w bars on UTC boundaries', () => {
    const r = trade('data/trade.duckdb', 'data', 'candles', 'BTCUSDT', '--tf', '1d', '--json');
    expect(r.code).toBe(0);
    expect(r.err).toContain('imported the bundled sample');
    const days = JSON.parse(r.out).bars;
    expect(days.length).toBe(31);
    expect(days[0].ts_open).toBe('2024-08-01T00:00:00.000Z');
    // Independent reference: fold the sample CSV's rows of 5 Aug 2024 by hand (StaPantazis layout: Open, Close, High, Low).
    const csv = gunzipSync(readFileSync(join(ROOT, 'data/sample/bybit_linear_BTCUSDT_1m_2024-08.csv.gz'))).toString();
    const rows = csv
      .split('\n')
      .filter((l) => l.startsWith('2024-08-05T'))
      .map((l) => l.split(',').map(Number));
    const aug5 = days[4];
    expect(rows.length).toBe(1440);
    expect(aug5.open).toBe(rows[0]?.[2]);
    expect(aug5.close).toBe(rows[1439]?.[3]);
    expect(aug5.high).toBe(Math.max(...rows.map((x) => x[4] as number)));
    expect(aug5.low).toBe(Math.min(...rows.map((x) => x[5] as number)));
    const weeks = JSON.parse(trade('data/trade.duckdb', 'data', 'candles', 'BTCUSDT', '--tf', '1w', '--json').out).bars;
    // Mondays 5, 12, 19 Aug. The week of 29 Jul opens before the first stored minute (the default --from), and
    // the week of 26 Aug ends 2 Sep, after the last stored minute: still open, never shown.
    expect(weeks.map((w: { ts_open: string; complete: boolean }) => [w.ts_open.slice(0, 10), w.complete])).toEqual([
      ['2024-08-05', true],
      ['2024-08-12', true],
      ['2024-08-19', true],
    ]);
  });

  test('coverage reports an empty store as it is; gaps of an unknown symbol is an error', () => {
    expect(trade('empty.duckdb', 'data', 'info').code).toBe(0);
    const empty = trade('empty.duckdb', 'data', 'coverage');
    expect([empty.code, empty.out]).toEqual([0, 'the store holds no market data (trade data import --sample imports a month)\n']);
    const g = trade('data/trade.duckdb', 'data', 'gaps', 'XRPUSDT');
    expect([g.code, g.err]).toEqual([1, '✖ no 1m candles stored for XRPUSDT; give --from and --to to list the whole range as missing\n']);
  });

  test('import --sample is idempotent', () => {
    const r = JSON.parse(trade('data/trade.duckdb', 'data', 'import', '--sample', '--json').out);
    expect([r.rowsRead, r.rowsAdded]).toEqual([44640 + 93, 0]);
  });
});
