// End-to-end backtest throughput: one year of BTCUSDT 1m (2024) with funding, a 4-indicator Play on
// 15m evaluated at every 1m close. Imports the year into a temp store first (not timed), then times
// `trade backtest` in-process (load, gates, features, run, artifacts) after warm-up runs, and
// prints the median and best 1m bars/s of 7 runs and the peak RSS of a separate process running
// the same command. Two cases: the store unchanged since the last run (the run reads the store
// snapshot and column cache, no DuckDB), and the store changed (snapshot removed before each run:
// DuckDB open, queries and fingerprint, with the column cache).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readSnapshot, snapshotPath } from '../../src/data';
import { backtest, dataImport } from '../../src/tools';
import { YEAR_2024 } from './candles';

const FUNDING = resolve(import.meta.dir, '../../../shared/data/market/bybit_linear_BTCUSDT_funding8h_2023-11-29_2025-12-29.csv.gz');
const PLAY = resolve(import.meta.dir, 'plays/four-indicators.yml');

export async function benchBacktest(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'trade-bench-bt-'));
  const db = join(dir, 'store.duckdb');
  await dataImport(db, { files: [YEAR_2024, FUNDING] });
  const args = {
    playPath: PLAY,
    dbPath: db,
    from: '2024-01-01T12:00Z',
    to: '2025-01-01',
    intrabar: 'path',
    noFunding: false,
    outRoot: join(dir, 'bt'),
  };
  // Warm-up runs: the first builds the column cache; a snapshot is trusted only once taken over
  // 100 ms after the store's last write (the import's, see data/market-snapshot.ts).
  let r = await backtest(args);
  for (let k = 0; !readSnapshot(db, 'BTCUSDT'); k++) {
    if (k === 10) throw new Error('bench: no store snapshot was taken by 10 warm-up runs');
    r = await backtest(args);
  }
  const timed = async (before: () => void) => {
    const times: number[] = [];
    for (let k = 0; k < 7; k++) {
      before();
      const t0 = performance.now();
      r = await backtest(args);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return { sec: times[3]! / 1000, best: times[0]! / 1000 };
  };
  const changed = await timed(() => rmSync(snapshotPath(db, 'BTCUSDT')));
  await backtest(args); // takes the snapshot again
  const { sec, best } = await timed(() => {});
  // Peak RSS of the same command in its own process, measured by GNU time (%M = max RSS in KB).
  const proc = Bun.spawnSync(
    [
      '/usr/bin/time',
      '-f',
      '%M',
      process.execPath,
      resolve(import.meta.dir, '../../src/cli/main.ts'),
      'backtest',
      PLAY,
      '--db',
      db,
      '--from',
      args.from,
      '--to',
      args.to,
      '--out',
      args.outRoot,
      '--json',
    ],
    { stdout: 'pipe', stderr: 'pipe' },
  );
  const rssMb = Number(proc.stderr.toString().trim().split('\n').pop()) / 1024;
  console.log(
    `backtest: ${r.bars1m} 1m bars in ${(sec * 1000).toFixed(0)} ms end to end (median of 7; best ${(best * 1000).toFixed(0)} ms) = ${(r.bars1m / sec / 1e6).toFixed(2)} M 1m-bars/s (best ${(r.bars1m / best / 1e6).toFixed(2)}); ${r.metrics.trades} trades; peak RSS ${rssMb.toFixed(0)} MB (separate process)`,
  );
  console.log(
    `backtest after a store change (DuckDB opened, fingerprinted): ${(changed.sec * 1000).toFixed(0)} ms median (best ${(changed.best * 1000).toFixed(0)} ms) = ${(r.bars1m / changed.sec / 1e6).toFixed(2)} M 1m-bars/s`,
  );
}

if (import.meta.main) await benchBacktest();
