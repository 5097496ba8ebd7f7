// What a backtest reads about one symbol: its instrument (with risk tiers), the stored candle
// range, and candle windows with funding (CandleSource). Two implementations: the DuckDB store
// (here) and a snapshot of it taken by an earlier run on the unchanged store (market-snapshot.ts).
import type { FundingColumns, Instrument } from '../domain';
import type { CandleFingerprint } from './candle-cache';
import { getInstrument } from './instruments/instrument-store';
import { type CandleSource, openCandleSource } from './load';
import type { Store } from './store';

export interface SymbolMarket extends CandleSource {
  readonly symbol: string;
  instrument(): Promise<Instrument>;
}

/** The parts of a store a snapshot keeps for one symbol. */
export interface SymbolSnapshotData {
  symbol: string;
  candles: CandleFingerprint;
  instrument: Instrument;
  /** Every stored funding settlement of the symbol, ascending. */
  funding: FundingColumns;
}

export interface StoreMarket extends SymbolMarket {
  /** What a snapshot of this symbol needs; undefined when the store has no candles of it. */
  snapshotData(): Promise<SymbolSnapshotData | undefined>;
}

/** The symbol read from the store (opened by the caller: read-store.ts decides about the sample). */
export async function openStoreMarket(store: Store, symbol: string): Promise<StoreMarket> {
  const source = openCandleSource(store, symbol);
  // Each is read once: a run and the snapshot after it share them.
  let instrument: Promise<Instrument> | undefined;
  const readInstrument = () => {
    instrument ??= getInstrument(store, symbol);
    return instrument;
  };
  // Queue both small reads now, before anything starts the fingerprint scan (load.ts), and open
  // the connection the scan runs on, so that it starts at once when asked for.
  readInstrument().catch(() => {});
  source.allFunding().catch(() => {});
  await store.db.openParallel();
  return {
    ...source,
    symbol,
    instrument: readInstrument,
    async snapshotData() {
      const candles = await source.fingerprint();
      if (candles.rows === 0) return undefined;
      return { symbol, candles, instrument: await readInstrument(), funding: await source.allFunding() };
    },
  };
}
