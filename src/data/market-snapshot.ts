// A snapshot of what a backtest reads about one symbol (candle fingerprint, instrument, all funding)
// beside the store (`<store>.cache/inputs-<SYMBOL>.json`), stamped with the store file's identity
// (store-stamp.ts). When the store is still byte-for-byte the one the snapshot was taken of, a run
// reads the snapshot and the column cache and never opens DuckDB (that open, its queries and the
// fingerprint scan are most of a short run's time). Otherwise the store is opened as usual and a
// new snapshot is written after the run.
//
// Why the stamp is sound: it is taken while this process holds DuckDB's write lock (no other
// process can write), after this process's own writes, and kept only when the stamp after close is
// the same. File times are coarse (a kernel tick, at most 10 ms on Linux), so a write right after
// the snapshot could keep the old mtime; as git does for its index, a snapshot is trusted only when
// the store's last write is clearly older than the snapshot file itself: 100 ms, or 2 s on a file
// system whose times are whole seconds. A snapshot that cannot be written or read
// is only a slower next run; it is replaced by rename, never rewritten in place. Its first line is
// the xxHash3 of the JSON after it: a snapshot changed on disk is not used (a notice says so) and
// is rewritten after the run on the store.
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Instrument } from '../domain';
import { writeFileAtomic } from './atomic-file';
import { type CandleFingerprint, cachePath, openCacheFile, sameFingerprint } from './candle-cache';
import { type CandleWindow, sliceFunding } from './load';
import { notice } from './notices';
import { openReadStore } from './read-store';
import { type StoreStamp, storeStamp } from './store-stamp';
import { openStoreMarket, type SymbolMarket, type SymbolSnapshotData } from './symbol-market';

const FORMAT = 'trade-inputs-2';
/** A snapshot is trusted only when the store's last write is this much older than the snapshot file. */
const RACY_NS = 100_000_000n;
const RACY_WHOLE_SECONDS_NS = 2_000_000_000n;

interface SnapshotFile {
  format: typeof FORMAT;
  stamp: string;
  symbol: string;
  candles: CandleFingerprint;
  instrument: Instrument;
  funding: { tsMs: number[]; rate: number[] };
}

export function snapshotPath(dbPath: string, symbol: string): string {
  return join(`${dbPath}.cache`, `inputs-${symbol}.json`);
}

/** The snapshot of `symbol` when the store is unchanged since it was taken, else undefined. */
export function readSnapshot(dbPath: string, symbol: string): SymbolSnapshotData | undefined {
  const stamp = storeStamp(dbPath);
  if (!stamp) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(snapshotPath(dbPath, symbol), 'r');
    const writtenNs = fstatSync(fd, { bigint: true }).mtimeNs;
    const margin = stamp.mtimeNs % 1_000_000_000n === 0n ? RACY_WHOLE_SECONDS_NS : RACY_NS;
    if (stamp.mtimeNs + margin >= writtenNs) return undefined;
    const text = readFileSync(fd, 'utf8');
    const nl = text.indexOf('\n');
    const json = text.slice(nl + 1);
    if (nl < 0 || Bun.hash.xxHash3(json).toString(16).padStart(16, '0') !== text.slice(0, nl)) {
      notice(
        `note: the snapshot ${snapshotPath(dbPath, symbol)} does not match its content digest (changed on disk); rebuilt from the store`,
      );
      return undefined;
    }
    const file = JSON.parse(json) as SnapshotFile;
    if (file.format !== FORMAT || file.stamp !== stamp.id || file.symbol !== symbol) return undefined;
    const funding = { tsMs: Float64Array.from(file.funding.tsMs), rate: Float64Array.from(file.funding.rate) };
    return { symbol, candles: file.candles, instrument: file.instrument, funding };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes the snapshot atomically (temp file + rename); false when it could not. */
export function writeSnapshot(dbPath: string, stamp: StoreStamp, data: SymbolSnapshotData): boolean {
  const file: SnapshotFile = {
    format: FORMAT,
    stamp: stamp.id,
    symbol: data.symbol,
    candles: data.candles,
    instrument: data.instrument,
    funding: { tsMs: Array.from(data.funding.tsMs), rate: Array.from(data.funding.rate) },
  };
  try {
    // Written after the store is closed, so another process may write the same snapshot at once.
    const json = JSON.stringify(file);
    writeFileAtomic(snapshotPath(dbPath, data.symbol), [`${Bun.hash.xxHash3(json).toString(16).padStart(16, '0')}\n`, json]);
    return true;
  } catch {
    return false;
  }
}

/** The symbol from a current snapshot and the column cache it names; undefined when either is missing or stale. */
export function openSnapshotMarket(dbPath: string, symbol: string): SymbolMarket | undefined {
  const snap = readSnapshot(dbPath, symbol);
  if (!snap) return undefined;
  const path = cachePath(dbPath, symbol);
  const file = path === undefined ? undefined : openCacheFile(path, symbol);
  if (!file || !sameFingerprint(file.fingerprint, snap.candles)) return undefined;
  const candles = async (fromMs: number, toMs: number) => file.slice(fromMs, toMs);
  const window = async (fromMs: number, toMs: number): Promise<CandleWindow> => ({
    ...file.slice(fromMs, toMs),
    funding: sliceFunding(snap.funding, fromMs, toMs),
  });
  return {
    symbol,
    instrument: async () => snap.instrument,
    fingerprint: async () => snap.candles,
    range: async () => ({ firstMs: snap.candles.firstMs, lastMs: snap.candles.lastMs }),
    candles,
    window,
    speculativeWindow: async (fromMs, toMs) => ({ window: await window(fromMs, toMs), confirm: async () => undefined }),
    allFunding: async () => snap.funding,
  };
}

/**
 * Runs `fn` on the symbol: from the snapshot when the store is unchanged since it was taken, else
 * from the store (read-store.ts: an existing store, or the default one with the sample), then
 * snapshots the store.
 */
export async function withSymbolMarket<T>(dbPath: string, symbol: string, fn: (market: SymbolMarket) => Promise<T>): Promise<T> {
  const fast = openSnapshotMarket(dbPath, symbol);
  if (fast) return fn(fast);
  const { store } = await openReadStore(dbPath);
  let stamp: StoreStamp | undefined;
  let data: SymbolSnapshotData | undefined;
  let result: T;
  try {
    const market = await openStoreMarket(store, symbol);
    stamp = storeStamp(dbPath);
    result = await fn(market);
    data = await market.snapshotData();
  } finally {
    store.close();
  }
  const after = storeStamp(dbPath);
  if (stamp && data && after?.id === stamp.id) writeSnapshot(dbPath, stamp, data);
  return result;
}
