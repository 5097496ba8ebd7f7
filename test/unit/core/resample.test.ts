// coreResample (core-rs/src/resample.rs through src/core/resample.ts) against the reference
// resample() of src/data: the same bytes in every column, for every timeframe, whatever the chunk
// size, over random walks with gaps (single minutes and stretches longer than a chunk), a missing
// turnover, unaligned and Monday starts, and the real 2024 BTCUSDT year when ../shared has it.
// Input the reference refuses is refused too (undefined), and fastResample then throws the
// reference's own message.
import { describe, expect, test } from 'bun:test';
import { fastResample } from '../../../src/backtest';
import { coreResample } from '../../../src/core';
import { resample } from '../../../src/data';
import type { CandleColumns } from '../../../src/domain';
import { mulberry32 } from '../../../src/domain/prng';
import { findDataFile, readMinuteCandles } from '../../parity/candles';

const T0 = Date.UTC(2024, 0, 1); // a Monday
const TIMEFRAMES = [2, 3, 5, 15, 30, 60, 120, 240, 360, 720, 1440, 10080];

/** `n` minutes from `startMs`: a random walk with dropped minutes and a few long gaps. */
function minutes(n: number, seed: number, startMs = T0): CandleColumns {
  const rnd = mulberry32(seed);
  const rows: number[][] = [];
  let p = 100;
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.003) continue;
    if (r > 0.9995) i += 3000; // a long gap
    const o = p;
    p = Math.max(1, p + (rnd() - 0.5));
    const turnover = rnd() < 0.001 ? Number.NaN : rnd() * 1000;
    rows.push([startMs + i * 60_000, o, Math.max(o, p) + rnd(), Math.min(o, p) - rnd() * 0.5, p, rnd() * 10, turnover]);
  }
  const col = (k: number) => Float64Array.from(rows, (r) => r[k]!);
  return { tsMs: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5), turnover: col(6) };
}

const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

function expectSame(cols: CandleColumns, tf: number, chunkRows?: number): void {
  const want = resample(cols, tf);
  const got = coreResample(cols, tf, chunkRows);
  expect(got).toBeDefined();
  for (const k of ['tsMs', 'open', 'high', 'low', 'close', 'volume', 'turnover', 'complete', 'minutes'] as const) {
    expect({ tf, chunkRows, k, rows: got![k].length }).toEqual({ tf, chunkRows, k, rows: want[k].length });
    expect(bytes(got![k])).toBe(bytes(want[k]));
  }
}

describe('coreResample', () => {
  test('equals the reference byte for byte: every timeframe, chunk sizes from one bucket to all rows', () => {
    const cols = minutes(40_000, 7);
    for (const tf of TIMEFRAMES) for (const chunk of [1, 7, 1000, 65_536]) expectSame(cols, tf, chunk);
  });

  test('unaligned starts, a start mid-week, tiny and empty inputs', () => {
    expectSame(minutes(5_000, 11, T0 + 17 * 60_000), 15, 100);
    expectSame(minutes(30_000, 12, T0 + 3 * 86_400_000 + 7 * 60_000), 10080, 2000);
    expectSame(minutes(1, 13), 5);
    expectSame(minutes(4, 14), 5);
    expectSame(minutes(0, 15), 60);
  });

  test('the real 2024 BTCUSDT year (when ../shared holds it)', () => {
    const file = findDataFile();
    if (!file) return;
    const m = readMinuteCandles(file);
    const turnover = Float64Array.from(m.close, (c, i) => c * m.volume[i]!);
    const cols: CandleColumns = { ...m, turnover };
    for (const tf of [5, 15, 60, 240, 1440]) expectSame(cols, tf);
  });

  test('input the reference refuses is refused, and fastResample reports it in the reference words', () => {
    const good = minutes(200, 21);
    const bad = (edit: (ts: Float64Array) => void): CandleColumns => {
      const tsMs = good.tsMs.slice();
      edit(tsMs);
      return { ...good, tsMs };
    };
    const cases = [
      bad((ts) => {
        ts[50] = ts[49]!; // a repeated minute
      }),
      bad((ts) => {
        ts[120] = ts[120]! + 30_000; // off the minute
      }),
      bad((ts) => {
        ts[150] = Number.NaN;
      }),
      bad((ts) => {
        ts[10] = ts[9]! - 60_000; // out of order
      }),
    ];
    for (const c of cases) {
      expect(coreResample(c, 5, 16)).toBeUndefined();
      expect(() => resample(c, 5)).toThrow();
      let message = '';
      try {
        resample(c, 5);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(() => fastResample(c, 5)).toThrow(message);
    }
  });

  test('fastResample leaves 1m to the reference (the same columns, no copy)', () => {
    const cols = minutes(100, 31);
    expect(fastResample(cols, 1).close).toBe(cols.close);
  });
});
