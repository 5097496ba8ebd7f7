//! Rolling sum of the last `window` values over a ring buffer allocated once. Add/subtract
//! updates are O(1); to keep rounding drift bounded the sum is recomputed from the window
//! (oldest to newest, from 0.0) every `window` pushes, which is amortised O(1). A count of
//! non-zero values makes the sum exactly 0.0 whenever the whole window is zero, so ratios of
//! rolling sums on flat input see a true zero instead of a rounding residue.
use crate::indicators::ring::RingBuffer;

#[derive(Clone, Debug)]
pub struct RollingSum {
    window: RingBuffer,
    sum: f64,
    nonzero: usize,
    since_resync: usize,
}

impl RollingSum {
    pub fn new(window: usize) -> RollingSum {
        RollingSum { window: RingBuffer::new(window), sum: 0.0, nonzero: 0, since_resync: 0 }
    }

    /// Adds the newest value (evicting the oldest when full); returns the sum, NaN until full.
    #[inline(always)]
    pub fn next(&mut self, x: f64) -> f64 {
        if let Some(old) = self.window.push(x) {
            self.sum -= old;
            if old != 0.0 {
                self.nonzero -= 1;
            }
        }
        self.sum += x;
        if x != 0.0 {
            self.nonzero += 1;
        }
        self.since_resync += 1;
        if self.since_resync >= self.window.capacity() {
            self.since_resync = 0;
            let n = self.window.len();
            let mut s = 0.0;
            for ago in (0..n).rev() {
                s += self.window.get(ago);
            }
            self.sum = s;
        }
        if self.nonzero == 0 {
            self.sum = 0.0;
        }
        if self.window.is_full() {
            self.sum
        } else {
            f64::NAN
        }
    }

    pub fn clear(&mut self) {
        self.window.clear();
        self.sum = 0.0;
        self.nonzero = 0;
        self.since_resync = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_the_window_and_zeroes_exactly() {
        let mut r = RollingSum::new(3);
        assert!(r.next(0.1).is_nan());
        assert!(r.next(0.2).is_nan());
        assert_eq!(r.next(0.3), 0.1 + 0.2 + 0.3); // resync: summed oldest to newest
        assert_eq!(r.next(1.0), 0.1 + 0.2 + 0.3 - 0.1 + 1.0);
        r.next(0.0);
        r.next(0.0);
        assert_eq!(r.next(0.0), 0.0); // whole window zero -> exactly 0, no residue
        r.clear();
        assert!(r.next(5.0).is_nan());
    }
}
