//! Weighted moving average (TA-Lib WMA): weights 1..length, newest heaviest; first valid index
//! length-1. `WmaCore` mirrors TA-Lib's running periodSum/periodSub algorithm step for step
//! (including the order of every add and subtract) so values match TA-Lib bit for bit; HMA
//! reuses it (there a length of 1 can occur and is the identity). The indicator takes length >= 2,
//! TA-Lib's own minimum. TA-Lib's running sums accumulate rounding (periodSum integrates the error
//! of periodSub): after 500k BTC 1m bars WMA(20) is 3e-6 away from a two-pass sum, WMA(2) 1e-4
//! (2e-9 relative). `wma` keeps that for bit-parity; `WmaCore::rebuilding` (used by HMA, which owes
//! TA-Lib nothing) recomputes both sums from the window every `length` bars: O(1) amortised, no drift.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::ring::RingBuffer;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 2.0, 100000.0, 20.0, "bars weighted 1..length")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "wma",
    title: "Weighted Moving Average",
    family: "moving_average",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Source(Source::Close),
    convention: "ta-lib",
    warmup: "length - 1",
    make: |p, s| Ok(Box::new(WeightedMovingAverage::new(p, s)?)),
};

/// The WMA step on raw values. `period_sum` is Σ weight·x, `period_sub` is Σ x over the window.
#[derive(Clone, Debug)]
pub struct WmaCore {
    length: usize,
    window: RingBuffer,
    seen: usize,
    period_sum: f64,
    period_sub: f64,
    trailing: f64,
    /// length·(length+1)/2 (TA-Lib computes it in int; exact in f64 for every allowed length).
    divider: f64,
    /// Recompute the sums from the window every `length` outputs (false = TA-Lib bit-parity).
    rebuild: bool,
    since_rebuild: usize,
}

impl WmaCore {
    pub fn new(length: usize) -> WmaCore {
        let length = length.max(1);
        let divider = (length as f64) * (length as f64 + 1.0) / 2.0;
        WmaCore {
            length,
            window: RingBuffer::new(length),
            seen: 0,
            period_sum: 0.0,
            period_sub: 0.0,
            trailing: 0.0,
            divider,
            rebuild: false,
            since_rebuild: 0,
        }
    }

    /// A WMA whose running sums are rebuilt exactly from the window every `length` outputs.
    pub fn rebuilding(length: usize) -> WmaCore {
        WmaCore { rebuild: true, ..WmaCore::new(length) }
    }

    /// Sets both sums to their exact values for the state after an output: period_sub = Σ window,
    /// period_sum = Σ (length-1-ago)·x[ago] (the weights the next bar builds on).
    fn rebuild_sums(&mut self) {
        self.period_sub = 0.0;
        self.period_sum = 0.0;
        for ago in (0..self.length).rev() {
            let x = self.window.get(ago);
            self.period_sub += x;
            self.period_sum += x * (self.length - 1 - ago) as f64;
        }
        self.since_rebuild = 0;
    }

    /// NaN until `length` values; then the WMA of the last `length` values.
    #[inline(always)]
    pub fn next(&mut self, x: f64) -> f64 {
        if self.length == 1 {
            return x;
        }
        self.window.push(x);
        self.seen += 1;
        if self.seen < self.length {
            self.period_sub += x;
            self.period_sum += x * self.seen as f64;
            return f64::NAN;
        }
        self.period_sub += x;
        self.period_sub -= self.trailing;
        self.period_sum += x * self.length as f64;
        self.trailing = self.window.get(self.length - 1);
        let value = self.period_sum / self.divider;
        self.period_sum -= self.period_sub;
        if self.rebuild {
            self.since_rebuild += 1;
            if self.since_rebuild >= self.length {
                self.rebuild_sums();
            }
        }
        value
    }

    pub fn clear(&mut self) {
        self.window.clear();
        self.seen = 0;
        self.period_sum = 0.0;
        self.period_sub = 0.0;
        self.trailing = 0.0;
        self.since_rebuild = 0;
    }
}

#[derive(Clone, Debug)]
pub struct WeightedMovingAverage {
    core: WmaCore,
    source: Source,
}

impl WeightedMovingAverage {
    pub fn new(params: &[f64], source: Source) -> CoreResult<WeightedMovingAverage> {
        check_params("wma", PARAMS, params)?;
        Ok(WeightedMovingAverage { core: WmaCore::new(params[0] as usize), source })
    }
}

impl Indicator for WeightedMovingAverage {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.core.next(self.source.pick(bar));
    }

    fn reset(&mut self) {
        self.core.clear();
    }

    fn warmup(&self) -> usize {
        self.core.length - 1
    }

    fn n_outputs(&self) -> usize {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testutil::{assert_batch_equals_incremental, assert_warmup_boundary, flat, walk};

    #[test]
    fn hand_computed() {
        // length 3, divider 6: (1*1 + 2*2 + 3*3)/6 = 14/6; (2 + 6 + 12)/6 = 20/6; (3 + 8 + 30)/6 = 41/6
        let mut w = WmaCore::new(3);
        let got: Vec<f64> = [1.0, 2.0, 3.0, 4.0, 10.0].iter().map(|x| w.next(*x)).collect();
        assert!(got[0].is_nan() && got[1].is_nan());
        assert_eq!(&got[2..], &[14.0 / 6.0, 20.0 / 6.0, 41.0 / 6.0]);
    }

    #[test]
    fn rebuilding_matches_and_removes_drift() {
        // Same values as the TA-Lib form up to rounding, and equal to a two-pass sum at every bar.
        let xs: Vec<f64> = walk(5000, 3).iter().map(|b| b.close * 1000.0).collect();
        let (mut plain, mut exact) = (WmaCore::new(2), WmaCore::rebuilding(2));
        for (i, x) in xs.iter().enumerate() {
            let (a, b) = (plain.next(*x), exact.next(*x));
            if i >= 1 {
                let two_pass = (xs[i - 1] + 2.0 * x) / 3.0;
                assert!((b - two_pass).abs() <= 1e-12 * two_pass.abs(), "bar {}", i);
                assert!((a - b).abs() <= 1e-9 * two_pass.abs(), "bar {}", i);
            }
        }
    }

    #[test]
    fn length_one_is_identity() {
        let mut w = WmaCore::new(1);
        assert_eq!(w.next(3.25), 3.25);
        assert_eq!(w.next(-1.5), -1.5);
    }

    #[test]
    fn batch_reset_flat_params() {
        let mut w = WeightedMovingAverage::new(&[20.0], Source::Close).unwrap();
        assert_batch_equals_incremental(&mut w, &walk(500, 1));
        assert_warmup_boundary(&mut w, &walk(100, 2));
        let mut f = WeightedMovingAverage::new(&[5.0], Source::Close).unwrap();
        let mut out = [0.0];
        for b in flat(30, 42.5, 1.0) {
            f.update(&b, &mut out);
        }
        assert_eq!(out[0], 42.5);
        let e = WeightedMovingAverage::new(&[1.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "wma.length must be an integer in [2, 100000] (got 1)");
    }
}
