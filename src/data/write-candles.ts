// insertCandles: the one write path for candles (file import, Bybit sync, live sessions, forge). The
// candle tables have no primary key (schema v3): this function alone keeps (symbol, [tf,] ts) unique,
// so every candle write goes through it. Validates every row, orders them, stages them in a temp
// table through the Appender, reports rows whose key is already stored with other values as
// conflicts, then inserts only new keys (anti-join). A stored row is never changed, except that a
// missing turnover is filled in. When the store holds no row of the symbol within the rows' time
// span (a first import), the staged rows are inserted directly: no conflict, fill-in or existing key
// is possible, so the joins are skipped.
// Atomic: runs in one transaction (or joins the caller's); any issue throws and writes nothing.
import type { CandleColumns } from '../domain';
import { isoMs } from '../domain';
import { type Issue, MAX_ISSUES_KEPT } from './formats/parsed';
import { appendIssues, rejection, withSource, withTally } from './issues';
import type { Store } from './store';
import { orderCandles, validateCandles } from './validate';

export interface WriteSource {
  /** Path or label used in messages and as import_log.source. */
  name: string;
  sha256: string;
  /** 1-based source line of each row; defaults to row index + 1. */
  lines?: Int32Array;
  /** Rows in the source before dropping (defaults to the number of rows given). */
  rowsRead?: number;
  /** Rows the caller left out on purpose (e.g. an unfinished last candle). */
  rowsDropped?: number;
  note?: string;
}

export interface WriteResult {
  source: string;
  kind: string;
  symbol: string;
  rowsRead: number;
  rowsAdded: number;
  rowsDropped: number;
  /** Rows whose key was already stored with the same values. */
  alreadyStored: number;
  /** Exact repeats inside the source. */
  duplicates: number;
  /** Stored rows whose missing turnover this write filled in. */
  turnoverFilled: number;
  firstMs: number | undefined;
  lastMs: number | undefined;
}

const STAGE = 'stage_candles';

function defaultLines(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i + 1);
}

interface Target {
  table: string;
  key: string;
  tfCol: string;
  tfVal: string;
  /** The interval condition on `c` (candles_native), with its leading AND. */
  tfFilter: string;
}

function target(tfMin: number): Target {
  if (tfMin === 1) return { table: 'candles_1m', key: 'c.symbol = $1 AND c.ts_open_ms = s.ts_ms', tfCol: '', tfVal: '', tfFilter: '' };
  return {
    table: 'candles_native',
    key: `c.symbol = $1 AND c.tf_min = ${tfMin} AND c.ts_open_ms = s.ts_ms`,
    tfCol: 'tf_min, ',
    tfVal: `${tfMin}, `,
    tfFilter: ` AND c.tf_min = ${tfMin}`,
  };
}

/**
 * One candle write at a time per store: concurrent writes would share the staging table and the
 * first-import check, and with no primary key nothing else would catch a key stored twice.
 */
const writing = new WeakMap<Store, Promise<unknown>>();

export function insertCandles(store: Store, symbol: string, cols: CandleColumns, source: WriteSource, tfMin = 1): Promise<WriteResult> {
  const run = (writing.get(store) ?? Promise.resolve()).then(() => insertNow(store, symbol, cols, source, tfMin));
  writing.set(
    store,
    run.catch(() => undefined),
  );
  return run;
}

async function insertNow(store: Store, symbol: string, cols: CandleColumns, source: WriteSource, tfMin: number): Promise<WriteResult> {
  const lines = source.lines ?? defaultLines(cols.tsMs.length);
  const problems = validateCandles(cols, lines, tfMin);
  const ordered = orderCandles(cols, lines);
  appendIssues(problems, ordered.issues);
  if (problems.length > 0)
    throw rejection(
      withSource(
        source.name,
        problems.sort((a, b) => a.line - b.line),
      ),
    );
  const c = ordered.cols;
  const n = c.tsMs.length;
  const db = store.db;
  const t = target(tfMin);
  const kind = tfMin === 1 ? 'candles_1m' : `candles_${tfMin}m`;
  return db.transaction(async () => {
    // No stored row of the symbol within the file's time span: nothing can conflict, be filled in or
    // be skipped, so every staged row (ascending) is inserted as it is, without the joins.
    const fresh = n === 0 || (await storedInSpan(db, t, symbol, c.tsMs[0] as number, c.tsMs[n - 1] as number)) === 0;
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${STAGE} (ts DOUBLE, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE, turnover DOUBLE${fresh ? '' : ', line DOUBLE'})`,
    );
    const staging = [c.tsMs, c.open, c.high, c.low, c.close, c.volume, c.turnover];
    if (!fresh) staging.push(Float64Array.from(ordered.lines));
    await db.appendDoubles(STAGE, staging, n);
    const staged = `(SELECT CAST(ts AS BIGINT) AS ts_ms, open, high, low, close, volume, CASE WHEN isnan(turnover) THEN NULL ELSE turnover END AS turnover${fresh ? '' : ', line'} FROM ${STAGE})`;
    const insert = `INSERT INTO ${t.table} (symbol, ${t.tfCol}ts_open_ms, open, high, low, close, volume, turnover)
       SELECT $1, ${t.tfVal}s.ts_ms, s.open, s.high, s.low, s.close, s.volume, s.turnover FROM ${staged} s`;
    const { rowsAdded, turnoverFilled } = fresh
      ? { rowsAdded: await db.run(insert, [symbol]), turnoverFilled: 0 }
      : await mergeStaged(db, t, staged, insert, symbol, source.name);
    await db.run(`DROP TABLE ${STAGE}`);
    const result: WriteResult = {
      source: source.name,
      kind,
      symbol,
      rowsRead: source.rowsRead ?? cols.tsMs.length,
      rowsAdded,
      rowsDropped: source.rowsDropped ?? 0,
      alreadyStored: n - rowsAdded,
      duplicates: ordered.duplicates,
      turnoverFilled,
      firstMs: n > 0 ? (c.tsMs[0] as number) : undefined,
      lastMs: n > 0 ? (c.tsMs[n - 1] as number) : undefined,
    };
    await logImport(store, result, source);
    return result;
  });
}

/** Stored rows of `symbol` with a time in [firstMs, lastMs]. */
async function storedInSpan(db: Store['db'], t: Target, symbol: string, firstMs: number, lastMs: number): Promise<number> {
  const rows = await db.rows<{ n: bigint }>(
    `SELECT count(*) AS n FROM ${t.table} c WHERE c.symbol = $1${t.tfFilter} AND c.ts_open_ms BETWEEN $2 AND $3`,
    [symbol, firstMs, lastMs],
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Staged rows against stored ones: conflicts are refused (nothing written), missing turnovers are
 * filled in, and only new keys are inserted, in time order.
 */
async function mergeStaged(
  db: Store['db'],
  t: Target,
  staged: string,
  insert: string,
  symbol: string,
  sourceName: string,
): Promise<{ rowsAdded: number; turnoverFilled: number }> {
  const conflicts = await db.rows<ConflictRow>(
    `SELECT CAST(s.line AS INTEGER) AS line, s.ts_ms, c.open AS o1, c.high AS h1, c.low AS l1, c.close AS c1, c.volume AS v1, c.turnover AS t1,
       s.open AS o2, s.high AS h2, s.low AS l2, s.close AS c2, s.volume AS v2, s.turnover AS t2
     FROM ${staged} s JOIN ${t.table} c ON ${t.key}
     WHERE c.open <> s.open OR c.high <> s.high OR c.low <> s.low OR c.close <> s.close OR c.volume <> s.volume
       OR (c.turnover IS NOT NULL AND s.turnover IS NOT NULL AND c.turnover <> s.turnover)
     ORDER BY s.line LIMIT ${MAX_ISSUES_KEPT}`,
    [symbol],
  );
  if (conflicts.length > 0) {
    const total = conflicts.length < MAX_ISSUES_KEPT ? conflicts.length : await countConflicts(db, staged, t, symbol);
    throw rejection(withSource(sourceName, withTally(conflicts.map(conflictIssue), total)));
  }
  const turnoverFilled = await db.run(
    `UPDATE ${t.table} c SET turnover = s.turnover FROM ${staged} s WHERE ${t.key} AND c.turnover IS NULL AND s.turnover IS NOT NULL`,
    [symbol],
  );
  const rowsAdded = await db.run(`${insert} WHERE NOT EXISTS (SELECT 1 FROM ${t.table} c WHERE ${t.key}) ORDER BY s.ts_ms`, [symbol]);
  return { rowsAdded, turnoverFilled };
}

/** All conflicting rows, counted only when more than MAX_ISSUES_KEPT were listed. */
async function countConflicts(db: Store['db'], staged: string, t: Target, symbol: string): Promise<number> {
  const rows = await db.rows<{ n: bigint }>(
    `SELECT count(*) AS n FROM ${staged} s JOIN ${t.table} c ON ${t.key}
     WHERE c.open <> s.open OR c.high <> s.high OR c.low <> s.low OR c.close <> s.close OR c.volume <> s.volume
       OR (c.turnover IS NOT NULL AND s.turnover IS NOT NULL AND c.turnover <> s.turnover)`,
    [symbol],
  );
  return Number(rows[0]?.n ?? 0);
}

interface ConflictRow {
  line: number;
  ts_ms: bigint;
  o1: number;
  h1: number;
  l1: number;
  c1: number;
  v1: number;
  t1: number | null;
  o2: number;
  h2: number;
  l2: number;
  c2: number;
  v2: number;
  t2: number | null;
}

function conflictIssue(r: ConflictRow): Issue {
  const stored = `${r.o1}/${r.h1}/${r.l1}/${r.c1}/${r.v1}/${r.t1 ?? '-'}`;
  const incoming = `${r.o2}/${r.h2}/${r.l2}/${r.c2}/${r.v2}/${r.t2 ?? '-'}`;
  return {
    line: r.line,
    reason: `conflict at ${isoMs(Number(r.ts_ms))}: stored o/h/l/c/v/turnover ${stored} vs new ${incoming}`,
    conflict: true,
  };
}

/**
 * One import_log row per successful write. A write that changed nothing and whose content was
 * logged before leaves no row, so importing the same file twice leaves the store unchanged.
 */
export async function logImport(store: Store, r: WriteResult, source: WriteSource): Promise<void> {
  if (r.rowsAdded === 0 && r.turnoverFilled === 0) {
    const seen = await store.db.rows<{ n: bigint }>(
      'SELECT count(*) AS n FROM import_log WHERE content_sha256 = $1 AND kind = $2 AND symbol = $3',
      [source.sha256, r.kind, r.symbol],
    );
    if (Number(seen[0]?.n ?? 0) > 0) return;
  }
  await store.db.run(
    `INSERT INTO import_log (source, content_sha256, kind, symbol, rows_read, rows_added, imported_at_ms, rows_dropped, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [source.name, source.sha256, r.kind, r.symbol, r.rowsRead, r.rowsAdded, Date.now(), r.rowsDropped, source.note ?? null],
  );
}
