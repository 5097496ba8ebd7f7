// `trade data import`: imports market-data files (or the bundled sample) into the store in one
// transaction and reports per-file counts, dropped rows and throughput.
import { type FileReport, IMPORT_FORMATS, type ImportFormat, importFiles, importSample, parseTzOption, withStore } from '../data';
import { type Clock, isoMs, systemClock } from '../domain';
import { TradeError } from '../errors';
import { symbolInput, tfInput } from './parse-input';

export interface DataImportInput {
  files: string[];
  sample?: boolean;
  symbol?: string;
  format?: string;
  tz?: string;
  tf?: string;
  /** true: drop the newest candle; false: keep it; undefined: decide from the layout. */
  dropLast?: boolean;
}

export interface ImportedFile extends Omit<FileReport, 'firstMs' | 'lastMs'> {
  first: string | null;
  last: string | null;
}

export interface DataImportResult {
  files: ImportedFile[];
  rowsRead: number;
  rowsAdded: number;
  seconds: number;
  rowsPerSecond: number;
}

/** `clock` says when "the present" is (rows more than a day after it are refused). */
export async function dataImport(dbPath: string, input: DataImportInput, clock: Clock = systemClock): Promise<DataImportResult> {
  if (!input.sample && input.files.length === 0) throw new TradeError('USAGE', 'trade data import: give one or more files, or --sample');
  const format = (input.format ?? 'auto') as ImportFormat;
  if (!IMPORT_FORMATS.includes(format))
    throw new TradeError('USAGE', `--format '${input.format}': expected one of ${IMPORT_FORMATS.join(', ')}`);
  const opts = {
    symbol: input.symbol === undefined ? undefined : symbolInput(input.symbol, '--symbol'),
    format,
    tzOffsetMin: input.tz === undefined ? undefined : parseTzOption(input.tz),
    tfMin: input.tf === undefined ? undefined : tfInput(input.tf),
    dropLast: input.dropLast,
    clock,
  };
  return withStore(dbPath, async (store) => {
    const started = performance.now();
    const reports = input.sample ? await importSample(store) : [];
    if (input.files.length > 0) reports.push(...(await importFiles(store, input.files, opts)));
    const seconds = (performance.now() - started) / 1000;
    const rowsRead = reports.reduce((a, r) => a + r.rowsRead, 0);
    return {
      files: reports.map(({ firstMs, lastMs, ...r }) => ({
        ...r,
        first: firstMs === undefined ? null : isoMs(firstMs),
        last: lastMs === undefined ? null : isoMs(lastMs),
      })),
      rowsRead,
      rowsAdded: reports.reduce((a, r) => a + r.rowsAdded, 0),
      seconds,
      rowsPerSecond: seconds > 0 ? Math.round(rowsRead / seconds) : 0,
    };
  });
}
