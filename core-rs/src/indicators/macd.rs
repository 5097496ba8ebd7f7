//! MACD (TA-Lib MACD / INT_MACD). line = EMA(fast) - EMA(slow), signal = EMA(line, signal),
//! hist = line - signal; alphas 2/(n+1). TA-Lib seeds the fast EMA so both EMAs start on the same
//! bar: the fast EMA's SMA seed covers bars slow-fast .. slow-1 (it ignores the first slow-fast
//! bars), and the signal EMA is seeded with the SMA of the first `signal` line values.
//! All three outputs start at slow + signal - 2 (33 for 12/26/9). Like TA-Lib, fast > slow is
//! swapped. Flat input gives 0 for all three. signal >= 2: TA-Lib accepts 1 but its output is
//! then misaligned garbage (it reads an unwritten buffer slot), so there is nothing to match.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::ema::ExponentialMovingAverage;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[
    int_param("fast", 2.0, 100000.0, 12.0, "fast EMA period"),
    int_param("slow", 2.0, 100000.0, 26.0, "slow EMA period (swapped with fast if smaller, as TA-Lib does)"),
    int_param("signal", 2.0, 100000.0, 9.0, "EMA period of the signal line over the MACD line"),
];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "macd",
    title: "Moving Average Convergence Divergence",
    family: "momentum",
    params: PARAMS,
    outputs: &["line", "signal", "hist"],
    inputs: Inputs::Source(Source::Close),
    convention: "ta-lib",
    warmup: "max(fast, slow) + signal - 2",
    make: |p, s| Ok(Box::new(Macd::new(p, s)?)),
};

fn ema(length: usize) -> ExponentialMovingAverage {
    ExponentialMovingAverage::with_alpha(length, 2.0 / (length as f64 + 1.0), Source::Close)
}

#[derive(Clone, Debug)]
pub struct Macd {
    source: Source,
    /// Bars the fast EMA skips so its seed ends on the slow EMA's first bar: slow - fast.
    fast_skip: usize,
    warmup: usize,
    seen: usize,
    fast: ExponentialMovingAverage,
    slow: ExponentialMovingAverage,
    signal: ExponentialMovingAverage,
}

impl Macd {
    pub fn new(params: &[f64], source: Source) -> CoreResult<Macd> {
        check_params("macd", PARAMS, params)?;
        let (a, b, signal) = (params[0] as usize, params[1] as usize, params[2] as usize);
        let (fast, slow) = if b < a { (b, a) } else { (a, b) };
        Ok(Macd {
            source,
            fast_skip: slow - fast,
            warmup: slow + signal - 2,
            seen: 0,
            fast: ema(fast),
            slow: ema(slow),
            signal: ema(signal),
        })
    }
}

impl Indicator for Macd {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let x = self.source.pick(bar);
        let index = self.seen;
        self.seen += 1;
        let slow = self.slow.next(x);
        let fast = if index >= self.fast_skip { self.fast.next(x) } else { f64::NAN };
        out[0] = f64::NAN;
        out[1] = f64::NAN;
        out[2] = f64::NAN;
        if slow.is_nan() {
            return;
        }
        let line = fast - slow;
        let signal = self.signal.next(line);
        if signal.is_nan() {
            return;
        }
        out[0] = line;
        out[1] = signal;
        out[2] = line - signal;
    }

    fn reset(&mut self) {
        self.seen = 0;
        self.fast.clear();
        self.slow.clear();
        self.signal.clear();
    }

    fn warmup(&self) -> usize {
        self.warmup
    }

    fn n_outputs(&self) -> usize {
        3
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testkit::{assert_warmup, closes, flat, run};
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};

    #[test]
    fn hand_computed() {
        // fast 2 (alpha 2/3), slow 3 (alpha 1/2), signal 2 (alpha 2/3); first valid index 3.
        // closes 3,6,9,12,3.
        // slow EMA: seed mean(3,6,9) = 6 at bar 2; bar 3: 6+(12-6)/2 = 9; bar 4: 9+(3-9)/2 = 6.
        // fast EMA skips bar 0: seed mean(6,9) = 7.5 at bar 2; bar 3: 7.5+(12-7.5)*2/3 = 10.5;
        //   bar 4: 10.5+(3-10.5)*2/3 = 5.5.
        // line: bar 2 1.5, bar 3 1.5, bar 4 -0.5. signal: seed mean(1.5,1.5) = 1.5 at bar 3;
        //   bar 4: 1.5+(-0.5-1.5)*2/3 = 0.1666.. ; hist = line - signal.
        let mut m = Macd::new(&[2.0, 3.0, 2.0], Source::Close).unwrap();
        let got = run(&mut m, &closes(&[3.0, 6.0, 9.0, 12.0, 3.0]));
        assert!(got[0][2].is_nan() && got[1][2].is_nan() && got[2][2].is_nan());
        assert_eq!((got[0][3], got[1][3], got[2][3]), (1.5, 1.5, 0.0));
        assert_eq!(got[0][4], -0.5);
        assert_eq!(got[1][4], ((-0.5 - 1.5) * (2.0 / 3.0)) + 1.5);
        assert_eq!(got[2][4], got[0][4] - got[1][4]);
    }

    #[test]
    fn swaps_fast_and_slow_like_ta_lib() {
        let bars = walk(200, 11);
        let a = run(&mut Macd::new(&[12.0, 26.0, 9.0], Source::Close).unwrap(), &bars);
        let b = run(&mut Macd::new(&[26.0, 12.0, 9.0], Source::Close).unwrap(), &bars);
        assert_eq!(format!("{:?}", a), format!("{:?}", b));
    }

    #[test]
    fn flat_input_is_zero() {
        let mut m = Macd::new(&[12.0, 26.0, 9.0], Source::Close).unwrap();
        let got = run(&mut m, &flat(60, 42.5));
        assert!(got.iter().all(|col| col[33..].iter().all(|v| *v == 0.0)));
    }

    #[test]
    fn warmup_and_batch_equals_incremental() {
        let mut m = Macd::new(&[12.0, 26.0, 9.0], Source::Close).unwrap();
        assert_eq!(m.warmup(), 33);
        assert_warmup(&mut m, &walk(100, 1));
        assert_batch_equals_incremental(&mut m, &walk(500, 6));
    }

    #[test]
    fn rejects_signal_one() {
        let e = Macd::new(&[12.0, 26.0, 1.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "macd.signal must be an integer in [2, 100000] (got 1)");
    }
}
