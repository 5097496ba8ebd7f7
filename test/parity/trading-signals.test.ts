// Parity of the non-TA-Lib indicators against trading-signals 8.3.0 (pure TS, runs under Bun),
// used only where its source (node_modules/trading-signals/dist) has the same definition as ours:
//   supertrend  TradingView: hl2 ± mult·ATR, Wilder ATR seeded by the SMA of TR (TR[0] = high-low),
//               band ratchets and the direction rule of ta.supertrend; value + direction (+1 up / -1 down)
//   vwap        day-anchored: a new VWAP instance per UTC day on hlc3·volume
//   hma         WMA(2·WMA(n/2) − WMA(n), ⌊√n⌋) with ⌊n/2⌋, as TradingView
//   vwma        Σ(close·volume)/Σvolume over n (trading-signals reads close only)
//   ao          SMA5(hl2) − SMA34(hl2) with configurable lengths
//   vortex      Σ|high − prev low| / ΣTR and Σ|low − prev high| / ΣTR over n (first value at bar n)
//   cmf         Σ(((c−l) − (h−c))/(h−l))·v / Σv over n, 0 where high = low
//   donchian    highest high, lowest low, their mean over n
//   zscore      (x − mean)/population stddev over n (its getZScore util on a sliding window)
//   ichimoku    midpoints of n-bar high/low: tenkan, kijun, span_a = mean of both, span_b; unshifted.
//               trading-signals emits all four only once span_b has data, so values are compared from
//               there and our earlier first-valid bars are checked against the definition (n − 1).
// Mismatched definitions, tested in hand-vectors.test.ts instead: ZLEMA (trading-signals seeds its
// EMA with the raw price at bar lag−1 and hides it until bar n−1; ours is SMA-seeded on the
// de-lagged series) and Keltner (trading-signals uses Wilder ATR for the band width and separate
// EMA/ATR lengths; ours is EMA(TR) with one length). Its PSAR is wrong (fixed 0.01 offset): unused.
import { describe, expect, test } from 'bun:test';
import {
  AO,
  CMF,
  DonchianChannels,
  getZScore,
  HMA,
  IchimokuCloud,
  SMA,
  SuperTrend,
  TradingSignal,
  VortexIndicator,
  VWAP,
  VWMA,
} from 'trading-signals';
import { findIndicator, type OhlcvColumns } from '../../src/core';
import { candlesAt } from './candles';
import { compareSeries, firstNonNaN } from './compare';
import { outputNameProblems, runCore } from './core-run';
import * as naive from './naive';

const CASE_TIMEOUT_MS = 120_000;
const DAY_MS = 86_400_000;

type Candle = { open: number; high: number; low: number; close: number; volume: number };
type Reference = Record<string, Float64Array>;

interface Case {
  indicator: string;
  params: Record<string, number>;
  /** What the reference reads, passed when the registry takes a source (null: fixed fields only). */
  source: string | null;
  /** Our output name -> reference column (NaN where the reference has no value). */
  reference: (cols: OhlcvColumns) => Reference;
  /** The same outputs from test/parity/naive.ts, written from the published definition. */
  naive: (cols: OhlcvColumns) => Reference;
  /** Outputs compared exactly (integer-valued, e.g. direction). */
  exactOutputs?: string[];
  /** When the reference starts late by construction: our first valid index per output, from the definition. */
  firstValid?: Record<string, number>;
  /** The reference may lack values after warm-up (zscore: zero variance); those bars are not compared. */
  referenceGaps?: boolean;
}

const candle = (c: OhlcvColumns, i: number): Candle => ({
  open: c.open[i] as number,
  high: c.high[i] as number,
  low: c.low[i] as number,
  close: c.close[i] as number,
  volume: c.volume[i] as number,
});

/** Runs `step` on every bar; `step` writes into the named columns (pre-filled with NaN). */
function reference(cols: OhlcvColumns, names: string[], step: (i: number, out: Reference) => void): Reference {
  const out: Reference = {};
  for (const n of names) out[n] = new Float64Array(cols.close.length).fill(Number.NaN);
  for (let i = 0; i < cols.close.length; i++) step(i, out);
  return out;
}

function set(out: Reference, name: string, i: number, v: number | null | undefined): void {
  if (v !== null && v !== undefined) (out[name] as Float64Array)[i] = v;
}

const supertrend = (length: number, mult: number): Case => ({
  indicator: 'supertrend',
  params: { length, mult },
  source: null,
  exactOutputs: ['direction'],
  naive: (cols) => naive.supertrend(cols, length, mult),
  reference: (cols) => {
    const st = new SuperTrend({ interval: length, multiplier: mult });
    return reference(cols, ['value', 'direction'], (i, out) => {
      const r = st.update(candle(cols, i), false);
      if (r) {
        set(out, 'value', i, r.supertrend);
        set(out, 'direction', i, r.trend === TradingSignal.BULLISH ? 1 : -1);
      }
    });
  },
});

const vwap = (): Case => ({
  indicator: 'vwap',
  params: {},
  source: 'hlc3',
  naive: (cols) => ({ value: naive.vwapDay(cols) }),
  reference: (cols) => {
    let day = Number.NaN;
    let v = new VWAP();
    return reference(cols, ['value'], (i, out) => {
      const d = Math.floor((cols.tsMs[i] as number) / DAY_MS);
      if (d !== day) {
        day = d;
        v = new VWAP();
      }
      set(out, 'value', i, v.update(candle(cols, i), false));
    });
  },
});

type NaiveColumn = (cols: OhlcvColumns) => Float64Array;

/** A single-output indicator fed the close price. */
function onClose(
  indicator: string,
  params: Record<string, number>,
  make: () => { update(x: number, r: boolean): number | null },
  naiveFn: NaiveColumn,
): Case {
  return {
    indicator,
    params,
    source: 'close',
    naive: (cols) => ({ value: naiveFn(cols) }),
    reference: (cols) => {
      const ind = make();
      return reference(cols, ['value'], (i, out) => set(out, 'value', i, ind.update(cols.close[i] as number, false)));
    },
  };
}

/** A single-output indicator fed whole candles; `source` is what it reads when the registry takes one. */
function onCandles(
  indicator: string,
  params: Record<string, number>,
  source: string | null,
  make: () => { update(c: Candle, r: boolean): number | null },
  naiveFn: NaiveColumn,
): Case {
  return {
    indicator,
    params,
    source,
    naive: (cols) => ({ value: naiveFn(cols) }),
    reference: (cols) => {
      const ind = make();
      return reference(cols, ['value'], (i, out) => set(out, 'value', i, ind.update(candle(cols, i), false)));
    },
  };
}

const vortex = (length: number): Case => ({
  indicator: 'vortex',
  params: { length },
  source: null,
  naive: (cols) => naive.vortex(cols, length),
  reference: (cols) => {
    const vi = new VortexIndicator(length);
    return reference(cols, ['plus', 'minus'], (i, out) => {
      const r = vi.update(candle(cols, i), false);
      set(out, 'plus', i, r?.plus);
      set(out, 'minus', i, r?.minus);
    });
  },
});

const donchian = (length: number): Case => ({
  indicator: 'donchian',
  params: { length },
  source: null,
  naive: (cols) => naive.donchian(cols, length),
  reference: (cols) => {
    const dc = new DonchianChannels(length);
    return reference(cols, ['upper', 'middle', 'lower'], (i, out) => {
      const r = dc.update(candle(cols, i), false);
      set(out, 'upper', i, r?.upper);
      set(out, 'middle', i, r?.middle);
      set(out, 'lower', i, r?.lower);
    });
  },
});

const zscore = (length: number): Case => ({
  indicator: 'zscore',
  params: { length },
  source: 'close',
  referenceGaps: true,
  naive: (cols) => ({ value: naive.zscore(cols.close, length) }),
  reference: (cols) =>
    reference(cols, ['value'], (i, out) => {
      if (i + 1 < length) return;
      const window = Array.from(cols.close.subarray(i + 1 - length, i + 1));
      try {
        set(out, 'value', i, getZScore(window));
      } catch {
        // Zero variance: trading-signals throws; such bars keep NaN and are excluded below.
      }
    }),
});

const ichimoku = (tenkan: number, kijun: number, senkouB: number): Case => ({
  indicator: 'ichimoku',
  params: { tenkan, kijun, senkou_b: senkouB },
  source: null,
  naive: (cols) => naive.ichimoku(cols, tenkan, kijun, senkouB),
  firstValid: { tenkan: tenkan - 1, kijun: kijun - 1, span_a: Math.max(tenkan, kijun) - 1, span_b: senkouB - 1 },
  reference: (cols) => {
    const ic = new IchimokuCloud({ conversionInterval: tenkan, baseInterval: kijun, spanBInterval: senkouB });
    return reference(cols, ['tenkan', 'kijun', 'span_a', 'span_b'], (i, out) => {
      const r = ic.update(candle(cols, i), false);
      set(out, 'tenkan', i, r?.conversion);
      set(out, 'kijun', i, r?.base);
      set(out, 'span_a', i, r?.spanA);
      set(out, 'span_b', i, r?.spanB);
    });
  },
});

/** Three parameter sets each on 15m and 4h; the first (default) set also on 1m. */
const CASES: Case[][] = [
  // Harness self-check on an indicator the registry has today: trading-signals' SMA is TA-Lib's.
  [20, 9, 200].map((n) =>
    onClose(
      'sma',
      { length: n },
      () => new SMA(n),
      (c) => naive.sma(c.close, n),
    ),
  ),
  [supertrend(10, 3), supertrend(7, 2), supertrend(20, 4)],
  [vwap()],
  [9, 21, 55].map((n) =>
    onClose(
      'hma',
      { length: n },
      () => new HMA(n),
      (c) => naive.hma(c.close, n),
    ),
  ),
  [20, 10, 50].map((n) =>
    onCandles(
      'vwma',
      { length: n },
      'close',
      () => new VWMA(n),
      (c) => naive.vwma(c.close, c.volume, n),
    ),
  ),
  [
    [5, 34],
    [3, 10],
    [10, 40],
  ].map(([f, s]) =>
    onCandles(
      'ao',
      { fast: f as number, slow: s as number },
      'hl2',
      () => new AO(f as number, s as number),
      (c) => naive.ao(c, f as number, s as number),
    ),
  ),
  [14, 7, 28].map(vortex),
  [20, 10, 50].map((n) =>
    onCandles(
      'cmf',
      { length: n },
      null,
      () => new CMF(n),
      (c) => naive.cmf(c, n),
    ),
  ),
  [20, 10, 55].map(donchian),
  [20, 50, 100].map(zscore),
  [ichimoku(9, 26, 52), ichimoku(7, 22, 44), ichimoku(10, 30, 60)],
];

function label(c: Case, tf: string): string {
  const p = Object.entries(c.params).map(([k, v]) => `${k}=${v}`);
  if (c.source) p.push(`source=${c.source}`);
  return `${c.indicator}(${p.join(',')})@${tf}`;
}

function runCase(c: Case, tf: string): string[] {
  const id = label(c, tf);
  const cols = candlesAt(tf);
  const ref = c.reference(cols);
  const spec = findIndicator(c.indicator);
  if (!spec) return [`${id}: not in registry`];
  const names = spec.outputs.length === 1 && Object.keys(ref).length === 1 ? { value: spec.outputs[0] as string } : undefined;
  const problems = names ? [] : outputNameProblems(spec, Object.keys(ref), id);
  if (problems.length > 0) return problems;
  const run = runCore(c.indicator, c.params, c.source, cols);
  for (const [name, refCol] of Object.entries(ref)) {
    const ourName = names?.value ?? name;
    let ours = run.outputs.get(ourName) as Float64Array;
    let theirs = refCol;
    const defFirst = c.firstValid?.[name];
    if (defFirst !== undefined) {
      if (firstNonNaN(ours) !== defFirst) problems.push(`${id} ${name}: first valid index ${firstNonNaN(ours)}, definition ${defFirst}`);
      const from = firstNonNaN(refCol);
      ours = ours.slice(from);
      theirs = refCol.slice(from);
    }
    const beg = firstNonNaN(theirs);
    let excluded = 0;
    if (c.referenceGaps) {
      theirs = theirs.map((v, i) => {
        if (!Number.isNaN(v) || i < beg) return v;
        excluded++;
        return ours[i] as number;
      });
    }
    const report = compareSeries(ours, theirs.slice(beg), beg, { exact: c.exactOutputs?.includes(name) ?? false });
    for (const p of report.problems) problems.push(`${id} ${ourName} vs trading-signals: ${p}`);
    if (excluded > 0) console.log(`${id} ${name}: ${excluded} bars without a reference value (zero variance) not compared`);
  }
  return problems;
}

for (const group of CASES) {
  for (const [k, c] of group.entries()) {
    const tfs = k === 0 ? ['1m', '15m', '4h'] : ['15m', '4h'];
    describe(`trading-signals parity ${c.indicator}`, () => {
      for (const tf of tfs) {
        if (!findIndicator(c.indicator)) {
          test.skip(`${label(c, tf)} (skipped: '${c.indicator}' is not in the core registry)`, () => {});
          continue;
        }
        test(
          label(c, tf),
          () => {
            expect(runCase(c, tf)).toEqual([]);
          },
          CASE_TIMEOUT_MS,
        );
      }
    });
  }
}

/** trading-signals vs naive.ts: the reference is trusted only because it agrees with the definition. */
function referenceProblems(c: Case, tf: string): string[] {
  const id = label(c, tf);
  const cols = candlesAt(tf);
  const ts = c.reference(cols);
  const nv = c.naive(cols);
  const problems: string[] = [];
  for (const [name, theirs] of Object.entries(ts)) {
    let mine = nv[name];
    if (!mine) {
      problems.push(`${id}: naive.ts has no output '${name}'`);
      continue;
    }
    let ref = theirs;
    const defFirst = c.firstValid?.[name];
    if (defFirst !== undefined) {
      if (firstNonNaN(mine) !== defFirst) problems.push(`${id} ${name}: naive first valid ${firstNonNaN(mine)}, definition ${defFirst}`);
      const from = firstNonNaN(theirs);
      mine = mine.slice(from);
      ref = theirs.slice(from);
    }
    const beg = firstNonNaN(ref);
    const report = compareSeries(mine, ref.slice(beg), beg, { exact: c.exactOutputs?.includes(name) ?? false });
    for (const p of report.problems) problems.push(`${id} ${name} naive vs trading-signals: ${p}`);
  }
  return problems;
}

describe('trading-signals references agree with the published definitions (naive.ts)', () => {
  for (const group of CASES) {
    for (const c of group) {
      for (const tf of ['15m', '4h']) {
        test(
          label(c, tf),
          () => {
            expect(referenceProblems(c, tf)).toEqual([]);
          },
          CASE_TIMEOUT_MS,
        );
      }
    }
  }
});
