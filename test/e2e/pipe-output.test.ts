// Issue 13 item 1: every command's output is complete through a pipe, however slowly it is read.
// The CLI used to exit before the pipe drained (64 KiB got through, exit 0). Here a reader that
// pauses between chunks must receive the same bytes as a file, for 10 MB of stdout and for a long
// stderr.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sandbox, syntheticCsv, TRADE } from './cli-harness';

const box = sandbox('trade-e2e-pipe-');
afterAll(() => box.cleanup());

/** Runs trade with stdout and stderr piped; reads `stream` pausing 20 ms after each of its first 30 chunks. */
async function slowRead(args: string[], stream: 'stdout' | 'stderr'): Promise<{ code: number; bytes: Buffer; other: string }> {
  const p = Bun.spawn([...TRADE, ...args], { cwd: box.dir, env: box.env, stdout: 'pipe', stderr: 'pipe' });
  const slow = p[stream] as ReadableStream<Uint8Array>;
  const fast = p[stream === 'stdout' ? 'stderr' : 'stdout'] as ReadableStream<Uint8Array>;
  const otherText = new Response(fast).text();
  const reader = slow.getReader();
  const chunks: Uint8Array[] = [];
  for (let i = 0; ; i++) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    if (i < 30) await Bun.sleep(20);
  }
  return { code: await p.exited, bytes: Buffer.concat(chunks), other: await otherText };
}

/** The same command with stdout redirected to a file (never truncated). */
function toFile(args: string[], name: string): Buffer {
  const path = join(box.dir, name);
  const p = Bun.spawnSync([...TRADE, ...args], { cwd: box.dir, env: box.env, stdout: Bun.file(path) });
  expect(p.exitCode).toBe(0);
  return readFileSync(path);
}

describe('output through a slow pipe is complete', () => {
  beforeAll(() => {
    // 210,000 minutes: about 10 MB of 1m candles as CSV.
    const csv = box.file('XYZUSDT_1m.csv', syntheticCsv(Date.UTC(2024, 0, 1), 210_000));
    const r = box.run('data', 'import', csv, '--symbol', 'XYZUSDT');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  }, 60_000);

  test('10 MB of data candles CSV', async () => {
    const args = ['data', 'candles', 'XYZUSDT', '--tf', '1m'];
    const file = toFile(args, 'candles.csv');
    expect(file.length).toBeGreaterThan(10_000_000);
    const piped = await slowRead(args, 'stdout');
    expect(piped.code).toBe(0);
    expect(piped.bytes.length).toBe(file.length);
    expect(piped.bytes.equals(file)).toBe(true);
    expect(piped.bytes.toString().trimEnd().split('\n')).toHaveLength(210_001);
  }, 60_000);

  test('--json and indicator output', async () => {
    for (const args of [
      ['data', 'candles', 'XYZUSDT', '--tf', '5m', '--json'],
      ['indicator', 'ema', '--symbol', 'XYZUSDT', '--tf', '1m', '--param', 'length=5'],
    ]) {
      const piped = await slowRead(args, 'stdout');
      expect(piped.code).toBe(0);
      expect(piped.bytes.equals(toFile(args, 'x.out'))).toBe(true);
      if (args.includes('--json')) expect(JSON.parse(piped.bytes.toString()).bars).toHaveLength(42_000);
    }
  }, 60_000);

  test('a long stderr (one problem line per bad feature) is complete', async () => {
    const features = Array.from({ length: 3000 }, (_, i) => `  f${i}: { indicator: ema, params: { length: 0 } }`).join('\n');
    const play = box.file(
      'many.yml',
      `id: many\nsymbol: BTCUSDT\ntimeframes: { exec: 1m }\nfeatures:\n${features}\nactions:\n  entries:\n    - { when: f0 > 0, emit: enter_long }\nrisk: { stop_loss: { pct: 1 }, sizing: { risk_pct: 1 } }\n`,
    );
    const piped = await slowRead(['play', 'validate', play], 'stderr');
    expect(piped.code).toBe(2);
    const lines = piped.bytes.toString().trimEnd().split('\n');
    expect(piped.bytes.length).toBeGreaterThan(200_000);
    expect(lines.filter((l) => l.includes('.params.length must be'))).toHaveLength(3000);
    expect(lines.at(-1)).toMatch(/error/);
  }, 60_000);
});
