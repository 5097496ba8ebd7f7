//! True range: the helper `true_range(high, low, prev_close)` in TA-Lib's exact order (start from
//! high-low, then replace by |prev_close-high| and |prev_close-low| when strictly greater), and the
//! `tr` indicator (TA-Lib TRANGE): no value at bar 0 because there is no previous close.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::spec::{check_params, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

/// Greatest of high-low, |prev_close-high|, |prev_close-low| (TA-Lib TRANGE order).
#[inline(always)]
pub fn true_range(high: f64, low: f64, prev_close: f64) -> f64 {
    let mut greatest = high - low;
    let val2 = (prev_close - high).abs();
    if val2 > greatest {
        greatest = val2;
    }
    let val3 = (prev_close - low).abs();
    if val3 > greatest {
        greatest = val3;
    }
    greatest
}

pub const PARAMS: &[ParamSpec] = &[];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "tr",
    title: "True Range",
    family: "volatility",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Fixed(&["high", "low", "close"]),
    convention: "ta-lib",
    warmup: "1",
    make: |p, s| Ok(Box::new(TrueRange::new(p, s)?)),
};

/// TA-Lib TRANGE as an indicator. Keeps only the previous close.
#[derive(Clone, Debug)]
pub struct TrueRange {
    prev_close: f64,
    seen: bool,
}

impl TrueRange {
    pub fn new(params: &[f64], _source: Source) -> CoreResult<TrueRange> {
        check_params("tr", PARAMS, params)?;
        Ok(TrueRange { prev_close: f64::NAN, seen: false })
    }
}

impl Indicator for TrueRange {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = if self.seen { true_range(bar.high, bar.low, self.prev_close) } else { f64::NAN };
        self.prev_close = bar.close;
        self.seen = true;
    }

    fn reset(&mut self) {
        self.prev_close = f64::NAN;
        self.seen = false;
    }

    fn warmup(&self) -> usize {
        1
    }

    fn n_outputs(&self) -> usize {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testutil::{assert_batch_equals_incremental, bar, flat, walk};

    #[test]
    fn helper_picks_the_greatest() {
        assert_eq!(true_range(10.0, 8.0, 9.0), 2.0); // inside bar: high-low
        assert_eq!(true_range(10.0, 8.0, 5.0), 5.0); // gap up: |5-10|
        assert_eq!(true_range(10.0, 8.0, 13.0), 5.0); // gap down: |13-8|
    }

    #[test]
    fn hand_computed() {
        // bar0 no value; bar1 h12 l9 pc10 -> max(3, 2, 1) = 3; bar2 h11 l10.5 pc11.5 -> max(0.5, 0.5, 1) = 1
        let mut t = TrueRange::new(&[], Source::Close).unwrap();
        let bars = [bar(10.0, 11.0, 9.0, 10.0, 1.0), bar(10.0, 12.0, 9.0, 11.5, 1.0), bar(11.0, 11.0, 10.5, 10.5, 1.0)];
        let mut out = [0.0];
        t.update(&bars[0], &mut out);
        assert!(out[0].is_nan());
        t.update(&bars[1], &mut out);
        assert_eq!(out[0], 3.0);
        t.update(&bars[2], &mut out);
        assert_eq!(out[0], 1.0);
    }

    #[test]
    fn batch_reset_flat_params() {
        let mut t = TrueRange::new(&[], Source::Close).unwrap();
        assert_batch_equals_incremental(&mut t, &walk(300, 5));
        let mut out = [0.0];
        t.reset();
        for b in flat(5, 100.0, 1.0) {
            t.update(&b, &mut out);
        }
        assert_eq!(out[0], 0.0);
        assert_eq!(TrueRange::new(&[1.0], Source::Close).unwrap_err().message, "tr takes 0 params, got 1");
    }
}
