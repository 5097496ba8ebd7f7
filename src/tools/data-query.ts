// Read-only data tools: `trade data candles`, `coverage`, `gaps` and `instruments`. They need an
// existing store; the default store is created with the bundled sample (data/read-store.ts).
import {
  bars,
  coverage,
  type Gap,
  gaps,
  listInstruments,
  requireStore,
  type SymbolCoverage,
  storedRange,
  withReadStore,
  withStore,
} from '../data';
import type { Instrument } from '../domain';
import { isoMs } from '../domain';
import { DataError } from '../errors';
import { symbolInput, tfInput, windowInput } from './parse-input';

/** One candle as printed by `data candles` (JSON field names). */
export interface CandleRow {
  ts_open_ms: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  turnover: number | null;
  complete: boolean;
}

export interface DataCandlesResult {
  symbol: string;
  tf: string;
  from: string;
  to: string;
  sampleImported: boolean;
  bars: CandleRow[];
}

export async function dataCandles(
  dbPath: string,
  input: { symbol: string; tf?: string; from?: string; to?: string },
): Promise<DataCandlesResult> {
  const symbol = symbolInput(input.symbol);
  const tfMinutes = tfInput(input.tf);
  const { fromMs, toMs } = windowInput(input.from, input.to);
  return withReadStore(dbPath, async (store, sampleImported) => {
    const b = await bars(store, { symbol, tfMinutes, fromMs, toMs });
    const out: CandleRow[] = [];
    for (let i = 0; i < b.tsMs.length; i++) {
      const t = b.turnover[i] as number;
      out.push({
        ts_open_ms: b.tsMs[i] as number,
        open: b.open[i] as number,
        high: b.high[i] as number,
        low: b.low[i] as number,
        close: b.close[i] as number,
        volume: b.volume[i] as number,
        turnover: Number.isNaN(t) ? null : t,
        complete: b.complete[i] === 1,
      });
    }
    return { symbol, tf: input.tf as string, from: isoMs(b.fromMs), to: isoMs(b.toMs), sampleImported, bars: out };
  });
}

/** Reports an existing store as it is (no sample import: coverage does not need candles). */
export async function dataCoverage(dbPath: string): Promise<{ symbols: SymbolCoverage[] }> {
  requireStore(dbPath);
  return withStore(dbPath, async (store) => ({ symbols: await coverage(store) }), { read: true });
}

export async function dataGaps(
  dbPath: string,
  input: { symbol: string; from?: string; to?: string },
): Promise<{ symbol: string; sampleImported: boolean; gaps: Gap[]; missingMinutes: number }> {
  const symbol = symbolInput(input.symbol);
  const { fromMs, toMs } = windowInput(input.from, input.to);
  return withReadStore(dbPath, async (store, sampleImported) => {
    if (fromMs === undefined && toMs === undefined && !(await storedRange(store, symbol))) {
      throw new DataError('DATA_MISSING', `no 1m candles stored for ${symbol}; give --from and --to to list the whole range as missing`, {
        symbol,
      });
    }
    const found = await gaps(store, symbol, fromMs, toMs);
    return { symbol, sampleImported, gaps: found, missingMinutes: found.reduce((a, g) => a + g.minutes, 0) };
  });
}

export async function dataInstruments(dbPath: string): Promise<Instrument[]> {
  requireStore(dbPath);
  return withStore(dbPath, (store) => listInstruments(store), { read: true });
}
