// The structure registry and CoreStructure through the real core.wasm: registry shape, hand-built
// pivots, batch == bar-by-bar update, reset, and one-line errors.
import { describe, expect, test } from 'bun:test';
import { CoreIndicator, CoreStructure, findStructure, type OhlcvColumns, structureRegistry } from '../../../src/core';

function columns(highs: number[], lows: number[]): OhlcvColumns {
  const n = highs.length;
  const mid = highs.map((h, i) => (h + (lows[i] as number)) / 2);
  return {
    tsMs: Float64Array.from({ length: n }, (_, i) => i * 60_000),
    open: Float64Array.from(mid),
    high: Float64Array.from(highs),
    low: Float64Array.from(lows),
    close: Float64Array.from(mid),
    volume: new Float64Array(n).fill(1),
  };
}

/** Seeded random walk (LCG), no Math.random. */
function walk(n: number, seed: number): OhlcvColumns {
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
  const c: OhlcvColumns = {
    tsMs: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  let price = 100;
  for (let i = 0; i < n; i++) {
    const r = rnd();
    const close = price * (1 + r * 0.02);
    c.tsMs[i] = i * 60_000;
    c.open[i] = price;
    c.close[i] = close;
    c.high[i] = Math.max(price, close) * (1 + Math.abs(r) * 0.01);
    c.low[i] = Math.min(price, close) * (1 - Math.abs(r) * 0.01);
    c.volume[i] = 1;
    price = close;
  }
  return c;
}

/** Equal element by element, NaN equal to NaN. */
function sameColumn(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

describe('structure registry', () => {
  test('lists the seven detectors in the indicator-registry shape', () => {
    const names = structureRegistry().map((s) => s.name);
    expect(names).toEqual(['swing', 'trend', 'market_structure', 'zones', 'fibonacci', 'rolling_window', 'derived_zones']);
    const swing = findStructure('swing');
    expect(swing?.family).toBe('structure');
    expect(swing?.convention).toBe('original');
    expect(swing?.outputs).toEqual(['high', 'high_bar', 'high_age', 'low', 'low_bar', 'low_age']);
    expect(swing?.params.map((p) => [p.name, p.kind, p.min, p.max, p.default])).toEqual([
      ['left', 'int', 1, 1000, 5],
      ['right', 'int', 1, 1000, 5],
    ]);
    expect(findStructure('zones')?.inputs).toEqual({ kind: 'fixed', fields: ['open', 'high', 'low', 'close'] });
  });
});

describe('CoreStructure', () => {
  test('swing finds the hand-built pivots (left 2, right 2)', () => {
    // Pivot high 15 at bar 3 (confirmed bar 5), 16 at bar 7 (confirmed bar 9); pivot low 8 at bar 5 (confirmed bar 7).
    const cols = columns([10, 11, 12, 15, 13, 12, 14, 16, 14, 13, 12], [9, 10, 11, 13, 11, 8, 12, 14, 12, 11, 10]);
    const s = new CoreStructure('swing', { left: 2, right: 2 });
    try {
      expect(s.warmup).toBe(4);
      const [high, highBar, highAge, low, lowBar] = s.batch(cols) as Float64Array[];
      expect(Array.from(high as Float64Array)).toEqual([NaN, NaN, NaN, NaN, NaN, 15, 15, 15, 15, 16, 16]);
      expect(Array.from(highBar as Float64Array).slice(5)).toEqual([3, 3, 3, 3, 7, 7]);
      expect(Array.from(highAge as Float64Array).slice(5)).toEqual([2, 3, 4, 5, 2, 3]);
      expect(Array.from(low as Float64Array).slice(6)).toEqual([NaN, 8, 8, 8, 8]);
      expect(Array.from(lowBar as Float64Array).slice(7)).toEqual([5, 5, 5, 5]);
    } finally {
      s.free();
    }
  });

  test('batch equals bar-by-bar update, and reset reproduces it, for every detector', () => {
    const cols = walk(3000, 42);
    for (const spec of structureRegistry()) {
      const s = new CoreStructure(spec.name);
      try {
        const batch = s.batch(cols);
        s.reset();
        for (let i = 0; i < cols.close.length; i++) {
          const bar = {
            tsMs: cols.tsMs[i]!,
            open: cols.open[i]!,
            high: cols.high[i]!,
            low: cols.low[i]!,
            close: cols.close[i]!,
            volume: 1,
          };
          const out = s.update(bar);
          for (let k = 0; k < s.nOutputs; k++) expect(Object.is(out[k], batch[k]![i])).toBe(true);
        }
        s.reset();
        const again = s.batch(cols);
        for (let k = 0; k < s.nOutputs; k++) expect(sameColumn(again[k]!, batch[k]!)).toBe(true);
      } finally {
        s.free();
      }
    }
  });

  test('errors are one line naming the value and the expectation', () => {
    expect(() => new CoreStructure('swings')).toThrow(
      "unknown structure 'swings' (expected one of swing, trend, market_structure, zones, fibonacci, rolling_window, derived_zones)",
    );
    expect(() => new CoreStructure('swing', { left: 0 })).toThrow('structure swing: swing.left must be an integer in [1, 1000] (got 0)');
    expect(() => new CoreStructure('zones', { width: 3 })).toThrow("zones has no param 'width'");
    expect(() => new CoreIndicator('rolling_window', {}, 'close', 'structure')).toThrow('it takes no source');
    // indicators and structures are separate namespaces
    expect(() => new CoreIndicator('swing')).toThrow("unknown indicator 'swing'");
  });
});
