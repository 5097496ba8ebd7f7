// insertFunding: the one write path for funding rates (file import now, Bybit sync later). Same
// rules as insertCandles: validate (settlement on the funding grid, finite rate), order, stage,
// report a stored (symbol, ts) with another rate as a conflict, insert only new keys, log.
import { isoMs } from '../domain';
import { MAX_ISSUES_KEPT } from './formats/parsed';
import { appendIssues, rejection, withSource, withTally } from './issues';
import type { Store } from './store';
import { type FundingRows, orderFunding, validateFunding } from './validate';
import { logImport, type WriteResult, type WriteSource } from './write-candles';

const STAGE = 'stage_funding';

export interface FundingWriteOptions {
  /** Funding interval of the instrument, minutes (480 for BTCUSDT). */
  intervalMin: number;
  /** Whether the times were shifted by an explicit --tz (changes the advice in messages). */
  tzGiven?: boolean;
}

export async function insertFunding(
  store: Store,
  symbol: string,
  rows: FundingRows,
  source: WriteSource,
  options: FundingWriteOptions,
): Promise<WriteResult> {
  const lines = source.lines ?? Int32Array.from({ length: rows.tsMs.length }, (_, i) => i + 1);
  const problems = validateFunding(rows, lines, options.intervalMin, options.tzGiven ?? false);
  const ordered = orderFunding(rows, lines);
  appendIssues(problems, ordered.issues);
  if (problems.length > 0)
    throw rejection(
      withSource(
        source.name,
        problems.sort((a, b) => a.line - b.line),
      ),
    );
  const f = ordered.cols;
  const n = f.tsMs.length;
  const db = store.db;
  return db.transaction(async () => {
    await db.run(`CREATE OR REPLACE TEMP TABLE ${STAGE} (ts DOUBLE, rate DOUBLE, line DOUBLE)`);
    await db.appendDoubles(STAGE, [f.tsMs, f.rate, Float64Array.from(ordered.lines)], n);
    const staged = `(SELECT CAST(ts AS BIGINT) AS ts_ms, rate, CAST(line AS INTEGER) AS line FROM ${STAGE})`;
    const key = 'c.symbol = $1 AND c.ts_ms = s.ts_ms';
    const conflicts = await db.rows<{ line: number; ts_ms: bigint; r1: number; r2: number; total: bigint }>(
      `SELECT s.line, s.ts_ms, c.rate AS r1, s.rate AS r2, count(*) OVER () AS total
       FROM ${staged} s JOIN funding c ON ${key} WHERE c.rate <> s.rate ORDER BY s.line LIMIT ${MAX_ISSUES_KEPT}`,
      [symbol],
    );
    if (conflicts.length > 0) {
      const issues = conflicts.map((r) => ({
        line: r.line,
        reason: `conflict at ${isoMs(Number(r.ts_ms))}: stored rate ${r.r1} vs new ${r.r2}`,
        conflict: true,
      }));
      throw rejection(withSource(source.name, withTally(issues, Number(conflicts[0]?.total ?? 0))));
    }
    const rowsAdded = await db.run(
      `INSERT INTO funding (symbol, ts_ms, rate) SELECT $1, s.ts_ms, s.rate FROM ${staged} s WHERE NOT EXISTS (SELECT 1 FROM funding c WHERE ${key}) ORDER BY s.ts_ms`,
      [symbol],
    );
    await db.run(`DROP TABLE ${STAGE}`);
    const result: WriteResult = {
      source: source.name,
      kind: 'funding',
      symbol,
      rowsRead: source.rowsRead ?? rows.tsMs.length,
      rowsAdded,
      rowsDropped: source.rowsDropped ?? 0,
      alreadyStored: n - rowsAdded,
      duplicates: ordered.duplicates,
      turnoverFilled: 0,
      firstMs: n > 0 ? (f.tsMs[0] as number) : undefined,
      lastMs: n > 0 ? (f.tsMs[n - 1] as number) : undefined,
    };
    await logImport(store, result, source);
    return result;
  });
}
