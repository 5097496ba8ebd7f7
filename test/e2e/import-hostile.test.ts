// Issue 13 item 8: bad input that used to be accepted is refused with file:line, and the cost of
// hostile input is bounded: the file is streamed and a line over the cap is refused after one chunk
// (proven with an endless FIFO and by peak RSS), and only the first 20 problems are printed.
import { afterAll, describe, expect, test } from 'bun:test';
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, sandbox, TRADE } from './cli-harness';

const box = sandbox('trade-e2e-hostile-');
afterAll(() => box.cleanup());
const HEAD = 'timestamp,open,high,low,close,volume,turnover';
const row = (m: number, volume = '1') => `${new Date(Date.UTC(2024, 0, 1) + m * 60_000).toISOString()},100,101,99,100,${volume},100`;
const imp = (file: string, ...args: string[]) => box.run('data', 'import', file, '--db', join(box.dir, 's.duckdb'), ...args);

function refused(r: { code: number; err: string }, line: string): void {
  expect(r.code).toBe(2);
  expect(r.err).toBe(`✖ import rejected, nothing was written: 1 problem in 1 file\n${line}\n`);
}

describe('refused input', () => {
  test('hex and binary numbers', () => {
    const f = box.file('BTCUSDT_hex.csv', [HEAD, row(0), row(1, '0x10'), ''].join('\n'));
    const r = imp(f);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}:3: `);
    const b = box.file('BTCUSDT_bin.csv', [HEAD, row(0, '0b101'), ''].join('\n'));
    expect(imp(b).err).toContain(`${b}:2: `);
  });

  test('CR-only line endings', () => {
    const f = box.file('BTCUSDT_cr.csv', [HEAD, row(0), row(1), ''].join('\r'));
    refused(imp(f), `${f}:1: line endings are CR only (expected LF or CRLF; convert the file, e.g. tr "\\r" "\\n")`);
  });

  test('a header-only file', () => {
    const f = box.file('BTCUSDT_empty.csv', `${HEAD}\n`);
    refused(imp(f), `${f}: no data rows (the file holds a header at most)`);
  });

  test('a --symbol that contradicts the file name', () => {
    const f = box.file('bybit_linear_BTCUSDT_1m_2024.csv', [HEAD, row(0), ''].join('\n'));
    refused(
      imp(f, '--symbol', 'ETHUSDT'),
      `${f}: --symbol ETHUSDT disagrees with the file name (bybit_linear_BTCUSDT_1m_2024.csv names BTCUSDT)`,
    );
  });

  test('times before 2015 or after the present day', () => {
    const f = box.file('BTCUSDT_old.csv', [HEAD, '2014-12-31T23:59:00Z,100,101,99,100,1,100', ''].join('\n'));
    refused(imp(f), `${f}:2: time 2014-12-31T23:59:00.000Z is before 2015-01-01 (expected market data from 2015 on, up to now)`);
    const g = box.file('BTCUSDT_future.csv', [HEAD, '2999-01-01T00:00:00Z,100,101,99,100,1,100', ''].join('\n'));
    refused(imp(g), `${g}:2: time 2999-01-01T00:00:00.000Z is after the present day (expected market data from 2015 on, up to now)`);
  });

  test('one row at another UTC offset in a file of Z times', () => {
    // 03:05+03:00 is the right instant (00:05Z), so without the check the file imported silently.
    const rows = Array.from({ length: 10 }, (_, m) => row(m));
    rows[5] = '2024-01-01T03:05:00+03:00,100,101,99,100,1,100';
    const f = box.file('BTCUSDT_mixed.csv', [HEAD, ...rows, ''].join('\n'));
    refused(
      imp(f),
      `${f}:7: time '2024-01-01T03:05:00+03:00' is at UTC offset +03:00, but line 2 ('2024-01-01T00:00:00.000Z') is at +00:00 (expected one offset for the whole file)`,
    );
    const same = box.file('BTCUSDT_same.csv', [HEAD, row(0), '2024-01-01T00:01:00+00:00,100,101,99,100,1,100', ''].join('\n'));
    expect(imp(same).code).toBe(0); // Z and +00:00 are one offset
  });

  test('a funding rate beyond ±5%', () => {
    const f = box.file('BTCUSDT_funding.csv', 'timestamp,fundingRate\n2024-01-01T00:00:00Z,0.0001\n2024-01-01T08:00:00Z,0.06\n');
    refused(imp(f), `${f}:3: funding rate 0.06 must be a decimal fraction within ±0.05 (±5% per settlement; Bybit caps far below)`);
  });
});

test('a compact one-line Bybit kline response (58 KB on one line) is not taken for a long line', () => {
  const list = Array.from({ length: 1000 }, (_, i) => [
    String(Date.UTC(2024, 7, 1) + (999 - i) * 60_000),
    '100',
    '101',
    '99',
    '100',
    '1',
    '100',
  ]);
  const f = box.file('kline.json', JSON.stringify({ retCode: 0, retMsg: 'OK', result: { symbol: 'BTCUSDT', category: 'linear', list } }));
  const r = box.run('data', 'import', f, '--db', join(box.dir, 'json.duckdb'), '--json');
  expect(r.err).toBe('');
  expect(JSON.parse(r.out).rowsAdded).toBe(1000);
});

/** Runs the CLI to the end; its peak RSS in bytes and its streams. */
async function measured(...args: string[]) {
  const p = Bun.spawn([...TRADE, ...args], { cwd: box.dir, env: box.env, stdout: 'pipe', stderr: 'pipe' });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out, err, maxRss: p.resourceUsage()?.maxRSS ?? Number.NaN };
}

describe('bounded cost', () => {
  test('a 100 MB one-line JSON file: refused at the 64 MiB JSON line cap, peak RSS within 128 MB of a command that reads no file', async () => {
    const f = join(box.dir, 'BTCUSDT_big.json');
    const fd = openSync(f, 'w');
    writeSync(fd, '[');
    const mb = Buffer.from('1,'.repeat(1 << 19));
    for (let i = 0; i < 100; i++) writeSync(fd, mb);
    writeSync(fd, '1]\n');
    closeSync(fd);
    const base = await measured('data', 'info', '--db', join(box.dir, 'base3.duckdb'));
    const r = await measured('data', 'import', f, '--db', join(box.dir, 'bigjson.duckdb'));
    refused(r, `${f}:1: line is longer than 64 MiB in a JSON file (a Bybit kline response of 1000 rows is about 82 KB)`);
    expect(r.maxRss - base.maxRss).toBeLessThan(128 * 2 ** 20);
  }, 60_000);

  test('an endless line through a FIFO is refused while streaming (the file is never read to its end)', async () => {
    const fifo = join(box.dir, 'BTCUSDT_fifo.csv');
    expect(Bun.spawnSync(['mkfifo', fifo]).exitCode).toBe(0);
    // Writes the header, then '1' bytes forever; it ends only when the reader closes the pipe.
    const writer = Bun.spawn(['sh', '-c', `{ echo '${HEAD}'; yes 1 | tr -d '\\n'; } > '${fifo}'`], { stderr: 'ignore' });
    try {
      const r = await measured('data', 'import', fifo, '--db', join(box.dir, 'fifo.duckdb'));
      refused(r, `${fifo}:2: line is longer than 4096 bytes (market-data rows are far shorter)`);
    } finally {
      writer.kill();
      await writer.exited;
    }
  }, 30_000);

  test('a 200 MB single line: refused with one short line, peak RSS within 48 MB of a command that reads no file', async () => {
    const f = join(box.dir, 'BTCUSDT_200mb.csv');
    const fd = openSync(f, 'w');
    writeSync(fd, `${HEAD}\n`);
    const mb = Buffer.alloc(1 << 20, 0x31);
    for (let i = 0; i < 200; i++) writeSync(fd, mb);
    writeSync(fd, '\n');
    closeSync(fd);
    const base = await measured('data', 'info', '--db', join(box.dir, 'base.duckdb'));
    expect(base.code).toBe(0);
    const r = await measured('data', 'import', f, '--db', join(box.dir, 'big.duckdb'));
    refused(r, `${f}:2: line is longer than 4096 bytes (market-data rows are far shorter)`);
    expect(r.err.length).toBeLessThan(300);
    // Reading the file whole would add its 200 MB (the old reader peaked 200 MB above this bound).
    expect(r.maxRss - base.maxRss).toBeLessThan(48 * 2 ** 20);
  }, 60_000);

  test('a 20 MB single line: one problem, a short message', () => {
    const f = box.file('BTCUSDT_long.csv', `${HEAD}\n${'1'.repeat(20_000_000)}\n`);
    const r = imp(f);
    refused(r, `${f}:2: line is longer than 4096 bytes (market-data rows are far shorter)`);
  });

  test('many problems: the first 20 and a count of the rest', () => {
    const rows = Array.from({ length: 500 }, (_, m) => row(m, '-1'));
    const f = box.file('BTCUSDT_many.csv', [HEAD, ...rows, ''].join('\n'));
    const r = imp(f);
    expect(r.code).toBe(2);
    const lines = r.err.trimEnd().split('\n');
    expect(lines[0]).toBe('✖ import rejected, nothing was written: 500 problems in 1 file');
    expect(lines).toHaveLength(22);
    expect(lines[1]).toBe(`${f}:2: volume -1 must be finite and >= 0`);
    expect(lines[21]).toBe('... and 480 more problems (the first 20 are shown)');
  });

  test('5 million malformed lines (20 MB): 22 lines of stderr, exit 2, memory for a count, not a problem per line', async () => {
    const f = join(box.dir, 'BTCUSDT_junk.csv');
    const fd = openSync(f, 'w');
    writeSync(fd, `${HEAD}\n`);
    const block = Buffer.from('x,1\n'.repeat(250_000));
    for (let i = 0; i < 20; i++) writeSync(fd, block);
    closeSync(fd);
    const base = await measured('data', 'info', '--db', join(box.dir, 'base2.duckdb'));
    const r = await measured('data', 'import', f, '--db', join(box.dir, 'junk.duckdb'));
    expect(r.code).toBe(2);
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toHaveLength(22);
    expect(lines[0]).toBe('✖ import rejected, nothing was written: 5000000 problems in 1 file');
    expect(lines[1]).toBe(`${f}:2: expected 7 cells, got 2`);
    expect(lines[21]).toBe('... and 4999980 more problems (the first 20 are shown)');
    // Before: every problem kept as an object (and spread into one call: a stack overflow, exit 1), 1.5 GB.
    expect(r.maxRss - base.maxRss).toBeLessThan(400 * 2 ** 20);
  }, 120_000);

  const YEAR = join(ROOT, '../shared/data/market/bybit_linear_BTCUSDT_1m_2024-01-01_2024-12-31.csv.gz');
  test.skipIf(!existsSync(YEAR))(
    'a year of 1m candles imported with --tf 5m: 22 lines of stderr, not 421,632 problems',
    async () => {
      const r = await measured('data', 'import', YEAR, '--tf', '5m', '--db', join(box.dir, 'year.duckdb'));
      expect(r.code).toBe(2);
      const lines = r.err.trimEnd().split('\n');
      expect(lines).toHaveLength(22);
      expect(lines[0]).toBe('✖ import rejected, nothing was written: 421632 problems in 1 file');
      expect(lines[1]).toBe(`${YEAR}:3: time 2024-01-01T00:01:00.000Z is not on the 5-minute grid`);
      expect(lines[21]).toBe('... and 421612 more problems (the first 20 are shown)');
      expect(r.err.length).toBeLessThan(4096);
    },
    120_000,
  );
});
