//! Triple exponential moving average (TA-Lib TEMA): 3·EMA1 - 3·EMA2 + EMA3 with EMA2 = EMA(EMA1),
//! EMA3 = EMA(EMA2), all SMA-seeded with alpha 2/(length+1); first valid index 3·(length-1).
//! The combine is `ema3 + (3.0 * ema1 - 3.0 * ema2)` as in TA-Lib. Length >= 2 (TA-Lib's minimum).
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::ema::ExponentialMovingAverage;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 2.0, 100000.0, 20.0, "EMA period; alpha = 2/(length+1)")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "tema",
    title: "Triple Exponential Moving Average",
    family: "moving_average",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Source(Source::Close),
    convention: "ta-lib",
    warmup: "3 * (length - 1)",
    make: |p, s| Ok(Box::new(TripleExponentialMovingAverage::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct TripleExponentialMovingAverage {
    length: usize,
    source: Source,
    ema1: ExponentialMovingAverage,
    ema2: ExponentialMovingAverage,
    ema3: ExponentialMovingAverage,
}

impl TripleExponentialMovingAverage {
    pub fn new(params: &[f64], source: Source) -> CoreResult<TripleExponentialMovingAverage> {
        check_params("tema", PARAMS, params)?;
        let length = params[0] as usize;
        let alpha = 2.0 / (length as f64 + 1.0);
        let ema = || ExponentialMovingAverage::with_alpha(length, alpha, source);
        Ok(TripleExponentialMovingAverage { length, source, ema1: ema(), ema2: ema(), ema3: ema() })
    }

    #[inline(always)]
    pub fn next(&mut self, x: f64) -> f64 {
        let e1 = self.ema1.next(x);
        if e1.is_nan() {
            return f64::NAN;
        }
        let e2 = self.ema2.next(e1);
        if e2.is_nan() {
            return f64::NAN;
        }
        let e3 = self.ema3.next(e2);
        if e3.is_nan() {
            return f64::NAN;
        }
        e3 + (3.0 * e1 - 3.0 * e2)
    }
}

impl Indicator for TripleExponentialMovingAverage {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.next(self.source.pick(bar));
    }

    fn reset(&mut self) {
        self.ema1.clear();
        self.ema2.clear();
        self.ema3.clear();
    }

    fn warmup(&self) -> usize {
        3 * (self.length - 1)
    }

    fn n_outputs(&self) -> usize {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testutil::{assert_batch_equals_incremental, assert_warmup_boundary, flat, run, walk};

    #[test]
    fn hand_computed() {
        // length 2, alpha 2/3, x = 1, 4, 7, 10, 13 (a straight line, slope 3).
        // EMA1: -, 2.5, 5.5, 8.5, 11.5 (lags the line by 1.5)
        // EMA2: -, -, 4, 7, 10; EMA3: -, -, -, (4+7)/2 = 5.5, 5.5 + (10-5.5)*2/3 = 8.5
        // TEMA: bar3 5.5 + (25.5 - 21) = 10; bar4 8.5 + (34.5 - 30) = 13
        let mut t = TripleExponentialMovingAverage::new(&[2.0], Source::Close).unwrap();
        let got: Vec<f64> = [1.0, 4.0, 7.0, 10.0, 13.0].iter().map(|x| t.next(*x)).collect();
        assert!(got[..3].iter().all(|v| v.is_nan()));
        assert_eq!(&got[3..], &[10.0, 13.0]);
    }

    #[test]
    fn batch_reset_flat_params() {
        let mut t = TripleExponentialMovingAverage::new(&[20.0], Source::Close).unwrap();
        assert_batch_equals_incremental(&mut t, &walk(500, 5));
        assert_warmup_boundary(&mut t, &walk(100, 5));
        assert_eq!(run(&mut t, &flat(80, 3.5, 1.0))[0][79], 3.5);
        let e = TripleExponentialMovingAverage::new(&[100001.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "tema.length must be an integer in [2, 100000] (got 100001)");
    }
}
