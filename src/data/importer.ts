// `trade data import`: reads each file, picks its format, resolves symbol and candle interval, and
// writes it through insertCandles / insertFunding. Atomicity: ONE transaction per command. Every
// file is read and checked even after a failure, so all problems are reported together; if any file
// has a problem the whole command rolls back and nothing is written.
import { type Clock, isoMs, systemClock, TIMEFRAME_MINUTES } from '../domain';
import { DataError } from '../errors';
import { symbolFromName, tfLabel, tfMinutesFromName } from './formats/names';
import type { ImportFormat, Issue, Parsed, ParsedCandles } from './formats/parsed';
import { type ParsedSource, readParsed } from './formats/read-parsed';
import { fundingIntervalMin } from './instruments/instrument-store';
import { appendIssues, issuesOf, rejection, type SourceIssue, withSource } from './issues';
import type { SourceInfo } from './source-file';
import type { Store } from './store';
import { formatOffset } from './timestamps';
import { gridShiftMin, timeOrder, timeRangeIssues } from './validate';
import { insertCandles, type WriteResult } from './write-candles';
import { insertFunding } from './write-funding';

export interface ImportOptions {
  /** Normalized symbol; overrides the file name, must agree with a Symbol column. */
  symbol?: string;
  format?: ImportFormat;
  /** Offset (minutes east of UTC) of zone-less text times. */
  tzOffsetMin?: number;
  /** Candle interval; default from the file name, else the smallest step between rows. */
  tfMin?: number;
  /** Drop the newest candle (true), keep it (false), or decide from the layout (undefined). */
  dropLast?: boolean;
  /** Where "the present" comes from (rows more than a day after it are refused); the system clock by default. */
  clock?: Clock;
}

export interface FileReport extends WriteResult {
  format: string;
  layout: string;
  tf: string | undefined;
  notes: string[];
}

/**
 * Rows from which the garbage of reading a source (its decompressed chunks, the row blocks: about
 * 100 MB for a year of 1m candles) is collected before DuckDB starts writing: that lowers the
 * command's peak RSS by 20-30 MB for a few ms; smaller sources are not worth a collection.
 */
const LARGE_SOURCE_ROWS = 100_000;

export async function importFiles(store: Store, paths: readonly string[], opts: ImportOptions = {}): Promise<FileReport[]> {
  const nowMs = (opts.clock ?? systemClock)();
  return store.db.transaction(async () => {
    const reports: FileReport[] = [];
    const problems: SourceIssue[] = [];
    for (const path of paths) {
      try {
        const read = await readParsed(path, opts.format ?? 'auto', opts.tzOffsetMin);
        if (read.parsed.rowsRead >= LARGE_SOURCE_ROWS) Bun.gc(true);
        reports.push(await importOne(store, read, opts, nowMs));
      } catch (e) {
        const found = issuesOf(e);
        if (found) appendIssues(problems, found);
        else if (e instanceof DataError && e.code === 'DATA_MISSING')
          problems.push({ source: path, line: 0, reason: String(e.details?.reason ?? e.message) });
        else throw e;
      }
    }
    if (problems.length > 0) throw rejection(problems);
    return reports;
  });
}

/** Imports one source read and parsed (with `opts.format`, `opts.tzOffsetMin`); `nowMs` is the present by the caller's clock. */
export async function importOne(store: Store, { src, parsed }: ParsedSource, opts: ImportOptions, nowMs: number): Promise<FileReport> {
  const fail = (issues: Issue[]) => rejection(withSource(src.path, issues));
  if (parsed.issues.length > 0) throw fail(parsed.issues);
  if (parsed.rowsRead === 0) throw fail([{ line: 0, reason: 'no data rows (the file holds a header at most)' }]);
  const outside = timeRangeIssues(parsed.kind === 'funding' ? parsed.tsMs : parsed.cols.tsMs, parsed.lines, nowMs);
  if (outside.length > 0) throw fail(outside);
  const symbol = resolveSymbol(src, parsed, opts);
  if (typeof symbol !== 'string') throw fail([symbol]);
  const notes: string[] = [];
  if (parsed.kind === 'funding') {
    const intervalMin = await fundingIntervalMin(store, symbol);
    if (parsed.naive) throw fail([naiveIssue(parsed, intervalMin)]);
    const written = await insertFunding(
      store,
      symbol,
      parsed,
      { name: src.path, sha256: src.sha256, lines: parsed.lines, rowsRead: parsed.rowsRead },
      { intervalMin, tzGiven: opts.tzOffsetMin !== undefined },
    );
    return { ...written, format: parsed.format, layout: parsed.layout, tf: undefined, notes };
  }
  if (parsed.naive) throw fail([naiveIssue(parsed, undefined)]);
  const tfMin = opts.tfMin ?? tfMinutesFromName(src.name) ?? smallestStepMin(parsed.cols.tsMs);
  const tf = tfLabel(tfMin);
  if (!tf) throw fail([{ line: 0, reason: `candle interval ${tfMin} min is not one of ${Object.keys(TIMEFRAME_MINUTES).join(', ')}` }]);
  const { cols, lines, dropped } = maybeDropLast(parsed, opts.dropLast, notes);
  const written = await insertCandles(
    store,
    symbol,
    cols,
    { name: src.path, sha256: src.sha256, lines, rowsRead: parsed.rowsRead, rowsDropped: dropped, note: notes.join('; ') || undefined },
    tfMin,
  );
  return { ...written, format: parsed.format, layout: parsed.layout, tf, notes };
}

function resolveSymbol(src: SourceInfo, parsed: Parsed, opts: ImportOptions): string | Issue {
  const inFile = parsed.symbolInFile;
  if (opts.symbol && inFile && opts.symbol !== inFile) {
    return { line: 0, reason: `--symbol ${opts.symbol} disagrees with the symbol in the file (${inFile})` };
  }
  const named = symbolFromName(src.name);
  if (opts.symbol && named && opts.symbol !== named) {
    return { line: 0, reason: `--symbol ${opts.symbol} disagrees with the file name (${src.name} names ${named})` };
  }
  const symbol = opts.symbol ?? inFile ?? symbolFromName(src.name);
  if (symbol) return symbol;
  return {
    line: 0,
    reason: 'cannot tell the symbol: pass --symbol SYM, add a Symbol column, or name the file like bybit_linear_BTCUSDT_1m_....csv',
  };
}

function naiveIssue(parsed: Parsed, fundingIntervalMinutes: number | undefined): Issue {
  const n = parsed.naive as { line: number; text: string };
  let reason = `time '${n.text}' has no time zone; pass --tz with the file's UTC offset (--tz +00:00 if it is UTC)`;
  if (parsed.kind === 'funding' && fundingIntervalMinutes !== undefined) {
    const shift = gridShiftMin(parsed.tsMs, fundingIntervalMinutes);
    if (shift !== undefined && shift !== 0) {
      reason += `; read as UTC, every settlement is ${formatOffset(shift)} off the funding grid, so the file looks like --tz ${formatOffset(shift)}`;
    } else if (shift === 0) reason += `; read as UTC the times sit on the funding grid, so --tz ${formatOffset(0)} fits`;
  }
  return { line: n.line, reason };
}

/** Smallest positive step between distinct times, in minutes; 1 when there are fewer than two rows. */
function smallestStepMin(tsMs: Float64Array): number {
  const order = timeOrder(tsMs);
  let best = Number.POSITIVE_INFINITY;
  for (let k = 1; k < order.length; k++) {
    const d = (tsMs[order[k] as number] as number) - (tsMs[order[k - 1] as number] as number);
    if (d > 0 && d < best) best = d;
  }
  return Number.isFinite(best) ? Math.max(1, Math.round(best / 60_000)) : 1;
}

/** Removes the newest candle when the layout ends with an unfinished one (or when asked), noting it. */
function maybeDropLast(parsed: ParsedCandles, dropLast: boolean | undefined, notes: string[]) {
  const n = parsed.cols.tsMs.length;
  const drop = n > 0 && (dropLast ?? parsed.unclosedLastReason !== undefined);
  if (!drop) return { cols: parsed.cols, lines: parsed.lines, dropped: 0 };
  let last = 0;
  for (let i = 1; i < n; i++) if ((parsed.cols.tsMs[i] as number) > (parsed.cols.tsMs[last] as number)) last = i;
  const why = dropLast === true ? 'asked by --drop-last' : (parsed.unclosedLastReason as string);
  notes.push(`dropped line ${parsed.lines[last]} (${isoMs(parsed.cols.tsMs[last] as number)}), the newest candle: ${why}`);
  const keep = (a: Float64Array) => Float64Array.from({ length: n - 1 }, (_, i) => a[i < last ? i : i + 1] as number);
  const c = parsed.cols;
  return {
    cols: {
      tsMs: keep(c.tsMs),
      open: keep(c.open),
      high: keep(c.high),
      low: keep(c.low),
      close: keep(c.close),
      volume: keep(c.volume),
      turnover: keep(c.turnover),
    },
    lines: Int32Array.from({ length: n - 1 }, (_, i) => parsed.lines[i < last ? i : i + 1] as number),
    dropped: 1,
  };
}
