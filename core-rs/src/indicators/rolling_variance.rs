//! Rolling population mean and variance over a fixed window in TA-Lib's INT_VAR order: running
//! sums of x and x*x (add the newest, divide, then subtract the oldest), variance = E[x²] - E[x]².
//! The mean is bit-identical to `SimpleMovingAverage` (same sum, same order), which is what
//! TA-Lib's BBANDS relies on. `talib_stddev` applies TA-Lib's cut-off: a variance below
//! TA_EPSILON = 1e-14 (TA_IS_ZERO_OR_NEG in the TA-Lib 0.6 sources that talib@1.1.6 builds) is
//! reported as a deviation of exactly 0. (TA-Lib 0.4.0 used 1e-8, which zeroes real deviations of
//! low-priced instruments.)
use crate::indicators::ring::RingBuffer;

/// TA-Lib's TA_EPSILON: `TA_IS_ZERO_OR_NEG(v)` is `v < TA_EPSILON` (STDDEV, BBANDS);
/// `TA_IS_ZERO(v)` is `-TA_EPSILON < v < TA_EPSILON` (KAMA, NATR).
pub const TALIB_EPSILON: f64 = 0.000_000_000_000_01;

/// sqrt(variance), or 0.0 when the variance is below TA-Lib's cut-off (flat or rounding noise).
#[inline(always)]
pub fn talib_stddev(variance: f64) -> f64 {
    if variance < TALIB_EPSILON {
        0.0
    } else {
        variance.sqrt()
    }
}

#[derive(Clone, Debug)]
pub struct RollingVariance {
    length: usize,
    window: RingBuffer,
    sum: f64,
    sum_sq: f64,
}

impl RollingVariance {
    pub fn new(length: usize) -> RollingVariance {
        let length = length.max(1);
        RollingVariance { length, window: RingBuffer::new(length), sum: 0.0, sum_sq: 0.0 }
    }

    /// Pushes `x`; returns (mean, population variance), both NaN until the window is full.
    #[inline(always)]
    pub fn next(&mut self, x: f64) -> (f64, f64) {
        self.sum += x;
        self.sum_sq += x * x;
        self.window.push(x);
        if !self.window.is_full() {
            return (f64::NAN, f64::NAN);
        }
        let n = self.length as f64;
        let mean = self.sum / n;
        let mean_sq = self.sum_sq / n;
        let oldest = self.window.get(self.length - 1);
        self.sum -= oldest;
        self.sum_sq -= oldest * oldest;
        (mean, mean_sq - mean * mean)
    }

    pub fn clear(&mut self) {
        self.window.clear();
        self.sum = 0.0;
        self.sum_sq = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bar::Source;
    use crate::indicators::sma::SimpleMovingAverage;

    #[test]
    fn hand_computed() {
        // window 4 over 2,4,4,4: mean 3.5, E[x²] = (4+16+16+16)/4 = 13, var = 13 - 12.25 = 0.75
        // then 4,4,4,5: mean 4.25, E[x²] = 73/4 = 18.25, var = 18.25 - 18.0625 = 0.1875
        let mut r = RollingVariance::new(4);
        for x in [2.0, 4.0, 4.0] {
            assert!(r.next(x).0.is_nan());
        }
        assert_eq!(r.next(4.0), (3.5, 0.75));
        assert_eq!(r.next(5.0), (4.25, 0.1875));
    }

    #[test]
    fn mean_is_the_sma_bit_for_bit() {
        let mut r = RollingVariance::new(7);
        let mut s = SimpleMovingAverage::new(&[7.0], Source::Close).unwrap();
        for b in crate::indicators::testutil::walk(300, 9) {
            let (m, _) = r.next(b.close);
            assert_eq!(m.to_bits(), s.next(b.close).to_bits());
        }
    }

    #[test]
    fn cutoff() {
        assert_eq!(talib_stddev(0.9e-14), 0.0);
        assert_eq!(talib_stddev(1e-12), 1e-6);
        assert_eq!(talib_stddev(-1e-12), 0.0);
        assert_eq!(talib_stddev(4.0), 2.0);
    }
}
