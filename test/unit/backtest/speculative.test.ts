// A backtest starts on the column cache while the store fingerprint is computed. When the store
// changed after the cache was written, the run must be repeated on the store's rows: its manifest
// equals that of a run with no cache at all, and differs from the run before the change.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBacktest } from '../../../src/backtest';
import { importSample, openStoreMarket, Store } from '../../../src/data';
import { defaultCatalog } from '../../../src/tools/play-catalog';
import { loadPlay } from '../../../src/tools/play-validate';

const dir = mkdtempSync(join(tmpdir(), 'trade-spec-'));
const dbPath = join(dir, 'store.duckdb');
let store: Store;
beforeAll(async () => {
  store = await Store.open(dbPath);
  await importSample(store);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const PLAY = join(import.meta.dir, '../../../plays/ema-cross.yml');
const run = async () =>
  runBacktest(await openStoreMarket(store, 'BTCUSDT'), loadPlay(PLAY, defaultCatalog()), {
    intrabar: 'path',
    noFunding: false,
    outRoot: join(dir, 'bt'),
    packageVersion: 'test',
    fromMs: Date.UTC(2024, 7, 3),
    toMs: Date.UTC(2024, 7, 31),
  });

test('a stale column cache is never used: the run repeats on the store rows', async () => {
  const before = await run(); // imports the sample, builds the cache
  const again = await run(); // cache current
  expect(again.manifest).toEqual(before.manifest);
  // Raise a stretch of closes (and highs) by 150 USDT: the strategy sees different prices.
  await store.db.run(
    'UPDATE candles_1m SET close = close + 150, high = high + 150 WHERE symbol = $1 AND ts_open_ms >= $2 AND ts_open_ms < $3',
    ['BTCUSDT', Date.UTC(2024, 7, 10), Date.UTC(2024, 7, 12)],
  );
  const changed = await run(); // cache stale: speculative run discarded, repeated on the store
  expect(changed.manifest.input_hash).not.toBe(before.manifest.input_hash);
  rmSync(`${dbPath}.cache`, { recursive: true, force: true });
  const cold = await run(); // no cache at all
  expect(changed.manifest).toEqual(cold.manifest);
  expect(changed.metrics).toEqual(cold.metrics);
}, 60_000);
