// `trade data sync` and `trade data instruments --sync`: check the inputs, build the Bybit market
// client for --rest-url (default mainnet) and run the data layer's sync against the store.
import { BybitMarketClient, DEFAULT_REST_URL, normalizeRestUrl, type Sleep } from '../bybit';
import { listInstruments, type SyncReport, syncInstruments, syncSymbol, withStore } from '../data';
import type { Instrument } from '../domain';
import { TradeError } from '../errors';
import { isSyntheticSymbol } from '../forge';
import { symbolInput, windowInput } from './parse-input';

export interface DataSyncInput {
  symbol: string | undefined;
  from: string | undefined;
  to: string | undefined;
  restUrl?: string;
  /** false with --no-funding. */
  funding?: boolean;
  /** Called after every kline page (progress on a TTY). */
  onPage?: (p: { pages: number; rows: number }) => void;
  /** Injected wait between retries (tests). */
  sleep?: Sleep;
}

export type { SyncReport };

function client(restUrl: string | undefined, sleep?: Sleep): BybitMarketClient {
  return new BybitMarketClient({ baseUrl: normalizeRestUrl(restUrl ?? DEFAULT_REST_URL), sleep });
}

/** A synthetic symbol exists only in the store (trade forge data): Bybit has nothing to sync. */
function notSynthetic(symbol: string, option: string): string {
  if (isSyntheticSymbol(symbol))
    throw new TradeError(
      'USAGE',
      `${option} ${symbol}: a synthetic symbol (trade forge data) has no Bybit market to sync; expected a Bybit symbol like BTCUSDT`,
    );
  return symbol;
}

export async function dataSync(dbPath: string, input: DataSyncInput): Promise<SyncReport> {
  const symbol = notSynthetic(symbolInput(input.symbol), 'SYMBOL');
  const { fromMs, toMs } = windowInput(input.from, input.to);
  if (fromMs === undefined || toMs === undefined)
    throw new TradeError(
      'USAGE',
      `trade data sync: --from and --to are required (ISO 8601 UTC), got --from '${input.from ?? ''}' --to '${input.to ?? ''}'`,
    );
  const c = client(input.restUrl, input.sleep);
  return withStore(dbPath, (store) => syncSymbol(store, c, { symbol, fromMs, toMs, funding: input.funding, onPage: input.onPage }));
}

export interface InstrumentsSyncInput {
  restUrl?: string;
  /** Symbols to sync; default every symbol the store has an instrument for. */
  symbols?: string[];
  sleep?: Sleep;
}

export async function dataInstrumentsSync(dbPath: string, input: InstrumentsSyncInput): Promise<Instrument[]> {
  const wanted = (input.symbols ?? []).map((s) => notSynthetic(symbolInput(s, '--symbol'), '--symbol'));
  const c = client(input.restUrl, input.sleep);
  return withStore(dbPath, async (store) => {
    // Forged symbols have no Bybit market: the default list leaves them out.
    const stored = (await listInstruments(store)).map((i) => i.symbol).filter((sym) => !isSyntheticSymbol(sym));
    const symbols = wanted.length > 0 ? [...new Set(wanted)] : stored;
    return syncInstruments(store, c, symbols);
  });
}
