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
  /** Set on a tally, not a problem: it stands for this many further problems that were counted, not kept. */
  omitted?: number;
}

/**
 * Problems kept per list; later ones are only counted, in one tally entry at the end. A hostile file
 * (millions of bad rows) costs a count, not an object and a message per row; the importer prints 20.
 */
export const MAX_ISSUES_KEPT = 1000;

/** Appends `issue`, or counts it in the list's tally once MAX_ISSUES_KEPT are kept. */
export function pushIssue(issues: Issue[], issue: Issue): void {
  if (issues.length < MAX_ISSUES_KEPT) {
    issues.push(issue);
    return;
  }
  const last = issues[issues.length - 1] as Issue;
  if (last.omitted === undefined) issues.push(tally(1, issue.conflict === true));
  else {
    last.omitted++;
    last.conflict = last.conflict === true && issue.conflict === true;
  }
}

/** A tally entry for `n` problems not kept (sorted after every kept line). */
export function tally(n: number, conflicts: boolean): Issue {
  return { line: Number.MAX_SAFE_INTEGER, reason: '', omitted: n, conflict: conflicts };
}

/** How many problems a list stands for: its kept entries plus its tallies. */
export function issueCount(issues: readonly Issue[]): number {
  let n = 0;
  for (const i of issues) n += i.omitted ?? 1;
  return n;
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

/**
 * Rows a parser allocates at first; it doubles up to the file's line count as rows arrive, so memory
 * follows the rows kept, not the lines (a file of millions of malformed lines keeps none).
 */
export const FIRST_ROWS = 65_536;

/** Room for `length` values, holding a copy of the first values of `a` that fit. */
export function grown<T extends Float64Array | Int32Array>(a: T, length: number): T {
  const g = new (a.constructor as new (n: number) => T)(length);
  g.set(a.subarray(0, Math.min(length, a.length)));
  return g;
}

/** A numeric cell: a plain decimal only. Empty, hex (0x10), binary, octal, Infinity or other text is NaN. */
export function num(cell: string | undefined): number {
  if (cell === undefined || !DECIMAL_RE.test(cell)) return Number.NaN;
  return Number(cell);
}
