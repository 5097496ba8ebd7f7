// Reads and parses one import source in a single pass: the format is picked from the source's head
// (or --format), then a candle CSV streams through CandleCsvReader, which keeps only the parsed
// columns; JSON and funding sources (small by nature) are collected as text and parsed whole.
import { basename } from 'node:path';
import { type SinkChooser, type SourceInfo, streamBytes, streamSource, TextCollector } from '../source-file';
import { CandleCsvReader } from './csv-candles';
import { detectFormatOf, parseSource } from './detect';
import type { ImportFormat, Parsed, ParsedCandles } from './parsed';

export interface ParsedSource {
  src: SourceInfo;
  parsed: Parsed;
}

const STREAMED: readonly string[] = ['bybit-csv', 'binance-csv', 'ohlcv-csv'];

/** Reads the file at `path` and parses it (all rows in memory as columns, never its text when a candle CSV). */
export async function readParsed(path: string, format: ImportFormat, tzOffsetMin: number | undefined): Promise<ParsedSource> {
  const pick = new ParserPick(basename(path), format, tzOffsetMin);
  const src = await streamSource(path, pick.choose);
  return { src, parsed: pick.parse(src) };
}

/** The same over bytes in memory (the bundled sample). */
export function parsedFromBytes(path: string, bytes: Uint8Array, format: ImportFormat, tzOffsetMin: number | undefined): ParsedSource {
  const pick = new ParserPick(basename(path), format, tzOffsetMin);
  const src = streamBytes(path, bytes, pick.choose);
  return { src, parsed: pick.parse(src) };
}

class ParserPick {
  private reader: CandleCsvReader | undefined;
  private collector: TextCollector | undefined;
  private chosen: Exclude<ImportFormat, 'auto'> = 'ohlcv-csv';

  constructor(
    private readonly name: string,
    private readonly format: ImportFormat,
    private readonly tzOffsetMin: number | undefined,
  ) {}

  readonly choose: SinkChooser = (head) => {
    this.chosen = this.format === 'auto' ? detectFormatOf(this.name, head) : this.format;
    if (STREAMED.includes(this.chosen)) {
      this.reader = new CandleCsvReader(this.chosen as ParsedCandles['format'], this.tzOffsetMin);
      return this.reader;
    }
    this.collector = new TextCollector();
    return this.collector;
  };

  parse(src: SourceInfo): Parsed {
    if (this.reader) return this.reader.finish();
    return parseSource({ ...src, text: this.collector?.text() ?? '' }, this.chosen, this.tzOffsetMin);
  }
}
