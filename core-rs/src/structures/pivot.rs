//! Confirmed swing pivots, shared by every pivot-based detector. Bar indices count updates since
//! construction or `reset` (0 = first bar).
//!
//! Definition (TradingView `ta.pivothigh` tie rule): bar p is a pivot high when
//! `high[p] > high[i]` for every i in [p - left, p - 1] and `high[p] >= high[i]` for every i in
//! [p + 1, p + right]. So on a plateau of equal highs only the first (leftmost) bar is a pivot.
//! Pivot lows mirror it with `<` on the left and `<=` on the right. A pivot is reported at bar
//! p + right (when its right-hand bars have closed), never earlier; p >= left is required so the
//! left side is complete. Equivalently, p is the leftmost argmax of the window [p - left, p + right],
//! which one monotonic deque per side answers in O(1) amortised.
use crate::structures::deque::{Extreme, MonotonicDeque};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pivot {
    /// Bar index of the pivot bar itself (not of the confirming bar).
    pub bar: usize,
    pub price: f64,
}

/// What one `update` confirmed; both may be set on one bar (an outside bar).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PivotEvents {
    pub high: Option<Pivot>,
    pub low: Option<Pivot>,
}

#[derive(Clone, Debug)]
pub struct PivotDetector {
    left: usize,
    right: usize,
    highs: MonotonicDeque,
    lows: MonotonicDeque,
    /// Bars seen so far; the bar being updated has index `seen - 1`.
    seen: usize,
}

impl PivotDetector {
    pub fn new(left: usize, right: usize) -> PivotDetector {
        let window = left + right + 1;
        PivotDetector {
            left,
            right,
            highs: MonotonicDeque::new(Extreme::Max, window),
            lows: MonotonicDeque::new(Extreme::Min, window),
            seen: 0,
        }
    }

    pub fn right(&self) -> usize {
        self.right
    }

    /// Earliest bar index at which a pivot can be confirmed.
    pub fn first_confirm_bar(&self) -> usize {
        self.left + self.right
    }

    /// Index of the bar most recently passed to `update` (meaningless before the first update).
    pub fn bar_index(&self) -> usize {
        self.seen.wrapping_sub(1)
    }

    /// Consumes one closed bar's high and low; returns pivots whose confirmation completes now.
    #[inline(always)]
    pub fn update(&mut self, high: f64, low: f64) -> PivotEvents {
        let t = self.seen;
        self.seen += 1;
        let window = self.left + self.right + 1;
        let first = (t + 1).saturating_sub(window);
        self.highs.expire(first);
        self.lows.expire(first);
        self.highs.push(t, high);
        self.lows.push(t, low);
        let mut ev = PivotEvents::default();
        if t < self.left + self.right {
            return ev;
        }
        let p = t - self.right;
        if let Some((i, v)) = self.highs.front() {
            if i == p {
                ev.high = Some(Pivot { bar: p, price: v });
            }
        }
        if let Some((i, v)) = self.lows.front() {
            if i == p {
                ev.low = Some(Pivot { bar: p, price: v });
            }
        }
        ev
    }

    pub fn reset(&mut self) {
        self.highs.clear();
        self.lows.clear();
        self.seen = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(highs: &[f64], left: usize, right: usize, p: usize) -> bool {
        p >= left && p + right < highs.len() && (p - left..p).all(|i| highs[p] > highs[i]) && (p + 1..=p + right).all(|i| highs[p] >= highs[i])
    }

    #[test]
    fn plateau_gives_leftmost_pivot_confirmed_right_bars_later() {
        // left 2, right 2. Highs: bars 3 and 4 form a plateau at 5; bar 3 is the pivot high
        // (> bars 1,2; >= bars 4,5) confirmed at bar 5. Bar 4 is not (not > bar 3).
        let highs = [1.0, 2.0, 3.0, 5.0, 5.0, 4.0, 3.0, 2.0];
        let mut d = PivotDetector::new(2, 2);
        let mut got = Vec::new();
        for (t, h) in highs.iter().enumerate() {
            if let Some(p) = d.update(*h, 0.0).high {
                got.push((t, p.bar, p.price));
            }
        }
        assert_eq!(got, vec![(5, 3, 5.0)]);
    }

    #[test]
    fn matches_brute_force_on_walk() {
        let bars = crate::indicators::testutil::walk(3000, 11);
        let highs: Vec<f64> = bars.iter().map(|b| (b.high * 10.0).round() / 10.0).collect();
        let lows: Vec<f64> = bars.iter().map(|b| -(b.low * 10.0).round() / 10.0).collect();
        for &(l, r) in &[(1usize, 1usize), (3, 2), (5, 5), (2, 8)] {
            let mut d = PivotDetector::new(l, r);
            for t in 0..highs.len() {
                let ev = d.update(highs[t], -lows[t]);
                let expect_high = t >= l + r && brute(&highs, l, r, t - r);
                assert_eq!(ev.high.is_some(), expect_high, "high t {} l {} r {}", t, l, r);
                // lows are the mirror image: a pivot low of x is a pivot high of -x.
                let expect_low = t >= l + r && brute(&lows, l, r, t - r);
                assert_eq!(ev.low.is_some(), expect_low, "low t {} l {} r {}", t, l, r);
                if let Some(p) = ev.high {
                    assert_eq!((p.bar, p.price), (t - r, highs[t - r]));
                }
            }
        }
    }

    #[test]
    fn reset_forgets_history() {
        let mut d = PivotDetector::new(1, 1);
        d.update(1.0, 1.0);
        d.update(3.0, 1.0);
        assert!(d.update(2.0, 1.0).high.is_some());
        d.reset();
        assert_eq!(d.update(2.0, 1.0), PivotEvents::default());
        assert_eq!(d.bar_index(), 0);
    }
}
