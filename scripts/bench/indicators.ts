// Indicator throughput over one year of 1m bars: our core (batch over columns already in WASM
// memory, and incremental update per bar) next to trading-signals and technicalindicators on the
// same data in the same run. Prints one row per indicator (M updates/s) and the 44-set total.
import * as ta from 'technicalindicators';
import * as ts from 'trading-signals';
import { CoreIndicator, CoreOhlcv, indicatorRegistry } from '../../src/core';
import { type BenchCandles, loadYear2024 } from './candles';

type JsRun = (c: BenchCandles) => void;

function tsSeries(make: () => { update(v: number, replace: boolean): unknown }): JsRun {
  return (c) => {
    const ind = make();
    for (let i = 0; i < c.close.length; i++) ind.update(c.close[i]!, false);
  };
}

function tsHlc(make: () => { update(v: { high: number; low: number; close: number }, replace: boolean): unknown }): JsRun {
  return (c) => {
    const ind = make();
    for (let i = 0; i < c.close.length; i++) ind.update({ high: c.high[i]!, low: c.low[i]!, close: c.close[i]! }, false);
  };
}

const TRADING_SIGNALS: Record<string, JsRun> = {
  sma: tsSeries(() => new ts.SMA(20)),
  ema: tsSeries(() => new ts.EMA(20)),
  wma: tsSeries(() => new ts.WMA(20)),
  dema: tsSeries(() => new ts.DEMA(20)),
  tema: tsSeries(() => new ts.TEMA(20)),
  rsi: tsSeries(() => new ts.RSI(14)),
  roc: tsSeries(() => new ts.ROC(10)),
  mom: tsSeries(() => new ts.MOM(10)),
  bbands: tsSeries(() => new ts.BollingerBands(20, 2)),
  atr: tsHlc(() => new ts.ATR(14)),
  cci: tsHlc(() => new ts.CCI(20)),
  willr: tsHlc(() => new ts.WilliamsR(14)),
  adx: tsHlc(() => new ts.ADX(14)),
};

const TECHNICALINDICATORS: Record<string, JsRun> = {
  sma: (c) => ta.SMA.calculate({ period: 20, values: Array.from(c.close) }),
  ema: (c) => ta.EMA.calculate({ period: 20, values: Array.from(c.close) }),
  wma: (c) => ta.WMA.calculate({ period: 20, values: Array.from(c.close) }),
  rsi: (c) => ta.RSI.calculate({ period: 14, values: Array.from(c.close) }),
  roc: (c) => ta.ROC.calculate({ period: 10, values: Array.from(c.close) }),
  bbands: (c) => ta.BollingerBands.calculate({ period: 20, stdDev: 2, values: Array.from(c.close) }),
  atr: (c) => ta.ATR.calculate({ period: 14, high: Array.from(c.high), low: Array.from(c.low), close: Array.from(c.close) }),
  macd: (c) =>
    ta.MACD.calculate({
      fastPeriod: 12,
      slowPeriod: 26,
      signalPeriod: 9,
      values: Array.from(c.close),
      SimpleMAOscillator: false,
      SimpleMASignal: false,
    }),
  obv: (c) => ta.OBV.calculate({ close: Array.from(c.close), volume: Array.from(c.volume) }),
};

function time(fn: () => void, reps = 1): number {
  const t0 = Bun.nanoseconds();
  for (let r = 0; r < reps; r++) fn();
  return (Bun.nanoseconds() - t0) / 1e9 / reps;
}

export function benchIndicators(c: BenchCandles = loadYear2024()): void {
  const n = c.close.length;
  const cols = new CoreOhlcv(c);
  const mups = (sec: number) => (sec > 0 ? (n / sec / 1e6).toFixed(1) : '-');
  const rows: string[][] = [];
  let total = 0;
  for (const spec of indicatorRegistry()) {
    const ind = new CoreIndicator(spec.name);
    ind.batch(cols);
    ind.reset();
    const batchSec = time(() => {
      ind.reset();
      ind.batch(cols);
    }, 3);
    total += batchSec;
    ind.reset();
    const incSec = time(() => {
      for (let i = 0; i < n; i++) {
        ind.update({ tsMs: c.tsMs[i]!, open: c.open[i]!, high: c.high[i]!, low: c.low[i]!, close: c.close[i]!, volume: c.volume[i]! });
      }
    });
    ind.free();
    const tsRun = TRADING_SIGNALS[spec.name];
    const tiRun = TECHNICALINDICATORS[spec.name];
    rows.push([spec.name, mups(batchSec), mups(incSec), tsRun ? mups(time(() => tsRun(c))) : '', tiRun ? mups(time(() => tiRun(c))) : '']);
  }
  cols.free();
  console.log(`indicators over ${n} 1m bars (M updates/s; batch = over columns in WASM memory)`);
  console.log(['name', 'core batch', 'core incremental', 'trading-signals', 'technicalindicators'].join('\t'));
  for (const r of rows) console.log(r.join('\t'));
  console.log(`all ${rows.length} indicators, batch, one core: ${(total * 1000).toFixed(0)} ms`);
}

if (import.meta.main) benchIndicators();
