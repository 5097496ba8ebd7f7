// Benchmark input: the real 2024 BTCUSDT 1m year from ../shared/data/market (StaPantazis layout:
// OpenTime, CloseTime, OpenPrice, ClosePrice, HighPrice, LowPrice, Volume, QuoteVolume, ...).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const YEAR_2024 = resolve(import.meta.dir, '../../../shared/data/market/bybit_linear_BTCUSDT_1m_2024-01-01_2024-12-31.csv.gz');

export interface BenchCandles {
  tsMs: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export function loadYear2024(): BenchCandles {
  if (!existsSync(YEAR_2024)) throw new Error(`bench data missing: ${YEAR_2024}`);
  const text = new TextDecoder().decode(gunzipSync(readFileSync(YEAR_2024)));
  const lines = text.split('\n');
  const n = lines.length - 1 - (lines[lines.length - 1] === '' ? 1 : 0);
  const c: BenchCandles = {
    tsMs: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const f = lines[i + 1]!.split(',');
    c.tsMs[i] = Date.parse(f[0]!);
    c.open[i] = Number(f[2]);
    c.close[i] = Number(f[3]);
    c.high[i] = Number(f[4]);
    c.low[i] = Number(f[5]);
    c.volume[i] = Number(f[6]);
  }
  return c;
}

export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
