// Funding-history CSV reader: a time column (epoch or ISO) and a rate column (fundingRate, "Funding
// Rate", rate). Also reads freqtrade's funding cache layout (date,open,high,low,close,volume with the
// rate in `open` and zeros elsewhere), which has no rate column by name.
import { detectDelimiter, splitCells, splitLines } from '../csv';
import type { SourceText } from '../source-file';
import { TimestampParser } from '../timestamps';
import { mapHeader, synonymsOf } from './columns';
import { normalizeSymbol } from './names';
import { OffsetCheck } from './offset-check';
import { type Issue, type NaiveTime, num, type ParsedFunding } from './parsed';

export function parseFundingCsv(src: SourceText, tzOffsetMin: number | undefined): ParsedFunding {
  const issues: Issue[] = [];
  const lines = splitLines(src.text);
  const first = lines[0] ?? '';
  const delimiter = detectDelimiter(first);
  const header = splitCells(first, delimiter);
  const map = mapHeader(header);
  let rateIndex = map.rate;
  let layout = `header ${header.join(delimiter)}`;
  if (rateIndex === undefined && map.open !== undefined) {
    rateIndex = map.open;
    layout += ' (freqtrade funding cache: rate in open)';
  }
  if (map.time === undefined) issues.push({ line: 1, reason: `no time column (looked for ${synonymsOf('time')}) in header '${first}'` });
  if (rateIndex === undefined)
    issues.push({ line: 1, reason: `no funding rate column (looked for ${synonymsOf('rate')}) in header '${first}'` });
  const capacity = Math.max(0, lines.length - 1);
  const tsMs = new Float64Array(capacity);
  const rate = new Float64Array(capacity);
  const lineNo = new Int32Array(capacity);
  const symbols = new Set<string>();
  const times = new TimestampParser();
  const offsets = new OffsetCheck();
  let naive: NaiveTime | undefined;
  let n = 0;
  if (issues.length === 0) {
    const ti = map.time as number;
    const ri = rateIndex as number;
    const offsetMs = (tzOffsetMin ?? 0) * 60_000;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      if (line.length === 0) continue;
      const cells = splitCells(line, delimiter);
      const ln = i + 1;
      if (cells.length !== header.length) {
        issues.push({ line: ln, reason: `expected ${header.length} cells, got ${cells.length}` });
        continue;
      }
      const timeCell = cells[ti] as string;
      let ts = times.parse(timeCell);
      if (times.naive) {
        if (tzOffsetMin === undefined) naive ??= { line: ln, text: timeCell };
        else ts -= offsetMs;
      }
      const mixed = offsets.see(times.offsetMin, ln, timeCell);
      if (mixed) issues.push(mixed);
      if (Number.isNaN(ts)) issues.push({ line: ln, reason: `time '${timeCell}' is not ISO 8601 or epoch s/ms` });
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
  if (symbols.size > 1) issues.push({ line: 0, reason: `symbol column holds ${[...symbols].join(', ')}; import one symbol per file` });
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
