//! Sliding-window maximum (or minimum) in O(1) amortised per push: a monotonic deque of
//! (bar index, value) kept in a fixed ring of `window` slots allocated once, so pushes never
//! allocate. Invariant: the live entries have strictly increasing indices within the last
//! `window` bars and values strictly decreasing (max) / increasing (min) from front to back,
//! so the front is the extreme of the window.

#[derive(Clone, Debug)]
pub struct MonotonicDeque {
    values: Vec<f64>,
    indices: Vec<u64>,
    head: usize,
    len: usize,
    keep_max: bool,
    next_index: u64,
}

impl MonotonicDeque {
    /// `keep_max` true tracks the window maximum, false the minimum.
    pub fn new(window: usize, keep_max: bool) -> MonotonicDeque {
        let cap = window.max(1);
        MonotonicDeque { values: vec![0.0; cap], indices: vec![0; cap], head: 0, len: 0, keep_max, next_index: 0 }
    }

    /// Pushes the next value and returns the extreme of the last `window` values pushed.
    #[inline(always)]
    pub fn push(&mut self, v: f64) -> f64 {
        let cap = self.values.len();
        let i = self.next_index;
        self.next_index += 1;
        // Expire the front once it falls out of the window [i - cap + 1, i].
        while self.len > 0 && self.indices[self.head] + cap as u64 <= i {
            self.head = (self.head + 1) % cap;
            self.len -= 1;
        }
        // Drop dominated entries from the back (ties: the newer one survives longer).
        while self.len > 0 {
            let back = (self.head + self.len - 1) % cap;
            let dominated = if self.keep_max { self.values[back] <= v } else { self.values[back] >= v };
            if !dominated {
                break;
            }
            self.len -= 1;
        }
        let slot = (self.head + self.len) % cap;
        self.values[slot] = v;
        self.indices[slot] = i;
        self.len += 1;
        self.values[self.head]
    }

    /// Number of values pushed since construction or `clear`.
    pub fn pushed(&self) -> u64 {
        self.next_index
    }

    pub fn clear(&mut self) {
        self.head = 0;
        self.len = 0;
        self.next_index = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(xs: &[f64], w: usize, max: bool) -> Vec<f64> {
        (0..xs.len())
            .map(|i| {
                let lo = (i + 1).saturating_sub(w);
                let it = xs[lo..=i].iter().copied();
                if max {
                    it.fold(f64::NEG_INFINITY, f64::max)
                } else {
                    it.fold(f64::INFINITY, f64::min)
                }
            })
            .collect()
    }

    #[test]
    fn matches_brute_force() {
        let xs: Vec<f64> = crate::indicators::testutil::walk(400, 11).iter().map(|b| (b.close * 10.0).round()).collect();
        for w in [1, 2, 3, 7, 50] {
            for max in [true, false] {
                let mut d = MonotonicDeque::new(w, max);
                let got: Vec<f64> = xs.iter().map(|x| d.push(*x)).collect();
                assert_eq!(got, brute(&xs, w, max), "window {} max {}", w, max);
            }
        }
    }

    #[test]
    fn hand_computed_and_clear() {
        // window 3 max over 5,1,3,2,0,4: 5,5,5,3,3,4
        let mut d = MonotonicDeque::new(3, true);
        let got: Vec<f64> = [5.0, 1.0, 3.0, 2.0, 0.0, 4.0].iter().map(|x| d.push(*x)).collect();
        assert_eq!(got, vec![5.0, 5.0, 5.0, 3.0, 3.0, 4.0]);
        d.clear();
        assert_eq!(d.pushed(), 0);
        assert_eq!(d.push(-1.0), -1.0);
    }
}
