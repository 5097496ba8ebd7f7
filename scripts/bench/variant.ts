// One sweep variant at a time, in process: the year of 2024 BTCUSDT 1m with funding imported into a
// temp store, shared as a sweep worker shares it, then `runJob` (check, simulate, artifacts) for N
// variants of plays/ema-cross.yml (fast EMA 5..28, take profit 1.5R / 2.5R), as a worker runs them.
// Prints the median and best wall and CPU time per variant after the first 3 (JIT warm-up).
// Usage: bun scripts/bench/variant.ts [N] (default 30)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { withSymbolMarket } from '../../src/data';
import { runJob } from '../../src/research/run-job';
import { sharedColumns, shareWindow } from '../../src/research/shared-window';
import { dataImport } from '../../src/tools';
import { YEAR_2024 } from './candles';

const FUNDING = resolve(import.meta.dir, '../../../shared/data/market/bybit_linear_BTCUSDT_funding8h_2023-11-29_2025-12-29.csv.gz');
const PLAY = resolve(import.meta.dir, '../../plays/ema-cross.yml');
const n = Number(process.argv[2] ?? 30);
const base = readFileSync(PLAY, 'utf8');
const fromMs = Date.parse('2024-01-03');
const toMs = Date.parse('2025-01-01');
const warmStartMs = Date.parse('2024-01-01');
const dir = mkdtempSync(join(tmpdir(), 'trade-bench-variant-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
try {
  const db = join(dir, 'store.duckdb');
  await dataImport(db, { files: [YEAR_2024, FUNDING] });
  await withSymbolMarket(db, 'BTCUSDT', async (market) => {
    const instrument = await market.instrument();
    const cols = sharedColumns(shareWindow(await market.window(warmStartMs, toMs)));
    const ctx = {
      ...cols,
      instrument,
      symbol: 'BTCUSDT',
      packageVersion: 'bench',
      outRoot: join(dir, 'out'),
      intrabar: 'path' as const,
      noFunding: false,
    };
    const walls: number[] = [];
    const cpus: number[] = [];
    let trades = 0;
    for (let k = 0; k < n; k++) {
      const yaml = base.replace(/length: 9 /, `length: ${5 + (k % 24)} `).replace('rr: 2 }', `rr: ${k % 2 ? 1.5 : 2.5} }`);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const s = runJob(ctx, { yaml, data: JSON.stringify(parse(yaml)), file: PLAY, fromMs, toMs, warmStartMs, inputHash: `bench-${k}` });
      const wall = performance.now() - t0;
      const c = process.cpuUsage(c0);
      trades += s.metrics.trades;
      if (k >= 3) {
        walls.push(wall);
        cpus.push((c.user + c.system) / 1000);
      }
    }
    console.log(
      `variant bench: ${n} ema-cross variants over 2024 (${trades} trades): per variant wall median ${median(walls).toFixed(1)} ms (best ${Math.min(...walls).toFixed(1)}), CPU median ${median(cpus).toFixed(1)} ms (best ${Math.min(...cpus).toFixed(1)})`,
    );
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
