// Fuzzing the importers (issue 13 item 13): random bytes and mutated real rows (the bundled sample's
// candles and funding) must be imported or refused as a user error (exit 2), never crash: no stack
// trace, no other error, and every problem line names the file (file:line: reason, or file: reason
// for the whole file), at most 20 of them plus a count. Seeded and bounded (fuzz-harness.ts).
import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as fc from 'fast-check';
import { isUserError, TradeError } from '../../src/errors';
import { dataImport } from '../../src/tools';
import { fuzzParams, mutatedText } from './fuzz-harness';

const dir = mkdtempSync(join(tmpdir(), 'trade-fuzz-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SAMPLE = resolve(import.meta.dir, '../../data/sample');
const head = (file: string, n: number) =>
  gunzipSync(readFileSync(join(SAMPLE, file)))
    .toString()
    .split('\n')
    .slice(0, n)
    .join('\n');
const CANDLES = head('bybit_linear_BTCUSDT_1m_2024-08.csv.gz', 40);
const FUNDING = head('bybit_linear_BTCUSDT_funding8h_2024-08.csv.gz', 12);
const NAMES = [
  'bybit_linear_BTCUSDT_1m_2024-08.csv',
  'BTCUSDT-1m-2024-08.csv',
  'bybit_linear_BTCUSDT_funding8h_2024.csv',
  'x.json',
  'data.csv',
];

/** Imports `bytes` as `name` into a fresh in-memory store; asserts it is accepted or refused cleanly. */
async function importChecked(name: string, bytes: Uint8Array | string, extra: { symbol?: string; tz?: string } = {}) {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  try {
    await dataImport(':memory:', { files: [path], sample: false, ...extra });
  } catch (e) {
    if (!(e instanceof TradeError) || !isUserError(e)) throw new Error(`not a user error: ${(e as Error)?.stack ?? e}`);
    const lines = e.message.split('\n');
    expect(e.message).not.toMatch(/\n\s+at /);
    expect(lines.length).toBeLessThanOrEqual(22);
    for (const line of lines.slice(1)) {
      if (line.startsWith('... and ')) continue;
      expect(line.startsWith(`${path}:`)).toBe(true);
    }
    if (lines.length === 1) expect(e.message.length).toBeLessThan(2000);
  }
}

describe('importer fuzz', () => {
  test('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.constantFrom(...NAMES), async (bytes, name) => {
        await importChecked(name, bytes, { symbol: 'BTCUSDT' });
      }),
      fuzzParams(150),
    );
  }, 60_000);

  test('mutated real candle rows', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedText(CANDLES), async (text) => {
        await importChecked('bybit_linear_BTCUSDT_1m_2024-08.csv', text);
      }),
      fuzzParams(150),
    );
  }, 60_000);

  test('mutated real funding rows', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedText(FUNDING), fc.constantFrom(undefined, '+00:00'), async (text, tz) => {
        await importChecked('bybit_linear_BTCUSDT_funding8h_2024-08.csv', text, { tz });
      }),
      fuzzParams(100),
    );
  }, 60_000);
});
