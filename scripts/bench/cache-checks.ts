// The two checks every cached backtest input pays (docs/data.md): the candle fingerprint query in
// DuckDB and the xxHash3 content digest of the mapped column cache. Run on a store that holds a
// symbol and has its column cache (any `trade backtest` on it writes one):
//   bun scripts/bench/cache-checks.ts <store.duckdb> [SYMBOL]
// Prints min and median of 9 runs of each, in ms.
import { Store } from '../../src/data';
import { cachePath, fingerprint } from '../../src/data/candle-cache';

const [dbPath, symbol = 'BTCUSDT'] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: bun scripts/bench/cache-checks.ts <store.duckdb> [SYMBOL]');

async function minMedian(fn: () => unknown): Promise<string> {
  const ms: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return `min ${ms[0]?.toFixed(1)} ms, median ${ms[4]?.toFixed(1)} ms`;
}

const store = await Store.open(dbPath, { read: true });
try {
  console.log(`fingerprint of ${symbol}: ${await minMedian(() => fingerprint(store, symbol))}`);
} finally {
  store.close();
}
const file = cachePath(dbPath, symbol);
if (!file) throw new Error(`no column cache path for ${dbPath}`);
const bytes = new Uint8Array(Bun.mmap(file));
console.log(`xxHash3 of ${(bytes.length / 2 ** 20).toFixed(1)} MiB mapped: ${await minMedian(() => Bun.hash.xxHash3(bytes))}`);
