// Candle CSV reader for the bybit-csv, binance-csv and ohlcv-csv formats. With a header, columns
// are found by name in any order (OpenTime/timestamp/open_time, OpenPrice/open, QuoteVolume/turnover);
// without one, the column count picks the layout: 6 = ts,o,h,l,c,v; 7 = Bybit REST order with
// turnover; 12 = Binance kline export (quote volume = turnover). Times: ISO text or epoch s/ms/µs.
import { allocCandles, type CandleColumns, grownCandles, sliceCandles } from '../../domain';
import { detectDelimiter, LineCursor, splitCells } from '../csv';
import type { SourceText } from '../source-file';
import { TimestampParser } from '../timestamps';
import { type ColumnMap, mapHeader, synonymsOf } from './columns';
import { normalizeSymbol } from './names';
import { OffsetCheck } from './offset-check';
import { FIRST_ROWS, grown, type Issue, type NaiveTime, num, type ParsedCandles, pushIssue } from './parsed';

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

export function parseCandleCsv(src: SourceText, format: ParsedCandles['format'], tzOffsetMin: number | undefined): ParsedCandles {
  const issues: Issue[] = [];
  const cursor = new LineCursor(src.text);
  const first = cursor.next() ?? '';
  const delimiter = detectDelimiter(first);
  const firstCells = splitCells(first, delimiter);
  const times = new TimestampParser();
  const offsets = new OffsetCheck();
  const hasHeader = Number.isNaN(times.parse(firstCells[0] ?? ''));
  let map: ColumnMap;
  let layout: string;
  if (hasHeader) {
    map = mapHeader(firstCells);
    layout = `header ${firstCells.join(delimiter)}`;
  } else {
    const known = NO_HEADER_LAYOUTS[firstCells.length];
    map = known?.map ?? {};
    layout = known?.name ?? '';
    if (!known) {
      pushIssue(issues, {
        line: 1,
        reason: `no header and ${firstCells.length} columns: expected a header row, or 6 (ts,o,h,l,c,v), 7 (Bybit) or 12 (Binance) columns`,
      });
    }
  }
  for (const role of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
    if (map[role] === undefined && (hasHeader || issues.length === 0)) {
      pushIssue(issues, { line: 1, reason: `no ${role} column (looked for ${synonymsOf(role)}) in header '${first}'` });
    }
  }
  const capacity = Math.max(0, cursor.count - (hasHeader ? 1 : 0));
  let cols = allocCandles(Math.min(capacity, FIRST_ROWS));
  let lineNo = new Int32Array(cols.tsMs.length);
  const symbols = new Set<string>();
  let naive: NaiveTime | undefined;
  let n = 0;
  let secondLine = '';
  if (issues.length === 0) {
    const [ti, oi, hi, li, ci, vi] = [map.time, map.open, map.high, map.low, map.close, map.volume] as number[];
    const ri = map.turnover;
    const si = map.symbol;
    const width = firstCells.length;
    const offsetMs = (tzOffsetMin ?? 0) * 60_000;
    for (let line = hasHeader ? cursor.next() : first; line !== undefined; line = cursor.next()) {
      const ln = cursor.lineNo;
      if (ln === 2) secondLine = line;
      if (line.length === 0) continue;
      const cells = splitCells(line, delimiter);
      if (cells.length !== width) {
        pushIssue(issues, { line: ln, reason: `expected ${width} cells, got ${cells.length}` });
        continue;
      }
      if (n === lineNo.length) {
        const room = issues.length === 0 ? capacity : Math.min(capacity, 2 * n); // a clean file grows once
        cols = grownCandles(cols, room);
        lineNo = grown(lineNo, room);
      }
      const timeCell = cells[ti as number] as string;
      let ts = times.parse(timeCell);
      if (times.naive) {
        if (tzOffsetMin === undefined) naive ??= { line: ln, text: timeCell };
        else ts -= offsetMs;
      }
      const mixed = offsets.see(times.offsetMin, ln, timeCell);
      if (mixed) pushIssue(issues, mixed);
      if (Number.isNaN(ts)) pushIssue(issues, { line: ln, reason: `time '${timeCell}' is not ISO 8601 or epoch s/ms` });
      cols.tsMs[n] = ts;
      cols.open[n] = num(cells[oi as number]);
      cols.high[n] = num(cells[hi as number]);
      cols.low[n] = num(cells[li as number]);
      cols.close[n] = num(cells[ci as number]);
      cols.volume[n] = num(cells[vi as number]);
      cols.turnover[n] = ri === undefined ? Number.NaN : num(cells[ri]);
      checkNumbers(cols, n, cells, map, ln, issues);
      if (si !== undefined) {
        const sym = normalizeSymbol(cells[si] ?? '');
        if (sym) symbols.add(sym);
      }
      lineNo[n] = ln;
      n++;
    }
  }
  if (symbols.size > 1)
    pushIssue(issues, { line: 0, reason: `symbol column holds ${[...symbols].join(', ')}; import one symbol per file` });
  const unclosed = first === UNCLOSED_LAST_HEADER && n > 0 && UNCLOSED_LAST_TIME.test(secondLine.split(',')[0] ?? '');
  return {
    kind: 'candles',
    format,
    layout,
    symbolInFile: symbols.size === 1 ? [...symbols][0] : undefined,
    rowsRead: n,
    lines: lineNo.subarray(0, n),
    naive,
    issues,
    cols: sliceCandles(cols, 0, n),
    hasTurnover: map.turnover !== undefined,
    unclosedLastReason: unclosed
      ? 'this layout (pandas export of Bybit klines fetched up to "now", e.g. cobra0506/crypto_backtester) ends with a candle that had not closed'
      : undefined,
  };
}

const NUMERIC_ROLES = ['open', 'high', 'low', 'close', 'volume'] as const;

/** Names every non-numeric cell of row n (a missing turnover is allowed: it stays NaN). */
function checkNumbers(cols: CandleColumns, n: number, cells: readonly string[], map: ColumnMap, line: number, issues: Issue[]): void {
  if (
    !Number.isNaN(
      (cols.open[n] as number) +
        (cols.high[n] as number) +
        (cols.low[n] as number) +
        (cols.close[n] as number) +
        (cols.volume[n] as number),
    )
  )
    return;
  for (const role of NUMERIC_ROLES) {
    if (Number.isNaN(cols[role][n] as number))
      pushIssue(issues, { line, reason: `${role} '${cells[map[role] as number] ?? ''}' is not a number` });
  }
}
