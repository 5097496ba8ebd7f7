// Page reads for serving market data the way a venue does (the loopback emulator): at most `limit`
// candles of one symbol at 1m or an epoch-aligned multiple (5/15/60 built from the 1m rows, a bucket
// holding whatever minutes exist), or funding settlements, picked from the newest end or from the
// oldest end of a time window, returned newest first. Minutes inside `excludeMs` ranges are treated
// as absent (an injected exchange gap).
import { type Bar1m, MINUTE_MS } from '../domain';
import type { Store } from './store';

export interface CandleRow extends Bar1m {
  /** null when the store has no turnover for some minute of the row. */
  turnover: number | null;
}

export interface CandlePageQuery {
  symbol: string;
  tfMin: number;
  /** First bar open time wanted (inclusive), ms. */
  fromMs: number;
  /** Last bar open time wanted (inclusive), ms. */
  toMs: number;
  /** Newest 1m minute that may contribute (the venue's current minute), ms. */
  lastMinuteMs: number;
  limit: number;
  /** 'newest': the newest `limit` bars up to toMs; 'oldest': the oldest `limit` bars from fromMs. */
  anchor: 'newest' | 'oldest';
  /** [startMs, endMs) ranges of 1m minutes to leave out. */
  excludeMs?: readonly (readonly [number, number])[];
}

const int = (v: number) => String(Math.trunc(v));

export async function candlePage(store: Store, q: CandlePageQuery): Promise<CandleRow[]> {
  const tfMs = q.tfMin * MINUTE_MS;
  const hiMinute = Math.min(q.toMs + tfMs - MINUTE_MS, q.lastMinuteMs);
  const exclude = (q.excludeMs ?? []).map(([a, b]) => ` AND NOT (ts_open_ms >= ${int(a)} AND ts_open_ms < ${int(b)})`).join('');
  const order = q.anchor === 'newest' ? 'DESC' : 'ASC';
  const rows = await store.db.rows<{ b: bigint; o: number; h: number; l: number; c: number; v: number; t: number | null }>(
    `SELECT b, arg_min(open, ts_open_ms) AS o, max(high) AS h, min(low) AS l, arg_max(close, ts_open_ms) AS c,
       sum(volume) AS v, CASE WHEN count(turnover) = count(*) THEN sum(turnover) END AS t
     FROM (SELECT ts_open_ms - ts_open_ms % ${int(tfMs)} AS b, * FROM candles_1m
           WHERE symbol = $1 AND ts_open_ms >= CAST($2 AS BIGINT) AND ts_open_ms <= CAST($3 AS BIGINT)${exclude})
     WHERE b >= CAST($2 AS BIGINT) AND b <= CAST($4 AS BIGINT)
     GROUP BY b ORDER BY b ${order} LIMIT ${int(q.limit)}`,
    [q.symbol, q.fromMs, hiMinute, q.toMs],
  );
  const out = rows.map((r) => ({ tsMs: Number(r.b), open: r.o, high: r.h, low: r.l, close: r.c, volume: r.v, turnover: r.t }));
  return q.anchor === 'newest' ? out : out.reverse();
}

/** Funding settlements in [fromMs, toMs] (inclusive), the newest `limit`, newest first. */
export async function fundingPage(
  store: Store,
  symbol: string,
  fromMs: number,
  toMs: number,
  limit: number,
): Promise<{ tsMs: number; rate: number }[]> {
  const rows = await store.db.rows<{ ts_ms: bigint; rate: number }>(
    `SELECT ts_ms, rate FROM funding WHERE symbol = $1 AND ts_ms >= CAST($2 AS BIGINT) AND ts_ms <= CAST($3 AS BIGINT)
     ORDER BY ts_ms DESC LIMIT ${int(limit)}`,
    [symbol, fromMs, toMs],
  );
  return rows.map((r) => ({ tsMs: Number(r.ts_ms), rate: r.rate }));
}

/** Symbols the store knows anything about (candles, funding or an instrument), sorted. */
export async function knownSymbols(store: Store): Promise<string[]> {
  const rows = await store.db.rows<{ symbol: string }>(
    'SELECT DISTINCT symbol FROM (SELECT symbol FROM candles_1m UNION SELECT symbol FROM funding UNION SELECT symbol FROM instruments) ORDER BY symbol',
  );
  return rows.map((r) => r.symbol);
}
