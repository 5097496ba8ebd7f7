//! Simple moving average (TA-Lib SMA): running sum over a ring buffer; first valid index length-1.
//! The float operation order mirrors TA-Lib (add newest, divide, subtract oldest) so values match bit for bit.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::ring::RingBuffer;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 1.0, 100000.0, 20.0, "bars averaged")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "sma",
    title: "Simple Moving Average",
    family: "moving_average",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Source(Source::Close),
    convention: "ta-lib",
    warmup: "length - 1",
    make: |p, s| Ok(Box::new(SimpleMovingAverage::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct SimpleMovingAverage {
    length: usize,
    source: Source,
    window: RingBuffer,
    sum: f64,
}

impl SimpleMovingAverage {
    pub fn new(params: &[f64], source: Source) -> CoreResult<SimpleMovingAverage> {
        check_params("sma", PARAMS, params)?;
        let length = params[0] as usize;
        Ok(SimpleMovingAverage { length, source, window: RingBuffer::new(length), sum: 0.0 })
    }

    /// Core step on a raw value, reused by indicators built on an SMA. NaN until `length` values.
    /// TA-Lib order: add the newest, divide, then drop the oldest of the window from the sum.
    #[inline(always)]
    pub fn next(&mut self, x: f64) -> f64 {
        self.sum += x;
        self.window.push(x);
        if !self.window.is_full() {
            return f64::NAN;
        }
        let value = self.sum / self.length as f64;
        self.sum -= self.window.oldest();
        value
    }

    pub fn clear(&mut self) {
        self.window.clear();
        self.sum = 0.0;
    }
}

impl Indicator for SimpleMovingAverage {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.next(self.source.pick(bar));
    }

    fn reset(&mut self) {
        self.clear();
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
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};

    #[test]
    fn hand_computed() {
        let mut s = SimpleMovingAverage::new(&[3.0], Source::Close).unwrap();
        let xs = [1.0, 2.0, 3.0, 4.0, 10.0];
        let got: Vec<f64> = xs.iter().map(|x| s.next(*x)).collect();
        assert!(got[0].is_nan() && got[1].is_nan());
        assert_eq!(&got[2..], &[2.0, 3.0, 17.0 / 3.0]);
    }

    #[test]
    fn rejects_zero_length() {
        let e = SimpleMovingAverage::new(&[0.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "sma.length must be an integer in [1, 100000] (got 0)");
    }

    #[test]
    fn batch_equals_incremental() {
        let mut s = SimpleMovingAverage::new(&[14.0], Source::Hlc3).unwrap();
        assert_batch_equals_incremental(&mut s, &walk(500, 7));
    }
}
