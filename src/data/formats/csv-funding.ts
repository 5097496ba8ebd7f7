// Funding-history CSV reader: a time column (epoch or ISO) and a rate column (fundingRate, "Funding
// Rate", rate). Also reads freqtrade's funding cache layout (date,open,high,low,close,volume with the
// rate in `open` and zeros elsewhere), which has no rate column by name.
import { detectDelimiter, LineCursor, splitCells } from '../csv';
import type { SourceText } from '../source-file';
import { TimestampParser } from '../timestamps';
import { mapHeader, synonymsOf } from './columns';
import { normalizeSymbol } from './names';
import { OffsetCheck } from './offset-check';
import { FIRST_ROWS, grown, type Issue, type NaiveTime, num, type ParsedFunding, pushIssue } from './parsed';

export function parseFundingCsv(src: SourceText, tzOffsetMin: number | undefined): ParsedFunding {
  const issues: Issue[] = [];
  const cursor = new LineCursor(src.text);
  const first = cursor.next() ?? '';
  const delimiter = detectDelimiter(first);
  const header = splitCells(first, delimiter);
  const map = mapHeader(header);
  let rateIndex = map.rate;
  let layout = `header ${header.join(delimiter)}`;
  if (rateIndex === undefined && map.open !== undefined) {
    rateIndex = map.open;
    layout += ' (freqtrade funding cache: rate in open)';
  }
  if (map.time === undefined)
    pushIssue(issues, { line: 1, reason: `no time column (looked for ${synonymsOf('time')}) in header '${first}'` });
  if (rateIndex === undefined)
    pushIssue(issues, { line: 1, reason: `no funding rate column (looked for ${synonymsOf('rate')}) in header '${first}'` });
  const capacity = Math.max(0, cursor.count - 1);
  let tsMs = new Float64Array(Math.min(capacity, FIRST_ROWS));
  let rate = new Float64Array(tsMs.length);
  let lineNo = new Int32Array(tsMs.length);
  const symbols = new Set<string>();
  const times = new TimestampParser();
  const offsets = new OffsetCheck();
  let naive: NaiveTime | undefined;
  let n = 0;
  if (issues.length === 0) {
    const ti = map.time as number;
    const ri = rateIndex as number;
    const offsetMs = (tzOffsetMin ?? 0) * 60_000;
    for (let line = cursor.next(); line !== undefined; line = cursor.next()) {
      const ln = cursor.lineNo;
      if (line.length === 0) continue;
      const cells = splitCells(line, delimiter);
      if (cells.length !== header.length) {
        pushIssue(issues, { line: ln, reason: `expected ${header.length} cells, got ${cells.length}` });
        continue;
      }
      if (n === lineNo.length) {
        const room = issues.length === 0 ? capacity : Math.min(capacity, 2 * n); // a clean file grows once
        [tsMs, rate, lineNo] = [grown(tsMs, room), grown(rate, room), grown(lineNo, room)];
      }
      const timeCell = cells[ti] as string;
      let ts = times.parse(timeCell);
      if (times.naive) {
        if (tzOffsetMin === undefined) naive ??= { line: ln, text: timeCell };
        else ts -= offsetMs;
      }
      const mixed = offsets.see(times.offsetMin, ln, timeCell);
      if (mixed) pushIssue(issues, mixed);
      if (Number.isNaN(ts)) pushIssue(issues, { line: ln, reason: `time '${timeCell}' is not ISO 8601 or epoch s/ms` });
      tsMs[n] = ts;
      rate[n] = num(cells[ri]);
      if (map.symbol !== undefined) {
        const sym = normalizeSymbol(cells[map.symbol] ?? '');
        if (sym) symbols.add(sym);
      }
      lineNo[n] = ln;
      n++;
    }
  }
  if (symbols.size > 1)
    pushIssue(issues, { line: 0, reason: `symbol column holds ${[...symbols].join(', ')}; import one symbol per file` });
  return {
    kind: 'funding',
    format: 'funding',
    layout,
    symbolInFile: symbols.size === 1 ? [...symbols][0] : undefined,
    rowsRead: n,
    lines: lineNo.subarray(0, n),
    naive,
    issues,
    tsMs: tsMs.subarray(0, n),
    rate: rate.subarray(0, n),
  };
}
