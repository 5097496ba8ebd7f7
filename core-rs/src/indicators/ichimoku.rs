//! Ichimoku cloud lines, unshifted (TradingView's Ichimoku script without the plot offsets):
//! each line is written at the bar where it is computed; a Play that wants the charted cloud
//! shifts span_a / span_b forward by kijun - 1 bars itself. donchian(n) = (highest high + lowest
//! low) / 2 over n bars; tenkan = donchian(tenkan), kijun = donchian(kijun),
//! span_a = (tenkan + kijun) / 2, span_b = donchian(senkou_b). Each output has its own first valid
//! index: tenkan - 1, kijun - 1, max(tenkan, kijun) - 1 and senkou_b - 1; warmup() is the largest.
//! Flat input gives the price on every line. Monotonic deques: amortised O(1).
use crate::bar::Bar;
use crate::error::CoreResult;
use crate::indicators::rolling_extreme::{Extreme, RollingExtreme};
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[
    int_param("tenkan", 1.0, 100000.0, 9.0, "conversion line period"),
    int_param("kijun", 1.0, 100000.0, 26.0, "base line period"),
    int_param("senkou_b", 1.0, 100000.0, 52.0, "leading span B period"),
];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "ichimoku",
    title: "Ichimoku Cloud (unshifted)",
    family: "trend",
    params: PARAMS,
    outputs: &["tenkan", "kijun", "span_a", "span_b"],
    inputs: Inputs::Fixed(&["high", "low"]),
    convention: "tradingview",
    warmup: "max(tenkan, kijun, senkou_b) - 1",
    make: |p, _| Ok(Box::new(Ichimoku::new(p)?)),
};

/// Midpoint of the highest high and lowest low over a fixed window.
#[derive(Clone, Debug)]
struct Donchian {
    highest: RollingExtreme,
    lowest: RollingExtreme,
}

impl Donchian {
    fn new(length: usize) -> Donchian {
        Donchian { highest: RollingExtreme::new(length, Extreme::Max), lowest: RollingExtreme::new(length, Extreme::Min) }
    }

    #[inline(always)]
    fn next(&mut self, high: f64, low: f64) -> f64 {
        self.highest.push(high);
        self.lowest.push(low);
        if self.highest.is_full() {
            (self.highest.value() + self.lowest.value()) / 2.0
        } else {
            f64::NAN
        }
    }

    fn clear(&mut self) {
        self.highest.clear();
        self.lowest.clear();
    }
}

#[derive(Clone, Debug)]
pub struct Ichimoku {
    warmup: usize,
    tenkan: Donchian,
    kijun: Donchian,
    span_b: Donchian,
}

impl Ichimoku {
    pub fn new(params: &[f64]) -> CoreResult<Ichimoku> {
        check_params("ichimoku", PARAMS, params)?;
        let (t, k, b) = (params[0] as usize, params[1] as usize, params[2] as usize);
        Ok(Ichimoku { warmup: t.max(k).max(b) - 1, tenkan: Donchian::new(t), kijun: Donchian::new(k), span_b: Donchian::new(b) })
    }
}

impl Indicator for Ichimoku {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let tenkan = self.tenkan.next(bar.high, bar.low);
        let kijun = self.kijun.next(bar.high, bar.low);
        out[0] = tenkan;
        out[1] = kijun;
        out[2] = (tenkan + kijun) / 2.0;
        out[3] = self.span_b.next(bar.high, bar.low);
    }

    fn reset(&mut self) {
        self.tenkan.clear();
        self.kijun.clear();
        self.span_b.clear();
    }

    fn warmup(&self) -> usize {
        self.warmup
    }

    fn n_outputs(&self) -> usize {
        4
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testkit::{flat, hlc, run};
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};

    #[test]
    fn hand_computed() {
        // tenkan 1, kijun 2, senkou_b 3. Bars (h, l): (10, 8), (12, 9), (11, 5).
        // bar 1: tenkan (12+9)/2 = 10.5; kijun (12+8)/2 = 10; span_a 10.25; span_b NaN.
        // bar 2: tenkan (11+5)/2 = 8; kijun (12+5)/2 = 8.5; span_a 8.25; span_b (12+5)/2 = 8.5.
        let bars = hlc(&[(10.0, 8.0, 9.0), (12.0, 9.0, 10.0), (11.0, 5.0, 6.0)]);
        let mut i = Ichimoku::new(&[1.0, 2.0, 3.0]).unwrap();
        let got = run(&mut i, &bars);
        assert_eq!(got[0][0], 9.0);
        assert!(got[1][0].is_nan() && got[2][0].is_nan() && got[3][1].is_nan());
        assert_eq!((got[0][1], got[1][1], got[2][1]), (10.5, 10.0, 10.25));
        assert_eq!((got[0][2], got[1][2], got[2][2], got[3][2]), (8.0, 8.5, 8.25, 8.5));
    }

    #[test]
    fn flat_input_is_the_price() {
        let mut i = Ichimoku::new(&[9.0, 26.0, 52.0]).unwrap();
        let got = run(&mut i, &flat(60, 3.7));
        assert!(got.iter().all(|col| col[51..].iter().all(|v| *v == 3.7)));
    }

    #[test]
    fn per_output_warmup_and_batch_equals_incremental() {
        let mut i = Ichimoku::new(&[9.0, 26.0, 52.0]).unwrap();
        assert_eq!(i.warmup(), 51);
        let got = run(&mut i, &walk(100, 3));
        for (j, first) in [(0usize, 8usize), (1, 25), (2, 25), (3, 51)] {
            assert!(got[j][..first].iter().all(|v| v.is_nan()), "output {}", j);
            assert!(got[j][first..].iter().all(|v| v.is_finite()), "output {}", j);
        }
        assert_batch_equals_incremental(&mut i, &walk(500, 25));
    }

    #[test]
    fn rejects_zero_kijun() {
        let e = Ichimoku::new(&[9.0, 0.0, 52.0]).unwrap_err();
        assert_eq!(e.message, "ichimoku.kijun must be an integer in [1, 100000] (got 0)");
    }
}
