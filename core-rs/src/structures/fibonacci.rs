//! `fibonacci`: retracement and extension levels of the last confirmed swing, anchored on the last
//! confirmed pivot high H and pivot low L (pivots as in `pivot.rs`), range R = H - L.
//! Direction rule: the swing runs from the older of the two pivot bars to the newer one.
//! - up (the high's pivot bar is newer, or both are the same outside bar): rX = H - X*R (below H),
//!   eX = L + X*R (above H). Levels descend r236 > r382 > ... > r786 and ascend e1272 < e1618.
//! - down (the low is newer): rX = L + X*R (above L), eX = H - X*R (below L).
//!
//! direction = +1 up / -1 down. Every output is NaN until both pivots exist, and whenever
//! H <= L (a degenerate swing: the newer pivot did not go beyond the older one's side).
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::spec::{check_params, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;
use crate::structures::pivot::PivotDetector;
use crate::structures::{fill_nan, LEFT_PARAM, RIGHT_PARAM};

pub const PARAMS: &[ParamSpec] = &[LEFT_PARAM, RIGHT_PARAM];

/// Ratios of outputs 0..7, in output order.
pub const RATIOS: [f64; 7] = [0.236, 0.382, 0.5, 0.618, 0.786, 1.272, 1.618];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "fibonacci",
    title: "Fibonacci Levels of the Last Swing",
    family: "structure",
    params: PARAMS,
    outputs: &["r236", "r382", "r500", "r618", "r786", "e1272", "e1618", "direction"],
    inputs: Inputs::Fixed(&["high", "low"]),
    convention: "original",
    warmup: "left + right (NaN until a pivot high and a pivot low are confirmed)",
    make: |p, _s: Source| Ok(Box::new(Fibonacci::new(p)?)),
};

#[derive(Clone, Debug)]
pub struct Fibonacci {
    pivots: PivotDetector,
    high: f64,
    high_bar: usize,
    low: f64,
    low_bar: usize,
    /// Outputs of the current swing, recomputed only when a pivot is confirmed.
    levels: [f64; 8],
}

impl Fibonacci {
    pub fn new(params: &[f64]) -> CoreResult<Fibonacci> {
        check_params("fibonacci", PARAMS, params)?;
        let pivots = PivotDetector::new(params[0] as usize, params[1] as usize);
        Ok(Fibonacci { pivots, high: f64::NAN, high_bar: 0, low: f64::NAN, low_bar: 0, levels: [f64::NAN; 8] })
    }

    fn recompute(&mut self) {
        let (h, l) = (self.high, self.low);
        if h.is_nan() || l.is_nan() || h <= l {
            fill_nan(&mut self.levels);
            return;
        }
        let range = h - l;
        let up = self.high_bar >= self.low_bar;
        for (i, x) in RATIOS.iter().enumerate() {
            let retrace = i < 5;
            self.levels[i] = match (up, retrace) {
                (true, true) => h - x * range,
                (true, false) => l + x * range,
                (false, true) => l + x * range,
                (false, false) => h - x * range,
            };
        }
        self.levels[7] = if up { 1.0 } else { -1.0 };
    }
}

impl Indicator for Fibonacci {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let ev = self.pivots.update(bar.high, bar.low);
        if let Some(p) = ev.high {
            self.high = p.price;
            self.high_bar = p.bar;
        }
        if let Some(p) = ev.low {
            self.low = p.price;
            self.low_bar = p.bar;
        }
        if ev.high.is_some() || ev.low.is_some() {
            self.recompute();
        }
        out.copy_from_slice(&self.levels);
    }

    fn reset(&mut self) {
        self.pivots.reset();
        self.high = f64::NAN;
        self.low = f64::NAN;
        self.high_bar = 0;
        self.low_bar = 0;
        self.levels = [f64::NAN; 8];
    }

    fn warmup(&self) -> usize {
        self.pivots.first_confirm_bar()
    }

    fn n_outputs(&self) -> usize {
        8
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};
    use crate::structures::testutil::{assert_no_look_ahead, bars_hl, run};

    /// left = right = 1.
    /// bar:  0    1    2    3    4    5
    /// high: 105  100  110  120  115  116
    /// low:  95   90   100  110  105  112
    /// Pivot low 90 at bar 1 (confirmed bar 2), pivot high 120 at bar 3 (confirmed bar 4): up swing
    /// 90 -> 120, range 30: r236 = 120 - 7.08 = 112.92, r500 = 105, r786 = 96.42, e1272 = 90 + 38.16
    /// = 128.16, e1618 = 138.54. Bar 4's low 105 is a pivot low (< 110, <= 112) confirmed at bar 5:
    /// now the low is newer: down swing with H 120, L 105, range 15: r500 = 112.5, e1618 = 95.73.
    #[test]
    fn hand_built_up_then_down() {
        let highs = [105.0, 100.0, 110.0, 120.0, 115.0, 116.0];
        let lows = [95.0, 90.0, 100.0, 110.0, 105.0, 112.0];
        let mut f = Fibonacci::new(&[1.0, 1.0]).unwrap();
        let rows = run(&mut f, &bars_hl(&highs, &lows));
        assert!(rows[3].iter().all(|v| v.is_nan()));
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        let up = &rows[4];
        let expect_up = [112.92, 108.54, 105.0, 101.46, 96.42, 128.16, 138.54, 1.0];
        for j in 0..8 {
            assert!(close(up[j], expect_up[j]), "up output {}: {}", j, up[j]);
        }
        let down = &rows[5];
        let expect_down = [108.54, 110.73, 112.5, 114.27, 116.79, 100.92, 95.73, -1.0];
        for j in 0..8 {
            assert!(close(down[j], expect_down[j]), "down output {}: {}", j, down[j]);
        }
    }

    #[test]
    fn levels_are_ordered_on_walk() {
        let bars = walk(4000, 13);
        let mut f = Fibonacci::new(&[5.0, 5.0]).unwrap();
        let mut defined = 0;
        for r in run(&mut f, &bars) {
            if r[7].is_nan() {
                assert!(r.iter().all(|v| v.is_nan()));
                continue;
            }
            defined += 1;
            let d = r[7];
            // Along the ratio order, up swings descend for retracements then extensions climb above.
            for j in 0..4 {
                assert!((r[j] - r[j + 1]) * d > 0.0, "{:?}", r);
            }
            assert!((r[6] - r[5]) * d > 0.0 && (r[5] - r[0]) * d > 0.0, "{:?}", r);
        }
        assert!(defined > 3500);
    }

    #[test]
    fn batch_incremental_reset_and_no_look_ahead() {
        let bars = walk(3000, 2);
        let mut f = Fibonacci::new(&[3.0, 4.0]).unwrap();
        assert_batch_equals_incremental(&mut f, &bars);
        assert_no_look_ahead(&|| Box::new(Fibonacci::new(&[3.0, 4.0]).unwrap()), &walk(10_000, 77), 20, 77);
    }
}
