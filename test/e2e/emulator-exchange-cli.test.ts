// `trade emulator` as an exchange from the CLI (dist/trade when built, cli-harness.ts): --json prints the four URLs as its first stdout line,
// an --account answers signed requests, a replay runs at --speed max and --exit-at-end stops the
// process when it ends; a bad --account is a usage error (exit 2).
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RestClientV5 } from 'bybit-api';
import { TRADE } from './cli-harness';

const dir = mkdtempSync(join(tmpdir(), 'trade-e2e-exchange-'));
const db = join(dir, 'emu.duckdb');

beforeAll(() => {
  const p = Bun.spawnSync([...TRADE, 'data', 'import', '--sample', '--db', db], {
    cwd: dir,
    env: { ...process.env, TZ: 'UTC' },
  });
  expect(p.exitCode).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function firstLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  let text = '';
  while (!text.includes('\n')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return text.split('\n')[0] as string;
}

test('--json first line, a signed request, a paced replay that exits at its end', async () => {
  const args = ['emulator', '--json', '--db', db, '--account', 'k1:s1:5000', '--symbol', 'BTCUSDT', '--from', '2024-08-05T00:00Z'];
  const emu = Bun.spawn([...TRADE, ...args, '--to', '2024-08-05T00:30Z', '--speed', '60', '--decision-ms', '5', '--exit-at-end'], {
    cwd: dir,
    stdout: 'pipe',
    stderr: 'pipe',
    env: { ...process.env, TZ: 'UTC' },
  });
  try {
    const line = JSON.parse(await firstLine(emu.stdout));
    expect(Object.keys(line)).toEqual(['rest', 'ws_public', 'ws_private', 'ws_trade']);
    const port = /:(\d+)$/.exec(line.rest)?.[1];
    expect(line).toEqual({
      rest: `http://127.0.0.1:${port}`,
      ws_public: `ws://127.0.0.1:${port}/v5/public/linear`,
      ws_private: `ws://127.0.0.1:${port}/v5/private`,
      ws_trade: `ws://127.0.0.1:${port}/v5/trade`,
    });
    const rest = new RestClientV5({ key: 'k1', secret: 's1', baseUrl: line.rest });
    const w = await rest.getWalletBalance({ accountType: 'UNIFIED' });
    expect(w.result.list[0]?.totalWalletBalance).toBe('5000');
    const code = await Promise.race([emu.exited, Bun.sleep(20_000).then(() => 'timeout')]);
    expect(code).toBe(0);
  } finally {
    if (emu.exitCode === null) emu.kill('SIGTERM');
  }
}, 30_000);

test('a malformed --account is a usage error naming the option', () => {
  const p = Bun.spawnSync([...TRADE, 'emulator', '--db', db, '--account', 'only-a-key'], {
    cwd: dir,
    env: { ...process.env, TZ: 'UTC' },
  });
  expect(p.exitCode).toBe(2);
  expect(p.stderr.toString()).toContain('--account');
});
