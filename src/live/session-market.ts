// A live session's market I/O over REST: the first minute not yet closed, a gap's minutes (filled
// or reported missing), a funding settlement's rate (into the journal, the store and a shadow
// venue; never guessed), and live bars written to the store in one transaction.
import type { BybitMarketClient } from '../bybit';
import { insertCandles, insertFunding, type Store } from '../data';
import { type Bar1m, type Instrument, isoMs, MINUTE_MS } from '../domain';
import { VenueError } from '../errors';
import type { SimVenue } from '../sim';
import type { Journal } from '../state';
import { fetchMinutes, type MissingMinutes } from './gap-fill';
import type { SessionLine } from './session-lines';

/** Bars as the columns a warm-up reads (and the store writes). */
export function columnsOf(bars: readonly Bar1m[]) {
  const col = (f: (b: Bar1m) => number) => Float64Array.from(bars, f);
  return {
    tsMs: col((b) => b.tsMs),
    open: col((b) => b.open),
    high: col((b) => b.high),
    low: col((b) => b.low),
    close: col((b) => b.close),
    volume: col((b) => b.volume),
  };
}

/** Writes live bars into the store in one transaction (the kline stream has no turnover). */
export async function storeBars(store: Store, symbol: string, bars: readonly Bar1m[]): Promise<void> {
  if (bars.length === 0) return;
  const cols = { ...columnsOf(bars), turnover: new Float64Array(bars.length).fill(Number.NaN) };
  await insertCandles(store, symbol, cols, { name: 'live:kline.1', sha256: `live ${bars[0]!.tsMs}..${bars.at(-1)!.tsMs}` });
}

/** Open time of the first minute not yet closed on the venue (the newest closed kline + 1 min). */
export async function lastClosedEndMs(client: BybitMarketClient, symbol: string): Promise<number> {
  const serverMs = await client.serverTimeMs();
  const page = await client.klinePage(symbol, 0, serverMs, 2);
  const ts = [...page.cols.tsMs].sort((a, b) => b - a);
  const closed = ts.find((t) => t + MINUTE_MS <= serverMs);
  if (closed === undefined) throw new VenueError('VENUE_BAD_RESPONSE', `${page.label}: no closed 1m kline for ${symbol}`);
  return closed + MINUTE_MS;
}

export interface MarketIo {
  client: BybitMarketClient;
  symbol: string;
  nowMs: () => number;
  print: (line: SessionLine) => void;
}

/** The gap [fromMs, toMs) over REST (gap-fill.ts), reported as it is filled and as it is missing. */
export async function fetchGap(io: MarketIo, fromMs: number, toMs: number): Promise<Array<Bar1m | MissingMinutes>> {
  const { items, found } = await fetchMinutes(io.client, io.symbol, fromMs, toMs);
  const now = isoMs(io.nowMs());
  io.print({ type: 'event', ts: now, kind: 'gap_filled', detail: `${found} minutes from ${isoMs(fromMs)}` });
  for (const x of items) {
    if (!('missingFromMs' in x)) continue;
    const n = (x.missingToMs - x.missingFromMs) / MINUTE_MS;
    io.print({
      type: 'warning',
      ts: now,
      message: `the venue has no ${io.symbol} candles ${isoMs(x.missingFromMs)} .. ${isoMs(x.missingToMs)} (${n} minutes): skipped, entries stop until the next bar`,
    });
  }
  return items;
}

/**
 * At a funding settlement (a bar closing on the funding grid): the settled rate from REST goes
 * into the journal, the store (so a backtest of the session sees it) and, in shadow, the simulated
 * venue, which settles it on the position as the bar closes. A rate the venue has not published
 * after a few tries is reported, never guessed.
 */
export async function settleFunding(
  io: MarketIo & { store: Store; journal: Journal | undefined },
  instrument: Instrument,
  closeMs: number,
  sim: SimVenue | undefined,
): Promise<void> {
  if (closeMs % (instrument.fundingIntervalMin * MINUTE_MS) !== 0) return;
  for (let attempt = 0; attempt < 4; attempt++) {
    const page = await io.client.fundingPage(io.symbol, closeMs, closeMs, 1);
    const row = page.rows.find((r) => r.tsMs === closeMs);
    if (row) {
      io.journal?.event({ seq: 0, tsMs: row.tsMs, kind: 'funding_rate', rate: row.rate });
      await insertFunding(
        io.store,
        io.symbol,
        { tsMs: Float64Array.of(row.tsMs), rate: Float64Array.of(row.rate) },
        { name: 'live:funding', sha256: `live ${row.tsMs}` },
        { intervalMin: instrument.fundingIntervalMin },
      );
      sim?.addFunding(row.tsMs, row.rate);
      return;
    }
    await Bun.sleep(250 * (attempt + 1));
  }
  io.print({ type: 'warning', ts: isoMs(io.nowMs()), message: `funding at ${isoMs(closeMs)} is not published by the venue; not settled` });
}
