// Loads the 2024 BTCUSDT 1m candles for the TA-Lib golden generator (Node only) and resamples
// them to higher timeframes. Invariants: columns are Float64Arrays in ascending open time;
// resampled bars are complete UTC epoch buckets (a bucket with a missing minute is dropped);
// the arithmetic (parse, max/min, volume summed in time order from 0) is the same as
// test/parity/candles.ts, and the index records a SHA-256 of the columns so the test can prove it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const DATA_FILE = 'bybit_linear_BTCUSDT_1m_2024-01-01_2024-12-31.csv.gz';
export const MINUTE_MS = 60_000;
export const TIMEFRAMES = [
  { name: '1m', tfMs: 60_000 },
  { name: '15m', tfMs: 900_000 },
  { name: '4h', tfMs: 14_400_000 },
];

/** shared/data/market beside the repo (CI), or two levels up (git worktrees under wt/). */
export function marketDir(repoRoot) {
  const candidates = [];
  if (process.env.TRADE_SHARED_DIR) candidates.push(join(process.env.TRADE_SHARED_DIR, 'data/market'));
  candidates.push(resolve(repoRoot, '../shared/data/market'), resolve(repoRoot, '../../shared/data/market'));
  const found = candidates.find((d) => existsSync(join(d, DATA_FILE)));
  if (!found) throw new Error(`${DATA_FILE} not found in any of ${candidates.join(', ')} (set TRADE_SHARED_DIR)`);
  return found;
}

/** The CSV header order is OpenTime,CloseTime,OpenPrice,ClosePrice,HighPrice,LowPrice,Volume,... */
export function readMinuteCandles(path) {
  const text = gunzipSync(readFileSync(path)).toString('latin1');
  const firstNl = text.indexOf('\n');
  const header = text.slice(0, firstNl).trim().split(',');
  const col = (name) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${path}: header has no ${name} (got ${header.join(',')})`);
    return i;
  };
  const idx = [col('OpenTime'), col('OpenPrice'), col('HighPrice'), col('LowPrice'), col('ClosePrice'), col('Volume')];
  const lines = text.slice(firstNl + 1).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const n = lines.length;
  const cols = {
    tsMs: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  const targets = [cols.tsMs, cols.open, cols.high, cols.low, cols.close, cols.volume];
  for (let r = 0; r < n; r++) {
    const f = lines[r].split(',');
    const ts = Date.parse(f[idx[0]]);
    if (!Number.isFinite(ts)) throw new Error(`${path}:${r + 2}: OpenTime '${f[idx[0]]}' is not an ISO time`);
    targets[0][r] = ts;
    for (let k = 1; k < 6; k++) targets[k][r] = Number(f[idx[k]]);
    if (r > 0 && ts !== cols.tsMs[r - 1] + MINUTE_MS) throw new Error(`${path}:${r + 2}: gap or disorder at ${f[idx[0]]}`);
  }
  return cols;
}

/** Complete UTC epoch buckets of `tfMs` from 1m columns; open=first, close=last, volume summed in order. */
export function resample(m, tfMs) {
  if (tfMs === MINUTE_MS) return m;
  const per = tfMs / MINUTE_MS;
  const out = { tsMs: [], open: [], high: [], low: [], close: [], volume: [] };
  let i = 0;
  const n = m.tsMs.length;
  while (i < n) {
    const bucket = Math.floor(m.tsMs[i] / tfMs) * tfMs;
    let j = i;
    let high = -Infinity;
    let low = Infinity;
    let volume = 0;
    while (j < n && m.tsMs[j] < bucket + tfMs) {
      high = Math.max(high, m.high[j]);
      low = Math.min(low, m.low[j]);
      volume += m.volume[j];
      j++;
    }
    if (j - i === per && m.tsMs[i] === bucket) {
      out.tsMs.push(bucket);
      out.open.push(m.open[i]);
      out.high.push(high);
      out.low.push(low);
      out.close.push(m.close[j - 1]);
      out.volume.push(volume);
    }
    i = j;
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Float64Array.from(v)]));
}

export const COLUMN_ORDER = ['tsMs', 'open', 'high', 'low', 'close', 'volume'];

/** SHA-256 over the little-endian bytes of the six columns in COLUMN_ORDER. */
export function columnsSha256(cols) {
  const h = createHash('sha256');
  for (const k of COLUMN_ORDER) h.update(new Uint8Array(cols[k].buffer, cols[k].byteOffset, cols[k].byteLength));
  return h.digest('hex');
}

/** Derived sources, with the same operation order as core-rs/src/bar.rs `Source::pick`. */
export function sourceColumn(cols, source) {
  const { open, high, low, close, volume } = cols;
  const n = close.length;
  const out = new Float64Array(n);
  switch (source) {
    case 'open':
    case 'high':
    case 'low':
    case 'close':
    case 'volume':
      return { open, high, low, close, volume }[source];
    case 'hl2':
      for (let i = 0; i < n; i++) out[i] = (high[i] + low[i]) / 2;
      return out;
    case 'hlc3':
      for (let i = 0; i < n; i++) out[i] = (high[i] + low[i] + close[i]) / 3;
      return out;
    case 'ohlc4':
      for (let i = 0; i < n; i++) out[i] = (open[i] + high[i] + low[i] + close[i]) / 4;
      return out;
    default:
      throw new Error(`unknown source '${source}'`);
  }
}

export function repoRootFrom(metaUrl) {
  return resolve(dirname(new URL(metaUrl).pathname), '../../..');
}
