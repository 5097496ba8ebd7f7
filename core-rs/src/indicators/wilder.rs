//! Wilder smoothing as TA-Lib computes it (ATR, RSI): the first value is the plain average of the
//! first `length` inputs (summed from 0.0 in input order, then divided); every later value is
//! `prev *= length-1; prev += x; prev /= length` as three separate operations, which is TA-Lib's
//! exact operation order (not `prev + (x - prev)/length`, which rounds differently).
//! Invariant: `next` returns NaN until `length` inputs were seen, then the smoothed value.

#[derive(Clone, Debug)]
pub struct WilderSmoother {
    length: usize,
    seen: usize,
    sum: f64,
    value: f64,
}

impl WilderSmoother {
    /// `length` >= 1 (callers validate it through their param specs).
    pub fn new(length: usize) -> WilderSmoother {
        WilderSmoother { length: length.max(1), seen: 0, sum: 0.0, value: f64::NAN }
    }

    #[inline(always)]
    pub fn next(&mut self, x: f64) -> f64 {
        if self.seen >= self.length {
            let mut v = self.value;
            v *= (self.length - 1) as f64;
            v += x;
            v /= self.length as f64;
            self.value = v;
            return v;
        }
        self.seen += 1;
        self.sum += x;
        if self.seen == self.length {
            self.value = self.sum / self.length as f64;
            return self.value;
        }
        f64::NAN
    }

    /// The last value returned (NaN before seeding).
    pub fn value(&self) -> f64 {
        self.value
    }

    pub fn clear(&mut self) {
        self.seen = 0;
        self.sum = 0.0;
        self.value = f64::NAN;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_with_average_then_smooths() {
        // length 3: seed (1+2+3)/3 = 2; then (2*2 + 8)/3 = 4; then (4*2 + 1)/3 = 3
        let mut w = WilderSmoother::new(3);
        let got: Vec<f64> = [1.0, 2.0, 3.0, 8.0, 1.0].iter().map(|x| w.next(*x)).collect();
        assert!(got[0].is_nan() && got[1].is_nan());
        assert_eq!(&got[2..], &[2.0, 4.0, 3.0]);
        w.clear();
        assert!(w.next(5.0).is_nan());
    }

    #[test]
    fn length_one_is_identity() {
        let mut w = WilderSmoother::new(1);
        assert_eq!(w.next(4.5), 4.5);
        assert_eq!(w.next(-2.25), -2.25);
    }
}
