// What a format parser returns: raw columns in file order with the source line of every row, the
// problems found while reading cells, and facts the importer needs (symbol seen in the file, zone-less
// times, an unfinished last candle). Nothing here is validated against market rules yet.
import type { CandleColumns } from '../../domain';

export const IMPORT_FORMATS = ['auto', 'bybit-json', 'bybit-csv', 'binance-csv', 'ohlcv-csv', 'funding'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** A rejected row or file-level problem; `line` 0 means the whole file. */
export interface Issue {
  line: number;
  reason: string;
  /** Same key already stored (or staged) with other values. */
  conflict?: boolean;
}

export interface NaiveTime {
  line: number;
  text: string;
}

interface ParsedBase {
  format: Exclude<ImportFormat, 'auto'>;
  /** One-line description of how columns were read, for the import report. */
  layout: string;
  /** Symbol named inside the file (JSON result.symbol, a Symbol column), normalized. */
  symbolInFile: string | undefined;
  rowsRead: number;
  /** 1-based source line of each row. */
  lines: Int32Array;
  /** First time cell without a zone marker, when --tz was not given (such times were read as UTC). */
  naive: NaiveTime | undefined;
  issues: Issue[];
}

export interface ParsedCandles extends ParsedBase {
  kind: 'candles';
  cols: CandleColumns;
  hasTurnover: boolean;
  /** Set when the layout is known to end with a candle that had not closed yet; says why. */
  unclosedLastReason: string | undefined;
}

export interface ParsedFunding extends ParsedBase {
  kind: 'funding';
  tsMs: Float64Array;
  rate: Float64Array;
}

export type Parsed = ParsedCandles | ParsedFunding;

const DECIMAL_RE = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** A numeric cell: a plain decimal only. Empty, hex (0x10), binary, octal, Infinity or other text is NaN. */
export function num(cell: string | undefined): number {
  if (cell === undefined || !DECIMAL_RE.test(cell)) return Number.NaN;
  return Number(cell);
}
