//! Relative Strength Index (TA-Lib RSI, Wilder): average gain and loss of 1-bar changes, each
//! seeded with the mean of the first `length` changes and then Wilder-smoothed in TA-Lib's order
//! (see wilder.rs). RSI = 100 * gain / (gain + loss); TA-Lib returns 0 when gain + loss is within
//! 1e-14 of zero, so flat input gives 0. First valid index: `length` (bar 0 has no change).
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::wilder::WilderSmoother;
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 2.0, 100000.0, 14.0, "Wilder smoothing period of gains and losses")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "rsi",
    title: "Relative Strength Index",
    family: "momentum",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Source(Source::Close),
    convention: "ta-lib",
    warmup: "length",
    make: |p, s| Ok(Box::new(RelativeStrengthIndex::new(p, s)?)),
};

/// TA-Lib's TA_IS_ZERO: |v| < 1e-14.
#[inline(always)]
pub fn ta_is_zero(v: f64) -> bool {
    -1e-14 < v && v < 1e-14
}

#[derive(Clone, Debug)]
pub struct RelativeStrengthIndex {
    length: usize,
    source: Source,
    has_prev: bool,
    prev: f64,
    gain: WilderSmoother,
    loss: WilderSmoother,
}

impl RelativeStrengthIndex {
    pub fn new(params: &[f64], source: Source) -> CoreResult<RelativeStrengthIndex> {
        check_params("rsi", PARAMS, params)?;
        Ok(RelativeStrengthIndex::with_length(params[0] as usize, source))
    }

    /// An RSI with an already validated length (StochRSI builds one).
    pub fn with_length(length: usize, source: Source) -> RelativeStrengthIndex {
        RelativeStrengthIndex {
            length,
            source,
            has_prev: false,
            prev: 0.0,
            gain: WilderSmoother::new(length),
            loss: WilderSmoother::new(length),
        }
    }

    /// Core step on a raw value; NaN until `length` changes have been seen.
    /// A loss is fed as `-change` (TA-Lib: `prevLoss -= change`, the same IEEE operation).
    #[inline(always)]
    pub fn next(&mut self, x: f64) -> f64 {
        if !self.has_prev {
            self.has_prev = true;
            self.prev = x;
            return f64::NAN;
        }
        let change = x - self.prev;
        self.prev = x;
        let (g, l) = if change < 0.0 { (0.0, -change) } else { (change, 0.0) };
        let gain = self.gain.next(g);
        let loss = self.loss.next(l);
        if gain.is_nan() {
            return f64::NAN;
        }
        let total = gain + loss;
        if ta_is_zero(total) {
            0.0
        } else {
            100.0 * (gain / total)
        }
    }

    pub fn clear(&mut self) {
        self.has_prev = false;
        self.prev = 0.0;
        self.gain.clear();
        self.loss.clear();
    }
}

impl Indicator for RelativeStrengthIndex {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.next(self.source.pick(bar));
    }

    fn reset(&mut self) {
        self.clear();
    }

    fn warmup(&self) -> usize {
        self.length
    }

    fn n_outputs(&self) -> usize {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testkit::{assert_close, assert_warmup, closes, flat, run};
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};

    #[test]
    fn hand_computed() {
        // length 2, closes 1,2,4,3,5: changes +1,+2,-1,+2.
        // seed (bar 2): gain (1+2)/2 = 1.5, loss 0 -> RSI 100.
        // bar 3: gain (1.5*1+0)/2 = 0.75, loss (0*1+1)/2 = 0.5 -> 100*0.75/1.25 = 60.
        // bar 4: gain (0.75+2)/2 = 1.375, loss 0.5/2 = 0.25 -> 100*1.375/1.625 = 84.615...
        let mut r = RelativeStrengthIndex::new(&[2.0], Source::Close).unwrap();
        let got = run(&mut r, &closes(&[1.0, 2.0, 4.0, 3.0, 5.0]))[0].clone();
        assert!(got[0].is_nan() && got[1].is_nan());
        assert_eq!(got[2], 100.0);
        assert_eq!(got[3], 60.0);
        assert_close(got[4], 100.0 * 1.375 / 1.625);
    }

    #[test]
    fn flat_input_is_zero() {
        // TA-Lib: gain + loss == 0 -> 0 (not 50, not NaN).
        let mut r = RelativeStrengthIndex::new(&[14.0], Source::Close).unwrap();
        let got = run(&mut r, &flat(40, 100.0))[0].clone();
        assert!(got[14..].iter().all(|v| *v == 0.0));
    }

    #[test]
    fn warmup_and_batch_equals_incremental() {
        let mut r = RelativeStrengthIndex::new(&[14.0], Source::Close).unwrap();
        assert_eq!(r.warmup(), 14);
        assert_warmup(&mut r, &walk(200, 5));
        assert_batch_equals_incremental(&mut r, &walk(500, 3));
    }

    #[test]
    fn rejects_length_one() {
        let e = RelativeStrengthIndex::new(&[1.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "rsi.length must be an integer in [2, 100000] (got 1)");
    }
}
