//! Rolling maximum or minimum over the last `window` pushes with a monotonic deque: amortised
//! O(1) per push, storage allocated once (at most `window` entries are ever held).
//! Ties keep the most recent position, which is TA-Lib's rule for AROON's bar index (`>=`/`<=`);
//! the extreme value itself does not depend on the tie rule.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extreme {
    Max,
    Min,
}

#[derive(Clone, Debug)]
pub struct RollingExtreme {
    window: usize,
    kind: Extreme,
    positions: Vec<u64>,
    values: Vec<f64>,
    head: usize,
    len: usize,
    /// Number of values pushed since construction or `clear`; the next push gets this position.
    pushed: u64,
}

impl RollingExtreme {
    pub fn new(window: usize, kind: Extreme) -> RollingExtreme {
        let cap = window.max(1);
        RollingExtreme { window: cap, kind, positions: vec![0; cap], values: vec![0.0; cap], head: 0, len: 0, pushed: 0 }
    }

    #[inline(always)]
    fn slot(&self, k: usize) -> usize {
        let i = self.head + k;
        if i >= self.window {
            i - self.window
        } else {
            i
        }
    }

    /// Adds the newest value and drops values that left the window.
    #[inline(always)]
    pub fn push(&mut self, x: f64) {
        let pos = self.pushed;
        self.pushed += 1;
        // Drop from the back every value the new one dominates (ties: the newer one wins).
        while self.len > 0 {
            let back = self.values[self.slot(self.len - 1)];
            let dominated = match self.kind {
                Extreme::Max => back <= x,
                Extreme::Min => back >= x,
            };
            if !dominated {
                break;
            }
            self.len -= 1;
        }
        // Drop from the front the entry that left the window.
        if self.len > 0 && self.positions[self.head] + self.window as u64 <= pos {
            self.head = self.slot(1);
            self.len -= 1;
        }
        let s = self.slot(self.len);
        self.positions[s] = pos;
        self.values[s] = x;
        self.len += 1;
    }

    /// The extreme of the current window (NaN before the first push).
    #[inline(always)]
    pub fn value(&self) -> f64 {
        if self.len == 0 {
            f64::NAN
        } else {
            self.values[self.head]
        }
    }

    /// Bars since the extreme: 0 when the newest value is the extreme.
    #[inline(always)]
    pub fn age(&self) -> usize {
        if self.len == 0 {
            0
        } else {
            (self.pushed - 1 - self.positions[self.head]) as usize
        }
    }

    /// True once `window` values have been pushed.
    pub fn is_full(&self) -> bool {
        self.pushed >= self.window as u64
    }

    pub fn clear(&mut self) {
        self.head = 0;
        self.len = 0;
        self.pushed = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(xs: &[f64], end: usize, window: usize, kind: Extreme) -> (f64, usize) {
        let start = (end + 1).saturating_sub(window);
        let mut best = xs[start];
        let mut at = start;
        for (i, x) in xs.iter().enumerate().take(end + 1).skip(start + 1) {
            let better = match kind {
                Extreme::Max => *x >= best,
                Extreme::Min => *x <= best,
            };
            if better {
                best = *x;
                at = i;
            }
        }
        (best, end - at)
    }

    #[test]
    fn matches_a_brute_force_scan_with_ties() {
        // Small integers so ties are frequent; the scan keeps the latest extreme like TA-Lib AROON.
        let xs: Vec<f64> = (0..300u64).map(|i| ((i * 7919 + 13) % 11) as f64).collect();
        for window in [1usize, 2, 3, 5, 14] {
            for kind in [Extreme::Max, Extreme::Min] {
                let mut r = RollingExtreme::new(window, kind);
                for i in 0..xs.len() {
                    r.push(xs[i]);
                    let (v, age) = brute(&xs, i, window, kind);
                    assert_eq!((r.value(), r.age()), (v, age), "window {} {:?} at {}", window, kind, i);
                }
            }
        }
    }

    #[test]
    fn clear_forgets_everything() {
        let mut r = RollingExtreme::new(3, Extreme::Max);
        r.push(5.0);
        r.push(1.0);
        assert!(!r.is_full());
        r.push(2.0);
        assert!(r.is_full());
        assert_eq!(r.value(), 5.0);
        r.push(0.0);
        assert_eq!((r.value(), r.age()), (2.0, 1));
        r.clear();
        assert!(r.value().is_nan());
        r.push(-1.0);
        assert_eq!((r.value(), r.age()), (-1.0, 0));
    }
}
