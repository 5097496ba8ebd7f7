// Issue 13 item 10 (first half): a store held by another process (here a running emulator) cannot be
// opened by a second one (DuckDB allows one writing process per file); the error is one line that
// names the other process. A backtest on the unchanged store still runs from its snapshot.
import { afterAll, expect, test } from 'bun:test';
import { join } from 'node:path';
import { ROOT, sandbox, TRADE } from './cli-harness';

const box = sandbox('trade-e2e-busy-');
const DB = join(box.dir, 'store.duckdb');
let emu: ReturnType<typeof Bun.spawn> | undefined;
afterAll(async () => {
  emu?.kill();
  await emu?.exited;
  box.cleanup();
});

test('a store held by the emulator: one line naming its PID; the snapshot still serves a backtest', async () => {
  expect(box.run('data', 'import', '--sample', '--db', DB).code).toBe(0);
  const play = join(ROOT, 'plays/ema-cross.yml');
  const out = join(box.dir, 'bt');
  expect(box.run('backtest', play, '--db', DB, '--out', out).code).toBe(0); // takes the snapshot
  emu = Bun.spawn([...TRADE, 'emulator', '--port', '0', '--db', DB], { cwd: box.dir, env: box.env, stdout: 'pipe', stderr: 'pipe' });
  const reader = (emu.stdout as ReadableStream<Uint8Array>).getReader();
  const first = await reader.read(); // the URL line: the store is open
  expect(new TextDecoder().decode(first.value)).toStartWith('http://127.0.0.1:');
  const r = box.run('data', 'candles', 'BTCUSDT', '--tf', '1d', '--db', DB);
  expect(r.code).toBe(1);
  expect(r.err).toMatch(
    new RegExp(
      `^✖ store ${DB} is in use by another process \\(PID ${emu.pid}, [^)]+\\): an import, sync or emulator holds it; wait for it or stop it\\n$`,
    ),
  );
  const bt = box.run('backtest', play, '--db', DB, '--out', out, '--json');
  expect(bt.code).toBe(0);
}, 60_000);
