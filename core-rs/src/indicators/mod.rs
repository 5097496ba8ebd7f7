//! Incremental indicators. Every indicator implements `Indicator`: O(1) `update` per bar with no
//! allocation (fixed ring buffers sized at construction), `reset`, and `warmup` = the first bar
//! index whose outputs are valid (NaN before it). Batch is the same `update` in a loop, so backtest
//! (batch) and live (incremental) values are bit-identical by construction.
pub mod adx;
pub mod ao;
pub mod aroon;
pub mod cci;
pub mod cmo;
pub mod ema;
pub mod ichimoku;
pub mod linreg;
pub mod macd;
pub mod mom;
pub mod ppo;
pub mod psar;
pub mod registry;
pub mod ring;
pub mod roc;
pub mod rolling_extreme;
pub mod rolling_sum;
pub mod rsi;
pub mod sma;
pub mod spec;
pub mod stoch;
pub mod stochrsi;
pub mod supertrend;
pub mod trix;
pub mod true_range;
pub mod ultosc;
pub mod vortex;
pub mod wilder;
pub mod willr;
#[cfg(test)]
pub mod testkit;
pub mod ad;
pub mod atr;
pub mod bbands;
pub mod cmf;
pub mod dema;
pub mod donchian;
pub mod hma;
pub mod kama;
pub mod keltner;
pub mod mfi;
pub mod obv;
pub mod rolling_variance;
pub mod stddev;
pub mod tema;
pub mod trima;
pub mod vwap;
pub mod vwma;
pub mod wma;
pub mod zlema;
pub mod zscore;

use crate::bar::Bar;

/// Column inputs for a batch run: all slices have the same length.
pub struct Columns<'a> {
    pub ts_ms: &'a [f64],
    pub open: &'a [f64],
    pub high: &'a [f64],
    pub low: &'a [f64],
    pub close: &'a [f64],
    pub volume: &'a [f64],
}

impl<'a> Columns<'a> {
    pub fn len(&self) -> usize {
        self.close.len()
    }

    pub fn is_empty(&self) -> bool {
        self.close.is_empty()
    }

    #[inline(always)]
    pub fn bar(&self, i: usize) -> Bar {
        Bar {
            ts_ms: self.ts_ms[i],
            open: self.open[i],
            high: self.high[i],
            low: self.low[i],
            close: self.close[i],
            volume: self.volume[i],
        }
    }
}

/// Column bits of `Indicator::batch_columns` (ts, open, high, low, close, volume).
pub const COL_TS: u32 = 1;
pub const COL_OPEN: u32 = 2;
pub const COL_HIGH: u32 = 4;
pub const COL_LOW: u32 = 8;
pub const COL_CLOSE: u32 = 16;
pub const COL_VOLUME: u32 = 32;
pub const COL_ALL: u32 = 63;

/// Most outputs any indicator declares (Bollinger has 5). Batch uses a stack scratch of this size.
pub const MAX_OUTPUTS: usize = 8;

pub trait Indicator {
    /// Consumes one closed bar and writes every output into `out` (len = `n_outputs()`); NaN while warming up.
    fn update(&mut self, bar: &Bar, out: &mut [f64]);
    /// Forgets all state: the next `update` behaves like the first one after construction.
    fn reset(&mut self);
    /// First bar index (0-based, counted from the first update) whose outputs are all valid.
    fn warmup(&self) -> usize;
    fn n_outputs(&self) -> usize;

    /// The columns `batch` reads (`COL_*` bits), so a host may copy only those into core memory
    /// and pass any valid column for the others. The generic `batch` builds a whole bar per row:
    /// every column, unless an indicator's own `batch` reads fewer and says so here.
    fn batch_columns(&self) -> u32 {
        COL_ALL
    }

    /// Runs `update` over every bar, writing column-major `out[k * n + i]`. Monomorphised per
    /// indicator (a default method), so the loop calls `update` statically and inlines it. The
    /// columns are re-sliced to `n` up front so the compiler can drop per-bar bounds checks, and
    /// single-output indicators (most of them) write straight into their column.
    fn batch(&mut self, cols: &Columns, out: &mut [f64]) {
        let n = cols.len();
        let k = self.n_outputs();
        let (ts, o, h, l, c, v) = (&cols.ts_ms[..n], &cols.open[..n], &cols.high[..n], &cols.low[..n], &cols.close[..n], &cols.volume[..n]);
        let out = &mut out[..n * k];
        let mut tmp = [0.0f64; MAX_OUTPUTS];
        if k == 1 {
            for i in 0..n {
                let bar = Bar { ts_ms: ts[i], open: o[i], high: h[i], low: l[i], close: c[i], volume: v[i] };
                self.update(&bar, &mut tmp[..1]);
                out[i] = tmp[0];
            }
            return;
        }
        for i in 0..n {
            let bar = Bar { ts_ms: ts[i], open: o[i], high: h[i], low: l[i], close: c[i], volume: v[i] };
            self.update(&bar, &mut tmp[..k]);
            for (j, x) in tmp[..k].iter().enumerate() {
                out[j * n + i] = *x;
            }
        }
    }
}

#[cfg(test)]
pub mod testutil {
    use super::*;

    /// Deterministic pseudo-random walk (LCG) for property tests; no external crates.
    pub fn walk(n: usize, seed: u64) -> Vec<Bar> {
        let mut s = seed;
        let mut price = 100.0;
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let r = ((s >> 11) as f64 / (1u64 << 53) as f64) - 0.5;
            let open = price;
            let close = (price * (1.0 + r * 0.02)).max(0.01);
            let high = open.max(close) * (1.0 + (r.abs() * 0.01));
            let low = open.min(close) * (1.0 - (r.abs() * 0.01));
            out.push(Bar { ts_ms: (i as f64) * 60_000.0, open, high, low, close, volume: 1.0 + r.abs() * 10.0 });
            price = close;
        }
        out
    }

    /// One bar with explicit OHLCV (ts 0): for hand-computed vectors.
    pub fn bar(open: f64, high: f64, low: f64, close: f64, volume: f64) -> Bar {
        Bar { ts_ms: 0.0, open, high, low, close, volume }
    }

    /// `n` one-minute bars whose open, high, low and close all equal `price`.
    pub fn flat(n: usize, price: f64, volume: f64) -> Vec<Bar> {
        (0..n).map(|i| Bar { ts_ms: (i as f64) * 60_000.0, open: price, high: price, low: price, close: price, volume }).collect()
    }

    /// Runs `bars` through a fresh (reset) indicator; returns one Vec per output.
    pub fn run(ind: &mut dyn Indicator, bars: &[Bar]) -> Vec<Vec<f64>> {
        ind.reset();
        let k = ind.n_outputs();
        let mut cols = vec![Vec::with_capacity(bars.len()); k];
        let mut one = vec![0.0; k];
        for b in bars {
            ind.update(b, &mut one);
            for j in 0..k {
                cols[j].push(one[j]);
            }
        }
        cols
    }

    /// Asserts every output is NaN before `warmup()` and finite from it on.
    pub fn assert_warmup_boundary(ind: &mut dyn Indicator, bars: &[Bar]) {
        let w = ind.warmup();
        for (j, col) in run(ind, bars).iter().enumerate() {
            for (i, v) in col.iter().enumerate() {
                if i < w {
                    assert!(v.is_nan(), "output {} bar {} should be NaN before warmup {}, got {}", j, i, w, v);
                } else {
                    assert!(v.is_finite(), "output {} bar {} should be finite from warmup {}, got {}", j, i, w, v);
                }
            }
        }
    }

    /// Batch and incremental must agree bit for bit, and reset must reproduce the same outputs.
    pub fn assert_batch_equals_incremental(ind: &mut dyn Indicator, bars: &[Bar]) {
        let n = bars.len();
        let k = ind.n_outputs();
        let cols_owned: Vec<Vec<f64>> = vec![
            bars.iter().map(|b| b.ts_ms).collect(),
            bars.iter().map(|b| b.open).collect(),
            bars.iter().map(|b| b.high).collect(),
            bars.iter().map(|b| b.low).collect(),
            bars.iter().map(|b| b.close).collect(),
            bars.iter().map(|b| b.volume).collect(),
        ];
        let cols = Columns {
            ts_ms: &cols_owned[0],
            open: &cols_owned[1],
            high: &cols_owned[2],
            low: &cols_owned[3],
            close: &cols_owned[4],
            volume: &cols_owned[5],
        };
        let mut batch = vec![0.0; n * k];
        ind.reset();
        ind.batch(&cols, &mut batch);
        ind.reset();
        let mut one = vec![0.0; k];
        for (i, b) in bars.iter().enumerate() {
            ind.update(b, &mut one);
            for j in 0..k {
                assert_eq!(batch[j * n + i].to_bits(), one[j].to_bits(), "bar {} output {}", i, j);
            }
        }
    }
}
