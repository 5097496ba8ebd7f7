// Issue 13 item 10, readers beside writers, from the CLI (dist/trade when built). DuckDB allows one
// read-write process per file, or any number of read-only ones. Reading commands open a store
// read-only and the emulator (which never writes the store) does too, so reads work while an
// emulator runs, and a write is refused with one line naming the emulator's PID. An import holds
// the write lock; a read meanwhile is one line naming the import's PID, and works once it is done.
import { afterAll, expect, test } from 'bun:test';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, sandbox, TRADE } from './cli-harness';

const box = sandbox('trade-e2e-busy-');
const DB = join(box.dir, 'store.duckdb');
const spawned: ReturnType<typeof Bun.spawn>[] = [];
afterAll(async () => {
  for (const p of spawned) {
    p.kill();
    await p.exited;
  }
  box.cleanup();
});

const busy = (pid: number) =>
  new RegExp(
    `^✖ store ${DB} is in use by another process \\(PID ${pid}, [^)]+\\): an import, sync or emulator holds it; wait for it or stop it\\n$`,
  );
const AUG5 = '2024-08-05T00:00:00.000Z,58131.6,58278.3,48914.1,53988.2,563087.7289999999,29859703014.130936,1';

/** Starts `trade ...args` in the background; resolves with the process and its first stdout chunk. */
async function background(...args: string[]) {
  const p = Bun.spawn([...TRADE, ...args], { cwd: box.dir, env: box.env, stdout: 'pipe', stderr: 'pipe' });
  spawned.push(p);
  const reader = (p.stdout as ReadableStream<Uint8Array>).getReader();
  const first = await reader.read();
  reader.releaseLock();
  return { p, first: new TextDecoder().decode(first.value) };
}

test('while the emulator runs: data candles, data info and a backtest read the store; an import names the emulator', async () => {
  expect(box.run('data', 'import', '--sample', '--db', DB).code).toBe(0);
  const play = join(ROOT, 'plays/ema-cross.yml');
  const before = box.run('backtest', play, '--db', DB, '--out', join(box.dir, 'bt'), '--json');
  expect(before.code).toBe(0);
  const emu = await background('emulator', '--port', '0', '--db', DB);
  expect(emu.first).toStartWith('http://127.0.0.1:'); // the store is open
  const candles = box.run('data', 'candles', 'BTCUSDT', '--tf', '1d', '--from', '2024-08-05', '--to', '2024-08-06', '--db', DB);
  expect([candles.code, candles.err]).toEqual([0, '']);
  expect(candles.out.split('\n')[1]).toBe(AUG5);
  const info = box.run('data', 'info', '--db', DB, '--json');
  expect(JSON.parse(info.out).tables.candles_1m).toBe(44640);
  // Without the cache folder the backtest must read the store itself (not its snapshot): same run_hash.
  rmSync(`${DB}.cache`, { recursive: true, force: true });
  const bt = box.run('backtest', play, '--db', DB, '--out', join(box.dir, 'bt2'), '--json');
  expect(bt.code).toBe(0);
  expect(JSON.parse(bt.out).hashes.run_hash).toBe(JSON.parse(before.out).hashes.run_hash);
  const f = box.file('BTCUSDT_more.csv', 'timestamp,open,high,low,close,volume\n2024-09-01T00:00:00Z,100,101,99,100,1\n');
  const imp = box.run('data', 'import', f, '--db', DB);
  expect(imp.code).toBe(1);
  expect(imp.err).toMatch(busy(emu.p.pid));
  emu.p.kill();
  await emu.p.exited;
}, 60_000);

test('while an import holds the store (reading an open FIFO): a read names the import; after it, the rows are there', async () => {
  const fifo = join(box.dir, 'BTCUSDT_pipe.csv');
  expect(Bun.spawnSync(['mkfifo', fifo]).exitCode).toBe(0);
  const imp = Bun.spawn([...TRADE, 'data', 'import', fifo, '--db', DB], { cwd: box.dir, env: box.env, stdout: 'pipe', stderr: 'pipe' });
  spawned.push(imp);
  // The writer's open of the FIFO returns once the import opens it to read, which it does only after
  // opening the store; the marker file then says the import holds the store (3 s, until the row comes).
  const marker = join(box.dir, 'fifo-opened');
  const writer = Bun.spawn([
    'sh',
    '-c',
    `{ echo 'timestamp,open,high,low,close,volume'; touch '${marker}'; sleep 3; echo '2024-09-02T00:00:00Z,100,101,99,100,1'; } > '${fifo}'`,
  ]);
  spawned.push(writer);
  for (let i = 0; i < 200 && !existsSync(marker); i++) await Bun.sleep(50);
  expect(existsSync(marker)).toBe(true);
  const r = box.run('data', 'candles', 'BTCUSDT', '--tf', '1d', '--from', '2024-08-05', '--to', '2024-08-06', '--db', DB);
  expect(r.code).toBe(1);
  expect(r.err).toMatch(busy(imp.pid));
  expect(await imp.exited).toBe(0);
  const after = box.run('data', 'candles', 'BTCUSDT', '--tf', '1m', '--from', '2024-09-02', '--db', DB);
  expect(after.out.split('\n')[1]).toBe('2024-09-02T00:00:00.000Z,100,101,99,100,1,,1');
}, 60_000);
