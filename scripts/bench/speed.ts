// The speed targets (issue "Speed"), each measured from dist/trade as a user runs it, next to its
// target, printed as a table and written to bench.json. Rows: the 1m reference (EMA 12/26
// reversal at every 1m close, 0.01 BTC, fee 0.00055, no funding, over 2024): its simulate phase
// (timings_ms) and the whole process (wall, peak RSS); the four-indicator Play; `--version`; the
// import of the 2024 1m file next to DuckDB's own read_csv of the same file in the same run; the
// core's EMA batch; and the hand-written floor loop the simulate phase is compared with.
// Medians of N runs with their spread (min–max); peak RSS by GNU time. Nothing is asserted.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CoreIndicator, CoreOhlcv } from '../../src/core';
import { core, F64Buffer } from '../../src/core/memory';
import { loadYear2024, YEAR_2024 } from './candles';
import { floorReversal } from './floor';

const ROOT = resolve(import.meta.dir, '../..');
// TRADE_BENCH_BIN: another build to measure the same way (an earlier commit's, for a before/after).
const BIN = process.env.TRADE_BENCH_BIN ?? join(ROOT, 'dist/trade');
const REF_PLAY = join(import.meta.dir, 'plays/ema-reversal-1m.yml');
const FOUR_PLAY = join(import.meta.dir, 'plays/four-indicators.yml');
const FUNDING = resolve(ROOT, '../shared/data/market/bybit_linear_BTCUSDT_funding8h_2023-11-29_2025-12-29.csv.gz');
const FROM = '2024-01-03';
const TO = '2025-01-01';

interface Row {
  figure: string;
  value: string;
  target: string;
  met: boolean;
  detail: Record<string, number>;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const spread = (xs: number[], digits = 0) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;

/** Runs a command under GNU time: wall ms measured here (GNU time prints 10 ms steps), its peak RSS, stdout. */
function run(cmd: string[]): { wallMs: number; rssMb: number; out: string } {
  const t0 = performance.now();
  const p = Bun.spawnSync(['/usr/bin/time', '-f', '%M', ...cmd], { stdout: 'pipe', stderr: 'pipe' });
  const wallMs = performance.now() - t0;
  if (p.exitCode !== 0) throw new Error(`bench: ${cmd.join(' ')} failed: ${p.stderr.toString().slice(0, 400)}`);
  const kb = Number(p.stderr.toString().trim().split('\n').pop());
  return { wallMs, rssMb: kb / 1024, out: p.stdout.toString() };
}

export async function benchSpeed(runs = 5): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'trade-bench-speed-'));
  const db = join(dir, 'store.duckdb');
  const rows: Row[] = [];
  try {
    // Import of the year (whole process) and DuckDB's own read_csv of the same file, alternated
    // (5 rounds), so a burst of load on the machine falls on both sides of the ratio.
    const imports = [] as { wallMs: number; rssMb: number }[];
    const duck = [] as { wallMs: number; rssMb: number }[];
    const duckScript = join(dir, 'duck.ts');
    writeFileSync(
      duckScript,
      `import { DuckDBInstance } from '${join(ROOT, 'node_modules/@duckdb/node-api')}';
const i = await DuckDBInstance.create(process.argv[2]); const c = await i.connect();
await c.run("CREATE TABLE t AS SELECT * FROM read_csv('${YEAR_2024}')"); c.closeSync(); i.closeSync();`,
    );
    for (let k = 0; k < 5; k++) {
      rmSync(db, { force: true });
      imports.push(run([BIN, 'data', 'import', YEAR_2024, '--db', db]));
      const duckDb = join(dir, `duck-${k}.duckdb`);
      duck.push(run([process.execPath, duckScript, duckDb]));
      rmSync(duckDb, { force: true });
    }
    const impMs = median(imports.map((r) => r.wallMs));
    const duckMs = median(duck.map((r) => r.wallMs));
    const impRss = Math.max(...imports.map((r) => r.rssMb));
    rows.push({
      figure: 'import of the 2024 1m file (527,040 rows)',
      value: `${(impMs / 1000).toFixed(2)} s (${spread(
        imports.map((r) => r.wallMs / 1000),
        2,
      )}), ${impRss.toFixed(0)} MB; DuckDB read_csv ${(duckMs / 1000).toFixed(2)} s, ${Math.max(...duck.map((r) => r.rssMb)).toFixed(0)} MB`,
      target: '≤ 1.2× DuckDB read_csv, ≤ 250 MB',
      met: impMs <= 1.2 * duckMs && impRss <= 250,
      detail: { importMs: impMs, importRssMb: impRss, duckdbMs: duckMs, ratio: impMs / duckMs },
    });

    // The 1m reference: first run builds the column cache and the store snapshot.
    const refArgs = [BIN, 'backtest', REF_PLAY, '--db', db, '--from', FROM, '--to', TO, '--no-funding', '--out', join(dir, 'bt'), '--json'];
    for (let k = 0; k < 3; k++) run(refArgs);
    const ref = Array.from({ length: runs }, () => run(refArgs));
    const refJson = ref.map(
      (r) =>
        JSON.parse(r.out) as {
          bars_1m: number;
          closed_trades_pnl_usdt: number;
          metrics: { trades: number };
          timings_ms: Record<string, number>;
        },
    );
    const sim = refJson.map((j) => j.timings_ms.simulate!);
    const bars = refJson[0]!.bars_1m;
    const simMs = median(sim);
    rows.push({
      figure: '1m reference, simulate phase',
      value: `${simMs.toFixed(0)} ms (${spread(sim)}) = ${(bars / simMs / 1000).toFixed(2)} M 1m bars/s`,
      target: '≤ 50 ms (≥ 10M 1m bars/s)',
      met: simMs <= 50,
      detail: { simulateMs: simMs, bars1m: bars },
    });
    const refWall = median(ref.map((r) => r.wallMs));
    const refRss = Math.max(...ref.map((r) => r.rssMb));
    rows.push({
      figure: '1m reference, whole process from dist/trade',
      value: `${refWall.toFixed(0)} ms (${spread(ref.map((r) => r.wallMs))}), ${refRss.toFixed(0)} MB`,
      target: '≤ 250 ms, ≤ 150 MB',
      met: refWall <= 250 && refRss <= 150,
      detail: { wallMs: refWall, peakRssMb: refRss },
    });

    // The floor: the same spec as one loop over typed arrays; it must give the same trades.
    const c = loadYear2024();
    const fromMs = Date.parse(FROM);
    const toMs = Date.parse(TO);
    let floor = floorReversal(c, fromMs, toMs, 0.01, 0.00055);
    const floorTimes: number[] = [];
    for (let k = 0; k < 7; k++) {
      const t0 = performance.now();
      floor = floorReversal(c, fromMs, toMs, 0.01, 0.00055);
      floorTimes.push(performance.now() - t0);
    }
    const m = { trades: refJson[0]!.metrics.trades, netPnlUsdt: refJson[0]!.closed_trades_pnl_usdt };
    const same = floor.trades === m.trades && Math.abs(floor.netPnlUsdt - m.netPnlUsdt) < 1e-6 * Math.max(1, Math.abs(m.netPnlUsdt));
    const floorMs = median(floorTimes);
    rows.push({
      figure: 'floor loop (same spec, no engine)',
      value: `${floorMs.toFixed(1)} ms; ${floor.trades} trades, net ${floor.netPnlUsdt.toFixed(2)} USDT (engine: ${m.trades}, ${m.netPnlUsdt.toFixed(2)}); simulate = ${(simMs / floorMs).toFixed(1)}× the floor`,
      target: 'same trades; simulate ≤ 3× the floor',
      met: same && simMs <= 3 * floorMs,
      detail: { floorMs, trades: floor.trades, sameTrades: same ? 1 : 0, multiple: simMs / floorMs },
    });

    // The four-indicator Play (15m, every 1m evaluation), whole process.
    run([BIN, 'data', 'import', FUNDING, '--db', db]);
    const fourArgs = [
      BIN,
      'backtest',
      FOUR_PLAY,
      '--db',
      db,
      '--from',
      '2024-01-01T12:00Z',
      '--to',
      TO,
      '--out',
      join(dir, 'bt'),
      '--json',
    ];
    for (let k = 0; k < 3; k++) run(fourArgs);
    const four = Array.from({ length: runs }, () => run(fourArgs));
    const fourMs = median(four.map((r) => r.wallMs));
    rows.push({
      figure: 'four-indicators.yml, whole process',
      value: `${fourMs.toFixed(0)} ms (${spread(four.map((r) => r.wallMs))}), ${Math.max(...four.map((r) => r.rssMb)).toFixed(0)} MB`,
      target: '≤ 200 ms',
      met: fourMs <= 200,
      detail: { wallMs: fourMs },
    });

    // --version, a process start.
    const ver = Array.from({ length: 11 }, () => run([BIN, '--version']).wallMs);
    const verMs = median(ver);
    rows.push({
      figure: 'dist/trade --version',
      value: `${verMs.toFixed(0)} ms (${spread(ver)})`,
      target: '≤ 50 ms',
      met: verMs <= 50,
      detail: { wallMs: verMs },
    });

    // The core's EMA batch over columns already in core memory: the kernel alone (its output left in
    // core memory), and through CoreIndicator.batch, which also copies the output into a JS array.
    const ohlcv = new CoreOhlcv(c);
    const ema = new CoreIndicator('ema', { length: 20 });
    const n = c.close.length;
    const out = new F64Buffer(n);
    const kernel: number[] = [];
    const withCopy: number[] = [];
    try {
      const [a, b, cc, d, e, f] = ohlcv.ptrs();
      for (let k = 0; k < 15; k++) {
        const t0 = performance.now();
        core().ind_batch(ema.handle, n, a, b, cc, d, e, f, out.ptr);
        kernel.push(performance.now() - t0);
        const t1 = performance.now();
        ema.batch(ohlcv);
        withCopy.push(performance.now() - t1);
      }
    } finally {
      out.free();
      ema.free();
      ohlcv.free();
    }
    const rate = (ms: number) => n / ms / 1000;
    const emaRate = rate(median(kernel));
    rows.push({
      figure: 'EMA batch',
      value: `${emaRate.toFixed(0)} M updates/s (${rate(Math.max(...kernel)).toFixed(0)}–${rate(Math.min(...kernel)).toFixed(0)}) in the core; ${rate(median(withCopy)).toFixed(0)} M/s with the output copied into a JS array`,
      target: '≥ 300 M/s',
      met: emaRate >= 300,
      detail: { mUpdatesPerS: emaRate, withCopyMUpdatesPerS: rate(median(withCopy)) },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export function printSpeed(rows: Row[]): void {
  const w = Math.max(...rows.map((r) => r.figure.length));
  for (const r of rows) console.log(`${r.figure.padEnd(w)}  ${r.met ? 'met ' : 'MISS'}  ${r.value}   [target ${r.target}]`);
  writeFileSync(join(ROOT, 'bench.json'), `${JSON.stringify({ speed: rows }, null, 2)}\n`);
  console.log('written bench.json');
}

if (import.meta.main) printSpeed(await benchSpeed());
