// The fuzz properties through the CLI itself (dist/trade when built): mutated example Plays and
// mutated candle rows exit 0 or 2, never 1 or a crash, and print no stack trace; every stderr line
// is a `✖` / `⚠` / `note:` line, a `file:line: reason` problem or the count of the rest. Fewer
// runs than the in-process properties: each one starts a process.
import { afterAll, describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as fc from 'fast-check';
import { ROOT, sandbox } from '../e2e/cli-harness';
import { fuzzParams, mutatedText } from './fuzz-harness';

const box = sandbox('trade-fuzz-cli-');
afterAll(() => box.cleanup());
const EMA = readFileSync(join(ROOT, 'plays/ema-cross.yml'), 'utf8');
const CANDLES = gunzipSync(readFileSync(join(ROOT, 'data/sample/bybit_linear_BTCUSDT_1m_2024-08.csv.gz')))
  .toString()
  .split('\n')
  .slice(0, 30)
  .join('\n');

function clean(r: { code: number; err: string }, file: string): void {
  expect([0, 2]).toContain(r.code);
  expect(r.err).not.toMatch(/\n\s+at /);
  for (const line of r.err.trimEnd().split('\n').filter(Boolean)) {
    expect(/^(✖ |⚠ |note: |\.\.\. and \d+ more)/.test(line) || line.startsWith(`${file}:`)).toBe(true);
  }
}

describe('CLI fuzz', () => {
  test('trade play validate / backtest on mutated Plays', () => {
    fc.assert(
      fc.property(mutatedText(EMA), (text) => {
        const f = box.file('m.yml', text);
        clean(box.run('play', 'validate', f), f);
      }),
      fuzzParams(25),
    );
  }, 60_000);

  test('trade data import on mutated candle rows', () => {
    const db = join(box.dir, 'fuzz.duckdb');
    fc.assert(
      fc.property(mutatedText(CANDLES), (text) => {
        const f = box.file('bybit_linear_BTCUSDT_1m_2024-08.csv', text);
        clean(box.run('data', 'import', f, '--db', db), f);
      }),
      fuzzParams(25),
    );
  }, 60_000);
});
