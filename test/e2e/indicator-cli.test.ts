// `trade indicator` and `trade structure` end to end: rows inserted into a fresh DuckDB store by
// SQL, the real CLI run as a subprocess, CSV / JSON output and exit codes checked.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withStore } from '../../src/data';

const M = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const ROOT = join(import.meta.dir, '..', '..');
let dir = '';
let db = '';

function trade(...args: string[]): { code: number; out: string; err: string } {
  const p = Bun.spawnSync(['bun', join(ROOT, 'src/cli/main.ts'), ...args, '--db', db], { cwd: ROOT, env: { ...process.env, TZ: 'UTC' } });
  return { code: p.exitCode ?? -1, out: p.stdout.toString(), err: p.stderr.toString() };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trade-cli-series-'));
  db = join(dir, 'store.duckdb');
  // 15 one-minute bars: close = 100 + i, high = close + 1, low = close - 1.
  const rows = Array.from({ length: 15 }, (_, i) => `('BTCUSDT', ${T0 + i * M}, ${100 + i}, ${101 + i}, ${99 + i}, ${100 + i}, 1, 0)`);
  await withStore(db, (store) => store.db.run(`INSERT INTO candles_1m VALUES ${rows.join(',')}`));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trade indicator / structure', () => {
  test('indicator sma on 1m as CSV: empty before warm-up', () => {
    const r = trade('indicator', 'sma', '--symbol', 'BTCUSDT', '--tf', '1m', '--param', 'length=3', '--to', String(T0 + 4 * M));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      'ts,value\n2024-01-01T00:00:00.000Z,\n2024-01-01T00:01:00.000Z,\n2024-01-01T00:02:00.000Z,101\n2024-01-01T00:03:00.000Z,102\n',
    );
  });

  test('structure rolling_window on 5m (resampled by SQL) as JSON', () => {
    // 5m bars: [0,5) high 105 low 99 close 104; [5,10) high 110 low 104 close 109; [10,15) high 115 low 109 close 114.
    // length 2 at bar 1: high 110, low 99, mid 104.5, position (109 - 99) / 11; bar 2: 115, 104, 109.5, 10/11.
    const r = trade('structure', 'rolling_window', '--symbol', 'BTCUSDT', '--tf', '5m', '--param', 'length=2', '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.name).toBe('rolling_window');
    expect(j.params).toEqual({ length: 2 });
    expect(j.rows).toEqual([
      { ts: '2024-01-01T00:00:00.000Z', high: null, low: null, mid: null, position: null },
      { ts: '2024-01-01T00:05:00.000Z', high: 110, low: 99, mid: 104.5, position: 10 / 11 },
      { ts: '2024-01-01T00:10:00.000Z', high: 115, low: 104, mid: 109.5, position: 10 / 11 },
    ]);
  });

  test('bad input exits 2 with one line; missing data exits 1', () => {
    const bad = trade('structure', 'swing', '--symbol', 'BTCUSDT', '--tf', '1m', '--param', 'left=0');
    expect(bad.code).toBe(2);
    expect(bad.err).toBe("✖ swing.left must be an integer in [1, 1000] (got '0')\n");
    const src = trade('structure', 'swing', '--symbol', 'BTCUSDT', '--tf', '1m', '--source', 'close');
    expect(src.code).toBe(2);
    expect(src.err).toContain('unknown option --source');
    const none = trade('indicator', 'ema', '--symbol', 'ETHUSDT', '--tf', '1h');
    expect(none.code).toBe(1);
    expect(none.err).toContain('no complete 1h candles for ETHUSDT');
  });
});
