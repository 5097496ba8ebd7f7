// Data-layer benchmark: import throughput on one year of 1m candles (527,040 rows), idempotent
// re-import, and the engine's warm load of that year into Float64Arrays (target well under 250 ms),
// plus resampling it to 5m and 1h. Uses the shared 2024 BTCUSDT file when present, else a synthetic
// year with the same shape. Run: bun scripts/bench-data.ts (wired into `bun run bench` later).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { importFiles, loadWindow, resample, Store } from '../src/data';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

const ROOT = resolve(import.meta.dir, '..');
const YEAR_FILE = 'bybit_linear_BTCUSDT_1m_2024-01-01_2024-12-31.csv.gz';
const FROM_MS = Date.UTC(2024, 0, 1);
const TO_MS = Date.UTC(2025, 0, 1);

function yearFile(dir: string): { path: string; origin: string } {
  for (const d of [process.env.TRADE_MARKET_DATA, join(ROOT, '../shared/data/market'), join(ROOT, '../../shared/data/market')]) {
    if (d && existsSync(join(d, YEAR_FILE))) return { path: join(d, YEAR_FILE), origin: 'shared 2024 BTCUSDT 1m file' };
  }
  // Deterministic synthetic year (no Math.random): a bounded zig-zag walk, same columns as the shared file.
  const lines = ['OpenTime,CloseTime,OpenPrice,ClosePrice,HighPrice,LowPrice,Volume,QuoteVolume,PriceDifPercentage'];
  let price = 40000;
  for (let t = FROM_MS; t < TO_MS; t += 60_000) {
    const step = (((t / 60_000) * 7919) % 200) / 10 - 9.95;
    const close = Math.round((price + step) * 10) / 10;
    const hi = Math.max(price, close) + 5;
    const lo = Math.min(price, close) - 5;
    lines.push(
      `${new Date(t).toISOString()},${new Date(t + 60_000).toISOString()},${price},${close},${hi},${lo},12.345,${(12.345 * close).toFixed(4)},0`,
    );
    price = close;
  }
  const path = join(dir, 'bybit_linear_BTCUSDT_1m_synthetic_2024.csv.gz');
  writeFileSync(path, gzipSync(lines.join('\n')));
  return { path, origin: 'synthetic year (shared data not found)' };
}

async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

/** Median of 5 timed runs after one warm-up run. */
async function median(fn: () => unknown): Promise<number> {
  await fn();
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) runs.push((await timed(fn))[1]);
  return runs.sort((a, b) => a - b)[2] as number;
}

export async function benchData(log: (line: string) => void = () => {}): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'trade-bench-data-'));
  try {
    const { path, origin } = yearFile(dir);
    log(`data: ${origin}`);
    const store = await Store.open(join(dir, 'bench.duckdb'));
    const [reports, importMs] = await timed(() => importFiles(store, [path]));
    const rows = reports[0]?.rowsRead ?? 0;
    const [, reimportMs] = await timed(() => importFiles(store, [path]));
    const [, coldLoadMs] = await timed(() => loadWindow(store, 'BTCUSDT', FROM_MS, TO_MS));
    const warm: number[] = [];
    let window = await loadWindow(store, 'BTCUSDT', FROM_MS, TO_MS);
    for (let i = 0; i < 7; i++) {
      const [w, ms] = await timed(() => loadWindow(store, 'BTCUSDT', FROM_MS, TO_MS));
      window = w;
      warm.push(ms);
    }
    warm.sort((a, b) => a - b);
    const bytes = [window.tsMs, window.open, window.high, window.low, window.close, window.volume, window.turnover].reduce(
      (a, c) => a + c.byteLength,
      0,
    );
    const resample5mMs = await median(() => resample(window, 5));
    const resample1hMs = await median(() => resample(window, 60));
    store.close();
    return [
      { name: 'data.import.rows', value: rows, unit: 'rows' },
      { name: 'data.import.seconds', value: importMs / 1000, unit: 's' },
      { name: 'data.import.rows_per_s', value: Math.round(rows / (importMs / 1000)), unit: 'rows/s' },
      { name: 'data.reimport.seconds', value: reimportMs / 1000, unit: 's' },
      { name: 'data.load_year.cold_ms', value: coldLoadMs, unit: 'ms' },
      { name: 'data.load_year.warm_median_ms', value: warm[warm.length >> 1] as number, unit: 'ms' },
      { name: 'data.load_year.warm_min_ms', value: warm[0] as number, unit: 'ms' },
      { name: 'data.load_year.mb', value: bytes / 1e6, unit: 'MB' },
      { name: 'data.resample_year.5m_median_ms', value: resample5mMs, unit: 'ms' },
      { name: 'data.resample_year.1h_median_ms', value: resample1hMs, unit: 'ms' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const figures = await benchData(console.log);
  for (const f of figures) console.log(`${f.name.padEnd(34)} ${Number.isInteger(f.value) ? f.value : f.value.toFixed(2)} ${f.unit}`);
}
