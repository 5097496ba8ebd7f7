// `trade data instruments --sync`: fetches each symbol's checked instrument (bybit/instrument-fetch.ts)
// and replaces the stored instrument and its tiers through upsertInstrument, all
// symbols in one transaction (a bad answer for any symbol writes nothing).
import { type BybitMarketClient, fetchInstrument } from '../../bybit';
import type { Instrument } from '../../domain';
import { upsertInstrument } from '../instruments/instrument-store';
import type { Store } from '../store';

export async function syncInstruments(store: Store, client: BybitMarketClient, symbols: readonly string[]): Promise<Instrument[]> {
  const fetched: Instrument[] = [];
  for (const s of symbols) fetched.push(await fetchInstrument(client, s));
  await store.db.transaction(async () => {
    for (const inst of fetched) await upsertInstrument(store, inst);
  });
  return fetched;
}
