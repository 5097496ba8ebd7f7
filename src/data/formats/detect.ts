// Picks the reader for a source: --format when given, else from the content and name. JSON text
// → bybit-json; a CSV with a funding-rate column or "funding" in the name → funding; otherwise a
// candle CSV (binance-csv for 12 header-less columns, bybit-csv for 7, ohlcv-csv otherwise).
import { detectDelimiter, splitCells } from '../csv';
import type { SourceText } from '../source-file';
import { parseBybitJson } from './bybit-json';
import { mapHeader } from './columns';
import { parseCandleCsv } from './csv-candles';
import { parseFundingCsv } from './csv-funding';
import type { ImportFormat, Parsed, ParsedCandles } from './parsed';

export function detectFormat(src: SourceText): Exclude<ImportFormat, 'auto'> {
  return detectFormatOf(src.name, src.text);
}

/** The format of a source named `name` whose text starts with `head` (at least its first 4096 characters). */
export function detectFormatOf(name: string, text: string): Exclude<ImportFormat, 'auto'> {
  const head = text.slice(0, 4096).trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return 'bybit-json';
  const firstLine = head.split('\n', 1)[0]?.replace(/\r$/, '') ?? '';
  const cells = splitCells(firstLine, detectDelimiter(firstLine));
  const map = mapHeader(cells);
  if (map.rate !== undefined || /funding/i.test(name)) return 'funding';
  const headerless = /^\d/.test(cells[0] ?? '');
  if (headerless && cells.length === 12) return 'binance-csv';
  if (headerless && cells.length === 7) return 'bybit-csv';
  return 'ohlcv-csv';
}

export function parseSource(src: SourceText, format: ImportFormat, tzOffsetMin: number | undefined): Parsed {
  const chosen = format === 'auto' ? detectFormat(src) : format;
  switch (chosen) {
    case 'bybit-json':
      return parseBybitJson(src.text);
    case 'funding':
      return parseFundingCsv(src, tzOffsetMin);
    default:
      return parseCandleCsv(src, chosen as ParsedCandles['format'], tzOffsetMin);
  }
}
