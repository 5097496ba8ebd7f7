//! Average true range (TA-Lib ATR) and normalized ATR (TA-Lib NATR = ATR / close · 100).
//! True range starts at bar 1 (bar 0 has no previous close); Wilder smoothing seeded by the plain
//! average of the first `length` true ranges, so the first value is at bar `length`. NATR is 0.0
//! when |close| < 1e-14 (TA-Lib's TA_IS_ZERO), as in TA-Lib.
use crate::bar::Bar;
use crate::error::CoreResult;
use crate::indicators::rolling_variance::TALIB_EPSILON;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::true_range::true_range;
use crate::indicators::wilder::WilderSmoother;
use crate::indicators::Indicator;

pub const ATR_PARAMS: &[ParamSpec] = &[int_param("length", 1.0, 100000.0, 14.0, "Wilder smoothing period")];
/// NATR starts at 2: TA-Lib's NATR(1) returns the raw true range, not a normalised one.
pub const NATR_PARAMS: &[ParamSpec] = &[int_param("length", 2.0, 100000.0, 14.0, "Wilder smoothing period")];

pub const ATR_SPEC: IndicatorSpec = IndicatorSpec {
    name: "atr",
    title: "Average True Range",
    family: "volatility",
    params: ATR_PARAMS,
    outputs: &["value"],
    inputs: Inputs::Fixed(&["high", "low", "close"]),
    convention: "ta-lib",
    warmup: "length",
    make: |p, _| Ok(Box::new(AverageTrueRange::new("atr", ATR_PARAMS, p, false)?)),
};

pub const NATR_SPEC: IndicatorSpec = IndicatorSpec {
    name: "natr",
    title: "Normalized Average True Range (percent of close)",
    family: "volatility",
    params: NATR_PARAMS,
    outputs: &["value"],
    inputs: Inputs::Fixed(&["high", "low", "close"]),
    convention: "ta-lib",
    warmup: "length",
    make: |p, _| Ok(Box::new(AverageTrueRange::new("natr", NATR_PARAMS, p, true)?)),
};


#[derive(Clone, Debug)]
pub struct AverageTrueRange {
    length: usize,
    normalize: bool,
    prev_close: f64,
    seen: bool,
    wilder: WilderSmoother,
}

impl AverageTrueRange {
    pub fn new(name: &str, specs: &[ParamSpec], params: &[f64], normalize: bool) -> CoreResult<AverageTrueRange> {
        check_params(name, specs, params)?;
        let length = params[0] as usize;
        Ok(AverageTrueRange { length, normalize, prev_close: f64::NAN, seen: false, wilder: WilderSmoother::new(length) })
    }

    #[inline(always)]
    pub fn next(&mut self, bar: &Bar) -> f64 {
        let prev_close = self.prev_close;
        self.prev_close = bar.close;
        if !self.seen {
            self.seen = true;
            return f64::NAN;
        }
        let atr = self.wilder.next(true_range(bar.high, bar.low, prev_close));
        if !self.normalize || atr.is_nan() {
            return atr;
        }
        if -TALIB_EPSILON < bar.close && bar.close < TALIB_EPSILON {
            0.0
        } else {
            atr / bar.close * 100.0
        }
    }
}

impl Indicator for AverageTrueRange {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.next(bar);
    }

    fn reset(&mut self) {
        self.prev_close = f64::NAN;
        self.seen = false;
        self.wilder.clear();
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
    use crate::indicators::testutil::{assert_batch_equals_incremental, assert_warmup_boundary, bar, flat, run, walk};

    fn bars() -> Vec<Bar> {
        // TR from bar 1: bar1 h12 l9 pc10 -> 3; bar2 h11 l10 pc11.5 -> max(1, 0.5, 1.5) = 1.5;
        // bar3 h14 l11 pc10.5 -> max(3, 3.5, 0.5) = 3.5; bar4 h13 l12 pc13.5 -> max(1, 0.5, 1.5) = 1.5
        vec![
            bar(10.0, 11.0, 9.0, 10.0, 1.0),
            bar(10.0, 12.0, 9.0, 11.5, 1.0),
            bar(11.0, 11.0, 10.0, 10.5, 1.0),
            bar(11.0, 14.0, 11.0, 13.5, 1.0),
            bar(13.0, 13.0, 12.0, 12.5, 1.0),
        ]
    }

    #[test]
    fn hand_computed_atr_and_natr() {
        // length 2: seed at bar 2 = (3 + 1.5)/2 = 2.25; bar3 (2.25·1 + 3.5)/2 = 2.875; bar4 (2.875 + 1.5)/2 = 2.1875
        let mut a = AverageTrueRange::new("atr", ATR_PARAMS, &[2.0], false).unwrap();
        let got = run(&mut a, &bars()).remove(0);
        assert!(got[0].is_nan() && got[1].is_nan());
        assert_eq!(&got[2..], &[2.25, 2.875, 2.1875]);
        // NATR = ATR / close · 100: bar2 2.25/10.5·100, bar4 2.1875/12.5·100 = 17.5
        let mut n = AverageTrueRange::new("natr", NATR_PARAMS, &[2.0], true).unwrap();
        let got = run(&mut n, &bars()).remove(0);
        assert_eq!(got[2], 2.25 / 10.5 * 100.0);
        assert_eq!(got[4], 17.5);
    }

    #[test]
    fn batch_reset_flat_params() {
        for normalize in [false, true] {
            let specs = if normalize { NATR_PARAMS } else { ATR_PARAMS };
            let mut a = AverageTrueRange::new("x", specs, &[14.0], normalize).unwrap();
            assert_batch_equals_incremental(&mut a, &walk(500, 12));
            assert_warmup_boundary(&mut a, &walk(100, 12));
            assert_eq!(run(&mut a, &flat(30, 20.0, 1.0))[0][29], 0.0);
        }
        let e = AverageTrueRange::new("natr", NATR_PARAMS, &[1.0], true).unwrap_err();
        assert_eq!(e.message, "natr.length must be an integer in [2, 100000] (got 1)");
        let e = AverageTrueRange::new("atr", ATR_PARAMS, &[], false).unwrap_err();
        assert_eq!(e.message, "atr takes 1 params, got 0");
    }

    #[test]
    fn natr_zero_close_is_zero() {
        let mut n = AverageTrueRange::new("natr", NATR_PARAMS, &[2.0], true).unwrap();
        let mut bs = bars();
        bs[4].close = 0.0;
        assert_eq!(run(&mut n, &bs)[0][4], 0.0);
    }
}
