// Parity-test candle loader: reads the real 2024 BTCUSDT 1m CSV (gzip) straight from
// shared/data/market, resamples to complete UTC epoch buckets, and hashes columns. Deliberately
// independent of src/data. Invariants: the arithmetic matches test/parity/talib/candles.mjs
// (Number() parsing, max/min, volume summed in time order from 0), and the golden index stores
// a SHA-256 of the generator's columns so any divergence is caught before indicators are compared.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { OhlcvColumns } from '../../src/core';

export const DATA_FILE = 'bybit_linear_BTCUSDT_1m_2024-01-01_2024-12-31.csv.gz';
export const REPO_ROOT = resolve(import.meta.dir, '../..');
const MINUTE_MS = 60_000;
export const TIMEFRAME_MS: Readonly<Record<string, number>> = { '1m': 60_000, '15m': 900_000, '4h': 14_400_000 };
const COLUMN_ORDER = ['tsMs', 'open', 'high', 'low', 'close', 'volume'] as const;

/** Candidate market-data folders: $TRADE_SHARED_DIR, ../shared (CI), ../../shared (git worktrees). */
export function marketDirCandidates(): string[] {
  const out: string[] = [];
  if (process.env.TRADE_SHARED_DIR) out.push(join(process.env.TRADE_SHARED_DIR, 'data/market'));
  out.push(resolve(REPO_ROOT, '../shared/data/market'), resolve(REPO_ROOT, '../../shared/data/market'));
  return out;
}

export function findDataFile(name = DATA_FILE): string | undefined {
  return marketDirCandidates()
    .map((d) => join(d, name))
    .find((p) => existsSync(p));
}

/** Header: OpenTime,CloseTime,OpenPrice,ClosePrice,HighPrice,LowPrice,Volume,... (not OHLC order). */
export function readMinuteCandles(path: string): OhlcvColumns {
  const text = new TextDecoder().decode(gunzipSync(readFileSync(path)));
  const firstNl = text.indexOf('\n');
  const header = text.slice(0, firstNl).trim().split(',');
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${path}:1: header has no ${name} (got ${header.join(',')})`);
    return i;
  };
  const idx = [col('OpenTime'), col('OpenPrice'), col('HighPrice'), col('LowPrice'), col('ClosePrice'), col('Volume')];
  const lines = text.slice(firstNl + 1).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const n = lines.length;
  const cols: OhlcvColumns = {
    tsMs: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  const targets = COLUMN_ORDER.map((k) => cols[k]);
  for (let r = 0; r < n; r++) {
    const f = (lines[r] as string).split(',');
    const ts = Date.parse(f[idx[0] as number] as string);
    if (!Number.isFinite(ts)) throw new Error(`${path}:${r + 2}: OpenTime '${f[idx[0] as number]}' is not an ISO time`);
    (targets[0] as Float64Array)[r] = ts;
    for (let k = 1; k < 6; k++) (targets[k] as Float64Array)[r] = Number(f[idx[k] as number]);
    if (r > 0 && ts !== (cols.tsMs[r - 1] as number) + MINUTE_MS)
      throw new Error(`${path}:${r + 2}: gap or disorder at ${f[idx[0] as number]}`);
  }
  return cols;
}

/** Complete UTC epoch buckets of `tfMs`: open=first, high=max, low=min, close=last, volume summed in order. */
export function resample(m: OhlcvColumns, tfMs: number): OhlcvColumns {
  if (tfMs === MINUTE_MS) return m;
  const per = tfMs / MINUTE_MS;
  const out = {
    tsMs: [] as number[],
    open: [] as number[],
    high: [] as number[],
    low: [] as number[],
    close: [] as number[],
    volume: [] as number[],
  };
  const n = m.tsMs.length;
  let i = 0;
  while (i < n) {
    const bucket = Math.floor((m.tsMs[i] as number) / tfMs) * tfMs;
    let j = i;
    let high = Number.NEGATIVE_INFINITY;
    let low = Number.POSITIVE_INFINITY;
    let volume = 0;
    while (j < n && (m.tsMs[j] as number) < bucket + tfMs) {
      high = Math.max(high, m.high[j] as number);
      low = Math.min(low, m.low[j] as number);
      volume += m.volume[j] as number;
      j++;
    }
    if (j - i === per && m.tsMs[i] === bucket) {
      out.tsMs.push(bucket);
      out.open.push(m.open[i] as number);
      out.high.push(high);
      out.low.push(low);
      out.close.push(m.close[j - 1] as number);
      out.volume.push(volume);
    }
    i = j;
  }
  return {
    tsMs: Float64Array.from(out.tsMs),
    open: Float64Array.from(out.open),
    high: Float64Array.from(out.high),
    low: Float64Array.from(out.low),
    close: Float64Array.from(out.close),
    volume: Float64Array.from(out.volume),
  };
}

/** SHA-256 over the little-endian bytes of tsMs, open, high, low, close, volume (generator's order). */
export function columnsSha256(cols: OhlcvColumns): string {
  const h = createHash('sha256');
  for (const k of COLUMN_ORDER) h.update(new Uint8Array(cols[k].buffer, cols[k].byteOffset, cols[k].byteLength));
  return h.digest('hex');
}

let minuteCache: OhlcvColumns | undefined;
const tfCache = new Map<string, OhlcvColumns>();

/** The 2024 series at `tf` ('1m', '15m', '4h'), loaded once per process. Throws naming where it looked. */
export function candlesAt(tf: string): OhlcvColumns {
  const cached = tfCache.get(tf);
  if (cached) return cached;
  const tfMs = TIMEFRAME_MS[tf];
  if (tfMs === undefined) throw new Error(`unknown timeframe '${tf}' (expected ${Object.keys(TIMEFRAME_MS).join(', ')})`);
  if (!minuteCache) {
    const path = findDataFile();
    if (!path)
      throw new Error(
        `${DATA_FILE} not found in ${marketDirCandidates().join(', ')} (set TRADE_SHARED_DIR to the folder holding data/market)`,
      );
    minuteCache = readMinuteCandles(path);
  }
  const cols = resample(minuteCache, tfMs);
  tfCache.set(tf, cols);
  return cols;
}

/** A source series with the operation order of core-rs/src/bar.rs `Source::pick`. */
export function sourceColumn(cols: OhlcvColumns, source: string): Float64Array {
  const { open, high, low, close, volume } = cols;
  switch (source) {
    case 'open':
      return open;
    case 'high':
      return high;
    case 'low':
      return low;
    case 'close':
      return close;
    case 'volume':
      return volume;
    case 'hl2':
      return high.map((h, i) => (h + (low[i] as number)) / 2);
    case 'hlc3':
      return high.map((h, i) => (h + (low[i] as number) + (close[i] as number)) / 3);
    case 'ohlc4':
      return open.map((o, i) => (o + (high[i] as number) + (low[i] as number) + (close[i] as number)) / 4);
    default:
      throw new Error(`unknown source '${source}' (expected open, high, low, close, volume, hl2, hlc3, ohlc4)`);
  }
}
