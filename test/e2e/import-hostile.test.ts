// Issue 13 item 8: bad input that used to be accepted is refused with file:line, and the cost of
// hostile input is bounded (a line-length cap checked on the bytes; the first 20 problems shown
// and the rest counted).
import { afterAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { sandbox } from './cli-harness';

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

  test('a funding rate beyond ±5%', () => {
    const f = box.file('BTCUSDT_funding.csv', 'timestamp,fundingRate\n2024-01-01T00:00:00Z,0.0001\n2024-01-01T08:00:00Z,0.06\n');
    refused(imp(f), `${f}:3: funding rate 0.06 must be a decimal fraction within ±0.05 (±5% per settlement; Bybit caps far below)`);
  });
});

describe('bounded cost', () => {
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
});
