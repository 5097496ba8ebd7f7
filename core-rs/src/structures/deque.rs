//! Fixed-capacity monotonic deque of (bar index, value) for sliding-window max or min in O(1)
//! amortised per bar. Storage is allocated once in `new`; `expire` + `push` never allocate.
//! Invariant (max kind): values are non-increasing from front to back and equal values keep their
//! arrival order, so `front()` is the LEFTMOST (earliest) argmax of the window. The min kind is
//! the mirror image. Callers must `expire` before `push` so at most `capacity` items are held.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extreme {
    Max,
    Min,
}

#[derive(Clone, Debug)]
pub struct MonotonicDeque {
    kind: Extreme,
    index: Vec<usize>,
    value: Vec<f64>,
    head: usize,
    len: usize,
}

impl MonotonicDeque {
    /// `capacity` = window length in bars (at least 1).
    pub fn new(kind: Extreme, capacity: usize) -> MonotonicDeque {
        let cap = capacity.max(1);
        MonotonicDeque { kind, index: vec![0; cap], value: vec![0.0; cap], head: 0, len: 0 }
    }

    #[inline(always)]
    fn slot(&self, k: usize) -> usize {
        let cap = self.index.len();
        let s = self.head + k;
        if s >= cap {
            s - cap
        } else {
            s
        }
    }

    /// Drops items whose bar index is below `first` (they left the window).
    #[inline(always)]
    pub fn expire(&mut self, first: usize) {
        while self.len > 0 && self.index[self.head] < first {
            self.head += 1;
            if self.head == self.index.len() {
                self.head = 0;
            }
            self.len -= 1;
        }
    }

    /// Appends bar `index` with `value`, first dropping the back items it dominates strictly
    /// (a smaller value for Max, a larger one for Min); equal values stay, earliest in front.
    #[inline(always)]
    pub fn push(&mut self, index: usize, value: f64) {
        while self.len > 0 {
            let back = self.value[self.slot(self.len - 1)];
            let dominated = match self.kind {
                Extreme::Max => back < value,
                Extreme::Min => back > value,
            };
            if !dominated {
                break;
            }
            self.len -= 1;
        }
        debug_assert!(self.len < self.index.len(), "expire before push");
        let s = self.slot(self.len);
        self.index[s] = index;
        self.value[s] = value;
        self.len += 1;
    }

    /// (bar index, value) of the window's extreme, earliest on ties; None when empty.
    #[inline(always)]
    pub fn front(&self) -> Option<(usize, f64)> {
        if self.len == 0 {
            None
        } else {
            Some((self.index[self.head], self.value[self.head]))
        }
    }

    pub fn clear(&mut self) {
        self.head = 0;
        self.len = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force leftmost argmax/argmin over every window of length w.
    fn check(kind: Extreme, xs: &[f64], w: usize) {
        let mut d = MonotonicDeque::new(kind, w);
        for t in 0..xs.len() {
            let first = (t + 1).saturating_sub(w);
            d.expire(first);
            d.push(t, xs[t]);
            let mut best = first;
            for i in first..=t {
                let better = match kind {
                    Extreme::Max => xs[i] > xs[best],
                    Extreme::Min => xs[i] < xs[best],
                };
                if better {
                    best = i;
                }
            }
            assert_eq!(d.front(), Some((best, xs[best])), "t {} w {}", t, w);
        }
    }

    #[test]
    fn matches_brute_force_with_ties() {
        let xs = [3.0, 1.0, 3.0, 2.0, 2.0, 5.0, 5.0, 1.0, 0.0, 0.0, 4.0, 4.0, 4.0, 2.0];
        for w in 1..6 {
            check(Extreme::Max, &xs, w);
            check(Extreme::Min, &xs, w);
        }
    }

    #[test]
    fn front_is_leftmost_of_equal_values() {
        // window of 3 over [2, 2, 2]: the earliest 2 (index 0) is the front until it expires.
        let mut d = MonotonicDeque::new(Extreme::Max, 3);
        for t in 0..3 {
            d.expire((t + 1usize).saturating_sub(3));
            d.push(t, 2.0);
        }
        assert_eq!(d.front(), Some((0, 2.0)));
        d.expire(1);
        d.push(3, 1.0);
        assert_eq!(d.front(), Some((1, 2.0)));
        d.clear();
        assert_eq!(d.front(), None);
    }
}
