// A synthetic market from a scenario spec: 1m candles on the tick grid (valid OHLC: low ≤ open,
// close ≤ high, every price > 0), funding settlements on the 8 h grid, and the event's position.
// Deterministic: the spec (seed included) fixes every byte; `contentSha256` hashes the columns.
import { allocCandles, type CandleColumns, type FundingColumns, MINUTE_MS } from '../domain';
import { Prng } from './prng';
import { CRASH_BARS, closePath, type ScenarioName, type ShapeParams } from './scenarios';
import { SYNTH_FUNDING_INTERVAL_MIN, SYNTH_TICK_SIZE } from './synth-symbol';

export interface ScenarioSpec extends ShapeParams {
  name: ScenarioName;
  seed: number;
  /** Open time of the first 1m bar, ms UTC, on a minute. */
  startMs: number;
  /** gap: minutes left out from the event bar on. */
  gapMinutes: number;
  /** Funding rate of every settlement (fraction per interval). */
  fundingRate: number;
  /** funding_spike: the rate of the first settlement at or after the event. */
  spikeRate: number;
}

export interface SyntheticMarket {
  spec: ScenarioSpec;
  candles: CandleColumns;
  funding: FundingColumns;
  /** Open time of the event bar, ms. */
  eventTsMs: number;
  /** End of the generated span (exclusive), ms. */
  endMs: number;
  /** SHA-256 of the candle and funding columns' bytes. */
  contentSha256: string;
}

const BASE_VOLUME = 100;

/** Ticks of `price`, rounded to the nearest tick, at least one. */
const toTicks = (price: number) => Math.max(1, Math.round(price / SYNTH_TICK_SIZE));
/** A tick count as a price with two decimals exactly as the store would print it. */
const fromTicks = (ticks: number) => Number((ticks * SYNTH_TICK_SIZE).toFixed(2));

export function syntheticMarket(spec: ScenarioSpec): SyntheticMarket {
  const rng = new Prng(spec.seed);
  const candles = candleColumns(spec, closePath(spec.name, spec, rng), rng);
  const endMs = spec.startMs + spec.bars * MINUTE_MS;
  const eventTsMs = spec.startMs + spec.eventAt * MINUTE_MS;
  const funding = fundingColumns(spec, endMs, eventTsMs);
  return { spec, candles, funding, eventTsMs, endMs, contentSha256: columnsSha256(candles, funding) };
}

/** The gap scenario's missing minutes. */
const skipped = (spec: ScenarioSpec, i: number) => spec.name === 'gap' && i >= spec.eventAt && i < spec.eventAt + spec.gapMinutes;

/** Ticked OHLCV rows from the close path: open = previous close, wicks and volume drawn from `rng`. */
function candleColumns(spec: ScenarioSpec, closes: Float64Array, rng: Prng): CandleColumns {
  let rows = 0;
  for (let i = 0; i < spec.bars; i++) if (!skipped(spec, i)) rows++;
  const c = allocCandles(rows);
  const flat = spec.name === 'flat';
  const wickTicks = (w: number, cl: number) => (flat ? 0 : Math.round((w * cl * spec.volPct) / 200));
  let prevClose = toTicks(spec.startPrice);
  let k = 0;
  for (let i = 0; i < spec.bars; i++) {
    const o = prevClose;
    const cl = toTicks(closes[i]!);
    prevClose = cl;
    // Draws happen for every minute, kept or not, so a gap changes nothing after it.
    const wickUp = Math.abs(rng.normal());
    const wickDown = Math.abs(rng.normal());
    const volNoise = Math.abs(rng.normal());
    if (skipped(spec, i)) continue;
    const inCrash = (spec.name === 'crash' || spec.name === 'v_recovery') && i >= spec.eventAt && i < spec.eventAt + CRASH_BARS;
    const volume = flat ? BASE_VOLUME : Number((BASE_VOLUME * (1 + volNoise / 2) * (inCrash ? 5 : 1)).toFixed(3));
    c.tsMs[k] = spec.startMs + i * MINUTE_MS;
    c.open[k] = fromTicks(o);
    c.high[k] = fromTicks(Math.max(o, cl) + wickTicks(wickUp, cl));
    c.low[k] = fromTicks(Math.max(1, Math.min(o, cl) - wickTicks(wickDown, cl)));
    c.close[k] = fromTicks(cl);
    c.volume[k] = volume;
    c.turnover[k] = Number((volume * fromTicks(cl)).toFixed(2));
    k++;
  }
  return c;
}

/** One settlement per funding interval in [startMs, endMs) on the UTC grid. */
function fundingColumns(spec: ScenarioSpec, endMs: number, eventTsMs: number): FundingColumns {
  const stepMs = SYNTH_FUNDING_INTERVAL_MIN * MINUTE_MS;
  const first = Math.ceil(spec.startMs / stepMs) * stepMs;
  const n = first < endMs ? Math.ceil((endMs - first) / stepMs) : 0;
  const tsMs = new Float64Array(n);
  const rate = new Float64Array(n);
  let spiked = false;
  for (let j = 0; j < n; j++) {
    tsMs[j] = first + j * stepMs;
    const spike = spec.name === 'funding_spike' && !spiked && tsMs[j]! >= eventTsMs;
    if (spike) spiked = true;
    rate[j] = spike ? spec.spikeRate : spec.fundingRate;
  }
  return { tsMs, rate };
}

function columnsSha256(c: CandleColumns, f: FundingColumns): string {
  const h = new Bun.CryptoHasher('sha256');
  for (const col of [c.tsMs, c.open, c.high, c.low, c.close, c.volume, c.turnover, f.tsMs, f.rate])
    h.update(new Uint8Array(col.buffer, col.byteOffset, col.byteLength));
  return h.digest('hex');
}
