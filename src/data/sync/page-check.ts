// Checks one page as it arrives from the venue, before anything is kept: every row inside the window
// that was asked for, strictly newest first (so no duplicates), and the store's own market rules
// (validateCandles / validateFunding, the same ones the importer applies). The first problem becomes
// one VENUE_BAD_RESPONSE line naming the request, the row, its time and the field; nothing is written.
import type { FundingPoint, KlinePage } from '../../bybit';
import { type CandleColumns, isoMs } from '../../domain';
import { VenueError } from '../../errors';
import { validateCandles, validateFunding } from '../validate';

function fail(label: string, problems: readonly string[]): VenueError {
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length === 2 ? '' : 's'} on this page)` : '';
  return new VenueError('VENUE_BAD_RESPONSE', `${label}: ${problems[0]}${more}`, { endpoint: label, problems });
}

function rowAt(i: number, tsMs: number): string {
  return `row ${i + 1} (${isoMs(tsMs)})`;
}

/** Order and window of served times: each in [startMs, endMs], each older than the one before. */
function orderProblems(tsMs: Float64Array, startMs: number, endMs: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < tsMs.length; i++) {
    const ts = tsMs[i] as number;
    if (ts < startMs || ts > endMs) out.push(`${rowAt(i, ts)}: time is outside the requested [${isoMs(startMs)}, ${isoMs(endMs)}]`);
    const prev = i > 0 ? (tsMs[i - 1] as number) : Number.POSITIVE_INFINITY;
    if (ts === prev) out.push(`${rowAt(i, ts)}: duplicate of row ${i}`);
    else if (ts > prev) out.push(`${rowAt(i, ts)}: not newest-first (row ${i} is older)`);
  }
  return out;
}

export function checkKlinePage(page: KlinePage, startMs: number, endMs: number): void {
  const c: CandleColumns = page.cols;
  const lines = Int32Array.from({ length: c.tsMs.length }, (_, i) => i + 1);
  const problems = orderProblems(c.tsMs, startMs, endMs);
  for (const issue of validateCandles(c, lines, 1)) {
    const i = issue.line - 1;
    problems.push(`${rowAt(i, c.tsMs[i] as number)}: ${issue.reason}`);
  }
  if (problems.length > 0) throw fail(page.label, problems);
}

export function checkFundingPage(label: string, rows: readonly FundingPoint[], startMs: number, endMs: number, intervalMin: number): void {
  const tsMs = Float64Array.from(rows, (r) => r.tsMs);
  const rate = Float64Array.from(rows, (r) => r.rate);
  const problems = orderProblems(tsMs, startMs, endMs);
  const lines = Int32Array.from({ length: rows.length }, (_, i) => i + 1);
  for (const issue of validateFunding({ tsMs, rate }, lines, intervalMin, false)) {
    const i = issue.line - 1;
    problems.push(i >= 0 ? `${rowAt(i, tsMs[i] as number)}: ${issue.reason}` : issue.reason);
  }
  if (problems.length > 0) throw fail(label, problems);
}
