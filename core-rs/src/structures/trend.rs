//! `trend`: direction from the last two confirmed pivot highs and the last two pivot lows.
//! - direction = +1 when the last high is a higher high (HH) AND the last low a higher low (HL);
//!   -1 when lower high (LH) AND lower low (LL); 0 otherwise (range, mixed, or an equal pivot).
//!   NaN until two highs and two lows are confirmed.
//! - strength = signed run length of consecutive pivot "votes": each confirmed pivot votes +1
//!   (HH or HL), -1 (LH or LL) or 0 (equal to the previous pivot of its kind, or the first of
//!   its kind). A vote with the run's sign extends it; an opposite vote restarts it at +-1; a 0
//!   vote resets it to 0. NaN whenever direction is NaN. When one bar confirms both a high and a
//!   low (an outside pivot bar), the high votes first.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::spec::{check_params, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;
use crate::structures::pivot::PivotDetector;
use crate::structures::{LEFT_PARAM, RIGHT_PARAM};

pub const PARAMS: &[ParamSpec] = &[LEFT_PARAM, RIGHT_PARAM];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "trend",
    title: "Swing Trend (HH/HL vs LH/LL)",
    family: "structure",
    params: PARAMS,
    outputs: &["direction", "strength"],
    inputs: Inputs::Fixed(&["high", "low"]),
    convention: "original",
    warmup: "left + right (earliest pivot; NaN until two pivot highs and two pivot lows are confirmed)",
    make: |p, _s: Source| Ok(Box::new(Trend::new(p)?)),
};

#[derive(Clone, Debug)]
pub struct Trend {
    pivots: PivotDetector,
    high_last: f64,
    high_prev: f64,
    low_last: f64,
    low_prev: f64,
    run: f64,
}

/// +1, -1 or 0 for `new` compared with `old` (0 when `old` is NaN).
#[inline(always)]
fn vote(new: f64, old: f64) -> f64 {
    if new > old {
        1.0
    } else if new < old {
        -1.0
    } else {
        0.0
    }
}

impl Trend {
    pub fn new(params: &[f64]) -> CoreResult<Trend> {
        check_params("trend", PARAMS, params)?;
        let mut t = Trend {
            pivots: PivotDetector::new(params[0] as usize, params[1] as usize),
            high_last: 0.0,
            high_prev: 0.0,
            low_last: 0.0,
            low_prev: 0.0,
            run: 0.0,
        };
        t.clear();
        Ok(t)
    }

    fn clear(&mut self) {
        self.pivots.reset();
        self.high_last = f64::NAN;
        self.high_prev = f64::NAN;
        self.low_last = f64::NAN;
        self.low_prev = f64::NAN;
        self.run = 0.0;
    }

    #[inline(always)]
    fn apply_vote(&mut self, v: f64) {
        if v == 0.0 {
            self.run = 0.0;
        } else if v * self.run > 0.0 {
            self.run += v;
        } else {
            self.run = v;
        }
    }
}

impl Indicator for Trend {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let ev = self.pivots.update(bar.high, bar.low);
        if let Some(p) = ev.high {
            let v = vote(p.price, self.high_last);
            self.high_prev = self.high_last;
            self.high_last = p.price;
            self.apply_vote(v);
        }
        if let Some(p) = ev.low {
            let v = vote(p.price, self.low_last);
            self.low_prev = self.low_last;
            self.low_last = p.price;
            self.apply_vote(v);
        }
        if self.high_prev.is_nan() || self.low_prev.is_nan() {
            out[0] = f64::NAN;
            out[1] = f64::NAN;
            return;
        }
        let hh = self.high_last > self.high_prev;
        let hl = self.low_last > self.low_prev;
        let lh = self.high_last < self.high_prev;
        let ll = self.low_last < self.low_prev;
        out[0] = if hh && hl {
            1.0
        } else if lh && ll {
            -1.0
        } else {
            0.0
        };
        out[1] = self.run;
    }

    fn reset(&mut self) {
        self.clear();
    }

    fn warmup(&self) -> usize {
        self.pivots.first_confirm_bar()
    }

    fn n_outputs(&self) -> usize {
        2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};
    use crate::structures::testutil::{assert_no_look_ahead, bars_hl, col, run, same};

    /// Zig-zag with left = right = 1: a pivot at every turn. Peaks (highs) and troughs (lows):
    /// bar:  0  1  2  3  4  5  6  7  8  9 10 11 12
    /// high: 2  5  3  6  4  7  5  4  3  2  1  2  1
    /// low:  1  4  2  5  3  6  4  3  2  1  0  1  0
    /// Pivot highs at bars 1 (5), 3 (6), 5 (7), 11 (2) confirmed at 2, 4, 6, 12. Pivot lows at bars 2 (2),
    /// 4 (3) confirmed at 3, 5, then bar 10 (0) confirmed at 11.
    /// Bar 5: highs 5 -> 6 (HH), lows 2 -> 3 (HL): direction +1. Votes so far: high 5 (first, 0),
    /// low 2 (first, 0), high 6 (+1), low 3 (+1): run 2 at bar 5; high 7 at bar 6: run 3.
    /// Bar 11: low 0 < 3 (LL) while the last high 7 > 6 (HH): direction 0, run restarts at -1.
    /// Bar 12 confirms the pivot high at bar 11 (2 < 7, LH): LH + LL = -1, run -2.
    #[test]
    fn hand_built_zigzag() {
        let highs = [2.0, 5.0, 3.0, 6.0, 4.0, 7.0, 5.0, 4.0, 3.0, 2.0, 1.0, 2.0, 1.0];
        let lows = [1.0, 4.0, 2.0, 5.0, 3.0, 6.0, 4.0, 3.0, 2.0, 1.0, 0.0, 1.0, 0.0];
        let mut t = Trend::new(&[1.0, 1.0]).unwrap();
        let rows = run(&mut t, &bars_hl(&highs, &lows));
        let nan = f64::NAN;
        let dir = [nan, nan, nan, nan, nan, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, -1.0];
        let strength = [nan, nan, nan, nan, nan, 2.0, 3.0, 3.0, 3.0, 3.0, 3.0, -1.0, -2.0];
        let (d, s) = (col(&rows, 0), col(&rows, 1));
        for i in 0..highs.len() {
            assert!(same(d[i], dir[i]), "direction bar {}: {}", i, d[i]);
            assert!(same(s[i], strength[i]), "strength bar {}: {}", i, s[i]);
        }
    }

    /// Falling zig-zag: LH and LL give -1.
    #[test]
    fn hand_built_downtrend() {
        let highs = [9.0, 10.0, 7.0, 9.0, 6.0, 8.0, 5.0, 6.0];
        let lows = [8.0, 9.0, 5.0, 8.0, 4.0, 7.0, 3.0, 5.0];
        // left = right = 1: pivot highs at 1 (10), 3 (9), 5 (8); pivot lows at 2 (5), 4 (4), 6 (3).
        let mut t = Trend::new(&[1.0, 1.0]).unwrap();
        let rows = run(&mut t, &bars_hl(&highs, &lows));
        // Bar 5 confirms low 4 (LL) after high 9 (LH): -1; votes: -1 (high 9), -1 (low 4) = -2.
        assert_eq!((rows[5][0], rows[5][1]), (-1.0, -2.0));
        assert_eq!((rows[7][0], rows[7][1]), (-1.0, -4.0));
    }

    #[test]
    fn batch_incremental_reset_and_no_look_ahead() {
        let bars = walk(3000, 21);
        let mut t = Trend::new(&[3.0, 3.0]).unwrap();
        assert_batch_equals_incremental(&mut t, &bars);
        assert_no_look_ahead(&|| Box::new(Trend::new(&[3.0, 3.0]).unwrap()), &walk(10_000, 7), 20, 7);
    }
}
