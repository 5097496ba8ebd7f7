//! Slow stochastic (TA-Lib STOCH with SMA smoothing for both %K and %D).
//! fast %K = (close - lowest low) / ((highest high - lowest low) / 100) over `k_length` bars, in
//! TA-Lib's operation order, and 0 when highest == lowest (flat input gives 0);
//! slow %K = SMA(fast %K, k_smooth); %D = SMA(slow %K, d_length).
//! TA-Lib holds both outputs back to the %D start: first valid index
//! k_length + k_smooth + d_length - 3 (17 for 14/3/3). Rolling extremes: monotonic deques.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::rolling_extreme::{Extreme, RollingExtreme};
use crate::indicators::sma::SimpleMovingAverage;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[
    int_param("k_length", 1.0, 100000.0, 14.0, "bars in the highest-high / lowest-low window"),
    int_param("k_smooth", 1.0, 100000.0, 3.0, "SMA period turning fast %K into slow %K"),
    int_param("d_length", 1.0, 100000.0, 3.0, "SMA period of %D over slow %K"),
];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "stoch",
    title: "Stochastic Oscillator (slow)",
    family: "momentum",
    params: PARAMS,
    outputs: &["k", "d"],
    inputs: Inputs::Fixed(&["high", "low", "close"]),
    convention: "ta-lib",
    warmup: "k_length + k_smooth + d_length - 3",
    make: |p, _| Ok(Box::new(Stochastic::new(p)?)),
};

/// Fast %K in TA-Lib's order: `diff = (highest - lowest) / 100`, `(x - lowest) / diff`, 0 if diff is 0.
#[inline(always)]
pub fn fast_k(x: f64, highest: f64, lowest: f64) -> f64 {
    let diff = (highest - lowest) / 100.0;
    if diff != 0.0 {
        (x - lowest) / diff
    } else {
        0.0
    }
}

#[derive(Clone, Debug)]
pub struct Stochastic {
    warmup: usize,
    highest: RollingExtreme,
    lowest: RollingExtreme,
    slow_k: SimpleMovingAverage,
    d: SimpleMovingAverage,
}

impl Stochastic {
    pub fn new(params: &[f64]) -> CoreResult<Stochastic> {
        check_params("stoch", PARAMS, params)?;
        let (k_length, k_smooth, d_length) = (params[0] as usize, params[1] as usize, params[2] as usize);
        Ok(Stochastic {
            warmup: k_length + k_smooth + d_length - 3,
            highest: RollingExtreme::new(k_length, Extreme::Max),
            lowest: RollingExtreme::new(k_length, Extreme::Min),
            slow_k: SimpleMovingAverage::new(&[params[1]], Source::Close)?,
            d: SimpleMovingAverage::new(&[params[2]], Source::Close)?,
        })
    }
}

impl Indicator for Stochastic {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        self.highest.push(bar.high);
        self.lowest.push(bar.low);
        out[0] = f64::NAN;
        out[1] = f64::NAN;
        if !self.highest.is_full() {
            return;
        }
        let k = self.slow_k.next(fast_k(bar.close, self.highest.value(), self.lowest.value()));
        if k.is_nan() {
            return;
        }
        let d = self.d.next(k);
        if d.is_nan() {
            return;
        }
        out[0] = k;
        out[1] = d;
    }

    fn reset(&mut self) {
        self.highest.clear();
        self.lowest.clear();
        self.slow_k.clear();
        self.d.clear();
    }

    fn warmup(&self) -> usize {
        self.warmup
    }

    fn n_outputs(&self) -> usize {
        2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testkit::{assert_close, assert_warmup, flat, hlc, run};
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};

    #[test]
    fn hand_computed() {
        // k_length 2, k_smooth 2, d_length 1 (first valid index 2).
        // bar 1: window highs 10,12 lows 8,9 -> HH 12 LL 8, close 11 -> fast %K = 3/(4/100) = 75
        // bar 2: highs 12,14 lows 9,10 -> HH 14 LL 9, close 10 -> 1/(5/100) = 20; slow %K = (75+20)/2 = 47.5
        // bar 3: highs 14,13 lows 10,11 -> HH 14 LL 10, close 14 -> 100; slow %K = (20+100)/2 = 60
        let bars = hlc(&[(10.0, 8.0, 9.0), (12.0, 9.0, 11.0), (14.0, 10.0, 10.0), (13.0, 11.0, 14.0)]);
        let mut s = Stochastic::new(&[2.0, 2.0, 1.0]).unwrap();
        let got = run(&mut s, &bars);
        assert!(got[0][1].is_nan() && got[1][1].is_nan());
        assert_close(got[0][2], 47.5);
        assert_close(got[0][3], 60.0);
        assert_eq!(got[0][3], got[1][3]); // d_length 1 copies %K
    }

    #[test]
    fn flat_input_is_zero() {
        let mut s = Stochastic::new(&[14.0, 3.0, 3.0]).unwrap();
        let got = run(&mut s, &flat(30, 5.0));
        assert!(got[0][17..].iter().chain(got[1][17..].iter()).all(|v| *v == 0.0));
    }

    #[test]
    fn warmup_and_batch_equals_incremental() {
        let mut s = Stochastic::new(&[14.0, 3.0, 3.0]).unwrap();
        assert_eq!(s.warmup(), 17);
        assert_warmup(&mut s, &walk(100, 2));
        assert_batch_equals_incremental(&mut s, &walk(500, 9));
    }

    #[test]
    fn rejects_zero_smoothing() {
        let e = Stochastic::new(&[14.0, 0.0, 3.0]).unwrap_err();
        assert_eq!(e.message, "stoch.k_smooth must be an integer in [1, 100000] (got 0)");
    }
}
