//! Momentum (TA-Lib MOM): x - x[length bars ago]. Flat input gives 0. First valid index `length`.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::ring::RingBuffer;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 1.0, 100000.0, 10.0, "bars back to the compared value")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "mom",
    title: "Momentum",
    family: "momentum",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Source(Source::Close),
    convention: "ta-lib",
    warmup: "length",
    make: |p, s| Ok(Box::new(Momentum::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct Momentum {
    length: usize,
    source: Source,
    /// The last length + 1 values: get(length) is the value `length` bars ago.
    window: RingBuffer,
}

impl Momentum {
    pub fn new(params: &[f64], source: Source) -> CoreResult<Momentum> {
        check_params("mom", PARAMS, params)?;
        let length = params[0] as usize;
        Ok(Momentum { length, source, window: RingBuffer::new(length + 1) })
    }
}

impl Indicator for Momentum {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let x = self.source.pick(bar);
        self.window.push(x);
        out[0] = if self.window.is_full() { x - self.window.get(self.length) } else { f64::NAN };
    }

    fn reset(&mut self) {
        self.window.clear();
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
    use crate::indicators::testkit::{assert_warmup, closes, flat, run};
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};

    #[test]
    fn hand_computed() {
        // length 2: 5-4 = 1, 2-8 = -6, 9-5 = 4.
        let mut m = Momentum::new(&[2.0], Source::Close).unwrap();
        let got = run(&mut m, &closes(&[4.0, 8.0, 5.0, 2.0, 9.0]))[0].clone();
        assert!(got[0].is_nan() && got[1].is_nan());
        assert_eq!(&got[2..], &[1.0, -6.0, 4.0]);
    }

    #[test]
    fn flat_input_is_zero() {
        let mut m = Momentum::new(&[10.0], Source::Close).unwrap();
        assert!(run(&mut m, &flat(30, 1.7))[0][10..].iter().all(|v| *v == 0.0));
    }

    #[test]
    fn warmup_and_batch_equals_incremental() {
        let mut m = Momentum::new(&[10.0], Source::Close).unwrap();
        assert_eq!(m.warmup(), 10);
        assert_warmup(&mut m, &walk(50, 3));
        assert_batch_equals_incremental(&mut m, &walk(500, 15));
    }

    #[test]
    fn rejects_zero_length() {
        let e = Momentum::new(&[0.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "mom.length must be an integer in [1, 100000] (got 0)");
    }
}
