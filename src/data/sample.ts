// The bundled sample: BTCUSDT 1m candles and funding for August 2024 (a month with the 5 Aug crash),
// copied verbatim from the shared market data (see data/sample/README.md). Embedded into the compiled
// binary through file imports. ensureSampleData imports it when the store has no candles at all, so
// the first backtest or `trade data candles` works out of the box.
import samples1m from '../../data/sample/bybit_linear_BTCUSDT_1m_2024-08.csv.gz' with { type: 'file' };
import samplesFunding from '../../data/sample/bybit_linear_BTCUSDT_funding8h_2024-08.csv.gz' with { type: 'file' };
import { parsedFromBytes } from './formats/read-parsed';
import { type FileReport, importOne } from './importer';
import { ensureDefaultInstruments } from './instruments/instrument-store';
import type { Store } from './store';

export const SAMPLE_SYMBOL = 'BTCUSDT';
/** name: how the file is named in messages and import_log (the embedded path may carry a hash). */
export const SAMPLE_FILES: readonly { name: string; path: string }[] = [
  { name: 'sample:bybit_linear_BTCUSDT_1m_2024-08.csv.gz', path: samples1m },
  { name: 'sample:bybit_linear_BTCUSDT_funding8h_2024-08.csv.gz', path: samplesFunding },
];

/** Imports the sample (idempotent; both files in one transaction) and stores the default instruments. */
export async function importSample(store: Store): Promise<FileReport[]> {
  await ensureDefaultInstruments(store);
  return store.db.transaction(async () => {
    const reports: FileReport[] = [];
    for (const file of SAMPLE_FILES) {
      const bytes = new Uint8Array(await Bun.file(file.path).arrayBuffer());
      // Known rows from August 2024: no "present day" bound applies, so no clock is read here.
      reports.push(await importOne(store, parsedFromBytes(file.name, bytes, 'auto', undefined), {}, Number.POSITIVE_INFINITY));
    }
    return reports;
  });
}

/** Imports the sample when the store holds no 1m candles; returns what was imported (empty if nothing). */
export async function ensureSampleData(store: Store): Promise<FileReport[]> {
  if (await hasCandles(store)) return [];
  return importSample(store);
}

/** True when the store holds at least one 1m candle. */
export async function hasCandles(store: Store): Promise<boolean> {
  const rows = await store.db.rows<{ n: bigint }>('SELECT count(*) AS n FROM (SELECT 1 FROM candles_1m LIMIT 1)');
  return Number(rows[0]?.n ?? 0) > 0;
}
