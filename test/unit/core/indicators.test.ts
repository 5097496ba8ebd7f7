// The WASM path end to end: SMA and EMA through the C ABI, batch vs incremental bit-identical,
// hand-computed values, registry metadata, error codes and memory-growth safety.
import { describe, expect, test } from 'bun:test';
import { CoreIndicator, indicatorRegistry } from '../../../src/core';

function cols(close: number[]) {
  const n = close.length;
  const f = (xs: number[]) => Float64Array.from(xs);
  return {
    tsMs: f(close.map((_, i) => i * 60_000)),
    open: f(close),
    high: f(close.map((c) => c + 1)),
    low: f(close.map((c) => c - 1)),
    close: f(close),
    volume: new Float64Array(n).fill(1),
  };
}

function walk(n: number, seed: number): number[] {
  let s = seed >>> 0;
  let p = 100;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    p *= 1 + (s / 2 ** 32 - 0.5) * 0.02;
    out.push(p);
  }
  return out;
}

describe('core indicators through the ABI', () => {
  test('SMA(3) hand-computed', () => {
    const sma = new CoreIndicator('sma', { length: 3 });
    const [v] = sma.batch(cols([1, 2, 3, 4, 10]));
    expect(Number.isNaN(v![0]!)).toBe(true);
    expect(Number.isNaN(v![1]!)).toBe(true);
    expect(Array.from(v!.slice(2))).toEqual([2, 3, 17 / 3]);
    expect(sma.warmup).toBe(2);
    sma.free();
  });

  test('EMA(3) seeded with the SMA, alpha 0.5', () => {
    const ema = new CoreIndicator('ema', { length: 3 });
    const [v] = ema.batch(cols([1, 2, 3, 4, 10]));
    expect(Array.from(v!.slice(2))).toEqual([2, 3, 6.5]);
    ema.free();
  });

  test('batch and incremental are bit-identical (SMA, EMA) and reset reproduces', () => {
    const data = cols(walk(5000, 42));
    for (const [name, params] of [
      ['sma', { length: 20 }],
      ['ema', { length: 26 }],
    ] as const) {
      const ind = new CoreIndicator(name, params, 'close');
      const [batch] = ind.batch(data);
      ind.reset();
      for (let i = 0; i < data.close.length; i++) {
        const out = ind.update({
          tsMs: data.tsMs[i]!,
          open: data.open[i]!,
          high: data.high[i]!,
          low: data.low[i]!,
          close: data.close[i]!,
          volume: data.volume[i]!,
        });
        expect(Object.is(out[0], batch![i]) || out[0] === batch![i]).toBe(true);
      }
      ind.reset();
      const [again] = ind.batch(data);
      expect(Buffer.from(again!.buffer).equals(Buffer.from(batch!.buffer))).toBe(true);
      ind.free();
    }
  });

  test('views survive memory growth', () => {
    const ind = new CoreIndicator('sma', { length: 5 });
    const small = ind.batch(cols(walk(100, 1)))[0]!;
    // A batch over 2M bars forces linear memory to grow; results must still be right.
    const big = cols(walk(2_000_000, 2));
    const [v] = ind.batch(big);
    let s = 0;
    for (let i = 0; i < 5; i++) s += big.close[1_999_995 + i]!;
    expect(Math.abs(v![1_999_999]! - s / 5)).toBeLessThan(1e-9);
    ind.reset();
    const again = ind.batch(cols(walk(100, 1)))[0]!;
    expect(Buffer.from(again.buffer).equals(Buffer.from(small.buffer))).toBe(true);
    ind.free();
  });

  test('params are validated with a one-line message', () => {
    expect(() => new CoreIndicator('sma', { length: 0 })).toThrow('sma.length must be an integer in [1, 100000] (got 0)');
    expect(() => new CoreIndicator('sma', { lenght: 3 })).toThrow("sma has no param 'lenght'");
    expect(() => new CoreIndicator('nope')).toThrow("unknown indicator 'nope'");
  });

  test('registry describes params, outputs and inputs', () => {
    const sma = indicatorRegistry().find((s) => s.name === 'sma');
    expect(sma).toMatchObject({
      family: 'moving_average',
      convention: 'ta-lib',
      warmup: 'length - 1',
      outputs: ['value'],
      inputs: { kind: 'source', default: 'close' },
      params: [{ name: 'length', kind: 'int', min: 1, max: 100000, default: 20 }],
    });
  });
});
