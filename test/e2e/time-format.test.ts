// Issue 13 item 6: one time format. Every command prints ISO 8601 UTC by default (`data candles`
// printed epoch ms) and `--ts ms` switches to epoch ms; `--from`/`--to` take ISO or epoch ms
// everywhere; "to before from" and an empty window get one message from every command.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { ROOT, sandbox } from './cli-harness';

const box = sandbox('trade-e2e-time-');
afterAll(() => box.cleanup());
const DB = join(box.dir, 'store.duckdb');
const run = (...args: string[]) => box.run(...args, '--db', DB);
const AUG5 = Date.UTC(2024, 7, 5);
const AUG6 = Date.UTC(2024, 7, 6);

beforeAll(() => {
  expect(run('data', 'import', '--sample').code).toBe(0);
}, 60_000);

describe('time format', () => {
  test('ISO by default, epoch ms with --ts ms', () => {
    const iso = run('data', 'candles', 'BTCUSDT', '--tf', '1d', '--from', '2024-08-05', '--to', '2024-08-06');
    expect(iso.out.split('\n').slice(0, 2)).toEqual([
      'ts_open,open,high,low,close,volume,turnover,complete',
      expect.stringMatching(/^2024-08-05T00:00:00\.000Z,/),
    ]);
    const ms = run('data', 'candles', 'BTCUSDT', '--tf', '1d', '--from', '2024-08-05', '--to', '2024-08-06', '--ts', 'ms');
    expect(ms.out.split('\n')[1]).toStartWith(`${AUG5},`);
    const ind = run('indicator', 'ema', '--symbol', 'BTCUSDT', '--tf', '1h', '--from', '2024-08-05', '--to', '2024-08-06', '--ts', 'ms');
    expect(ind.out.split('\n')[1]).toStartWith(`${AUG5},`);
    const gaps = JSON.parse(
      run('data', 'gaps', 'BTCUSDT', '--from', '2024-08-31T23:00Z', '--to', '2024-09-01T01:00Z', '--json', '--ts', 'ms').out,
    );
    expect(gaps.gaps).toEqual([{ start: Date.UTC(2024, 8, 1), end: Date.UTC(2024, 8, 1, 1), minutes: 60 }]);
    const cov = JSON.parse(run('data', 'coverage', '--json', '--ts', 'ms').out);
    expect(cov.symbols[0].candles1m.first).toBe(Date.UTC(2024, 7, 1));
    const bad = run('data', 'candles', 'BTCUSDT', '--tf', '1d', '--ts', 'unix');
    expect([bad.code, bad.err]).toEqual([2, "✖ --ts 'unix': expected iso (ISO 8601 UTC, the default) or ms (epoch milliseconds)\n"]);
  });

  test('--from/--to take ISO or epoch ms everywhere', () => {
    const a = run('data', 'candles', 'BTCUSDT', '--tf', '1h', '--from', '2024-08-05', '--to', '2024-08-06');
    const b = run('data', 'candles', 'BTCUSDT', '--tf', '1h', '--from', String(AUG5), '--to', String(AUG6));
    expect(b.out).toBe(a.out);
    const g1 = run('data', 'gaps', 'BTCUSDT', '--from', String(AUG5), '--to', String(AUG6), '--json');
    expect(JSON.parse(g1.out).missingMinutes).toBe(0);
    const play = join(ROOT, 'plays/ema-cross.yml');
    const out = join(box.dir, 'bt');
    const btIso = JSON.parse(run('backtest', play, '--from', '2024-08-05', '--to', '2024-08-20', '--out', out, '--json').out);
    const btMs = JSON.parse(
      run('backtest', play, '--from', String(AUG5), '--to', String(Date.UTC(2024, 7, 20)), '--out', out, '--json').out,
    );
    expect(btMs.hashes.run_hash).toBe(btIso.hashes.run_hash);
  }, 60_000);

  test('"to before from" and an empty window: one message from every command', () => {
    const play = join(ROOT, 'plays/ema-cross.yml');
    const cases: [string, string][] = [
      ['2024-08-06', '2024-08-05'],
      ['2024-08-05', String(AUG5)],
    ];
    for (const [from, to] of cases) {
      const want = `✖ the window is empty: --to ${new Date(Date.parse(to) || Number(to)).toISOString()} must be after --from ${new Date(from).toISOString()}\n`;
      for (const args of [
        ['data', 'candles', 'BTCUSDT', '--tf', '1h'],
        ['data', 'gaps', 'BTCUSDT'],
        ['indicator', 'ema', '--symbol', 'BTCUSDT', '--tf', '1h'],
        ['structure', 'swing', '--symbol', 'BTCUSDT', '--tf', '1h'],
        ['backtest', play],
        ['data', 'sync', 'BTCUSDT', '--rest-url', 'http://127.0.0.1:9'],
      ]) {
        const r = run(...args, '--from', from, '--to', to);
        expect([args[0], r.code, r.err]).toEqual([args[0], 2, want]);
      }
    }
  });

  test('a window without candles: the same answer from data candles, indicator and structure', () => {
    const window = ['--from', '2023-01-01', '--to', '2023-01-02'];
    const msg = `in [2023-01-01T00:00:00.000Z, 2023-01-02T00:00:00.000Z) in ${DB}\n`;
    const c = run('data', 'candles', 'BTCUSDT', '--tf', '1h', ...window);
    const i = run('indicator', 'ema', '--symbol', 'BTCUSDT', '--tf', '1h', ...window);
    const s = run('structure', 'swing', '--symbol', 'BTCUSDT', '--tf', '1h', ...window);
    for (const r of [c, i, s]) expect([r.code, r.err]).toEqual([1, `✖ no complete 1h candles for BTCUSDT ${msg}`]);
  });
});
