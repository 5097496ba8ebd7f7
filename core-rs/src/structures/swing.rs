//! `swing`: the last confirmed pivot high and pivot low (see `pivot.rs` for the definition and tie
//! rule), the bar index of each pivot bar (counted from the first bar fed, 0-based) and its age in
//! bars (current bar index - pivot bar index, so >= right). Each triple is NaN until its first
//! pivot is confirmed; the earliest possible bar is left + right.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::spec::{check_params, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;
use crate::structures::pivot::PivotDetector;
use crate::structures::{LEFT_PARAM, RIGHT_PARAM};

pub const PARAMS: &[ParamSpec] = &[LEFT_PARAM, RIGHT_PARAM];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "swing",
    title: "Swing Pivots",
    family: "structure",
    params: PARAMS,
    outputs: &["high", "high_bar", "high_age", "low", "low_bar", "low_age"],
    inputs: Inputs::Fixed(&["high", "low"]),
    convention: "original",
    warmup: "left + right (earliest possible pivot; NaN until the first pivot of each kind)",
    make: |p, _s: Source| Ok(Box::new(Swing::new(p)?)),
};

#[derive(Clone, Debug)]
pub struct Swing {
    pivots: PivotDetector,
    high: f64,
    high_bar: f64,
    low: f64,
    low_bar: f64,
}

impl Swing {
    pub fn new(params: &[f64]) -> CoreResult<Swing> {
        check_params("swing", PARAMS, params)?;
        Ok(Swing {
            pivots: PivotDetector::new(params[0] as usize, params[1] as usize),
            high: f64::NAN,
            high_bar: f64::NAN,
            low: f64::NAN,
            low_bar: f64::NAN,
        })
    }
}

impl Indicator for Swing {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let ev = self.pivots.update(bar.high, bar.low);
        if let Some(p) = ev.high {
            self.high = p.price;
            self.high_bar = p.bar as f64;
        }
        if let Some(p) = ev.low {
            self.low = p.price;
            self.low_bar = p.bar as f64;
        }
        let now = self.pivots.bar_index() as f64;
        out[0] = self.high;
        out[1] = self.high_bar;
        out[2] = now - self.high_bar;
        out[3] = self.low;
        out[4] = self.low_bar;
        out[5] = now - self.low_bar;
    }

    fn reset(&mut self) {
        self.pivots.reset();
        self.high = f64::NAN;
        self.high_bar = f64::NAN;
        self.low = f64::NAN;
        self.low_bar = f64::NAN;
    }

    fn warmup(&self) -> usize {
        self.pivots.first_confirm_bar()
    }

    fn n_outputs(&self) -> usize {
        6
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};
    use crate::structures::testutil::{assert_no_look_ahead, bars_hl, col, run, same};

    #[test]
    fn hand_built_pivots() {
        // left 2, right 2.
        // bar:    0  1  2  3  4  5  6  7  8  9 10
        // high:  10 11 12 15 13 12 14 16 14 13 12
        // low:    9 10 11 13 11  8 12 14 12 11 10
        // Pivot high at bar 3 (15 > 11,12 and >= 13,12) confirmed at bar 5.
        // Pivot high at bar 7 (16 > 12,14 and >= 14,13) confirmed at bar 9.
        // Pivot low at bar 5 (8 < 13,11 and <= 12,14) confirmed at bar 7.
        let highs = [10.0, 11.0, 12.0, 15.0, 13.0, 12.0, 14.0, 16.0, 14.0, 13.0, 12.0];
        let lows = [9.0, 10.0, 11.0, 13.0, 11.0, 8.0, 12.0, 14.0, 12.0, 11.0, 10.0];
        let mut s = Swing::new(&[2.0, 2.0]).unwrap();
        let rows = run(&mut s, &bars_hl(&highs, &lows));
        let nan = f64::NAN;
        let expect_high = [nan, nan, nan, nan, nan, 15.0, 15.0, 15.0, 15.0, 16.0, 16.0];
        let expect_high_bar = [nan, nan, nan, nan, nan, 3.0, 3.0, 3.0, 3.0, 7.0, 7.0];
        let expect_high_age = [nan, nan, nan, nan, nan, 2.0, 3.0, 4.0, 5.0, 2.0, 3.0];
        let expect_low = [nan, nan, nan, nan, nan, nan, nan, 8.0, 8.0, 8.0, 8.0];
        let expect_low_bar = [nan, nan, nan, nan, nan, nan, nan, 5.0, 5.0, 5.0, 5.0];
        let expect_low_age = [nan, nan, nan, nan, nan, nan, nan, 2.0, 3.0, 4.0, 5.0];
        for (j, expect) in [(0, &expect_high), (1, &expect_high_bar), (2, &expect_high_age), (3, &expect_low), (4, &expect_low_bar), (5, &expect_low_age)] {
            let got = col(&rows, j);
            for i in 0..got.len() {
                assert!(same(got[i], expect[i]), "output {} bar {}: got {} expected {}", j, i, got[i], expect[i]);
            }
        }
    }

    #[test]
    fn rejects_bad_params() {
        let e = Swing::new(&[0.0, 5.0]).unwrap_err();
        assert_eq!(e.message, "swing.left must be an integer in [1, 1000] (got 0)");
        let e = Swing::new(&[5.0]).unwrap_err();
        assert_eq!(e.message, "swing takes 2 params, got 1");
    }

    #[test]
    fn batch_incremental_reset_and_no_look_ahead() {
        let bars = walk(3000, 5);
        let mut s = Swing::new(&[5.0, 3.0]).unwrap();
        assert_batch_equals_incremental(&mut s, &bars);
        assert_no_look_ahead(&|| Box::new(Swing::new(&[5.0, 3.0]).unwrap()), &walk(10_000, 99), 20, 99);
    }

    #[test]
    fn swing_high_is_max_of_its_window() {
        let bars = walk(2000, 8);
        let (l, r) = (4usize, 6usize);
        let mut s = Swing::new(&[l as f64, r as f64]).unwrap();
        let rows = run(&mut s, &bars);
        for (t, row) in rows.iter().enumerate() {
            if row[0].is_nan() {
                continue;
            }
            let p = row[1] as usize;
            assert_eq!(row[2] as usize, t - p);
            assert!(t >= p + r);
            let window_max = bars[p - l..=p + r].iter().map(|b| b.high).fold(f64::MIN, f64::max);
            assert_eq!(row[0], window_max);
            assert_eq!(row[0], bars[p].high);
        }
    }
}
