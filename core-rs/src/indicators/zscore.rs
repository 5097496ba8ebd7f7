//! Z-score (original definition): (x - mean) / population standard deviation over the last
//! `length` values, current included. A window with zero spread (flat input) gives 0.
//! Numerics: the window sums are kept relative to an anchor (a recent input) and rebuilt exactly
//! from the window every `length` bars (O(length) once per `length` bars, O(1) amortised). This
//! keeps the result free of the E[x²] - E[x]² cancellation at high price levels and of running-sum
//! drift, so a flat window gives exactly 0 once rebuilt; before that, a variance below 1e-12 of the
//! window's mean squared offset counts as zero spread. First valid index length-1.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::ring::RingBuffer;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 2.0, 100000.0, 20.0, "bars in the window")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "zscore",
    title: "Z-score",
    family: "volatility",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Source(Source::Close),
    convention: "original",
    warmup: "length - 1",
    make: |p, s| Ok(Box::new(ZScore::new(p, s)?)),
};

/// Relative variance under which the window counts as flat (rounding noise, not spread).
const FLAT_RELATIVE_VARIANCE: f64 = 1e-12;

#[derive(Clone, Debug)]
pub struct ZScore {
    length: usize,
    source: Source,
    window: RingBuffer,
    anchor: f64,
    /// Σ(x - anchor) and Σ(x - anchor)² over the window.
    sum: f64,
    sum_sq: f64,
    since_rebuild: usize,
}

impl ZScore {
    pub fn new(params: &[f64], source: Source) -> CoreResult<ZScore> {
        check_params("zscore", PARAMS, params)?;
        let length = params[0] as usize;
        Ok(ZScore { length, source, window: RingBuffer::new(length), anchor: 0.0, sum: 0.0, sum_sq: 0.0, since_rebuild: 0 })
    }

    /// Re-anchors on the newest value and recomputes both sums from the window.
    fn rebuild(&mut self) {
        self.anchor = self.window.get(0);
        self.sum = 0.0;
        self.sum_sq = 0.0;
        for ago in 0..self.length {
            let d = self.window.get(ago) - self.anchor;
            self.sum += d;
            self.sum_sq += d * d;
        }
        self.since_rebuild = 0;
    }

    #[inline(always)]
    pub fn next(&mut self, x: f64) -> f64 {
        if self.window.is_empty() {
            self.anchor = x;
        }
        if let Some(old) = self.window.push(x) {
            let d = old - self.anchor;
            self.sum -= d;
            self.sum_sq -= d * d;
        }
        let d = x - self.anchor;
        self.sum += d;
        self.sum_sq += d * d;
        self.since_rebuild += 1;
        if !self.window.is_full() {
            return f64::NAN;
        }
        if self.since_rebuild >= self.length {
            self.rebuild();
        }
        let n = self.length as f64;
        let mean_offset = self.sum / n;
        let mean_sq = self.sum_sq / n;
        let variance = mean_sq - mean_offset * mean_offset;
        if variance <= FLAT_RELATIVE_VARIANCE * mean_sq {
            return 0.0;
        }
        ((x - self.anchor) - mean_offset) / variance.sqrt()
    }
}

impl Indicator for ZScore {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.next(self.source.pick(bar));
    }

    fn reset(&mut self) {
        self.window.clear();
        self.anchor = 0.0;
        self.sum = 0.0;
        self.sum_sq = 0.0;
        self.since_rebuild = 0;
    }

    fn warmup(&self) -> usize {
        self.length - 1
    }

    fn n_outputs(&self) -> usize {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testutil::{assert_batch_equals_incremental, assert_warmup_boundary, flat, run, walk};

    fn naive(xs: &[f64], i: usize, n: usize) -> f64 {
        let w = &xs[i + 1 - n..=i];
        let mean = w.iter().sum::<f64>() / n as f64;
        let var = w.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n as f64;
        if w.iter().all(|v| *v == w[0]) {
            0.0
        } else {
            (xs[i] - mean) / var.sqrt()
        }
    }

    #[test]
    fn hand_computed() {
        // length 4 over 2,4,4,6: mean 4, var 2 -> z = (6-4)/√2 = √2; then 4,4,6,2: mean 4, var 2 -> z = -√2
        let mut z = ZScore::new(&[4.0], Source::Close).unwrap();
        let got: Vec<f64> = [2.0, 4.0, 4.0, 6.0, 2.0].iter().map(|x| z.next(*x)).collect();
        assert!(got[..3].iter().all(|v| v.is_nan()));
        assert!((got[3] - 2.0f64.sqrt()).abs() < 1e-15);
        assert!((got[4] + 2.0f64.sqrt()).abs() < 1e-15);
    }

    #[test]
    fn matches_two_pass_at_btc_prices() {
        // A 0.1-tick move at 64k: the naive E[x²]-E[x]² loses it, the anchored sums keep it.
        let mut xs: Vec<f64> = walk(2000, 21).iter().map(|b| (b.close * 640.0).round() / 10.0 + 64_000.0).collect();
        for x in xs.iter_mut().skip(1000).take(40) {
            *x = 64_123.4;
        }
        xs[1030] = 64_123.5;
        let mut z = ZScore::new(&[20.0], Source::Close).unwrap();
        for (i, x) in xs.iter().enumerate() {
            let got = z.next(*x);
            if i >= 19 {
                assert!((got - naive(&xs, i, 20)).abs() < 1e-6, "bar {}: {} vs {}", i, got, naive(&xs, i, 20));
            }
        }
    }

    #[test]
    fn batch_reset_flat_params() {
        let mut z = ZScore::new(&[20.0], Source::Close).unwrap();
        assert_batch_equals_incremental(&mut z, &walk(500, 18));
        assert_warmup_boundary(&mut z, &walk(100, 18));
        assert!(run(&mut z, &flat(50, 64_000.1, 1.0))[0][19..].iter().all(|v| *v == 0.0));
        let e = ZScore::new(&[1.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "zscore.length must be an integer in [2, 100000] (got 1)");
    }
}
