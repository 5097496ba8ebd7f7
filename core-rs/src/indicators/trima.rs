//! Triangular moving average (TA-Lib TRIMA): SMA of an SMA, computed as TA-Lib does with one
//! running numerator and its two half-window sums (numeratorSub over the older half, numeratorAdd
//! over the newer half), replaying every add and subtract in TA-Lib's order so values match bit for
//! bit. First valid index length-1. The first output seeds the sums from the window, walking the
//! older half backwards as TA-Lib does: O(length) once per reset, O(1) per bar after it.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::ring::RingBuffer;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 2.0, 100000.0, 20.0, "bars in the triangle")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "trima",
    title: "Triangular Moving Average",
    family: "moving_average",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Source(Source::Close),
    convention: "ta-lib",
    warmup: "length - 1",
    make: |p, s| Ok(Box::new(TriangularMovingAverage::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct TriangularMovingAverage {
    length: usize,
    /// length / 2 (integer division): the distance from the newest bar to the middle one.
    half: usize,
    odd: bool,
    /// 1 / sum of weights: (half+1)² for odd lengths, half·(half+1) for even ones.
    factor: f64,
    source: Source,
    window: RingBuffer,
    seen: usize,
    numerator: f64,
    numerator_sub: f64,
    numerator_add: f64,
    /// The oldest value of the previous window (TA-Lib's saved `tempReal`).
    trailing: f64,
}

impl TriangularMovingAverage {
    pub fn new(params: &[f64], source: Source) -> CoreResult<TriangularMovingAverage> {
        check_params("trima", PARAMS, params)?;
        let length = params[0] as usize;
        let half = length >> 1;
        let odd = length % 2 == 1;
        let h = half as f64;
        // TA-Lib forms the weight sum in int; exact in f64 for every allowed length.
        let weights = if odd { (h + 1.0) * (h + 1.0) } else { h * (h + 1.0) };
        Ok(TriangularMovingAverage {
            length,
            half,
            odd,
            factor: 1.0 / weights,
            source,
            window: RingBuffer::new(length),
            seen: 0,
            numerator: 0.0,
            numerator_sub: 0.0,
            numerator_add: 0.0,
            trailing: 0.0,
        })
    }

    /// Value at absolute index `i` of the first window (bar `length - 1` is the newest).
    fn first_window(&self, i: usize) -> f64 {
        self.window.get(self.length - 1 - i)
    }

    /// TA-Lib's initialisation over the first full window: older half newest-to-oldest into
    /// numeratorSub, newer half oldest-to-newest into numeratorAdd.
    fn seed(&mut self) -> f64 {
        let middle = if self.odd { self.half } else { self.half - 1 };
        self.numerator = 0.0;
        self.numerator_sub = 0.0;
        for i in (0..=middle).rev() {
            self.numerator_sub += self.first_window(i);
            self.numerator += self.numerator_sub;
        }
        self.numerator_add = 0.0;
        for i in (middle + 1)..self.length {
            self.numerator_add += self.first_window(i);
            self.numerator += self.numerator_add;
        }
        self.trailing = self.first_window(0);
        self.numerator * self.factor
    }

    #[inline(always)]
    pub fn next(&mut self, x: f64) -> f64 {
        self.window.push(x);
        self.seen += 1;
        if self.seen < self.length {
            return f64::NAN;
        }
        if self.seen == self.length {
            return self.seed();
        }
        self.numerator -= self.numerator_sub;
        self.numerator_sub -= self.trailing;
        let middle = self.window.get(self.half);
        self.numerator_sub += middle;
        if self.odd {
            self.numerator += self.numerator_add;
            self.numerator_add -= middle;
        } else {
            self.numerator_add -= middle;
            self.numerator += self.numerator_add;
        }
        self.numerator_add += x;
        self.numerator += x;
        self.trailing = self.window.get(self.length - 1);
        self.numerator * self.factor
    }

    pub fn clear(&mut self) {
        self.window.clear();
        self.seen = 0;
        self.numerator = 0.0;
        self.numerator_sub = 0.0;
        self.numerator_add = 0.0;
        self.trailing = 0.0;
    }
}

impl Indicator for TriangularMovingAverage {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.next(self.source.pick(bar));
    }

    fn reset(&mut self) {
        self.clear();
    }

    fn warmup(&self) -> usize {
        self.length - 1
    }

    fn n_outputs(&self) -> usize {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testutil::{assert_batch_equals_incremental, assert_warmup_boundary, flat, run, walk};

    fn trima(length: f64, xs: &[f64]) -> Vec<f64> {
        let mut t = TriangularMovingAverage::new(&[length], Source::Close).unwrap();
        xs.iter().map(|x| t.next(*x)).collect()
    }

    #[test]
    fn hand_computed_odd_and_even() {
        // length 5, weights 1,2,3,2,1 (sum 9): over 1,2,3,4,5 -> (1+4+9+8+5)/9 = 3;
        // over 2,3,4,5,20 -> (2+6+12+10+20)/9 = 50/9
        let got = trima(5.0, &[1.0, 2.0, 3.0, 4.0, 5.0, 20.0]);
        assert!(got[..4].iter().all(|v| v.is_nan()));
        assert_eq!(got[4], 3.0);
        assert!((got[5] - 50.0 / 9.0).abs() < 1e-12);
        // length 4, weights 1,2,2,1 (sum 6): over 1,2,3,4 -> (1+4+6+4)/6 = 2.5; over 2,3,4,11 -> (2+6+8+11)/6 = 4.5
        let got = trima(4.0, &[1.0, 2.0, 3.0, 4.0, 11.0]);
        assert_eq!(&got[3..], &[2.5, 4.5]);
    }

    #[test]
    fn length_two() {
        // length 2 = SMA(SMA(x,1),2): mean of the last two
        let got = trima(2.0, &[3.0, 5.0, -1.0]);
        assert_eq!(&got[1..], &[4.0, 2.0]);
    }

    #[test]
    fn batch_reset_flat_params() {
        for len in [20.0, 21.0] {
            let mut t = TriangularMovingAverage::new(&[len], Source::Close).unwrap();
            assert_batch_equals_incremental(&mut t, &walk(500, 6));
            assert_warmup_boundary(&mut t, &walk(100, 6));
            assert_eq!(run(&mut t, &flat(50, 12.5, 1.0))[0][49], 12.5);
        }
        let e = TriangularMovingAverage::new(&[-3.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "trima.length must be an integer in [2, 100000] (got -3)");
    }
}
