// Sweep throughput: variants per second of a 15m Play (plays/ema-cross.yml) over the 2024 BTCUSDT
// 1m year with funding, with 1 and with 2 workers, as a user runs it: `dist/trade sweep` as a whole
// process (start-up, Play checks, loading the year once, worker start, the runs and their
// artifacts, ranking and sweeps/<id>/). Imports the year into a temp store first (not timed) and
// runs one warm-up sweep (column cache and store snapshot); each timed sweep writes to a fresh
// artifact root, so no variant comes from the run cache. With redis-server, the same sweep over the
// BullMQ queue on two `dist/trade worker` processes. Usage: bun scripts/bench/sweep.ts [K] (24K variants: fast EMA 5..28 × K take-profit multiples; default 4: 96 variants)
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dataImport } from '../../src/tools';
import { YEAR_2024 } from './candles';

const FUNDING = resolve(import.meta.dir, '../../../shared/data/market/bybit_linear_BTCUSDT_funding8h_2023-11-29_2025-12-29.csv.gz');
const PLAY = resolve(import.meta.dir, '../../plays/ema-cross.yml');

const REDIS = '/usr/bin/redis-server';
const BIN = resolve(import.meta.dir, '../../dist/trade');
/** Take-profit values (R multiples 1.5, 2, 2.5, ...): the sweep has 24 × this many variants. */
const rrCount = Number(process.argv[2] ?? 4);

interface SweepJson {
  simulated: number;
  variants: number;
}

/** `dist/trade sweep` as a whole process: its wall time and its --json answer. */
function runSweep(
  db: string,
  workers: number | undefined,
  outRoot: string,
  extra: string[] = [],
  params = PARAMS,
): { sec: number; json: SweepJson } {
  const args = [
    BIN,
    'sweep',
    PLAY,
    '--db',
    db,
    '--from',
    FROM,
    '--to',
    TO,
    '--out',
    join(dir, outRoot),
    '--sweeps',
    join(dir, 'sweeps'),
    '--json',
  ];
  for (const p of params) args.push('--param', p);
  if (workers !== undefined) args.push('--workers', String(workers));
  const t0 = performance.now();
  const p = Bun.spawnSync([...args, ...extra], { env: { ...process.env, TZ: 'UTC' } });
  const sec = (performance.now() - t0) / 1000;
  if (p.exitCode !== 0) throw new Error(`bench: trade sweep exited ${p.exitCode}: ${p.stderr.toString().trim()}`);
  const json = JSON.parse(p.stdout.toString()) as SweepJson & { data?: SweepJson };
  return { sec, json: json.data ?? json };
}

/**
 * The same sweep over the BullMQ queue: a Redis without persistence on a free loopback port and two
 * `dist/trade worker --concurrency 1` processes (started and ready before the clock starts).
 */
async function overQueue(db: string): Promise<string> {
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
      const w = Bun.spawn([BIN, 'worker', '--queue', url, '--db', db, '--concurrency', '1', '--out', join(dir, `wq${k}`)], {
        stdout: 'pipe',
        env: { ...process.env, TZ: 'UTC' },
      });
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
    runSweep(db, undefined, 'q-warm', ['--queue', url], ['features.ema_fast.params.length=[5,6]', 'risk.take_profit.rr=[1.7,2.2]']);
    const r = runSweep(db, undefined, 'q-timed', ['--queue', url]);
    return `queue (2 trade worker processes, concurrency 1 each): ${r.json.variants} variants in ${r.sec.toFixed(2)} s = ${(r.json.variants / r.sec).toFixed(1)} variants/s`;
  } finally {
    for (const p of procs) p.kill();
  }
}

const FROM = '2024-01-03T00:00Z';
const TO = '2025-01-01';
const PARAMS = [
  'features.ema_fast.params.length=5..28:1',
  `risk.take_profit.rr=[${Array.from({ length: rrCount }, (_, k) => 1.5 + k * 0.5).join(',')}]`,
];
if (!existsSync(BIN)) throw new Error(`bench: ${BIN} is missing (bun run build)`);
const dir = mkdtempSync(join(tmpdir(), 'trade-bench-sweep-'));
try {
  const db = join(dir, 'store.duckdb');
  await dataImport(db, { files: [YEAR_2024, FUNDING] });
  runSweep(db, 2, 'warm');
  const rows: string[] = [];
  const rates: Record<number, number> = {};
  for (const workers of [1, 2]) {
    const { sec, json } = runSweep(db, workers, `bt-${workers}`);
    if (json.simulated !== json.variants) throw new Error(`bench: ${json.variants - json.simulated} variants came from the cache`);
    rates[workers] = json.variants / sec;
    rows.push(
      `${workers} worker${workers > 1 ? 's' : ' '}: ${json.variants} variants in ${sec.toFixed(2)} s = ${rates[workers]!.toFixed(1)} variants/s`,
    );
  }
  const queued = existsSync(REDIS) ? await overQueue(db) : undefined;
  console.log(`sweep bench: dist/trade sweep, ema-cross (15m) over 2024 BTCUSDT 1m with funding, ${availableParallelism()} cores`);
  for (const row of rows) console.log(`  ${row}`);
  console.log(`  speed-up 2 vs 1 worker: ${(rates[2]! / rates[1]!).toFixed(2)}x`);
  console.log(`  ${queued ?? 'queue: skipped (no redis-server)'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
