//! Aroon (TA-Lib AROON and AROONOSC) over a window of length + 1 bars (today and `length` bars
//! back): up = (100/length) * (length - bars since the highest high), down likewise with the
//! lowest low, osc = (100/length) * (index of high - index of low) — TA-Lib's own expressions, so
//! osc is not computed as up - down. Ties go to the most recent bar (TA-Lib's `>=`/`<=`), so flat
//! input gives up 100, down 100, osc 0. Monotonic deques: amortised O(1).
//! First valid index `length`.
use crate::bar::Bar;
use crate::error::CoreResult;
use crate::indicators::rolling_extreme::{Extreme, RollingExtreme};
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 2.0, 100000.0, 14.0, "bars looked back for the highest high and lowest low")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "aroon",
    title: "Aroon (up, down, oscillator)",
    family: "trend",
    params: PARAMS,
    outputs: &["up", "down", "osc"],
    inputs: Inputs::Fixed(&["high", "low"]),
    convention: "ta-lib",
    warmup: "length",
    make: |p, _| Ok(Box::new(Aroon::new(p)?)),
};

#[derive(Clone, Debug)]
pub struct Aroon {
    length: usize,
    factor: f64,
    highest: RollingExtreme,
    lowest: RollingExtreme,
}

impl Aroon {
    pub fn new(params: &[f64]) -> CoreResult<Aroon> {
        check_params("aroon", PARAMS, params)?;
        let length = params[0] as usize;
        Ok(Aroon {
            length,
            factor: 100.0 / length as f64,
            highest: RollingExtreme::new(length + 1, Extreme::Max),
            lowest: RollingExtreme::new(length + 1, Extreme::Min),
        })
    }
}

impl Indicator for Aroon {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        self.highest.push(bar.high);
        self.lowest.push(bar.low);
        if !self.highest.is_full() {
            out[0] = f64::NAN;
            out[1] = f64::NAN;
            out[2] = f64::NAN;
            return;
        }
        let (high_age, low_age) = (self.highest.age() as i64, self.lowest.age() as i64);
        let n = self.length as i64;
        out[0] = self.factor * ((n - high_age) as f64);
        out[1] = self.factor * ((n - low_age) as f64);
        // index of high - index of low = (today - high_age) - (today - low_age)
        out[2] = self.factor * ((low_age - high_age) as f64);
    }

    fn reset(&mut self) {
        self.highest.clear();
        self.lowest.clear();
    }

    fn warmup(&self) -> usize {
        self.length
    }

    fn n_outputs(&self) -> usize {
        3
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testkit::{assert_warmup, flat, hlc, run};
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};

    #[test]
    fn hand_computed() {
        // length 4 (factor 25), window of 5 bars. Highs 5,9,7,9,6 and lows 3,1,4,2,5 at bar 4:
        // highest 9 last seen 1 bar ago (tie with bar 1 goes to bar 3) -> up = 25*(4-1) = 75;
        // lowest 1 at bar 1, 3 bars ago -> down = 25*(4-3) = 25; osc = 25*(3-1) = 50.
        let bars = hlc(&[(5.0, 3.0, 4.0), (9.0, 1.0, 5.0), (7.0, 4.0, 5.0), (9.0, 2.0, 5.0), (6.0, 5.0, 5.0)]);
        let mut a = Aroon::new(&[4.0]).unwrap();
        let got = run(&mut a, &bars);
        assert!(got[0][3].is_nan());
        assert_eq!((got[0][4], got[1][4], got[2][4]), (75.0, 25.0, 50.0));
    }

    #[test]
    fn flat_input_is_up_and_down_100() {
        let mut a = Aroon::new(&[14.0]).unwrap();
        let got = run(&mut a, &flat(30, 4.0));
        assert!(got[0][14..].iter().chain(got[1][14..].iter()).all(|v| *v == 100.0));
        assert!(got[2][14..].iter().all(|v| *v == 0.0));
    }

    #[test]
    fn warmup_and_batch_equals_incremental() {
        let mut a = Aroon::new(&[14.0]).unwrap();
        assert_eq!(a.warmup(), 14);
        assert_warmup(&mut a, &walk(100, 3));
        assert_batch_equals_incremental(&mut a, &walk(500, 22));
    }

    #[test]
    fn rejects_length_one() {
        let e = Aroon::new(&[1.0]).unwrap_err();
        assert_eq!(e.message, "aroon.length must be an integer in [2, 100000] (got 1)");
    }
}
