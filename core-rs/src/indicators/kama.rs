//! Kaufman adaptive moving average (TA-Lib KAMA; TA-Lib hard-codes fast 2 / slow 30, which are our
//! defaults). Efficiency ratio ER = |x - x[length]| / Σ|Δx| over `length` bars; smoothing
//! sc = (ER·(2/(fast+1) - 2/(slow+1)) + 2/(slow+1))²; kama += (x - kama)·sc, seeded with the previous
//! bar's price. First valid index `length`. TA-Lib quirks kept: ER = 1 when Σ|Δx| <= the *signed*
//! period change or |Σ|Δx|| < 1e-14 (so a flat series gives ER 1 and KAMA equal to the price).
use crate::bar::{Bar, Source};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::indicators::ring::RingBuffer;
use crate::indicators::rolling_variance::TALIB_EPSILON;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[
    int_param("length", 2.0, 100000.0, 10.0, "efficiency-ratio period"),
    int_param("fast", 1.0, 1000.0, 2.0, "fastest EMA period (sc at ER = 1); must be < slow"),
    int_param("slow", 2.0, 10000.0, 30.0, "slowest EMA period (sc at ER = 0)"),
];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "kama",
    title: "Kaufman Adaptive Moving Average",
    family: "moving_average",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Source(Source::Close),
    convention: "ta-lib",
    warmup: "length",
    make: |p, s| Ok(Box::new(KaufmanAdaptiveMovingAverage::new(p, s)?)),
};


#[derive(Clone, Debug)]
pub struct KaufmanAdaptiveMovingAverage {
    length: usize,
    source: Source,
    const_max: f64,
    const_diff: f64,
    /// The last length+1 inputs: get(0) is x, get(length) is x[length bars ago].
    window: RingBuffer,
    seen: usize,
    sum_roc1: f64,
    /// x[length+1 bars ago] as TA-Lib's saved `trailingValue`.
    trailing: f64,
    kama: f64,
}

impl KaufmanAdaptiveMovingAverage {
    pub fn new(params: &[f64], source: Source) -> CoreResult<KaufmanAdaptiveMovingAverage> {
        check_params("kama", PARAMS, params)?;
        let (length, fast, slow) = (params[0] as usize, params[1], params[2]);
        if fast >= slow {
            return Err(CoreError::new(
                ErrorCode::InvalidParam,
                format!("kama.fast must be less than kama.slow (got fast {}, slow {})", fast, slow),
            ));
        }
        let const_max = 2.0 / (slow + 1.0);
        let const_diff = 2.0 / (fast + 1.0) - const_max;
        Ok(KaufmanAdaptiveMovingAverage {
            length,
            source,
            const_max,
            const_diff,
            window: RingBuffer::new(length + 1),
            seen: 0,
            sum_roc1: 0.0,
            trailing: 0.0,
            kama: f64::NAN,
        })
    }

    #[inline(always)]
    fn smooth(&mut self, x: f64, period_roc: f64) -> f64 {
        let er = if self.sum_roc1 <= period_roc || (-TALIB_EPSILON < self.sum_roc1 && self.sum_roc1 < TALIB_EPSILON) {
            1.0
        } else {
            (period_roc / self.sum_roc1).abs()
        };
        let mut sc = er * self.const_diff + self.const_max;
        sc *= sc;
        self.kama = (x - self.kama) * sc + self.kama;
        self.kama
    }

    #[inline(always)]
    pub fn next(&mut self, x: f64) -> f64 {
        self.window.push(x);
        self.seen += 1;
        if self.seen == 1 {
            return f64::NAN;
        }
        let prev = self.window.get(1);
        if self.seen <= self.length {
            self.sum_roc1 += (prev - x).abs();
            return f64::NAN;
        }
        let oldest = self.window.get(self.length);
        let period_roc = x - oldest;
        if self.seen == self.length + 1 {
            // First output (bar `length`): finish the seed sum, start from yesterday's price.
            self.sum_roc1 += (prev - x).abs();
            self.kama = prev;
        } else {
            self.sum_roc1 -= (self.trailing - oldest).abs();
            self.sum_roc1 += (x - prev).abs();
        }
        self.trailing = oldest;
        self.smooth(x, period_roc)
    }
}

impl Indicator for KaufmanAdaptiveMovingAverage {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.next(self.source.pick(bar));
    }

    fn reset(&mut self) {
        self.window.clear();
        self.seen = 0;
        self.sum_roc1 = 0.0;
        self.trailing = 0.0;
        self.kama = f64::NAN;
    }

    fn warmup(&self) -> usize {
        self.length
    }

    fn n_outputs(&self) -> usize {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testutil::{assert_batch_equals_incremental, assert_warmup_boundary, flat, run, walk};

    fn kama(params: &[f64], xs: &[f64]) -> Vec<f64> {
        let mut k = KaufmanAdaptiveMovingAverage::new(params, Source::Close).unwrap();
        xs.iter().map(|x| k.next(*x)).collect()
    }

    #[test]
    fn hand_computed() {
        // length 2, fast 2, slow 30. x = 10, 11, 13, 12.
        // bar2: Σ|Δ| = 1 + 2 = 3, change 13-10 = 3 -> Σ <= change -> ER 1 -> sc = (2/3)² = 4/9;
        //       kama = 11 + (13-11)·4/9 = 11.888..
        // bar3: Σ = 3 - |10-11| + |12-13| = 3, change 12-11 = 1 -> ER 1/3;
        //       sc = (1/3·(2/3 - 2/31) + 2/31)²; kama += (12 - kama)·sc
        let got = kama(&[2.0, 2.0, 30.0], &[10.0, 11.0, 13.0, 12.0]);
        assert!(got[0].is_nan() && got[1].is_nan());
        let k2 = 11.0 + 2.0 * (4.0 / 9.0);
        assert!((got[2] - k2).abs() < 1e-12, "{}", got[2]);
        let c_max: f64 = 2.0 / 31.0;
        let sc: f64 = (1.0 / 3.0 * (2.0 / 3.0 - c_max) + c_max).powi(2);
        assert!((got[3] - (k2 + (12.0 - k2) * sc)).abs() < 1e-12, "{}", got[3]);
    }

    #[test]
    fn falling_prices_use_the_ratio_not_the_quirk() {
        // x = 13, 12, 10: Σ|Δ| = 3, change -3 -> ER |-3/3| = 1 -> kama = 12 + (10-12)·4/9
        let got = kama(&[2.0, 2.0, 30.0], &[13.0, 12.0, 10.0]);
        assert!((got[2] - (12.0 - 8.0 / 9.0)).abs() < 1e-12);
    }

    #[test]
    fn batch_reset_flat_params() {
        let mut k = KaufmanAdaptiveMovingAverage::new(&[10.0, 2.0, 30.0], Source::Close).unwrap();
        assert_batch_equals_incremental(&mut k, &walk(500, 10));
        assert_warmup_boundary(&mut k, &walk(100, 10));
        assert_eq!(run(&mut k, &flat(40, 55.5, 1.0))[0][39], 55.5);
        let e = KaufmanAdaptiveMovingAverage::new(&[10.0, 30.0, 30.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "kama.fast must be less than kama.slow (got fast 30, slow 30)");
        let e = KaufmanAdaptiveMovingAverage::new(&[1.0, 2.0, 30.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "kama.length must be an integer in [2, 100000] (got 1)");
    }
}
