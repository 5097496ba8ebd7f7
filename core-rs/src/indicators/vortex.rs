//! Vortex indicator (Botes & Siepman 2010, the original definition; TA-Lib has none):
//! VM+ = |high - previous low|, VM- = |low - previous high|, TR = true range, and
//! plus = sum(VM+, length) / sum(TR, length), minus = sum(VM-, length) / sum(TR, length).
//! Bar 0 has no previous bar, so the first window is bars 1..length: first valid index `length`
//! (TradingView's built-in gives the same). Sums are rolling (rolling_sum.rs). When the TR sum
//! is 0 (flat input) both outputs are 0 instead of 0/0.
use crate::bar::Bar;
use crate::error::CoreResult;
use crate::indicators::rolling_sum::RollingSum;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::true_range::true_range;
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 1.0, 100000.0, 14.0, "bars summed")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "vortex",
    title: "Vortex Indicator",
    family: "trend",
    params: PARAMS,
    outputs: &["plus", "minus"],
    inputs: Inputs::Fixed(&["high", "low", "close"]),
    convention: "original",
    warmup: "length",
    make: |p, _| Ok(Box::new(Vortex::new(p)?)),
};

#[derive(Clone, Debug)]
pub struct Vortex {
    length: usize,
    has_prev: bool,
    prev_high: f64,
    prev_low: f64,
    prev_close: f64,
    plus_vm: RollingSum,
    minus_vm: RollingSum,
    tr: RollingSum,
}

impl Vortex {
    pub fn new(params: &[f64]) -> CoreResult<Vortex> {
        check_params("vortex", PARAMS, params)?;
        let length = params[0] as usize;
        Ok(Vortex {
            length,
            has_prev: false,
            prev_high: 0.0,
            prev_low: 0.0,
            prev_close: 0.0,
            plus_vm: RollingSum::new(length),
            minus_vm: RollingSum::new(length),
            tr: RollingSum::new(length),
        })
    }
}

impl Indicator for Vortex {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = f64::NAN;
        out[1] = f64::NAN;
        let had_prev = self.has_prev;
        let (prev_high, prev_low, prev_close) = (self.prev_high, self.prev_low, self.prev_close);
        self.has_prev = true;
        self.prev_high = bar.high;
        self.prev_low = bar.low;
        self.prev_close = bar.close;
        if !had_prev {
            return;
        }
        let plus = self.plus_vm.next((bar.high - prev_low).abs());
        let minus = self.minus_vm.next((bar.low - prev_high).abs());
        let tr = self.tr.next(true_range(bar.high, bar.low, prev_close));
        if tr.is_nan() {
            return;
        }
        if tr == 0.0 {
            out[0] = 0.0;
            out[1] = 0.0;
        } else {
            out[0] = plus / tr;
            out[1] = minus / tr;
        }
    }

    fn reset(&mut self) {
        self.has_prev = false;
        self.plus_vm.clear();
        self.minus_vm.clear();
        self.tr.clear();
    }

    fn warmup(&self) -> usize {
        self.length
    }

    fn n_outputs(&self) -> usize {
        2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testkit::{assert_warmup, flat, hlc, run};
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};

    #[test]
    fn hand_computed() {
        // length 2. Bars (h, l, c): 0 (10, 8, 9), 1 (12, 9, 11), 2 (11, 7, 8).
        // bar 1: VM+ |12-8| = 4, VM- |9-10| = 1, TR max(3, 3, 0) = 3.
        // bar 2: VM+ |11-9| = 2, VM- |7-12| = 5, TR max(4, 0, 4) = 4.
        // plus = 6/7, minus = 6/7.
        let bars = hlc(&[(10.0, 8.0, 9.0), (12.0, 9.0, 11.0), (11.0, 7.0, 8.0)]);
        let mut v = Vortex::new(&[2.0]).unwrap();
        let got = run(&mut v, &bars);
        assert!(got[0][1].is_nan() && got[1][1].is_nan());
        assert_eq!((got[0][2], got[1][2]), (6.0 / 7.0, 6.0 / 7.0));
    }

    #[test]
    fn flat_input_is_zero() {
        let mut v = Vortex::new(&[14.0]).unwrap();
        let got = run(&mut v, &flat(40, 1.3));
        assert!(got[0][14..].iter().chain(got[1][14..].iter()).all(|x| *x == 0.0));
    }

    #[test]
    fn warmup_and_batch_equals_incremental() {
        let mut v = Vortex::new(&[14.0]).unwrap();
        assert_eq!(v.warmup(), 14);
        assert_warmup(&mut v, &walk(100, 3));
        assert_batch_equals_incremental(&mut v, &walk(500, 26));
    }

    #[test]
    fn rejects_zero_length() {
        let e = Vortex::new(&[0.0]).unwrap_err();
        assert_eq!(e.message, "vortex.length must be an integer in [1, 100000] (got 0)");
    }
}
