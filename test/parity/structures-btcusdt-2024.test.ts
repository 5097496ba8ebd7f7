// Structure detectors on real data: Bybit BTCUSDT linear 1m, all of 2024 (527 040 bars, see
// ../shared/data/market/SOURCES.md). Sanity against definitions computed here independently:
// swing pivots are the max/min of their window, trend follows the swing sequence, BOS/CHoCH levels
// are swing levels crossed by the close, zones sit on pivots and are unbroken, Fibonacci levels are
// ordered and anchored on the swings, the rolling window equals a brute-force max/min, and
// derived_zones projected from 1h onto 1m equal a run over only the 1h bars closed by then.
// Skips with a message when the shared data directory is absent.
import { describe, expect, test } from 'bun:test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CoreStructure, type OhlcvColumns, projectToExec } from '../../src/core';

const FILE = 'bybit_linear_BTCUSDT_1m_2024-01-01_2024-12-31.csv.gz';
const ROOT = join(import.meta.dir, '..', '..');
const PATH = [join(ROOT, '..', 'shared', 'data', 'market', FILE), join(ROOT, '..', '..', 'shared', 'data', 'market', FILE)].find(
  existsSync,
);
const M = 60_000;
const H = 60 * M;

/** Tiny gunzip + CSV reader. Columns: OpenTime,CloseTime,OpenPrice,ClosePrice,HighPrice,LowPrice,Volume,... (O, C, H, L order). */
function readCandles(path: string): OhlcvColumns {
  const lines = gunzipSync(readFileSync(path)).toString('latin1').split('\n');
  expect(lines[0]?.trim()).toBe('OpenTime,CloseTime,OpenPrice,ClosePrice,HighPrice,LowPrice,Volume,QuoteVolume,PriceDifPercentage');
  const n = lines.length - 1 - (lines[lines.length - 1] === '' ? 1 : 0);
  const c: OhlcvColumns = {
    tsMs: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const f = (lines[i + 1] as string).split(',');
    c.tsMs[i] = Date.parse(f[0] as string);
    c.open[i] = Number(f[2]);
    c.close[i] = Number(f[3]);
    c.high[i] = Number(f[4]);
    c.low[i] = Number(f[5]);
    c.volume[i] = Number(f[6]);
  }
  return c;
}

/** Complete 1h buckets from gap-free 1m columns. */
function hourly(c: OhlcvColumns): OhlcvColumns {
  const n = Math.floor(c.tsMs.length / 60);
  const o: OhlcvColumns = {
    tsMs: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let k = 0; k < n; k++) {
    const a = k * 60;
    expect(c.tsMs[a + 59]! - c.tsMs[a]!).toBe(59 * M);
    o.tsMs[k] = c.tsMs[a]!;
    o.open[k] = c.open[a]!;
    o.close[k] = c.close[a + 59]!;
    let hi = -Infinity;
    let lo = Infinity;
    let v = 0;
    for (let i = a; i < a + 60; i++) {
      hi = Math.max(hi, c.high[i]!);
      lo = Math.min(lo, c.low[i]!);
      v += c.volume[i]!;
    }
    o.high[k] = hi;
    o.low[k] = lo;
    o.volume[k] = v;
  }
  return o;
}

function slice(c: OhlcvColumns, n: number): OhlcvColumns {
  return {
    tsMs: c.tsMs.subarray(0, n),
    open: c.open.subarray(0, n),
    high: c.high.subarray(0, n),
    low: c.low.subarray(0, n),
    close: c.close.subarray(0, n),
    volume: c.volume.subarray(0, n),
  };
}

function runStructure(name: string, cols: OhlcvColumns, params: Record<string, number> = {}): Float64Array[] {
  const s = new CoreStructure(name, params);
  try {
    return s.batch(cols);
  } finally {
    s.free();
  }
}

/** First index from which the column is never NaN again (length when it ends NaN). */
function firstDefinedForever(col: Float64Array): number {
  let i = col.length;
  while (i > 0 && !Number.isNaN(col[i - 1]!)) i--;
  return i;
}

const EMPTY: OhlcvColumns = {
  tsMs: new Float64Array(0),
  open: new Float64Array(0),
  high: new Float64Array(0),
  low: new Float64Array(0),
  close: new Float64Array(0),
  volume: new Float64Array(0),
};
const suite = PATH ? describe : describe.skip;
if (!PATH) console.warn(`structures parity: ${FILE} not found beside the repo (../shared/data/market); skipped`);

suite('structures on BTCUSDT 1m 2024', () => {
  const c = PATH ? readCandles(PATH) : EMPTY;
  const n = c.close.length;
  const [left, right] = [5, 5];
  const swing = runStructure('swing', c);

  test('the file is the full year', () => {
    expect(n).toBe(527_040);
    expect(c.tsMs[0]).toBe(Date.UTC(2024, 0, 1));
  });

  test('swing: every value is its pivot bar and the max/min of its window; no NaN after the first pivot', () => {
    const [high, highBar, highAge, low, lowBar, lowAge] = swing as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    expect(firstDefinedForever(high)).toBeLessThan(50);
    expect(firstDefinedForever(low)).toBeLessThan(50);
    let pivots = 0;
    for (let t = 0; t < n; t++) {
      if (Number.isNaN(high[t]!)) continue;
      const p = highBar[t]!;
      if (t === 0 || highBar[t - 1] !== p) {
        pivots++;
        expect(t).toBe(p + right); // reported exactly when its right-hand bars have closed
        let max = -Infinity;
        for (let i = p - left; i <= p + right; i++) max = Math.max(max, c.high[i]!);
        expect(high[t]).toBe(max);
        expect(high[t]).toBe(c.high[p]!);
        for (let i = p - left; i < p; i++) expect(c.high[i]!).toBeLessThan(high[t]!);
      }
      expect(highAge[t]).toBe(t - p);
    }
    for (let t = 0; t < n; t++) {
      if (Number.isNaN(low[t]!)) continue;
      const p = lowBar[t]!;
      if (t === 0 || lowBar[t - 1] !== p) {
        let min = Infinity;
        for (let i = p - left; i <= p + right; i++) min = Math.min(min, c.low[i]!);
        expect(low[t]).toBe(min);
        expect(low[t]).toBe(c.low[p]!);
      }
      expect(lowAge[t]).toBe(t - p);
    }
    expect(pivots).toBeGreaterThan(20_000);
  });

  test('trend: direction follows the last two swing highs and lows', () => {
    const [direction, strength] = runStructure('trend', c) as [Float64Array, Float64Array];
    const [high, highBar, , low, lowBar] = swing as Float64Array[];
    const highs: number[] = [];
    const lows: number[] = [];
    const counts = { up: 0, down: 0, range: 0 };
    // strength: signed run of pivot votes (HH/HL +1, LH/LL -1, equal or first 0), highs first.
    let run = 0;
    const vote = (list: number[]) => {
      const v = list.length < 2 ? 0 : Math.sign(list.at(-1)! - list.at(-2)!);
      run = v === 0 ? 0 : v * run > 0 ? run + v : v;
    };
    for (let t = 0; t < n; t++) {
      if (t > 0 && highBar![t] !== highBar![t - 1] && !Number.isNaN(high![t]!)) {
        highs.push(high![t]!);
        vote(highs);
      }
      if (t > 0 && lowBar![t] !== lowBar![t - 1] && !Number.isNaN(low![t]!)) {
        lows.push(low![t]!);
        vote(lows);
      }
      if (highs.length < 2 || lows.length < 2) {
        expect(direction[t]).toBeNaN();
        continue;
      }
      const [h1, h2, l1, l2] = [highs.at(-2)!, highs.at(-1)!, lows.at(-2)!, lows.at(-1)!];
      const want = h2 > h1 && l2 > l1 ? 1 : h2 < h1 && l2 < l1 ? -1 : 0;
      expect(direction[t]).toBe(want);
      expect(strength[t]).toBe(run);
      if (want === 1) counts.up++;
      else if (want === -1) counts.down++;
      else counts.range++;
    }
    expect(Math.min(counts.up, counts.down, counts.range)).toBeGreaterThan(50_000);
  });

  test('market_structure: events are closes beyond the current swing level; bias follows the events', () => {
    const [bos, choch, level, bias] = runStructure('market_structure', c) as Float64Array[];
    const [high, , , low] = swing as Float64Array[];
    let events = 0;
    let chochs = 0;
    expect(Number.isNaN(bos![left + right - 1]!)).toBe(true);
    for (let t = left + right; t < n; t++) {
      expect(Number.isNaN(bias![t]!)).toBe(false);
      const b = bos![t]!;
      const ch = choch![t]!;
      expect([b, ch].every((v) => v === -1 || v === 0 || v === 1)).toBe(true);
      expect(b === 0 || ch === 0).toBe(true);
      const ev = b + ch;
      if (ev === 0) continue;
      events++;
      if (ch !== 0) {
        chochs++;
        expect(bias![t - 1]).toBe(-ch); // a change of character reverses the previous bias
      }
      expect(bias![t]).toBe(ev);
      if (ev > 0) {
        expect(level![t]).toBe(high![t]!);
        expect(c.close[t]!).toBeGreaterThan(level![t]!);
      } else {
        expect(level![t]).toBe(low![t]!);
        expect(c.close[t]!).toBeLessThan(level![t]!);
      }
    }
    expect(events).toBeGreaterThan(10_000);
    expect(chochs).toBeGreaterThan(1_000);
  });

  test('zones: nearest active zones sit on pivots, are ordered and unbroken by the close', () => {
    const z = runStructure('zones', c) as Float64Array[];
    const [high, , , low] = swing as Float64Array[];
    const pivotLows = new Set<number>();
    const pivotHighs = new Set<number>();
    let demandBars = 0;
    let supplyBars = 0;
    let broken = 0;
    const warmup = Math.max(left, 14 - 1) + right;
    for (let t = 0; t < n; t++) {
      if (!Number.isNaN(low![t]!)) pivotLows.add(low![t]!);
      if (!Number.isNaN(high![t]!)) pivotHighs.add(high![t]!);
      if (t < warmup) continue;
      const [dt, db, st, sb, dn, sn, dBroken, sBroken] = z.map((col) => col[t]!) as number[];
      expect(dBroken === 0 || dBroken === 1).toBe(true);
      expect(sBroken === 0 || sBroken === 1).toBe(true);
      broken += dBroken! + sBroken!;
      if (!Number.isNaN(dt!)) {
        demandBars++;
        expect(pivotLows.has(db!)).toBe(true);
        expect(db!).toBeLessThanOrEqual(dt!);
        expect(c.close[t]!).toBeGreaterThanOrEqual(db!);
        expect(dn!).toBeGreaterThanOrEqual(0);
      }
      if (!Number.isNaN(st!)) {
        supplyBars++;
        expect(pivotHighs.has(st!)).toBe(true);
        expect(sb!).toBeLessThanOrEqual(st!);
        expect(c.close[t]!).toBeLessThanOrEqual(st!);
        expect(sn!).toBeGreaterThanOrEqual(0);
      }
    }
    expect(demandBars).toBeGreaterThan(n / 2);
    expect(supplyBars).toBeGreaterThan(n / 2);
    expect(broken).toBeGreaterThan(1_000);
  });

  test('fibonacci: ordered levels anchored on the last swing high and low', () => {
    const f = runStructure('fibonacci', c) as Float64Array[];
    const [high, highBar, , low, lowBar] = swing as Float64Array[];
    let defined = 0;
    for (let t = 0; t < n; t++) {
      const d = f[7]![t]!;
      if (Number.isNaN(d)) {
        expect(Number.isNaN(high![t]!) || Number.isNaN(low![t]!) || high![t]! <= low![t]!).toBe(true);
        continue;
      }
      defined++;
      const [h, l] = [high![t]!, low![t]!];
      expect(d).toBe(highBar![t]! >= lowBar![t]! ? 1 : -1);
      expect(f[2]![t]).toBeCloseTo((h + l) / 2, 6);
      // up (d = 1): r236 > r382 > r500 > r618 > r786, e1618 > e1272 > r236; down mirrors it.
      for (let k = 0; k < 4; k++) expect((f[k]![t]! - f[k + 1]![t]!) * d).toBeGreaterThan(0);
      expect((f[5]![t]! - f[0]![t]!) * d).toBeGreaterThan(0);
      expect((f[6]![t]! - f[5]![t]!) * d).toBeGreaterThan(0);
    }
    expect(defined).toBeGreaterThan(n * 0.9);
  });

  test('rolling_window(20): brute-force max/min, mid, position in [0, 1], no NaN after warm-up', () => {
    const [hi, lo, mid, pos] = runStructure('rolling_window', c) as Float64Array[];
    expect(firstDefinedForever(hi!)).toBe(19);
    expect(firstDefinedForever(pos!)).toBe(19);
    for (let t = 19; t < n; t++) {
      let max = -Infinity;
      let min = Infinity;
      for (let i = t - 19; i <= t; i++) {
        max = Math.max(max, c.high[i]!);
        min = Math.min(min, c.low[i]!);
      }
      expect(hi![t]).toBe(max);
      expect(lo![t]).toBe(min);
      expect(mid![t]).toBe((max + min) / 2);
      const want = max > min ? (c.close[t]! - min) / (max - min) : 0.5;
      expect(pos![t]).toBe(want);
    }
  });

  test('derived_zones from 1h projected onto 1m equal a run over only the 1h bars closed by then', () => {
    const htf = hourly(c);
    const full = runStructure('derived_zones', htf);
    const projected = full.map((col) => projectToExec(htf.tsMs, H, col, c.tsMs, M));
    let s = 2024;
    const cuts: number[] = [58, 59, 60, 61, 119];
    while (cuts.length < 15) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      cuts.push(s % n);
    }
    for (const j of cuts) {
      const closed = htf.tsMs.filter((ts) => ts + H <= c.tsMs[j]! + M).length;
      const prefix = closed === 0 ? [] : runStructure('derived_zones', slice(htf, closed));
      for (let k = 0; k < projected.length; k++) {
        const want = closed === 0 ? Number.NaN : prefix[k]![closed - 1]!;
        expect(Object.is(projected[k]![j], want)).toBe(true);
      }
    }
    expect(projected[0]!.filter((v) => !Number.isNaN(v)).length).toBeGreaterThan(n / 2);
    // the last minute of hour 0 (index 59) is the first to see hour 0; index 58 sees nothing.
    expect(Number.isNaN(projected[6]![58]!)).toBe(true);
  });
});
