// Sweep throughput: variants per second of a 15m Play (plays/ema-cross.yml) over the 2024 BTCUSDT
// 1m year with funding, with 1 and with 2 workers. Imports the year into a temp store first (not
// timed) and runs one warm-up sweep (column cache and store snapshot); each timed sweep writes to a
// fresh artifact root, so no variant comes from the run cache. The time covers everything a
// `trade sweep` does: Play checks, loading the year once, worker start, the runs and their
// artifacts, ranking and sweeps/<id>/. Usage: bun scripts/bench/sweep.ts [variants per side]
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dataImport } from '../../src/tools';
import { sweep } from '../../src/tools/sweep';
import { YEAR_2024 } from './candles';

const FUNDING = resolve(import.meta.dir, '../../../shared/data/market/bybit_linear_BTCUSDT_funding8h_2023-11-29_2025-12-29.csv.gz');
const PLAY = resolve(import.meta.dir, '../../plays/ema-cross.yml');

const fastCount = Number(process.argv[2] ?? 12);
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
  console.log(`sweep bench: ema-cross (15m) over 2024 BTCUSDT 1m with funding, ${availableParallelism()} cores`);
  for (const row of rows) console.log(`  ${row}`);
  console.log(`  speed-up 2 vs 1 worker: ${(rates[2]! / rates[1]!).toFixed(2)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
