// The store snapshot: after a run on an unchanged store, the next run reads the symbol's instrument,
// candle fingerprint and funding from `<store>.cache/inputs-<SYMBOL>.json` and never opens DuckDB.
// It must give exactly what the store gives, and never be used once the store changed (any write,
// even with the file times put back), nor when it was taken too soon after the store's last write.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { existsSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  importSample,
  openSnapshotMarket,
  openStoreMarket,
  readSnapshot,
  Store,
  snapshotPath,
  withStore,
  withSymbolMarket,
} from '../../../src/data';
import { backtest } from '../../../src/tools';
import { putTimesBack, tempDir } from './helpers';

const tmp = tempDir();
const dbPath = join(tmp.dir, 'store.duckdb');
const FROM = Date.UTC(2024, 7, 5);
const TO = Date.UTC(2024, 7, 20);

/** Moves the snapshot file's time 1 s past the store's last write, as a later run would find it. */
function age(symbol = 'BTCUSDT'): void {
  const s = statSync(dbPath);
  const t = new Date(s.mtimeMs + 1000);
  utimesSync(snapshotPath(dbPath, symbol), t, t);
}

/** Everything a backtest reads, as plain values. */
async function readAll(m: Awaited<ReturnType<typeof openStoreMarket>> | NonNullable<ReturnType<typeof openSnapshotMarket>>) {
  const w = await m.window(FROM, TO);
  return {
    instrument: await m.instrument(),
    range: await m.range(),
    fingerprint: await m.fingerprint(),
    candles: [w.tsMs, w.open, w.high, w.low, w.close, w.volume, w.turnover].map((c) => Array.from(c)),
    funding: [Array.from(w.funding.tsMs), Array.from(w.funding.rate)],
    day: Array.from(w.dayDigest?.(Date.UTC(2024, 7, 10)) ?? []),
  };
}

let fromStore: Awaited<ReturnType<typeof readAll>>;
beforeAll(async () => {
  // The sample is imported first (a store other than the default one never gets it by itself); the
  // first call builds the column cache, the second reads the store again and takes the snapshot.
  await withStore(dbPath, (store) => importSample(store));
  await withSymbolMarket(dbPath, 'BTCUSDT', async (m) => {
    await m.window(FROM, TO);
  });
  fromStore = await withSymbolMarket(dbPath, 'BTCUSDT', readAll);
});
afterAll(() => tmp.cleanup());

test('a snapshot of an unchanged store gives exactly what the store gives', async () => {
  expect(existsSync(snapshotPath(dbPath, 'BTCUSDT'))).toBe(true);
  age();
  const snap = openSnapshotMarket(dbPath, 'BTCUSDT');
  expect(snap).toBeDefined();
  const fromSnapshot = await readAll(snap!);
  expect(fromSnapshot).toEqual(fromStore);
  // The bundled month has every minute and every 8-hourly settlement: 15 days of 1440 minutes and
  // of 3 settlements; a day digest is a SHA-256.
  expect(fromStore.candles[0]!.length).toBe(15 * 1440);
  expect(fromStore.funding[0]!.length).toBe(15 * 3);
  expect(fromStore.day.length).toBe(32);
});

test('a snapshot taken within 100 ms of the store last write is not trusted', () => {
  const s = statSync(dbPath);
  const at = (ms: number) => utimesSync(snapshotPath(dbPath, 'BTCUSDT'), new Date(s.mtimeMs + ms), new Date(s.mtimeMs + ms));
  at(50);
  expect(readSnapshot(dbPath, 'BTCUSDT')).toBeUndefined();
  at(150);
  expect(readSnapshot(dbPath, 'BTCUSDT')).toBeDefined();
});

test('a damaged or foreign snapshot file is ignored', async () => {
  const path = snapshotPath(dbPath, 'BTCUSDT');
  age();
  expect(readSnapshot(dbPath, 'ETHUSDT')).toBeUndefined();
  const text = await Bun.file(path).text();
  writeFileSync(path, text.slice(0, 100));
  age();
  expect(readSnapshot(dbPath, 'BTCUSDT')).toBeUndefined();
  writeFileSync(path, text.replace('"symbol":"BTCUSDT"', '"symbol":"ETHUSDT"'));
  age();
  expect(readSnapshot(dbPath, 'BTCUSDT')).toBeUndefined();
  writeFileSync(path, text);
  age();
  expect(readSnapshot(dbPath, 'BTCUSDT')).toBeDefined();
});

test('a backtest on the snapshot equals the store run; any store write sends the next run back to the store', async () => {
  rmSync(snapshotPath(dbPath, 'BTCUSDT'), { force: true });
  const args = {
    playPath: join(import.meta.dir, '../../../plays/ema-cross.yml'),
    dbPath,
    from: '2024-08-03',
    to: '2024-08-31',
    intrabar: 'path',
    noFunding: false,
    outRoot: join(tmp.dir, 'bt'),
  };
  const onStore = await backtest(args); // store path, takes the snapshot
  age();
  expect(readSnapshot(dbPath, 'BTCUSDT')).toBeDefined();
  const onSnapshot = await backtest(args);
  expect(onSnapshot.manifest).toEqual(onStore.manifest);
  expect(onSnapshot.metrics).toEqual(onStore.metrics);

  // Edit the store from another connection and put the file times back as `touch -d` would:
  // the change time still differs, so the snapshot is not used and the run sees the new prices.
  const before = statSync(dbPath, { bigint: true });
  const store = await Store.open(dbPath);
  await store.db.run(
    'UPDATE candles_1m SET close = close + 150, high = high + 150 WHERE symbol = $1 AND ts_open_ms >= $2 AND ts_open_ms < $3',
    ['BTCUSDT', Date.UTC(2024, 7, 10), Date.UTC(2024, 7, 12)],
  );
  store.close();
  putTimesBack(dbPath, before.mtimeNs);
  expect(readSnapshot(dbPath, 'BTCUSDT')).toBeUndefined();
  const changed = await backtest(args);
  expect(changed.manifest.input_hash).not.toBe(onStore.manifest.input_hash);
  rmSync(`${dbPath}.cache`, { recursive: true, force: true });
  const cold = await backtest(args); // no cache, no snapshot
  expect(changed.manifest).toEqual(cold.manifest);
}, 60_000);

test('an in-memory store has no snapshot', async () => {
  expect(readSnapshot(':memory:', 'BTCUSDT')).toBeUndefined();
  const store = await Store.open(':memory:');
  try {
    await importSample(store);
    const m = await openStoreMarket(store, 'BTCUSDT');
    expect((await m.snapshotData())?.candles.rows).toBe(31 * 1440); // the bundled August 2024
  } finally {
    store.close();
  }
});
