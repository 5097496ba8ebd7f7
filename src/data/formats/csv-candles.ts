// Candle CSV reader for the bybit-csv, binance-csv and ohlcv-csv formats. With a header, columns
// are found by name in any order (OpenTime/timestamp/open_time, OpenPrice/open, QuoteVolume/turnover);
// without one, the column count picks the layout: 6 = ts,o,h,l,c,v; 7 = Bybit REST order with
// turnover; 12 = Binance kline export (quote volume = turnover). Times: ISO text or epoch s/ms/µs.
// The reader takes the source's bytes as they stream in (LineSplitter gives it the lines) and keeps
// only the parsed columns. A row of plain cells (unquoted, the right width, a UTC ISO or epoch time,
// plain decimals) is read from its bytes (byte-cells.ts); any other row is decoded and read as text
// by `textRow`, the one place that reports problems, so both give the same values and messages.
import { detectDelimiter, splitCells } from '../csv';
import { LineSplitter } from '../line-splitter';
import type { SourceText } from '../source-file';
import { TimestampParser } from '../timestamps';
import { fastDecimal, fastEpochMs, fastIsoUtcMs } from './byte-cells';
import { CandleBlocks } from './candle-blocks';
import { type ColumnMap, mapHeader, synonymsOf } from './columns';
import { normalizeSymbol } from './names';
import { OffsetCheck } from './offset-check';
import { type Issue, type NaiveTime, num, type ParsedCandles, pushIssue } from './parsed';

const NO_HEADER_LAYOUTS: Record<number, { map: ColumnMap; name: string }> = {
  6: { map: { time: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 }, name: 'no header: ts,open,high,low,close,volume' },
  7: {
    map: { time: 0, open: 1, high: 2, low: 3, close: 4, volume: 5, turnover: 6 },
    name: 'no header: Bybit startTime,o,h,l,c,volume,turnover',
  },
  12: {
    map: { time: 0, open: 1, high: 2, low: 3, close: 4, volume: 5, turnover: 7 },
    name: 'no header: Binance kline (open_time,o,h,l,c,volume,close_time,quote_volume,...)',
  },
};

/** pandas tz-aware export of Bybit klines fetched up to "now" (cobra0506/crypto_backtester): the last row is still open. */
const UNCLOSED_LAST_HEADER = 'timestamp,open,high,low,close,volume';
const UNCLOSED_LAST_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00$/;
const NUMERIC_ROLES = ['open', 'high', 'low', 'close', 'volume'] as const;
const QUOTE = 0x22;

/** Parses a whole text source (tests, and sources read into memory). */
export function parseCandleCsv(src: SourceText, format: ParsedCandles['format'], tzOffsetMin: number | undefined): ParsedCandles {
  const reader = new CandleCsvReader(format, tzOffsetMin);
  reader.push(new TextEncoder().encode(src.text));
  return reader.finish();
}

export class CandleCsvReader {
  private readonly issues: Issue[] = [];
  private readonly rows = new CandleBlocks();
  private readonly splitter = new LineSplitter((b, s, e, ln) => this.line(b, s, e, ln));
  /** Per-line decoding; a U+FEFF inside the file is a character (the source strips the leading BOM). */
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private readonly times = new TimestampParser();
  private readonly offsets = new OffsetCheck();
  private readonly symbols = new Set<string>();
  private readonly offsetMs: number;
  private first: string | undefined;
  private secondLine = '';
  private layout = '';
  private map: ColumnMap = {};
  /** Rows are read only when the first line gave a usable layout. */
  private readRows = false;
  private delimiter = ',';
  private delimiterByte = 0x2c;
  private width = 0;
  /** Start of each cell of the current line, and one past the end of the last (fast path scratch). */
  private cellStarts = new Int32Array(0);
  private naive: NaiveTime | undefined;
  private lastSymbolCell: Uint8Array | undefined;

  constructor(
    private readonly format: ParsedCandles['format'],
    private readonly tzOffsetMin: number | undefined,
  ) {
    this.offsetMs = (tzOffsetMin ?? 0) * 60_000;
  }

  push(chunk: Uint8Array): void {
    this.splitter.push(chunk);
  }

  finish(): ParsedCandles {
    this.splitter.finish();
    if (this.first === undefined) this.setup('');
    const issues = this.issues;
    const symbols = this.symbols;
    const n = this.rows.length;
    if (symbols.size > 1)
      pushIssue(issues, { line: 0, reason: `symbol column holds ${[...symbols].join(', ')}; import one symbol per file` });
    const unclosed = this.first === UNCLOSED_LAST_HEADER && n > 0 && UNCLOSED_LAST_TIME.test(this.secondLine.split(',')[0] ?? '');
    const { cols, lines } = this.rows.finish();
    return {
      kind: 'candles',
      format: this.format,
      layout: this.layout,
      symbolInFile: symbols.size === 1 ? [...symbols][0] : undefined,
      rowsRead: n,
      lines,
      naive: this.naive,
      issues,
      cols,
      hasTurnover: this.map.turnover !== undefined,
      unclosedLastReason: unclosed
        ? 'this layout (pandas export of Bybit klines fetched up to "now", e.g. cobra0506/crypto_backtester) ends with a candle that had not closed'
        : undefined,
    };
  }

  private line(b: Uint8Array, start: number, end: number, ln: number): void {
    if (this.first === undefined) {
      this.setup(this.decoder.decode(b.subarray(start, end)));
      return;
    }
    if (!this.readRows) return;
    if (ln === 2) this.secondLine = this.decoder.decode(b.subarray(start, end));
    if (!this.fastRow(b, start, end, ln)) this.textRow(this.decoder.decode(b.subarray(start, end)), ln);
  }

  /** The first line: header or not, column roles, layout; a header-less first line is also a row. */
  private setup(first: string): void {
    this.first = first;
    const issues = this.issues;
    this.delimiter = detectDelimiter(first);
    this.delimiterByte = this.delimiter.charCodeAt(0);
    const firstCells = splitCells(first, this.delimiter);
    const hasHeader = Number.isNaN(this.times.parse(firstCells[0] ?? ''));
    if (hasHeader) {
      this.map = mapHeader(firstCells);
      this.layout = `header ${firstCells.join(this.delimiter)}`;
    } else {
      const known = NO_HEADER_LAYOUTS[firstCells.length];
      this.map = known?.map ?? {};
      this.layout = known?.name ?? '';
      if (!known) {
        pushIssue(issues, {
          line: 1,
          reason: `no header and ${firstCells.length} columns: expected a header row, or 6 (ts,o,h,l,c,v), 7 (Bybit) or 12 (Binance) columns`,
        });
      }
    }
    for (const role of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
      if (this.map[role] === undefined && (hasHeader || issues.length === 0)) {
        pushIssue(issues, { line: 1, reason: `no ${role} column (looked for ${synonymsOf(role)}) in header '${first}'` });
      }
    }
    this.readRows = issues.length === 0;
    this.width = firstCells.length;
    this.cellStarts = new Int32Array(this.width + 1);
    if (this.readRows && !hasHeader) this.textRow(first, 1);
  }

  /**
   * Reads a row of plain cells from its bytes; false (nothing recorded) when any cell needs the
   * text path. Hot loop: one pass over the bytes, no string and no allocation per row.
   */
  private fastRow(b: Uint8Array, start: number, end: number, ln: number): boolean {
    const width = this.width;
    const d = this.delimiterByte;
    const at = this.cellStarts;
    let cells = 1;
    at[0] = start;
    for (let i = start; i < end; i++) {
      const c = b[i] as number;
      if (c === d) {
        if (cells === width) return false;
        at[cells++] = i + 1;
      } else if (c === QUOTE) return false;
    }
    if (cells !== width) return false;
    at[width] = end + 1;
    const m = this.map;
    const ti = m.time as number;
    const t0 = at[ti] as number;
    const t1 = (at[ti + 1] as number) - 1;
    let ts = fastIsoUtcMs(b, t0, t1);
    if (Number.isNaN(ts)) ts = fastEpochMs(b, t0, t1);
    else if (!this.offsets.agrees(0)) return false;
    if (Number.isNaN(ts)) return false;
    const open = decimalCell(b, at, m.open as number);
    const high = decimalCell(b, at, m.high as number);
    const low = decimalCell(b, at, m.low as number);
    const close = decimalCell(b, at, m.close as number);
    const volume = decimalCell(b, at, m.volume as number);
    if (Number.isNaN(open + high + low + close + volume)) return false;
    const ri = m.turnover;
    const turnover = ri === undefined ? Number.NaN : decimalCell(b, at, ri);
    if (ri !== undefined && Number.isNaN(turnover)) return false;
    const si = m.symbol;
    if (si !== undefined) this.seeSymbolCell(b.subarray(at[si] as number, (at[si + 1] as number) - 1));
    this.rows.push(ts, open, high, low, close, volume, turnover, ln);
    return true;
  }

  /** The symbol of a fast row: decoded only when its bytes differ from the previous row's. */
  private seeSymbolCell(bytes: Uint8Array): void {
    const prev = this.lastSymbolCell;
    if (prev && prev.length === bytes.length && prev.every((x, i) => x === bytes[i])) return;
    this.lastSymbolCell = bytes.slice();
    const sym = normalizeSymbol(this.decoder.decode(bytes));
    if (sym) this.symbols.add(sym);
  }

  /** One row read as text: every problem of a row is found and named here. */
  private textRow(line: string, ln: number): void {
    if (line.length === 0) return;
    const issues = this.issues;
    const cells = splitCells(line, this.delimiter);
    if (cells.length !== this.width) {
      pushIssue(issues, { line: ln, reason: `expected ${this.width} cells, got ${cells.length}` });
      return;
    }
    const m = this.map;
    const timeCell = cells[m.time as number] as string;
    let ts = this.times.parse(timeCell);
    if (this.times.naive) {
      if (this.tzOffsetMin === undefined) this.naive ??= { line: ln, text: timeCell };
      else ts -= this.offsetMs;
    }
    const mixed = this.offsets.see(this.times.offsetMin, ln, timeCell);
    if (mixed) pushIssue(issues, mixed);
    if (Number.isNaN(ts)) pushIssue(issues, { line: ln, reason: `time '${timeCell}' is not ISO 8601 or epoch s/ms` });
    const values = {
      open: num(cells[m.open as number]),
      high: num(cells[m.high as number]),
      low: num(cells[m.low as number]),
      close: num(cells[m.close as number]),
      volume: num(cells[m.volume as number]),
    };
    const turnover = m.turnover === undefined ? Number.NaN : num(cells[m.turnover]);
    for (const role of NUMERIC_ROLES) {
      if (Number.isNaN(values[role]))
        pushIssue(issues, { line: ln, reason: `${role} '${cells[m[role] as number] ?? ''}' is not a number` });
    }
    if (m.symbol !== undefined) {
      const sym = normalizeSymbol(cells[m.symbol] ?? '');
      if (sym) this.symbols.add(sym);
      this.lastSymbolCell = undefined;
    }
    this.rows.push(ts, values.open, values.high, values.low, values.close, values.volume, turnover, ln);
  }
}

/** Cell k of the current line (cells start at at[k]; the next one starts after its delimiter). */
function decimalCell(b: Uint8Array, at: Int32Array, k: number): number {
  return fastDecimal(b, at[k] as number, (at[k + 1] as number) - 1);
}
