// Synthetic markets: determinism (same seed, same bytes), valid OHLC for every scenario, and the
// shape each scenario promises (crash −30 % within 60 bars, gap minutes missing, flat prices).
import { describe, expect, test } from 'bun:test';
import { CRASH_BARS, Prng, readScenarioSpec, SCENARIOS, type ScenarioSpec, syntheticMarket } from '../../../src/forge';

function spec(name: string, extra: Record<string, unknown> = {}): ScenarioSpec {
  const r = readScenarioSpec({ name, bars: 3000, seed: 7, event_at: 2000, ...extra });
  if (!r.spec) throw new Error(JSON.stringify(r.problems));
  return r.spec;
}

describe('Prng', () => {
  test('the same seed gives the same stream, another seed another one', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const c = new Prng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('syntheticMarket', () => {
  test('same seed, same bytes; another seed, other bytes', () => {
    for (const name of SCENARIOS) {
      const a = syntheticMarket(spec(name));
      expect(syntheticMarket(spec(name)).contentSha256).toBe(a.contentSha256);
      if (name !== 'flat') expect(syntheticMarket(spec(name, { seed: 8 })).contentSha256).not.toBe(a.contentSha256);
    }
  });

  test("pinned: docs/forge.md's crash example (a change to any generator must be deliberate)", () => {
    const r = readScenarioSpec({ name: 'crash', bars: 3000, seed: 7 });
    expect(syntheticMarket(r.spec!).contentSha256).toBe('4d719fdb45b098bc502a59382ad9a3dae2021f1eafbdeda1168b09095d0dac26');
  });

  test('every scenario: valid OHLC on the tick grid, times on minutes, funding on the 8 h grid', () => {
    for (const name of SCENARIOS) {
      const { candles: c, funding: f } = syntheticMarket(spec(name));
      for (let i = 0; i < c.tsMs.length; i++) {
        const [o, h, l, cl] = [c.open[i]!, c.high[i]!, c.low[i]!, c.close[i]!];
        expect(l > 0 && l <= Math.min(o, cl) && h >= Math.max(o, cl)).toBe(true);
        expect(Math.abs(cl * 100 - Math.round(cl * 100)) < 1e-6).toBe(true);
        expect(c.tsMs[i]! % 60_000).toBe(0);
      }
      for (const t of f.tsMs) expect(t % (480 * 60_000)).toBe(0);
    }
  });

  test('crash: about −30 % within 60 bars of the event', () => {
    const m = syntheticMarket(spec('crash'));
    const before = m.candles.close[1999]!;
    const after = m.candles.close[2000 + CRASH_BARS - 1]!;
    const drop = (after / before - 1) * 100;
    expect(drop).toBeLessThan(-27);
    expect(drop).toBeGreaterThan(-33);
  });

  test('v_recovery: falls 20 %, then climbs back near the event level', () => {
    const m = syntheticMarket(spec('v_recovery', { bars: 3000, event_at: 2000 }));
    const level = m.candles.close[1999]!;
    const bottom = Math.min(...m.candles.low.subarray(2000, 2100));
    expect(bottom / level).toBeLessThan(0.82);
    expect(Math.abs(m.candles.close[2000 + 60 + 240]! / level - 1)).toBeLessThan(0.03);
  });

  test('gap: the gap minutes are missing, the rest is there', () => {
    const m = syntheticMarket(spec('gap', { gap_minutes: 30 }));
    expect(m.candles.tsMs.length).toBe(2970);
    const t0 = m.spec.startMs;
    const has = new Set(Array.from(m.candles.tsMs, (t) => (t - t0) / 60_000));
    expect(has.has(1999) && !has.has(2000) && !has.has(2029) && has.has(2030)).toBe(true);
  });

  test('flat: every price is the start price', () => {
    const { candles: c } = syntheticMarket(spec('flat', { start_price: 250 }));
    for (const col of [c.open, c.high, c.low, c.close]) expect(new Set(col)).toEqual(new Set([250]));
  });

  test('trend_up ends above, trend_down below the event level; breakout jumps', () => {
    const up = syntheticMarket(spec('trend_up')).candles.close;
    const down = syntheticMarket(spec('trend_down')).candles.close;
    expect(up[2999]! / up[1999]!).toBeGreaterThan(1.1);
    expect(down[2999]! / down[1999]!).toBeLessThan(0.9);
    const b = syntheticMarket(spec('breakout')).candles.close;
    expect(b[2004]! / b[1999]!).toBeGreaterThan(1.02);
  });

  test('funding_spike: one settlement at the spike rate, the first at or after the event', () => {
    const m = syntheticMarket(spec('funding_spike', { spike_rate: 0.02 }));
    const spikes = Array.from(m.funding.rate).flatMap((r, j) => (r === 0.02 ? [m.funding.tsMs[j]!] : []));
    expect(spikes.length).toBe(1);
    expect(spikes[0]! >= m.eventTsMs && spikes[0]! - m.eventTsMs < 480 * 60_000).toBe(true);
  });
});

describe('readScenarioSpec', () => {
  test('every problem at once, each naming the field, the value and what was expected', () => {
    const r = readScenarioSpec({ name: 'crsh', bars: 0, seed: 1.5, colour: 'red' });
    expect(r.spec).toBeUndefined();
    expect(r.problems.map((p) => p.field).sort()).toEqual(['bars', 'colour', 'name', 'seed']);
    expect(r.problems.find((p) => p.field === 'seed')?.message).toBe('seed is 1.5: expected a whole number 0..4294967295');
  });
});
