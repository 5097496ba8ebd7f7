//! Rate of change in percent (TA-Lib ROC): ((x / x[length bars ago]) - 1) * 100, in that
//! operation order; 0 when the old value is 0. Flat input gives 0. First valid index `length`.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::ring::RingBuffer;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 1.0, 100000.0, 10.0, "bars back to the compared value")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "roc",
    title: "Rate of Change (percent)",
    family: "momentum",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Source(Source::Close),
    convention: "ta-lib",
    warmup: "length",
    make: |p, s| Ok(Box::new(RateOfChange::new(p, s)?)),
};

/// TA-Lib's ROC step: `((x / old) - 1) * 100`, 0 when `old` is 0.
#[inline(always)]
pub fn roc_percent(x: f64, old: f64) -> f64 {
    if old != 0.0 {
        ((x / old) - 1.0) * 100.0
    } else {
        0.0
    }
}

#[derive(Clone, Debug)]
pub struct RateOfChange {
    length: usize,
    source: Source,
    /// The last length + 1 values: get(length) is the value `length` bars ago.
    window: RingBuffer,
}

impl RateOfChange {
    pub fn new(params: &[f64], source: Source) -> CoreResult<RateOfChange> {
        check_params("roc", PARAMS, params)?;
        let length = params[0] as usize;
        Ok(RateOfChange { length, source, window: RingBuffer::new(length + 1) })
    }
}

impl Indicator for RateOfChange {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let x = self.source.pick(bar);
        self.window.push(x);
        out[0] = if self.window.is_full() { roc_percent(x, self.window.get(self.length)) } else { f64::NAN };
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
        // length 2: bar 2: (5/4 - 1)*100 = 25; bar 3: (2/8 - 1)*100 = -75; bar 4: (0/5 - 1)*100 = -100;
        // bar 5: (3/2 - 1)*100 = 50; bar 6: the old value is 0 -> 0 by TA-Lib's convention.
        let mut r = RateOfChange::new(&[2.0], Source::Close).unwrap();
        let got = run(&mut r, &closes(&[4.0, 8.0, 5.0, 2.0, 0.0, 3.0, 7.0]))[0].clone();
        assert!(got[1].is_nan());
        assert_eq!(&got[2..], &[25.0, -75.0, -100.0, 50.0, 0.0]);
    }

    #[test]
    fn flat_input_is_zero() {
        let mut r = RateOfChange::new(&[10.0], Source::Close).unwrap();
        assert!(run(&mut r, &flat(30, 1.7))[0][10..].iter().all(|v| *v == 0.0));
    }

    #[test]
    fn warmup_and_batch_equals_incremental() {
        let mut r = RateOfChange::new(&[10.0], Source::Close).unwrap();
        assert_eq!(r.warmup(), 10);
        assert_warmup(&mut r, &walk(50, 3));
        assert_batch_equals_incremental(&mut r, &walk(500, 14));
    }

    #[test]
    fn rejects_zero_length() {
        let e = RateOfChange::new(&[0.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "roc.length must be an integer in [1, 100000] (got 0)");
    }
}
