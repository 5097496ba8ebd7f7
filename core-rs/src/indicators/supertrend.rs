//! SuperTrend (TradingView `ta.supertrend(factor, atrPeriod)`; TA-Lib has none).
//! ATR: Wilder RMA of the true range where bar 0's true range is its high - low (TradingView
//! `ta.tr(true)`), seeded with the SMA of bars 0..length-1 and then advanced as
//! `(tr - prev) * (1/length) + prev` — the operation order of trading-signals' WSMA, the
//! reference this repo checks SuperTrend against (TA-Lib's `((prev*(n-1))+x)/n` in wilder.rs
//! would differ by an ulp now and then). Bands: hl2 -/+ mult * ATR, ratcheted exactly as TV does
//! (the lower band only rises and the upper band only falls while the previous close stays on
//! the trend's side). Direction follows TV's rule but with our sign: +1 = uptrend (value is the
//! lower band), -1 = downtrend (value is the upper band). TradingView's script returns the
//! opposite sign (-1 up, +1 down). The first valid bar uses the raw bands and is a downtrend, as
//! in TV. Flat input: value = the price, direction -1. First valid index length - 1.
use crate::bar::Bar;
use crate::error::CoreResult;
use crate::indicators::spec::{check_params, float_param, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::true_range::true_range;
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[
    int_param("length", 1.0, 100000.0, 10.0, "ATR period (Wilder RMA)"),
    float_param("mult", 0.0, 100.0, 3.0, "ATR multiple added to / subtracted from hl2"),
];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "supertrend",
    title: "SuperTrend",
    family: "trend",
    params: PARAMS,
    outputs: &["value", "direction"],
    inputs: Inputs::Fixed(&["high", "low", "close"]),
    convention: "tradingview",
    warmup: "length - 1",
    make: |p, _| Ok(Box::new(SuperTrend::new(p)?)),
};

#[derive(Clone, Debug)]
pub struct SuperTrend {
    length: usize,
    mult: f64,
    seen: usize,
    tr_sum: f64,
    atr: f64,
    prev_close: f64,
    /// Bands and value of the previous valid bar; NaN before the first valid bar.
    prev_upper: f64,
    prev_lower: f64,
    prev_value: f64,
}

impl SuperTrend {
    pub fn new(params: &[f64]) -> CoreResult<SuperTrend> {
        check_params("supertrend", PARAMS, params)?;
        let mut s = SuperTrend {
            length: params[0] as usize,
            mult: params[1],
            seen: 0,
            tr_sum: 0.0,
            atr: 0.0,
            prev_close: 0.0,
            prev_upper: 0.0,
            prev_lower: 0.0,
            prev_value: 0.0,
        };
        s.reset();
        Ok(s)
    }

    /// Wilder RMA of the true range in trading-signals' order; NaN until `length` values.
    #[inline(always)]
    fn next_atr(&mut self, tr: f64) -> f64 {
        let index = self.seen;
        self.seen += 1;
        if index + 1 < self.length {
            self.tr_sum += tr;
            return f64::NAN;
        }
        if index + 1 == self.length {
            self.tr_sum += tr;
            self.atr = self.tr_sum / self.length as f64;
        } else {
            self.atr += (tr - self.atr) * (1.0 / self.length as f64);
        }
        self.atr
    }
}

impl Indicator for SuperTrend {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let prev_close = self.prev_close;
        self.prev_close = bar.close;
        let atr = self.next_atr(true_range(bar.high, bar.low, prev_close));
        if atr.is_nan() {
            out[0] = f64::NAN;
            out[1] = f64::NAN;
            return;
        }
        let hl2 = (bar.high + bar.low) / 2.0;
        let mut upper = hl2 + self.mult * atr;
        let mut lower = hl2 - self.mult * atr;
        let up = if self.prev_value.is_nan() {
            false
        } else {
            if !(lower > self.prev_lower || prev_close < self.prev_lower) {
                lower = self.prev_lower;
            }
            if !(upper < self.prev_upper || prev_close > self.prev_upper) {
                upper = self.prev_upper;
            }
            if self.prev_value == self.prev_upper {
                bar.close > upper
            } else {
                bar.close >= lower
            }
        };
        let value = if up { lower } else { upper };
        self.prev_upper = upper;
        self.prev_lower = lower;
        self.prev_value = value;
        out[0] = value;
        out[1] = if up { 1.0 } else { -1.0 };
    }

    fn reset(&mut self) {
        self.seen = 0;
        self.tr_sum = 0.0;
        self.atr = 0.0;
        self.prev_close = f64::NAN;
        self.prev_upper = f64::NAN;
        self.prev_lower = f64::NAN;
        self.prev_value = f64::NAN;
    }

    fn warmup(&self) -> usize {
        self.length - 1
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
        // length 2, mult 1. Bars (h, l, c): 0 (11, 9, 10), 1 (12, 10, 11), 2 (16, 14, 16), 3 (13, 11, 11.5).
        // TR: bar 0 = 2 (high - low), bar 1 = max(2, 2, 0) = 2, bar 2 = max(2, 5, 3) = 5, bar 3 = max(2, 3, 5) = 5.
        // ATR: bar 1 = (2+2)/2 = 2; bar 2 = 2 + (5-2)*0.5 = 3.5; bar 3 = 3.5 + 1.5*0.5 = 4.25.
        // bar 1: hl2 11 -> upper 13, lower 9; first bar: downtrend, value 13, direction -1.
        // bar 2: hl2 15 -> upper 18.5 (not < 13 but prev close 11 is not > 13 -> stays 13), lower 11.5 (> 9);
        //   previous value was the upper band: close 16 > 13 -> uptrend, value = lower 11.5, direction +1.
        // bar 3: hl2 12 -> lower 7.75 (not > 11.5, prev close 16 not < 11.5 -> stays 11.5);
        //   upper 16.25 (not < 13, prev close 16 > 13 -> 16.25); was up: close 11.5 >= 11.5 -> still up.
        let bars = hlc(&[(11.0, 9.0, 10.0), (12.0, 10.0, 11.0), (16.0, 14.0, 16.0), (13.0, 11.0, 11.5)]);
        let mut s = SuperTrend::new(&[2.0, 1.0]).unwrap();
        let got = run(&mut s, &bars);
        assert!(got[0][0].is_nan() && got[1][0].is_nan());
        assert_eq!((got[0][1], got[1][1]), (13.0, -1.0));
        assert_eq!((got[0][2], got[1][2]), (11.5, 1.0));
        assert_eq!((got[0][3], got[1][3]), (11.5, 1.0));
    }

    #[test]
    fn flat_input_is_price_and_downtrend() {
        let mut s = SuperTrend::new(&[10.0, 3.0]).unwrap();
        let got = run(&mut s, &flat(30, 2.5));
        assert!(got[0][9..].iter().all(|v| *v == 2.5));
        assert!(got[1][9..].iter().all(|v| *v == -1.0));
    }

    #[test]
    fn warmup_and_batch_equals_incremental() {
        let mut s = SuperTrend::new(&[10.0, 3.0]).unwrap();
        assert_eq!(s.warmup(), 9);
        assert_warmup(&mut s, &walk(100, 3));
        assert_batch_equals_incremental(&mut s, &walk(500, 24));
    }

    #[test]
    fn rejects_negative_mult() {
        let e = SuperTrend::new(&[10.0, -1.0]).unwrap_err();
        assert_eq!(e.message, "supertrend.mult must be a number in [0, 100] (got -1)");
    }
}
