// Shared by scripts/bench-dsl.ts and its instruction-array variant: a 5-condition Play, a small
// inline catalog (no WASM needed) and deterministic synthetic columns (seeded LCG random walk).
import { type CheckedPlay, type ColumnNeed, checkPlaySource } from '../src/dsl';
import type { Catalog } from '../src/play';

export const BENCH_PLAY = `
id: bench
symbol: BTCUSDT
timeframes: { exec: 15m, htf: 4h }
features:
  ema_fast: { indicator: ema, params: { length: 9 } }
  ema_slow: { indicator: ema, params: { length: 21 } }
  rsi: { indicator: rsi, params: { length: 14 } }
  vol_sma: { indicator: sma, params: { length: 20 }, source: volume }
  trend: { indicator: ema, params: { length: 50 }, tf: htf }
actions:
  entries:
    - when:
        all:
          - ema_fast cross_above ema_slow
          - rsi < 70
          - close > ema_slow[1]
          - htf.close > trend
          - volume > vol_sma * 1.2
      emit: enter_long
risk:
  sizing: { notional_usdt: 1000 }
`;

const len = { name: 'length', kind: 'int', min: 1, max: 100000, default: 20 } as const;
const entry = (name: string) => ({
  name,
  params: [len],
  outputs: ['value'],
  inputs: { kind: 'source', default: 'close' } as const,
  warmup: 'length - 1',
});

export const BENCH_CATALOG: Catalog = {
  indicators: [entry('ema'), entry('sma'), entry('rsi')],
  structures: [],
  sources: ['open', 'high', 'low', 'close', 'volume', 'hl2', 'hlc3', 'ohlc4'],
};

export function benchPlay(): CheckedPlay {
  const r = checkPlaySource(BENCH_PLAY, 'bench.yml', BENCH_CATALOG);
  if (!r.checked) throw new Error(r.issues.map((i) => i.message).join('\n'));
  return r.checked;
}

/** Seeded random walk: close, volume, and plausible values for every feature column. */
export function benchColumns(nExec: number, htfRatio: number): (need: ColumnNeed) => Float64Array {
  let seed = 42;
  const rand = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const close = new Float64Array(nExec);
  const volume = new Float64Array(nExec);
  let p = 30000;
  for (let i = 0; i < nExec; i++) {
    p *= 1 + (rand() - 0.5) * 0.004;
    close[i] = p;
    volume[i] = 100 + rand() * 100;
  }
  const ema = (src: Float64Array, n: number) => {
    const out = new Float64Array(src.length);
    const a = 2 / (n + 1);
    let v = src[0] as number;
    for (let i = 0; i < src.length; i++) out[i] = v = i === 0 ? v : a * (src[i] as number) + (1 - a) * v;
    return out;
  };
  const nHtf = Math.floor(nExec / htfRatio);
  const htfClose = new Float64Array(nHtf);
  for (let j = 0; j < nHtf; j++) htfClose[j] = close[(j + 1) * htfRatio - 1] as number;
  const rsi = new Float64Array(nExec);
  for (let i = 0; i < nExec; i++) rsi[i] = 30 + 50 * rand();
  const cols: Record<string, Float64Array> = {
    'exec:close': close,
    'exec:volume': volume,
    'exec:ema_fast.value': ema(close, 9),
    'exec:ema_slow.value': ema(close, 21),
    'exec:rsi.value': rsi,
    'exec:vol_sma.value': ema(volume, 20),
    'htf:close': htfClose,
    'htf:trend.value': ema(htfClose, 50),
  };
  return (need) => {
    const c = cols[need.key];
    if (!c) throw new Error(`bench: no column ${need.key}`);
    return c;
  };
}
