// What the store holds: per-symbol coverage (first/last minute, rows, gaps, funding range, native
// higher-TF candles) and the missing 1m ranges of one symbol. Gaps come from SQL window functions
// (lag over ts), so nothing is read row by row into JS; `gapsInColumn` gives the same ranges for a
// ts column already loaded (the backtest's preflight).
import { isoMs, MINUTE_MS } from '../domain';
import type { Store } from './store';

export interface SymbolCoverage {
  symbol: string;
  candles1m: { first: string; last: string; rows: number; gaps: number; missingMinutes: number } | null;
  funding: { first: string; last: string; rows: number } | null;
  native: { tf: string; first: string; last: string; rows: number }[];
}

export interface Gap {
  /** First missing minute (ISO, UTC). */
  start: string;
  /** First minute present after the gap, or the range end (exclusive). */
  end: string;
  minutes: number;
}

const n = (v: unknown) => Number(v);
const iso = (v: unknown) => isoMs(Number(v));

export async function coverage(store: Store): Promise<SymbolCoverage[]> {
  const db = store.db;
  const candles = await db.rows<{ symbol: string; first: bigint; last: bigint; rows: bigint; gaps: bigint; missing: bigint }>(
    `WITH steps AS (
       SELECT symbol, ts_open_ms, ts_open_ms - lag(ts_open_ms) OVER (PARTITION BY symbol ORDER BY ts_open_ms) AS step FROM candles_1m)
     SELECT symbol, min(ts_open_ms) AS first, max(ts_open_ms) AS last, count(*) AS rows,
       count(*) FILTER (WHERE step > ${MINUTE_MS}) AS gaps,
       coalesce(sum(step // ${MINUTE_MS} - 1) FILTER (WHERE step > ${MINUTE_MS}), 0) AS missing
     FROM steps GROUP BY symbol`,
  );
  const funding = await db.rows<{ symbol: string; first: bigint; last: bigint; rows: bigint }>(
    'SELECT symbol, min(ts_ms) AS first, max(ts_ms) AS last, count(*) AS rows FROM funding GROUP BY symbol',
  );
  const native = await db.rows<{ symbol: string; tf_min: number; first: bigint; last: bigint; rows: bigint }>(
    'SELECT symbol, tf_min, min(ts_open_ms) AS first, max(ts_open_ms) AS last, count(*) AS rows FROM candles_native GROUP BY symbol, tf_min ORDER BY tf_min',
  );
  const symbols = [...new Set([...candles, ...funding, ...native].map((r) => r.symbol))].sort();
  return symbols.map((symbol) => {
    const c = candles.find((r) => r.symbol === symbol);
    const f = funding.find((r) => r.symbol === symbol);
    return {
      symbol,
      candles1m: c ? { first: iso(c.first), last: iso(c.last), rows: n(c.rows), gaps: n(c.gaps), missingMinutes: n(c.missing) } : null,
      funding: f ? { first: iso(f.first), last: iso(f.last), rows: n(f.rows) } : null,
      native: native
        .filter((r) => r.symbol === symbol)
        .map((r) => ({ tf: `${n(r.tf_min)}m`, first: iso(r.first), last: iso(r.last), rows: n(r.rows) })),
    };
  });
}

/**
 * Missing 1m ranges of `symbol` in [fromMs, toMs). Without a bound the range is the stored one, so
 * only inner gaps appear; with --from/--to, missing minutes at the edges count too.
 */
export async function gaps(store: Store, symbol: string, fromMs?: number, toMs?: number): Promise<Gap[]> {
  return (await missingRanges(store, symbol, fromMs, toMs)).map(toGap);
}

/** The same missing ranges as `gaps`, as [startMs, endMs) pairs (end exclusive), ascending. */
export async function missingRanges(store: Store, symbol: string, fromMs?: number, toMs?: number): Promise<[number, number][]> {
  const lo = fromMs ?? Number.MIN_SAFE_INTEGER;
  const hi = toMs ?? Number.MAX_SAFE_INTEGER;
  const range = 'symbol = $1 AND ts_open_ms >= CAST($2 AS BIGINT) AND ts_open_ms < CAST($3 AS BIGINT)';
  const inner = await store.db.rows<{ start_ms: bigint; end_ms: bigint }>(
    `SELECT prev + ${MINUTE_MS} AS start_ms, ts_open_ms AS end_ms FROM (
       SELECT ts_open_ms, lag(ts_open_ms) OVER (ORDER BY ts_open_ms) AS prev FROM candles_1m WHERE ${range})
     WHERE ts_open_ms - prev > ${MINUTE_MS} ORDER BY start_ms`,
    [symbol, lo, hi],
  );
  const bounds = await store.db.rows<{ first: bigint | null; last: bigint | null }>(
    `SELECT min(ts_open_ms) AS first, max(ts_open_ms) AS last FROM candles_1m WHERE ${range}`,
    [symbol, lo, hi],
  );
  const first = bounds[0]?.first == null ? undefined : Number(bounds[0].first);
  const last = bounds[0]?.last == null ? undefined : Number(bounds[0].last);
  return rangesToGaps(
    first,
    last,
    inner.map((r) => [Number(r.start_ms), Number(r.end_ms)]),
    fromMs,
    toMs,
  );
}

/** The same missing ranges from an ascending ts column already in memory (e.g. a loaded window). */
export function gapsInColumn(tsMs: Float64Array, fromMs?: number, toMs?: number): Gap[] {
  const inner: [number, number][] = [];
  for (let i = 1; i < tsMs.length; i++) {
    if (tsMs[i]! - tsMs[i - 1]! > MINUTE_MS) inner.push([tsMs[i - 1]! + MINUTE_MS, tsMs[i]!]);
  }
  return rangesToGaps(tsMs[0], tsMs[tsMs.length - 1], inner, fromMs, toMs).map(toGap);
}

function rangesToGaps(
  first: number | undefined,
  last: number | undefined,
  inner: readonly [number, number][],
  fromMs: number | undefined,
  toMs: number | undefined,
): [number, number][] {
  const out: [number, number][] = [];
  if (first === undefined) {
    if (fromMs !== undefined && toMs !== undefined && toMs > ceilMinute(fromMs)) out.push([ceilMinute(fromMs), toMs]);
    return out;
  }
  if (fromMs !== undefined && ceilMinute(fromMs) < first) out.push([ceilMinute(fromMs), first]);
  out.push(...inner);
  if (toMs !== undefined && last !== undefined && last + MINUTE_MS < toMs) out.push([last + MINUTE_MS, toMs]);
  return out;
}

function ceilMinute(ms: number): number {
  return Math.ceil(ms / MINUTE_MS) * MINUTE_MS;
}

export function toGap([startMs, endMs]: [number, number]): Gap {
  return { start: isoMs(startMs), end: isoMs(endMs), minutes: Math.ceil((endMs - startMs) / MINUTE_MS) };
}
