//! `rolling_window`: highest high and lowest low of the last `length` bars INCLUDING the current
//! one, their midpoint, and where the close sits in that range: position = (close - low) /
//! (high - low), in [0, 1]; 0.5 when the range is flat (high == low). Two monotonic deques make
//! each update O(1) amortised. NaN until `length` bars have been seen (first valid index length-1).
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;
use crate::structures::deque::{Extreme, MonotonicDeque};
use crate::structures::fill_nan;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 1.0, 100000.0, 20.0, "bars in the window, the current one included")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "rolling_window",
    title: "Rolling High/Low Window",
    family: "structure",
    params: PARAMS,
    outputs: &["high", "low", "mid", "position"],
    inputs: Inputs::Fixed(&["high", "low", "close"]),
    convention: "original",
    warmup: "length - 1",
    make: |p, _s: Source| Ok(Box::new(RollingWindow::new(p)?)),
};

#[derive(Clone, Debug)]
pub struct RollingWindow {
    length: usize,
    highs: MonotonicDeque,
    lows: MonotonicDeque,
    seen: usize,
}

impl RollingWindow {
    pub fn new(params: &[f64]) -> CoreResult<RollingWindow> {
        check_params("rolling_window", PARAMS, params)?;
        let length = params[0] as usize;
        Ok(RollingWindow {
            length,
            highs: MonotonicDeque::new(Extreme::Max, length),
            lows: MonotonicDeque::new(Extreme::Min, length),
            seen: 0,
        })
    }
}

impl Indicator for RollingWindow {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let t = self.seen;
        self.seen += 1;
        let first = (t + 1).saturating_sub(self.length);
        self.highs.expire(first);
        self.lows.expire(first);
        self.highs.push(t, bar.high);
        self.lows.push(t, bar.low);
        if self.seen < self.length {
            fill_nan(out);
            return;
        }
        let high = self.highs.front().map_or(f64::NAN, |f| f.1);
        let low = self.lows.front().map_or(f64::NAN, |f| f.1);
        out[0] = high;
        out[1] = low;
        out[2] = (high + low) / 2.0;
        out[3] = if high > low { (bar.close - low) / (high - low) } else { 0.5 };
    }

    fn reset(&mut self) {
        self.highs.clear();
        self.lows.clear();
        self.seen = 0;
    }

    fn warmup(&self) -> usize {
        self.length - 1
    }

    fn n_outputs(&self) -> usize {
        4
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};
    use crate::structures::testutil::{assert_no_look_ahead, run};

    #[test]
    fn hand_built() {
        // length 3. Bars (high, low, close): (10,8,9) (12,9,11) (11,7,8) (9,8,9) (9,9,9) (9,9,9)
        // bar 2: high 12, low 7, mid 9.5, position (8-7)/5 = 0.2
        // bar 3: window 1..=3: high 12, low 7, position (9-7)/5 = 0.4
        // bar 4: window 2..=4: high 11, low 7, position 0.5
        // bar 5: window 3..=5: high 9, low 8, position 1
        let raw = [(10.0, 8.0, 9.0), (12.0, 9.0, 11.0), (11.0, 7.0, 8.0), (9.0, 8.0, 9.0), (9.0, 9.0, 9.0), (9.0, 9.0, 9.0)];
        let bars: Vec<Bar> =
            raw.iter().map(|r| Bar { ts_ms: 0.0, open: r.2, high: r.0, low: r.1, close: r.2, volume: 1.0 }).collect();
        let mut w = RollingWindow::new(&[3.0]).unwrap();
        let rows = run(&mut w, &bars);
        assert!(rows[0].iter().chain(rows[1].iter()).all(|v| v.is_nan()));
        assert_eq!(rows[2], vec![12.0, 7.0, 9.5, 0.2]);
        assert_eq!(rows[3], vec![12.0, 7.0, 9.5, 0.4]);
        assert_eq!(rows[4], vec![11.0, 7.0, 9.0, 0.5]);
        assert_eq!(rows[5], vec![9.0, 8.0, 8.5, 1.0]);
        // flat range: position 0.5
        let mut flat = RollingWindow::new(&[2.0]).unwrap();
        let rows = run(&mut flat, &[bars[4], bars[5]]);
        assert_eq!(rows[1], vec![9.0, 9.0, 9.0, 0.5]);
    }

    #[test]
    fn matches_brute_force_on_walk() {
        let bars = walk(2000, 4);
        let n = 37;
        let mut w = RollingWindow::new(&[n as f64]).unwrap();
        for (t, r) in run(&mut w, &bars).iter().enumerate().skip(n - 1) {
            let win = &bars[t + 1 - n..=t];
            assert_eq!(r[0], win.iter().map(|b| b.high).fold(f64::MIN, f64::max));
            assert_eq!(r[1], win.iter().map(|b| b.low).fold(f64::MAX, f64::min));
            assert!((0.0..=1.0).contains(&r[3]));
        }
    }

    #[test]
    fn batch_incremental_reset_and_no_look_ahead() {
        let bars = walk(3000, 9);
        let mut w = RollingWindow::new(&[20.0]).unwrap();
        assert_batch_equals_incremental(&mut w, &bars);
        assert_no_look_ahead(&|| Box::new(RollingWindow::new(&[20.0]).unwrap()), &walk(10_000, 12), 20, 12);
        assert_eq!(RollingWindow::new(&[0.0]).unwrap_err().message, "rolling_window.length must be an integer in [1, 100000] (got 0)");
    }
}
