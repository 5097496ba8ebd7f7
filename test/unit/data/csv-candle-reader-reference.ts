// The candle CSV reader as it was before it read bytes (issue 18): the whole text split by
// LineCursor, every row read as text. Kept as the reference the streaming reader must equal.
import { detectDelimiter, LineCursor, splitCells } from '../../../src/data/csv';
import { type ColumnMap, mapHeader, synonymsOf } from '../../../src/data/formats/columns';
import { normalizeSymbol } from '../../../src/data/formats/names';
import { OffsetCheck } from '../../../src/data/formats/offset-check';
import { type Issue, type NaiveTime, num, pushIssue } from '../../../src/data/formats/parsed';
import { TimestampParser } from '../../../src/data/timestamps';

const NO_HEADER: Record<number, ColumnMap> = {
  6: { time: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 },
  7: { time: 0, open: 1, high: 2, low: 3, close: 4, volume: 5, turnover: 6 },
  12: { time: 0, open: 1, high: 2, low: 3, close: 4, volume: 5, turnover: 7 },
};
const ROLES = ['open', 'high', 'low', 'close', 'volume'] as const;

export interface ReferenceRows {
  rows: number[][];
  issues: Issue[];
  naive: NaiveTime | undefined;
  symbols: string[];
  secondLine: string;
}

export function referenceParse(text: string, tzOffsetMin: number | undefined): ReferenceRows {
  const issues: Issue[] = [];
  const cursor = new LineCursor(text);
  const first = cursor.next() ?? '';
  const delimiter = detectDelimiter(first);
  const firstCells = splitCells(first, delimiter);
  const times = new TimestampParser();
  const offsets = new OffsetCheck();
  const hasHeader = Number.isNaN(times.parse(firstCells[0] ?? ''));
  let map: ColumnMap = {};
  if (hasHeader) map = mapHeader(firstCells);
  else {
    map = NO_HEADER[firstCells.length] ?? {};
    if (!NO_HEADER[firstCells.length])
      pushIssue(issues, {
        line: 1,
        reason: `no header and ${firstCells.length} columns: expected a header row, or 6 (ts,o,h,l,c,v), 7 (Bybit) or 12 (Binance) columns`,
      });
  }
  for (const role of ['time', 'open', 'high', 'low', 'close', 'volume'] as const)
    if (map[role] === undefined && (hasHeader || issues.length === 0))
      pushIssue(issues, { line: 1, reason: `no ${role} column (looked for ${synonymsOf(role)}) in header '${first}'` });
  const rows: number[][] = [];
  const symbols = new Set<string>();
  let naive: NaiveTime | undefined;
  let secondLine = '';
  if (issues.length === 0) {
    for (let line = hasHeader ? cursor.next() : first; line !== undefined; line = cursor.next()) {
      const ln = cursor.lineNo;
      if (ln === 2) secondLine = line;
      if (line.length === 0) continue;
      const cells = splitCells(line, delimiter);
      if (cells.length !== firstCells.length) {
        pushIssue(issues, { line: ln, reason: `expected ${firstCells.length} cells, got ${cells.length}` });
        continue;
      }
      const timeCell = cells[map.time as number] as string;
      let ts = times.parse(timeCell);
      if (times.naive) {
        if (tzOffsetMin === undefined) naive ??= { line: ln, text: timeCell };
        else ts -= tzOffsetMin * 60_000;
      }
      const mixed = offsets.see(times.offsetMin, ln, timeCell);
      if (mixed) pushIssue(issues, mixed);
      if (Number.isNaN(ts)) pushIssue(issues, { line: ln, reason: `time '${timeCell}' is not ISO 8601 or epoch s/ms` });
      const v = ROLES.map((r) => num(cells[map[r] as number]));
      ROLES.forEach((r, k) => {
        if (Number.isNaN(v[k] as number))
          pushIssue(issues, { line: ln, reason: `${r} '${cells[map[r] as number] ?? ''}' is not a number` });
      });
      if (map.symbol !== undefined) {
        const sym = normalizeSymbol(cells[map.symbol] ?? '');
        if (sym) symbols.add(sym);
      }
      rows.push([ts, ...v, map.turnover === undefined ? Number.NaN : num(cells[map.turnover]), ln]);
    }
  }
  if (symbols.size > 1)
    pushIssue(issues, { line: 0, reason: `symbol column holds ${[...symbols].join(', ')}; import one symbol per file` });
  return { rows, issues, naive, symbols: [...symbols], secondLine };
}
