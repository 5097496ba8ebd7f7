// Issue 13 item 9: the column cache and the store snapshot are verified against a content digest
// recomputed from their bytes. Four lows changed in the .f64 cache used to change the backtest
// (with the same input_hash) and what `data candles` printed; now the file is rebuilt from the
// store, a note says so, and every figure and hash is that of the intact data.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, sandbox } from './cli-harness';

const box = sandbox('trade-e2e-cache-');
afterAll(() => box.cleanup());
const PLAY = join(ROOT, 'plays/ema-cross.yml');
const DB = join(box.dir, 'store.duckdb');
const CACHE = `${DB}.cache/candles-BTCUSDT.f64`;
const SNAPSHOT = `${DB}.cache/inputs-BTCUSDT.json`;

const backtest = () => box.run('backtest', PLAY, '--db', DB, '--out', join(box.dir, 'bt'), '--json');
const lows = () => box.run('data', 'candles', 'BTCUSDT', '--tf', '1m', '--db', DB, '--to', '2024-08-02', '--json');

/** Halves the low of 4 candles of 5 Aug 2024 in place (the header says where the low column is). */
function corruptLows(): void {
  const bytes = readFileSync(CACHE);
  const headerLen = bytes.readUInt32LE(8);
  const header = JSON.parse(bytes.subarray(12, 12 + headerLen).toString());
  const rows = header.fingerprint.rows as number;
  const lowAt = 12 + headerLen + 3 * rows * 8;
  for (const minute of [0, 1, 2, 6000]) bytes.writeDoubleLE(bytes.readDoubleLE(lowAt + minute * 8) / 2, lowAt + minute * 8);
  writeFileSync(CACHE, bytes);
}

let intact: { metrics: unknown; hashes: Record<string, string> };
let intactLows: string;
beforeAll(() => {
  expect(box.run('data', 'import', '--sample', '--db', DB).code).toBe(0);
  const first = backtest(); // on the store: writes the cache and the snapshot
  expect(first.code).toBe(0);
  const second = backtest(); // on the snapshot
  expect(second.err).toBe('');
  intact = JSON.parse(second.out);
  expect(intact.hashes).toEqual(JSON.parse(first.out).hashes);
  intactLows = lows().out;
}, 60_000);

describe('a cache changed on disk is rebuilt, never used', () => {
  test('backtest: a note, and the figures and hashes of the intact data', () => {
    corruptLows();
    const r = backtest();
    expect(r.code).toBe(0);
    expect(r.err).toBe(`note: the column cache ${CACHE} does not match its content digest (changed on disk); rebuilt from the store\n`);
    const j = JSON.parse(r.out);
    expect(j.metrics).toEqual(intact.metrics);
    expect(j.hashes).toEqual(intact.hashes);
    expect(backtest().err).toBe(''); // rebuilt: clean again
  }, 60_000);

  test('data candles prints the stored lows, not the changed ones', () => {
    corruptLows();
    const r = lows();
    expect(r.err).toContain('does not match its content digest');
    expect(r.out).toBe(intactLows);
  });

  test('a changed snapshot is not used either', () => {
    backtest();
    const text = readFileSync(SNAPSHOT, 'utf8');
    // Change one funding rate inside the JSON (the digest line stays as it was).
    writeFileSync(SNAPSHOT, text.replace(/"rate":\[(-?[\d.e-]+)/, '"rate":[0.5'));
    expect(readFileSync(SNAPSHOT, 'utf8')).not.toBe(text);
    const r = backtest();
    expect(r.err).toBe(`note: the snapshot ${SNAPSHOT} does not match its content digest (changed on disk); rebuilt from the store\n`);
    expect(JSON.parse(r.out).hashes).toEqual(intact.hashes);
  }, 60_000);
});
