//! Zero-lag EMA (original Ehlers/Way definition): EMA of 2·x - x[lag] with lag = floor((length-1)/2).
//! The EMA is this crate's SMA-seeded EMA (alpha 2/(length+1)) fed from the first bar where x[lag]
//! exists, so the first valid index is lag + length - 1.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::ema::ExponentialMovingAverage;
use crate::indicators::ring::RingBuffer;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 1.0, 100000.0, 20.0, "EMA period; lag = floor((length-1)/2)")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "zlema",
    title: "Zero-Lag Exponential Moving Average",
    family: "moving_average",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Source(Source::Close),
    convention: "original",
    warmup: "floor((length - 1) / 2) + length - 1",
    make: |p, s| Ok(Box::new(ZeroLagExponentialMovingAverage::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct ZeroLagExponentialMovingAverage {
    length: usize,
    lag: usize,
    source: Source,
    /// The last lag+1 inputs: get(lag) is x[lag bars ago].
    window: RingBuffer,
    ema: ExponentialMovingAverage,
}

impl ZeroLagExponentialMovingAverage {
    pub fn new(params: &[f64], source: Source) -> CoreResult<ZeroLagExponentialMovingAverage> {
        check_params("zlema", PARAMS, params)?;
        let length = params[0] as usize;
        let lag = (length - 1) / 2;
        let ema = ExponentialMovingAverage::with_alpha(length, 2.0 / (length as f64 + 1.0), source);
        Ok(ZeroLagExponentialMovingAverage { length, lag, source, window: RingBuffer::new(lag + 1), ema })
    }

    #[inline(always)]
    pub fn next(&mut self, x: f64) -> f64 {
        self.window.push(x);
        if !self.window.is_full() {
            return f64::NAN;
        }
        self.ema.next(2.0 * x - self.window.get(self.lag))
    }
}

impl Indicator for ZeroLagExponentialMovingAverage {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.next(self.source.pick(bar));
    }

    fn reset(&mut self) {
        self.window.clear();
        self.ema.clear();
    }

    fn warmup(&self) -> usize {
        self.lag + self.length - 1
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
        // length 3: lag 1, alpha 0.5. x = 1, 2, 4, 8, 16 -> de-lagged 2x - x[1] from bar1: 3, 6, 12, 24
        // EMA(3): seed at bar3 (3+6+12)/3 = 7; bar4 7 + (24-7)*0.5 = 15.5
        let mut z = ZeroLagExponentialMovingAverage::new(&[3.0], Source::Close).unwrap();
        let got: Vec<f64> = [1.0, 2.0, 4.0, 8.0, 16.0].iter().map(|x| z.next(*x)).collect();
        assert!(got[..3].iter().all(|v| v.is_nan()));
        assert_eq!(&got[3..], &[7.0, 15.5]);
        assert_eq!(z.warmup(), 3);
    }

    #[test]
    fn batch_reset_flat_params() {
        let mut z = ZeroLagExponentialMovingAverage::new(&[20.0], Source::Close).unwrap();
        assert_eq!(z.warmup(), 28);
        assert_batch_equals_incremental(&mut z, &walk(500, 9));
        assert_warmup_boundary(&mut z, &walk(100, 9));
        assert_eq!(run(&mut z, &flat(60, 9.0, 1.0))[0][59], 9.0);
        let mut one = ZeroLagExponentialMovingAverage::new(&[1.0], Source::Close).unwrap();
        assert_eq!(run(&mut one, &walk(3, 2))[0], walk(3, 2).iter().map(|b| b.close).collect::<Vec<f64>>());
        let e = ZeroLagExponentialMovingAverage::new(&[0.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "zlema.length must be an integer in [1, 100000] (got 0)");
    }
}
