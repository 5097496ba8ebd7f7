//! Hull moving average (TradingView ta.hma): WMA(2·WMA(x, length/2) - WMA(x, length), floor(√length))
//! with length/2 rounded down. The WMAs are `WmaCore::rebuilding` (TA-Lib's running sums, rebuilt
//! exactly every `length` bars so they never drift); they equal TradingView's ta.wma up to float
//! rounding. First valid index length - 1 + floor(√length) - 1.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::wma::WmaCore;
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 2.0, 100000.0, 20.0, "Hull period")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "hma",
    title: "Hull Moving Average",
    family: "moving_average",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Source(Source::Close),
    convention: "tradingview",
    warmup: "length + floor(sqrt(length)) - 2",
    make: |p, s| Ok(Box::new(HullMovingAverage::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct HullMovingAverage {
    length: usize,
    sqrt_length: usize,
    source: Source,
    half: WmaCore,
    full: WmaCore,
    outer: WmaCore,
}

impl HullMovingAverage {
    pub fn new(params: &[f64], source: Source) -> CoreResult<HullMovingAverage> {
        check_params("hma", PARAMS, params)?;
        let length = params[0] as usize;
        // Exact for every allowed length (f64 sqrt is correctly rounded; perfect squares are exact).
        let sqrt_length = (length as f64).sqrt().floor() as usize;
        Ok(HullMovingAverage {
            length,
            sqrt_length,
            source,
            half: WmaCore::rebuilding(length / 2),
            full: WmaCore::rebuilding(length),
            outer: WmaCore::rebuilding(sqrt_length),
        })
    }

    #[inline(always)]
    pub fn next(&mut self, x: f64) -> f64 {
        let half = self.half.next(x);
        let full = self.full.next(x);
        if full.is_nan() {
            return f64::NAN;
        }
        self.outer.next(2.0 * half - full)
    }
}

impl Indicator for HullMovingAverage {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.next(self.source.pick(bar));
    }

    fn reset(&mut self) {
        self.half.clear();
        self.full.clear();
        self.outer.clear();
    }

    fn warmup(&self) -> usize {
        self.length + self.sqrt_length - 2
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
        // length 4: half WMA(2), full WMA(4), outer WMA(2). x = 1, 2, 4, 8, 16.
        // WMA2: bar1 (1+4)/3 = 5/3 .. bar3 (4+16)/3 = 20/3, bar4 (8+32)/3 = 40/3
        // WMA4 (divider 10): bar3 (1+4+12+32)/10 = 4.9, bar4 (2+8+24+64)/10 = 9.8
        // diff: bar3 40/3 - 4.9 = 8.4333.., bar4 80/3 - 9.8 = 16.8666..
        // HMA = WMA2(diff) at bar4: (8.4333.. + 2*16.8666..)/3 = 14.0555..
        let mut h = HullMovingAverage::new(&[4.0], Source::Close).unwrap();
        let got: Vec<f64> = [1.0, 2.0, 4.0, 8.0, 16.0].iter().map(|x| h.next(*x)).collect();
        assert!(got[..4].iter().all(|v| v.is_nan()));
        let d3 = 40.0 / 3.0 - 4.9;
        let d4 = 80.0 / 3.0 - 9.8;
        assert!((got[4] - (d3 + 2.0 * d4) / 3.0).abs() < 1e-12, "{}", got[4]);
        assert_eq!(h.warmup(), 4);
    }

    #[test]
    fn batch_reset_flat_params() {
        let mut h = HullMovingAverage::new(&[20.0], Source::Close).unwrap();
        assert_eq!(h.warmup(), 22);
        assert_batch_equals_incremental(&mut h, &walk(500, 8));
        assert_warmup_boundary(&mut h, &walk(100, 8));
        let v = run(&mut h, &flat(60, 100.0, 1.0))[0][59];
        assert!((v - 100.0).abs() < 1e-9, "{}", v);
        let e = HullMovingAverage::new(&[1.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "hma.length must be an integer in [2, 100000] (got 1)");
    }
}
