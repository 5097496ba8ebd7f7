//! Linear regression over the last `length` values (TA-Lib LINEARREG, LINEARREG_SLOPE,
//! LINEARREG_INTERCEPT and TSF in one indicator). TA-Lib's formulas with x = bars ago:
//! slope m = (n*Sxy - Sx*Sy) / (Sx^2 - n*Sxx), intercept b = (Sy - m*Sx) / n (the fitted value at
//! the oldest bar of the window), value = b + m*(n-1) (at the current bar), forecast = b + m*n.
//! O(1) per bar: Sy and Sxy are updated by running sums, and recomputed from the window in
//! TA-Lib's order every `length` bars (amortised O(1)), which bounds rounding drift; values equal
//! TA-Lib bit for bit on recompute bars and to a few ulps of the price scale in between.
//! Sx and Sxx are computed exactly in integers (TA-Lib's C int arithmetic overflows for
//! length >= 1025, so TA-Lib itself is wrong there). Flat input: slope ~0, the three levels equal
//! the price. First valid index length - 1.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::ring::RingBuffer;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 2.0, 100000.0, 14.0, "bars in the regression window")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "linreg",
    title: "Linear Regression (value, slope, intercept, forecast)",
    family: "trend",
    params: PARAMS,
    outputs: &["value", "slope", "intercept", "forecast"],
    inputs: Inputs::Source(Source::Close),
    convention: "ta-lib",
    warmup: "length - 1",
    make: |p, s| Ok(Box::new(LinearRegression::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct LinearRegression {
    length: usize,
    source: Source,
    window: RingBuffer,
    sum_x: f64,
    divisor: f64,
    sum_y: f64,
    /// Sum of (bars ago) * value over the window.
    sum_xy: f64,
    since_resync: usize,
}

impl LinearRegression {
    pub fn new(params: &[f64], source: Source) -> CoreResult<LinearRegression> {
        check_params("linreg", PARAMS, params)?;
        let length = params[0] as usize;
        let n = length as u64;
        let sum_x = (n * (n - 1)) as f64 * 0.5;
        let sum_xx = ((n * (n - 1) * (2 * n - 1)) / 6) as f64;
        Ok(LinearRegression {
            length,
            source,
            window: RingBuffer::new(length),
            sum_x,
            divisor: sum_x * sum_x - length as f64 * sum_xx,
            sum_y: 0.0,
            sum_xy: 0.0,
            since_resync: 0,
        })
    }
}

impl Indicator for LinearRegression {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let x = self.source.pick(bar);
        let n = self.length as f64;
        // Every value ages by one bar: Sxy gains Sy; the evicted value had age n-1 (now n).
        match self.window.push(x) {
            Some(old) => {
                self.sum_xy = self.sum_xy + self.sum_y - n * old;
                self.sum_y = self.sum_y - old + x;
            }
            None => {
                self.sum_xy += self.sum_y;
                self.sum_y += x;
            }
        }
        self.since_resync += 1;
        if !self.window.is_full() {
            for o in out.iter_mut().take(4) {
                *o = f64::NAN;
            }
            return;
        }
        if self.since_resync >= self.length {
            self.since_resync = 0;
            let (mut sy, mut sxy) = (0.0, 0.0);
            for ago in (0..self.length).rev() {
                let v = self.window.get(ago);
                sy += v;
                sxy += ago as f64 * v;
            }
            self.sum_y = sy;
            self.sum_xy = sxy;
        }
        let m = (n * self.sum_xy - self.sum_x * self.sum_y) / self.divisor;
        let b = (self.sum_y - m * self.sum_x) / n;
        out[0] = b + m * (n - 1.0);
        out[1] = m;
        out[2] = b;
        out[3] = b + m * n;
    }

    fn reset(&mut self) {
        self.window.clear();
        self.sum_y = 0.0;
        self.sum_xy = 0.0;
        self.since_resync = 0;
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
    use crate::indicators::testkit::{assert_close, assert_warmup, closes, flat, run};
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};

    #[test]
    fn hand_computed() {
        // length 3 on 1, 2, 4: least squares over t = 0, 1, 2: slope 1.5, fitted at t=0: 5/6,
        // at t=2 (value): 5/6 + 3 = 23/6, forecast t=3: 5/6 + 4.5 = 16/3.
        // Then 2, 4, 4 (running-sum update): slope 1, intercept 7/3, value 13/3, forecast 16/3.
        let mut l = LinearRegression::new(&[3.0], Source::Close).unwrap();
        let got = run(&mut l, &closes(&[1.0, 2.0, 4.0, 4.0]));
        assert!(got[0][1].is_nan());
        let want = [[23.0 / 6.0, 1.5, 5.0 / 6.0, 16.0 / 3.0], [13.0 / 3.0, 1.0, 7.0 / 3.0, 16.0 / 3.0]];
        for (row, bar) in want.iter().zip([2usize, 3]) {
            for (j, w) in row.iter().enumerate() {
                assert_close(got[j][bar], *w);
            }
        }
    }

    #[test]
    fn running_sums_stay_exact_on_a_line() {
        // On y = 2t + 5 every window fits exactly: slope 2 and value = the last close, for
        // thousands of bars across many running-sum updates and recomputes.
        let xs: Vec<f64> = (0..5000).map(|t| 2.0 * t as f64 + 5.0).collect();
        let mut l = LinearRegression::new(&[14.0], Source::Close).unwrap();
        let got = run(&mut l, &closes(&xs));
        for t in 13..xs.len() {
            assert_close(got[1][t], 2.0);
            assert_close(got[0][t], xs[t]);
            assert_close(got[3][t], xs[t] + 2.0);
        }
    }

    #[test]
    fn flat_input_is_the_price() {
        let mut l = LinearRegression::new(&[14.0], Source::Close).unwrap();
        let got = run(&mut l, &flat(60, 100.0));
        for (j, want) in [100.0, 0.0, 100.0, 100.0].iter().enumerate() {
            assert!(got[j][13..].iter().all(|v| v == want), "output {}", j);
        }
    }

    #[test]
    fn warmup_and_batch_equals_incremental() {
        let mut l = LinearRegression::new(&[14.0], Source::Close).unwrap();
        assert_eq!(l.warmup(), 13);
        assert_warmup(&mut l, &walk(100, 3));
        assert_batch_equals_incremental(&mut l, &walk(500, 27));
    }

    #[test]
    fn rejects_length_one() {
        let e = LinearRegression::new(&[1.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "linreg.length must be an integer in [2, 100000] (got 1)");
    }
}
