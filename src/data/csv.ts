// Minimal CSV reading for market-data files: one record per line (\n or \r\n), delimiter ',', ';'
// or tab detected from the first line, double-quoted cells allowed (no embedded newlines).
// Lines are numbered from 1 as in an editor, so `file:line` messages point at the right line.

export interface CsvLines {
  lines: string[];
  delimiter: string;
}

/**
 * The lines of `text` one at a time, as splitLines gives them (CR of a CRLF removed, trailing blank
 * lines left out), without holding them all: a file of millions of short bad lines costs one line at
 * a time, not a string per line kept until the end.
 */
export class LineCursor {
  /** 1-based number of the line last returned by next(). */
  lineNo = 0;
  /** Number of lines next() returns in all (an upper bound for the rows). */
  readonly count: number;
  private at = 0;
  private readonly end: number;

  constructor(private readonly text: string) {
    let end = text.length;
    while (end > 0 && isBlankChar(text.charCodeAt(end - 1))) end--;
    this.end = end;
    let count = end > 0 ? 1 : 0;
    for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) count++;
    this.count = count;
  }

  next(): string | undefined {
    if (this.at >= this.end) return undefined;
    let stop = this.text.indexOf('\n', this.at);
    if (stop < 0) stop = this.text.length;
    const cut = stop > this.at && this.text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop;
    const line = this.text.slice(this.at, cut);
    this.at = stop + 1;
    this.lineNo++;
    return line;
  }
}

function isBlankChar(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

export function detectDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t']) {
    const n = firstLine.split(d).length - 1;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/** Splits one record. Fast path without quotes; quoted cells lose their quotes, "" becomes ". */
export function splitCells(line: string, delimiter: string): string[] {
  if (line.indexOf('"') < 0) return line.split(delimiter);
  const cells: string[] = [];
  let cur = '';
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (inQuotes) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') inQuotes = false;
      else cur += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === delimiter) {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells;
}

/** Header cell → comparable key: lower case, letters and digits only ("Funding Rate" → "fundingrate"). */
export function headerKey(cell: string): string {
  return cell.toLowerCase().replace(/[^a-z0-9]/g, '');
}
