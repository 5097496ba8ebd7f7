//! Double exponential moving average (TA-Lib DEMA): 2·EMA1 - EMA2 where EMA2 = EMA(EMA1), both
//! SMA-seeded with alpha 2/(length+1); first valid index 2·(length-1). The combine is
//! `(2.0 * ema1) - ema2` as in TA-Lib. Length >= 2 (TA-Lib's minimum).
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::ema::ExponentialMovingAverage;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 2.0, 100000.0, 20.0, "EMA period; alpha = 2/(length+1)")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "dema",
    title: "Double Exponential Moving Average",
    family: "moving_average",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Source(Source::Close),
    convention: "ta-lib",
    warmup: "2 * (length - 1)",
    make: |p, s| Ok(Box::new(DoubleExponentialMovingAverage::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct DoubleExponentialMovingAverage {
    length: usize,
    source: Source,
    ema1: ExponentialMovingAverage,
    ema2: ExponentialMovingAverage,
}

impl DoubleExponentialMovingAverage {
    pub fn new(params: &[f64], source: Source) -> CoreResult<DoubleExponentialMovingAverage> {
        check_params("dema", PARAMS, params)?;
        let length = params[0] as usize;
        let alpha = 2.0 / (length as f64 + 1.0);
        Ok(DoubleExponentialMovingAverage {
            length,
            source,
            ema1: ExponentialMovingAverage::with_alpha(length, alpha, source),
            ema2: ExponentialMovingAverage::with_alpha(length, alpha, source),
        })
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
        (2.0 * e1) - e2
    }
}

impl Indicator for DoubleExponentialMovingAverage {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.next(self.source.pick(bar));
    }

    fn reset(&mut self) {
        self.ema1.clear();
        self.ema2.clear();
    }

    fn warmup(&self) -> usize {
        2 * (self.length - 1)
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
        // length 2, alpha 2/3. x = 1, 4, 7, 10.
        // EMA1: bar1 seed (1+4)/2 = 2.5; bar2 2.5 + (7-2.5)*2/3 = 5.5; bar3 5.5 + 4.5*2/3 = 8.5
        // EMA2 over EMA1: bar2 seed (2.5+5.5)/2 = 4; bar3 4 + (8.5-4)*2/3 = 7
        // DEMA: bar2 2*5.5 - 4 = 7; bar3 2*8.5 - 7 = 10 (a straight line is tracked without lag)
        let mut d = DoubleExponentialMovingAverage::new(&[2.0], Source::Close).unwrap();
        let got: Vec<f64> = [1.0, 4.0, 7.0, 10.0].iter().map(|x| d.next(*x)).collect();
        assert!(got[0].is_nan() && got[1].is_nan());
        assert_eq!(&got[2..], &[7.0, 10.0]);
    }

    #[test]
    fn batch_reset_flat_params() {
        let mut d = DoubleExponentialMovingAverage::new(&[20.0], Source::Close).unwrap();
        assert_batch_equals_incremental(&mut d, &walk(500, 4));
        assert_warmup_boundary(&mut d, &walk(100, 4));
        assert_eq!(run(&mut d, &flat(60, 7.25, 1.0))[0][59], 7.25);
        let e = DoubleExponentialMovingAverage::new(&[2.5], Source::Close).unwrap_err();
        assert_eq!(e.message, "dema.length must be an integer in [2, 100000] (got 2.5)");
        let e = DoubleExponentialMovingAverage::new(&[1.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "dema.length must be an integer in [2, 100000] (got 1)");
    }
}
