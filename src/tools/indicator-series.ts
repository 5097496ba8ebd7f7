// Core of `trade indicator` and `trade structure`: resolve and validate params against the
// registry spec, run the indicator or structure detector over candle columns (batch = the same
// Rust `update` as live), and format ts + every output as rows, CSV or JSON. A value is printed
// empty (CSV) / null (JSON) before the warm-up index and wherever it is NaN ("none").
import {
  CoreIndicator,
  type IndicatorSpec,
  indicatorRegistry,
  type OhlcvColumns,
  type SeriesKind,
  SOURCES,
  type SourceName,
  structureRegistry,
} from '../core';
import { isoMs, TIMEFRAME_MINUTES, type Timeframe } from '../domain';
import { evalWarmupFormula } from '../dsl';
import { DataError, TradeError } from '../errors';
import { loadCandles, noCandlesMessage } from './load-candles';

export interface SeriesRequest {
  kind: SeriesKind;
  name: string;
  /** Param overrides by name; the rest take the registry defaults. */
  params: Record<string, number>;
  /** Input source, indicators with a selectable source only. */
  source?: SourceName;
}

export interface SeriesResult {
  kind: SeriesKind;
  name: string;
  /** Every param, defaults filled in. */
  params: Record<string, number>;
  source: SourceName | undefined;
  /** First bar index printed (the core's warm-up). */
  warmup: number;
  outputs: string[];
  tsMs: Float64Array;
  columns: Float64Array[];
}

export function findSeriesSpec(kind: SeriesKind, name: string): IndicatorSpec {
  const registry = kind === 'structure' ? structureRegistry() : indicatorRegistry();
  const spec = registry.find((s) => s.name === name);
  if (!spec) throw new TradeError('USAGE', `unknown ${kind} '${name}' (expected one of ${registry.map((s) => s.name).join(', ')})`);
  return spec;
}

/** Parses `--param name=value` strings against `spec`: known names, numbers, in range, integers. */
export function parseParamAssignments(kind: SeriesKind, spec: IndicatorSpec, assignments: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  const problems: string[] = [];
  for (const a of assignments) {
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : '';
    const text = eq > 0 ? a.slice(eq + 1).trim() : '';
    const p = spec.params.find((x) => x.name === name);
    if (!p) {
      const known = spec.params.map((x) => x.name).join(', ') || 'none';
      problems.push(
        eq > 0 ? `${kind} ${spec.name} has no param '${name}' (expected one of ${known})` : `--param '${a}' (expected name=value)`,
      );
      continue;
    }
    const v = text === '' ? Number.NaN : Number(text);
    const what = p.kind === 'int' ? 'an integer' : 'a number';
    if (!Number.isFinite(v) || v < p.min || v > p.max || (p.kind === 'int' && !Number.isInteger(v))) {
      problems.push(`${spec.name}.${name} must be ${what} in [${p.min}, ${p.max}] (got '${text}')`);
      continue;
    }
    out[name] = v;
  }
  if (problems.length > 0) throw new TradeError('VALIDATION', problems.join('; '));
  return out;
}

export function parseSource(kind: SeriesKind, spec: IndicatorSpec, text: string | undefined): SourceName | undefined {
  if (text === undefined) return undefined;
  if (spec.inputs.kind !== 'source') {
    throw new TradeError('USAGE', `${kind} ${spec.name} reads ${spec.inputs.fields.join(', ')}; it takes no --source (got '${text}')`);
  }
  if (!(SOURCES as readonly string[]).includes(text)) {
    throw new TradeError('VALIDATION', `--source '${text}' (expected one of ${SOURCES.join(', ')})`);
  }
  return text as SourceName;
}

/** Runs the series over `cols` in one batch call. */
export function computeSeries(req: SeriesRequest, cols: OhlcvColumns): SeriesResult {
  const spec = findSeriesSpec(req.kind, req.name);
  const ind = new CoreIndicator(req.name, req.params, req.source, req.kind);
  try {
    const columns = ind.batch(cols);
    const params: Record<string, number> = {};
    for (const p of spec.params) params[p.name] = req.params[p.name] ?? p.default;
    const source = spec.inputs.kind === 'source' ? (req.source ?? spec.inputs.default) : undefined;
    return { kind: req.kind, name: req.name, params, source, warmup: ind.warmup, outputs: [...spec.outputs], tsMs: cols.tsMs, columns };
  } finally {
    ind.free();
  }
}

/** The printable value of output `k` at bar `i`: null before warm-up or when NaN. */
export function seriesValue(r: SeriesResult, k: number, i: number): number | null {
  const v = (r.columns[k] as Float64Array)[i] as number;
  return i < r.warmup || !Number.isFinite(v) ? null : v;
}

/** CSV with header `ts,<outputs...>`; ts is the candle open time, ISO 8601 UTC (or epoch ms with `ts: 'ms'`). */
export function formatSeriesCsv(r: SeriesResult, ts: 'iso' | 'ms' = 'iso'): string {
  const lines = [['ts', ...r.outputs].join(',')];
  for (let i = 0; i < r.tsMs.length; i++) {
    const t = r.tsMs[i] as number;
    const cells = [ts === 'ms' ? String(t) : isoMs(t)];
    for (let k = 0; k < r.outputs.length; k++) {
      const v = seriesValue(r, k, i);
      cells.push(v === null ? '' : String(v));
    }
    lines.push(cells.join(','));
  }
  return lines.join('\n');
}

export interface SeriesJson {
  kind: SeriesKind;
  name: string;
  params: Record<string, number>;
  source: SourceName | null;
  warmup: number;
  outputs: string[];
  rows: Record<string, string | number | null>[];
}

/** One object: metadata plus `rows` of { ts, <output>: value | null }. */
export function formatSeriesJson(r: SeriesResult, ts: 'iso' | 'ms' = 'iso'): SeriesJson {
  const rows: Record<string, string | number | null>[] = [];
  for (let i = 0; i < r.tsMs.length; i++) {
    const t = r.tsMs[i] as number;
    const row: Record<string, string | number | null> = { ts: ts === 'ms' ? t : isoMs(t) };
    for (let k = 0; k < r.outputs.length; k++) row[r.outputs[k] as string] = seriesValue(r, k, i);
    rows.push(row);
  }
  return { kind: r.kind, name: r.name, params: r.params, source: r.source ?? null, warmup: r.warmup, outputs: r.outputs, rows };
}

/**
 * Bars of the series' own timeframe a backtest runs a feature with these params before its window:
 * the first valid index, the unstable period of a recursive indicator, and the bar itself
 * (the rule that reads it; docs/plays.md "Warm-up per feature").
 */
export function seriesWarmupBars(req: SeriesRequest): number {
  const spec = findSeriesSpec(req.kind, req.name);
  const params: Record<string, number> = {};
  for (const p of spec.params) params[p.name] = req.params[p.name] ?? p.default;
  const ind = new CoreIndicator(req.name, req.params, req.source, req.kind);
  try {
    const unstable = spec.unstable === undefined ? 0 : (evalWarmupFormula(spec.unstable, params) ?? 0);
    return ind.warmup + unstable + 1;
  } finally {
    ind.free();
  }
}

/**
 * `trade indicator` / `trade structure` over [fromMs, toMs): the candles from the feature's own
 * warm start before `fromMs` are loaded and run too, so the values printed from `fromMs` on are the
 * ones a backtest over that window reads; rows before `fromMs` are not printed.
 */
export async function seriesOverWindow(
  req: SeriesRequest,
  dbPath: string,
  symbol: string,
  tf: string,
  fromMs: number | undefined,
  toMs: number | undefined,
): Promise<SeriesResult> {
  const tfMinutes = TIMEFRAME_MINUTES[tf as Timeframe];
  if (fromMs === undefined || tfMinutes === undefined) return computeSeries(req, await loadCandles(dbPath, symbol, tf, fromMs, toMs));
  const startMs = Math.max(0, fromMs - seriesWarmupBars(req) * tfMinutes * 60_000);
  let cols: Awaited<ReturnType<typeof loadCandles>>;
  try {
    cols = await loadCandles(dbPath, symbol, tf, startMs, toMs);
  } catch (e) {
    // Name the window the user asked for, not the one widened by the warm-up.
    if (e instanceof DataError && e.code === 'DATA_MISSING')
      throw new DataError('DATA_MISSING', noCandlesMessage(tf, symbol, fromMs, toMs ?? 8.64e15, dbPath), undefined, { cause: e });
    throw e;
  }
  const all = computeSeries(req, cols);
  let k0 = 0;
  while (k0 < all.tsMs.length && all.tsMs[k0]! < fromMs) k0++;
  if (k0 === all.tsMs.length) throw new DataError('DATA_MISSING', noCandlesMessage(tf, symbol, fromMs, toMs ?? 8.64e15, dbPath));
  return { ...all, warmup: Math.max(0, all.warmup - k0), tsMs: all.tsMs.subarray(k0), columns: all.columns.map((c) => c.subarray(k0)) };
}
