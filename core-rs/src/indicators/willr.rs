//! Williams %R (TA-Lib WILLR): (highest - close) / ((highest - lowest) / -100) over `length` bars,
//! in TA-Lib's operation order; range [-100, 0] (a close at the high gives -0.0, as in TA-Lib).
//! 0 when highest == lowest (flat input gives 0). First valid index length - 1.
//! Rolling extremes: monotonic deques (amortised O(1)).
use crate::bar::Bar;
use crate::error::CoreResult;
use crate::indicators::rolling_extreme::{Extreme, RollingExtreme};
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 2.0, 100000.0, 14.0, "bars in the highest-high / lowest-low window")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "willr",
    title: "Williams %R",
    family: "momentum",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Fixed(&["high", "low", "close"]),
    convention: "ta-lib",
    warmup: "length - 1",
    make: |p, _| Ok(Box::new(WilliamsR::new(p)?)),
};

#[derive(Clone, Debug)]
pub struct WilliamsR {
    length: usize,
    highest: RollingExtreme,
    lowest: RollingExtreme,
}

impl WilliamsR {
    pub fn new(params: &[f64]) -> CoreResult<WilliamsR> {
        check_params("willr", PARAMS, params)?;
        let length = params[0] as usize;
        Ok(WilliamsR {
            length,
            highest: RollingExtreme::new(length, Extreme::Max),
            lowest: RollingExtreme::new(length, Extreme::Min),
        })
    }
}

impl Indicator for WilliamsR {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        self.highest.push(bar.high);
        self.lowest.push(bar.low);
        if !self.highest.is_full() {
            out[0] = f64::NAN;
            return;
        }
        let highest = self.highest.value();
        let diff = (highest - self.lowest.value()) / -100.0;
        out[0] = if diff != 0.0 { (highest - bar.close) / diff } else { 0.0 };
    }

    fn reset(&mut self) {
        self.highest.clear();
        self.lowest.clear();
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
    use crate::indicators::testkit::{assert_close, assert_warmup, flat, hlc, run};
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};

    #[test]
    fn hand_computed() {
        // length 2. bar 1: HH 12, LL 8, close 11 -> (12-11)/((12-8)/-100) = -25.
        // bar 2: HH 14, LL 9, close 9 -> (14-9)/(-5/100) = -100. bar 3: HH 14 LL 10 close 14 -> -0.
        let bars = hlc(&[(10.0, 8.0, 9.0), (12.0, 9.0, 11.0), (14.0, 10.0, 9.0), (13.0, 11.0, 14.0)]);
        let mut w = WilliamsR::new(&[2.0]).unwrap();
        let got = run(&mut w, &bars)[0].clone();
        assert!(got[0].is_nan());
        assert_close(got[1], -25.0);
        assert_close(got[2], -100.0);
        assert_eq!(got[3], 0.0);
    }

    #[test]
    fn flat_input_is_zero() {
        let mut w = WilliamsR::new(&[14.0]).unwrap();
        assert!(run(&mut w, &flat(30, 9.9))[0][13..].iter().all(|v| *v == 0.0));
    }

    #[test]
    fn warmup_and_batch_equals_incremental() {
        let mut w = WilliamsR::new(&[14.0]).unwrap();
        assert_eq!(w.warmup(), 13);
        assert_warmup(&mut w, &walk(100, 3));
        assert_batch_equals_incremental(&mut w, &walk(500, 13));
    }

    #[test]
    fn rejects_length_one() {
        let e = WilliamsR::new(&[1.0]).unwrap_err();
        assert_eq!(e.message, "willr.length must be an integer in [2, 100000] (got 1)");
    }
}
