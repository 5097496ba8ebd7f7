//! TRIX (TA-Lib TRIX): 1-bar rate of change in percent of a triple EMA (alpha 2/(length+1)).
//! Each EMA is seeded with the SMA of the first `length` values of its input, as TA-Lib chains
//! INT_EMA three times; the ROC step is TA-Lib's `((x / prev) - 1) * 100`, 0 when prev is 0.
//! Flat input gives 0. First valid index 3 * (length - 1) + 1. length >= 2: TA-Lib accepts 1 but
//! then returns garbage (begIndex 0, values read outside its buffer), so there is nothing to match.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::ema::ExponentialMovingAverage;
use crate::indicators::roc::roc_percent;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 2.0, 100000.0, 18.0, "period of each of the three EMAs")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "trix",
    title: "TRIX (rate of change of a triple EMA)",
    family: "momentum",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Source(Source::Close),
    convention: "ta-lib",
    warmup: "3 * (length - 1) + 1",
    make: |p, s| Ok(Box::new(Trix::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct Trix {
    length: usize,
    source: Source,
    ema1: ExponentialMovingAverage,
    ema2: ExponentialMovingAverage,
    ema3: ExponentialMovingAverage,
    /// Previous triple-EMA value, NaN until the first one.
    prev: f64,
}

impl Trix {
    pub fn new(params: &[f64], source: Source) -> CoreResult<Trix> {
        check_params("trix", PARAMS, params)?;
        let length = params[0] as usize;
        let ema = || ExponentialMovingAverage::with_alpha(length, 2.0 / (length as f64 + 1.0), Source::Close);
        Ok(Trix { length, source, ema1: ema(), ema2: ema(), ema3: ema(), prev: f64::NAN })
    }
}

impl Indicator for Trix {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = f64::NAN;
        let e1 = self.ema1.next(self.source.pick(bar));
        if e1.is_nan() {
            return;
        }
        let e2 = self.ema2.next(e1);
        if e2.is_nan() {
            return;
        }
        let e3 = self.ema3.next(e2);
        if e3.is_nan() {
            return;
        }
        let prev = self.prev;
        self.prev = e3;
        if !prev.is_nan() {
            out[0] = roc_percent(e3, prev);
        }
    }

    fn reset(&mut self) {
        self.ema1.clear();
        self.ema2.clear();
        self.ema3.clear();
        self.prev = f64::NAN;
    }

    fn warmup(&self) -> usize {
        3 * (self.length - 1) + 1
    }

    fn n_outputs(&self) -> usize {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testkit::{assert_close, assert_warmup, closes, flat, run};
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};

    #[test]
    fn hand_computed() {
        // length 2 (alpha 2/3) on 1,3,5,7,9: ema1 = 2 (bar 1), 4, 6, 8; ema2 = 3 (bar 2), 5, 7;
        // ema3 = 4 (bar 3), 6 (bar 4) -> TRIX at bar 4 = (6/4 - 1)*100 = 50.
        let mut t2 = Trix::new(&[2.0], Source::Close).unwrap();
        let got2 = run(&mut t2, &closes(&[1.0, 3.0, 5.0, 7.0, 9.0]))[0].clone();
        assert!(got2[3].is_nan());
        assert_close(got2[4], 50.0);
    }

    #[test]
    fn flat_input_is_zero() {
        let mut t = Trix::new(&[18.0], Source::Close).unwrap();
        assert!(run(&mut t, &flat(80, 3.0))[0][52..].iter().all(|v| *v == 0.0));
    }

    #[test]
    fn warmup_and_batch_equals_incremental() {
        let mut t = Trix::new(&[18.0], Source::Close).unwrap();
        assert_eq!(t.warmup(), 52);
        assert_warmup(&mut t, &walk(150, 3));
        assert_batch_equals_incremental(&mut t, &walk(500, 18));
    }

    #[test]
    fn rejects_length_one() {
        let e = Trix::new(&[1.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "trix.length must be an integer in [2, 100000] (got 1)");
    }
}
