// Issue 13 item 2: a reading command given a store path that does not exist fails with exit 2 and
// one line naming the path, and creates nothing (it used to create the folders and backtest the
// bundled sample). Only `data import`, `data sync` and `data info` create a store; the sample goes
// by itself only into the default store (data/trade.duckdb under the working directory).
import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, sandbox } from './cli-harness';

const box = sandbox('trade-e2e-store-');
afterAll(() => box.cleanup());
const PLAY = join(ROOT, 'plays/ema-cross.yml');

describe('a missing store', () => {
  const typo = join(box.dir, 'typo/y.duckdb');
  const readers: string[][] = [
    ['backtest', PLAY],
    ['data', 'candles', 'BTCUSDT', '--tf', '1h'],
    ['data', 'gaps', 'BTCUSDT'],
    ['data', 'coverage'],
    ['data', 'instruments'],
    ['indicator', 'ema', '--symbol', 'BTCUSDT', '--tf', '1h'],
    ['structure', 'swing', '--symbol', 'BTCUSDT', '--tf', '1h'],
    ['emulator', '--port', '0'],
  ];

  test.each(readers)('trade %s ... --db <missing>: exit 2, names the path, creates nothing', (...args) => {
    for (const r of [box.run(...args, '--db', typo), box.runEnv({ TRADE_DB: typo }, ...args)]) {
      expect(r.err).toBe(`✖ store ${typo} does not exist (check --db / TRADE_DB; create it with trade data import <file> --db ${typo})\n`);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
    }
    expect(existsSync(join(box.dir, 'typo'))).toBe(false);
  });

  test('data info creates a store; readers then see it empty and import no sample', () => {
    const db = join(box.dir, 'made/new.duckdb');
    expect(box.run('data', 'info', '--db', db).code).toBe(0);
    const c = box.run('data', 'candles', 'BTCUSDT', '--tf', '1h', '--db', db, '--json');
    expect(c.err).not.toContain('sample');
    const b = box.run('backtest', PLAY, '--db', db);
    expect(b.code).toBe(2);
    expect(b.err).toBe('✖ preflight: the store has no BTCUSDT candles; import some (trade data import) or pass --from and --to\n');
  });

  test('the default store is created with the bundled sample by a reader', () => {
    const r = box.run('data', 'candles', 'BTCUSDT', '--tf', '1d', '--json');
    expect(r.code).toBe(0);
    expect(r.err).toContain('imported the bundled sample');
    expect(JSON.parse(r.out).bars).toHaveLength(31);
    expect(existsSync(join(box.dir, 'data/trade.duckdb'))).toBe(true);
  });
});
