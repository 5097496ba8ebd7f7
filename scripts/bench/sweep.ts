// Sweep throughput: variants per second of a 15m Play (plays/ema-cross.yml) over the 2024 BTCUSDT
// 1m year with funding, with 1 and with 2 workers. Imports the year into a temp store first (not
// timed) and runs one warm-up sweep (column cache and store snapshot); each timed sweep writes to a
// fresh artifact root, so no variant comes from the run cache. The time covers everything a
// `trade sweep` does: Play checks, loading the year once, worker start, the runs and their
// artifacts, ranking and sweeps/<id>/. With redis-server, the same sweep over the BullMQ queue on two
// `trade worker` processes. Usage: bun scripts/bench/sweep.ts [N] (2N variants)
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dataImport } from '../../src/tools';
import { sweep } from '../../src/tools/sweep';
import { YEAR_2024 } from './candles';

const FUNDING = resolve(import.meta.dir, '../../../shared/data/market/bybit_linear_BTCUSDT_funding8h_2023-11-29_2025-12-29.csv.gz');
const PLAY = resolve(import.meta.dir, '../../plays/ema-cross.yml');

const REDIS = '/usr/bin/redis-server';
const MAIN = resolve(import.meta.dir, '../../src/cli/main.ts');
const fastCount = Number(process.argv[2] ?? 12);

/**
 * The same sweep over the BullMQ queue: a Redis without persistence on a free loopback port and two
 * `trade worker --concurrency 1` processes (started and ready before the clock starts).
 */
async function overQueue(db: string, input: (workers: number, outRoot: string) => Parameters<typeof sweep>[0]): Promise<string> {
  const s = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const port = s.port;
  s.stop(true);
  const procs: Bun.Subprocess[] = [];
  try {
    procs.push(Bun.spawn([REDIS, '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdout: 'ignore' }));
    await Bun.sleep(300);
    const url = `redis://127.0.0.1:${port}`;
    const ready: Promise<void>[] = [];
    for (const k of [1, 2]) {
      const w = Bun.spawn(
        [process.execPath, MAIN, 'worker', '--queue', url, '--db', db, '--concurrency', '1', '--out', join(dir, `wq${k}`)],
        {
          stdout: 'pipe',
        },
      );
      procs.push(w);
      ready.push(
        (async () => {
          let text = '';
          for await (const chunk of w.stdout as ReadableStream<Uint8Array>) {
            text += new TextDecoder().decode(chunk);
            if (text.includes('worker ready')) return;
          }
        })(),
      );
    }
    await Promise.all(ready);
    // Each worker loads the year on its first job: one small sweep first, not timed.
    await sweep({ ...input(1, 'q-warm'), queue: url, params: ['features.ema_fast.params.length=[5,6]', 'risk.take_profit.rr=[1.7,2.2]'] });
    const t0 = performance.now();
    const r = await sweep({ ...input(1, 'q-timed'), queue: url });
    const sec = (performance.now() - t0) / 1000;
    return `queue (2 trade worker processes, concurrency 1 each): ${r.rows.length} variants in ${sec.toFixed(2)} s = ${(r.rows.length / sec).toFixed(1)} variants/s`;
  } finally {
    for (const p of procs) p.kill();
  }
}
const dir = mkdtempSync(join(tmpdir(), 'trade-bench-sweep-'));
try {
  const db = join(dir, 'store.duckdb');
  await dataImport(db, { files: [YEAR_2024, FUNDING] });
  const input = (workers: number, outRoot: string) => ({
    playPath: PLAY,
    dbPath: db,
    params: [`features.ema_fast.params.length=5..${4 + fastCount}:1`, 'risk.take_profit.rr=[1.5,2.5]'],
    workers: String(workers),
    from: '2024-01-03T00:00Z',
    to: '2025-01-01',
    intrabar: 'path',
    noFunding: false,
    outRoot: join(dir, outRoot),
    sweepsRoot: join(dir, 'sweeps'),
  });
  await sweep(input(2, 'warm'));
  const rows: string[] = [];
  const rates: Record<number, number> = {};
  for (const workers of [1, 2]) {
    const t0 = performance.now();
    const r = await sweep(input(workers, `bt-${workers}`));
    const sec = (performance.now() - t0) / 1000;
    if (r.simulated !== r.rows.length) throw new Error(`bench: ${r.rows.length - r.simulated} variants came from the cache`);
    rates[workers] = r.rows.length / sec;
    rows.push(
      `${workers} worker${workers > 1 ? 's' : ' '}: ${r.rows.length} variants in ${sec.toFixed(2)} s = ${rates[workers]!.toFixed(1)} variants/s`,
    );
  }
  const queued = existsSync(REDIS) ? await overQueue(db, input) : undefined;
  console.log(`sweep bench: ema-cross (15m) over 2024 BTCUSDT 1m with funding, ${availableParallelism()} cores`);
  for (const row of rows) console.log(`  ${row}`);
  console.log(`  speed-up 2 vs 1 worker: ${(rates[2]! / rates[1]!).toFixed(2)}x`);
  console.log(`  ${queued ?? 'queue: skipped (no redis-server)'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
