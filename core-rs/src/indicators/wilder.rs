//! Wilder smoothing as TA-Lib computes it for RSI/CMO (average gain/loss) and ATR: seeded with
//! the simple average of the first `length` inputs (summed from 0.0 in arrival order, then
//! divided), then `((prev * (length - 1)) + x) / length` in exactly that operation order, so
//! values match TA-Lib bit for bit. NaN until `length` inputs have been seen.

#[derive(Clone, Debug)]
pub struct WilderSmoother {
    length: usize,
    seen: usize,
    seed_sum: f64,
    value: f64,
}

impl WilderSmoother {
    pub fn new(length: usize) -> WilderSmoother {
        WilderSmoother { length: length.max(1), seen: 0, seed_sum: 0.0, value: f64::NAN }
    }

    /// Feeds one value; returns the smoothed value, NaN while seeding.
    #[inline(always)]
    pub fn next(&mut self, x: f64) -> f64 {
        let n = self.length as f64;
        if self.seen >= self.length {
            self.value = ((self.value * (n - 1.0)) + x) / n;
            return self.value;
        }
        self.seen += 1;
        self.seed_sum += x;
        if self.seen == self.length {
            self.value = self.seed_sum / n;
            return self.value;
        }
        f64::NAN
    }

    /// Latest smoothed value (NaN while seeding).
    pub fn value(&self) -> f64 {
        self.value
    }

    pub fn clear(&mut self) {
        self.seen = 0;
        self.seed_sum = 0.0;
        self.value = f64::NAN;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_with_mean_then_smooths() {
        // length 3: seed = (3+6+9)/3 = 6; then (6*2 + 12)/3 = 8; then (8*2 + 2)/3 = 6
        let mut w = WilderSmoother::new(3);
        assert!(w.next(3.0).is_nan());
        assert!(w.next(6.0).is_nan());
        assert_eq!(w.next(9.0), 6.0);
        assert_eq!(w.next(12.0), 8.0);
        assert_eq!(w.next(2.0), 6.0);
        w.clear();
        assert!(w.next(1.0).is_nan() && w.value().is_nan());
    }
}
