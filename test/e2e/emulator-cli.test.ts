// `trade emulator` (dist/trade when built, cli-harness.ts) in the background and `trade data sync` / `data instruments --sync` against it, as
// a user runs them: the printed base URL, exit codes, the one-line summary and --json, usage errors.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subprocess } from 'bun';
import { TRADE } from './cli-harness';

const dir = mkdtempSync(join(tmpdir(), 'trade-e2e-emulator-'));
let emu: Subprocess<'ignore', 'pipe', 'pipe'>;
let url = '';

function trade(db: string, ...args: string[]): { code: number; out: string; err: string } {
  const p = Bun.spawnSync([...TRADE, ...args, '--db', join(dir, db)], { cwd: dir, env: { ...process.env, TZ: 'UTC' } });
  return { code: p.exitCode ?? -1, out: p.stdout.toString(), err: p.stderr.toString() };
}

beforeAll(async () => {
  expect(trade('emu.duckdb', 'data', 'import', '--sample').code).toBe(0);
  emu = Bun.spawn(
    [...TRADE, 'emulator', '--port', '0', '--db', join(dir, 'emu.duckdb'), '--now', '2024-08-03T00:00:30Z'].concat([
      '--gap',
      '2024-08-02T00:00Z..2024-08-02T00:10Z',
      '--burst-10006',
      '2',
      '--burst-after',
      '1',
    ]),
    { cwd: dir, stdout: 'pipe', stderr: 'pipe', env: { ...process.env, TZ: 'UTC' } },
  );
  const reader = emu.stdout.getReader();
  let text = '';
  while (!text.includes('\n')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  url = text.trim();
});

afterAll(async () => {
  if (emu && emu.exitCode === null) {
    emu.kill('SIGTERM');
    await emu.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('trade emulator + trade data sync', () => {
  test('the emulator prints its loopback base URL', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('sync into an empty store: clamped to the last closed minute, gap reported, 10006 retries counted', () => {
    const r = trade('sync.duckdb', 'data', 'sync', 'BTCUSDT', '--from', '2024-08-01', '--to', '2024-09-01', '--rest-url', url, '--json');
    expect([r.code, r.err]).toEqual([0, '']);
    const j = JSON.parse(r.out);
    expect([j.from, j.to, j.candles.rowsAdded, j.candles.pages, j.funding.rowsAdded, j.retries]).toEqual([
      '2024-08-01T00:00:00.000Z',
      '2024-08-03T00:00:00.000Z',
      2 * 1440 - 10,
      3,
      7,
      2,
    ]);
    expect(j.gapsLeft).toEqual([{ start: '2024-08-02T00:00:00.000Z', end: '2024-08-02T00:10:00.000Z', minutes: 10 }]);
    const gaps = trade('sync.duckdb', 'data', 'gaps', 'BTCUSDT', '--json');
    expect(JSON.parse(gaps.out).gaps).toEqual(j.gapsLeft);
  });

  test('a second sync adds nothing and prints the one-line summary with the gap table', () => {
    const r = trade('sync.duckdb', 'data', 'sync', 'BTCUSDT', '--from', '2024-08-01', '--to', '2024-09-01', '--rest-url', `${url}/`);
    expect(r.code).toBe(0);
    const [head, ...rest] = r.out.trimEnd().split('\n');
    expect(head).toMatch(
      new RegExp(
        `^BTCUSDT 2024-08-01T00:00:00.000Z \\.\\. 2024-08-03T00:00:00.000Z: \\+0 candles from 1 page, funding \\+0 \\(1 page\\), 0 retries, 1 gap left \\(10 min\\) in [\\d.]+ s \\(\\d+ rows/s\\) from bybit:${url}$`,
      ),
    );
    expect(rest.at(-1)).toMatch(/^2024-08-02T00:00:00.000Z +2024-08-02T00:10:00.000Z +10$/);
  });

  test('instruments --sync stores what the emulator serves', () => {
    const r = trade('sync.duckdb', 'data', 'instruments', '--sync', '--rest-url', url, '--symbol', 'btcusdt', '--json');
    expect(r.code).toBe(0);
    const [btc] = JSON.parse(r.out);
    expect([btc.symbol, btc.tickSize, btc.tiers.length, btc.source]).toEqual([
      'BTCUSDT',
      0.1,
      20,
      `bybit:${url} instruments-info + risk-limit (1 page)`,
    ]);
  });

  test('bad input: one line on stderr, exit 2', () => {
    const cases: [string[], string][] = [
      [
        ['data', 'sync', 'BTCUSDT', '--from', '2024-08-01'],
        "✖ trade data sync: --from and --to are required (ISO 8601 UTC), got --from '2024-08-01' --to ''\n",
      ],
      [
        ['data', 'sync', 'BTCUSDT', '--from', '2024-08-02', '--to', '2024-08-01'],
        '✖ the window is empty: --to 2024-08-01T00:00:00.000Z must be after --from 2024-08-02T00:00:00.000Z\n',
      ],
      [['data', 'sync', '--from', '2024-08-01', '--to', '2024-08-02'], '✖ trade data sync: expected one SYMBOL, got 0 (none)\n'],
      [
        ['data', 'sync', 'BTCUSDT', '--from', '2024-08-01', '--to', '2024-08-02', '--rest-url', 'ftp://h'],
        "✖ --rest-url 'ftp://h': expected an http(s) URL without query or fragment\n",
      ],
      [['data', 'instruments', '--rest-url', url], '✖ trade data instruments: --rest-url and --symbol only apply with --sync\n'],
      [
        ['emulator', '--gap', '2024-08-02..2024-08-01'],
        "✖ --gap '2024-08-02..2024-08-01': expected FROM..TO with ISO 8601 UTC times, FROM before TO, e.g. 2024-08-10T00:00Z..2024-08-10T01:00Z\n",
      ],
      [['emulator', '--burst-403', '-1'], "✖ --burst-403 '-1': expected an integer in [0, 1000000]\n"],
    ];
    expect(trade('bad.duckdb', 'data', 'info').code).toBe(0);
    for (const [args, err] of cases) {
      const r = trade('bad.duckdb', ...args);
      expect([r.code, r.err]).toEqual([2, err]);
    }
    const port = url.split(':').at(-1) as string;
    const busy = trade('bad.duckdb', 'emulator', '--port', port);
    expect([busy.code, busy.err.split('\n').length]).toEqual([2, 2]);
    expect(busy.err).toStartWith(`✖ --port ${port}: cannot listen on 127.0.0.1 (`);
  });

  test('SIGINT stops the emulator with exit 0', async () => {
    emu.kill('SIGINT');
    expect(await emu.exited).toBe(0);
  });
});
