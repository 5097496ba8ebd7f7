//! Chande Momentum Oscillator as TA-Lib computes it (TA-Lib 0.4 CMO): Wilder-smoothed average
//! gain and loss exactly like RSI (seeded by the mean of the first `length` changes), then
//! 100 * (gain - loss) / (gain + loss) — mathematically 2 * RSI - 100. 0 when gain + loss is
//! within 1e-14 of zero (flat input gives 0). First valid index `length`.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::rsi::ta_is_zero;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::wilder::WilderSmoother;
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 2.0, 100000.0, 14.0, "Wilder smoothing period of gains and losses")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "cmo",
    title: "Chande Momentum Oscillator",
    family: "momentum",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Source(Source::Close),
    convention: "ta-lib",
    warmup: "length",
    make: |p, s| Ok(Box::new(ChandeMomentumOscillator::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct ChandeMomentumOscillator {
    length: usize,
    source: Source,
    has_prev: bool,
    prev: f64,
    gain: WilderSmoother,
    loss: WilderSmoother,
}

impl ChandeMomentumOscillator {
    pub fn new(params: &[f64], source: Source) -> CoreResult<ChandeMomentumOscillator> {
        check_params("cmo", PARAMS, params)?;
        let length = params[0] as usize;
        Ok(ChandeMomentumOscillator {
            length,
            source,
            has_prev: false,
            prev: 0.0,
            gain: WilderSmoother::new(length),
            loss: WilderSmoother::new(length),
        })
    }
}

impl Indicator for ChandeMomentumOscillator {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let x = self.source.pick(bar);
        out[0] = f64::NAN;
        if !self.has_prev {
            self.has_prev = true;
            self.prev = x;
            return;
        }
        let change = x - self.prev;
        self.prev = x;
        let (g, l) = if change < 0.0 { (0.0, -change) } else { (change, 0.0) };
        let gain = self.gain.next(g);
        let loss = self.loss.next(l);
        if gain.is_nan() {
            return;
        }
        let total = gain + loss;
        out[0] = if ta_is_zero(total) { 0.0 } else { 100.0 * ((gain - loss) / total) };
    }

    fn reset(&mut self) {
        self.has_prev = false;
        self.prev = 0.0;
        self.gain.clear();
        self.loss.clear();
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
        // Same gains/losses as the RSI test (length 2, closes 1,2,4,3,5):
        // bar 2: gain 1.5 loss 0 -> 100; bar 3: gain 0.75 loss 0.5 -> 100*0.25/1.25 = 20 (= 2*60-100);
        // bar 4: gain 1.375 loss 0.25 -> 100*1.125/1.625.
        let mut c = ChandeMomentumOscillator::new(&[2.0], Source::Close).unwrap();
        let got = run(&mut c, &closes(&[1.0, 2.0, 4.0, 3.0, 5.0]))[0].clone();
        assert!(got[1].is_nan());
        assert_eq!(got[2], 100.0);
        assert_close(got[3], 20.0);
        assert_close(got[4], 100.0 * 1.125 / 1.625);
    }

    #[test]
    fn flat_input_is_zero() {
        let mut c = ChandeMomentumOscillator::new(&[14.0], Source::Close).unwrap();
        assert!(run(&mut c, &flat(40, 2.2))[0][14..].iter().all(|v| *v == 0.0));
    }

    #[test]
    fn warmup_and_batch_equals_incremental() {
        let mut c = ChandeMomentumOscillator::new(&[14.0], Source::Close).unwrap();
        assert_eq!(c.warmup(), 14);
        assert_warmup(&mut c, &walk(100, 3));
        assert_batch_equals_incremental(&mut c, &walk(500, 16));
    }

    #[test]
    fn rejects_length_one() {
        let e = ChandeMomentumOscillator::new(&[1.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "cmo.length must be an integer in [2, 100000] (got 1)");
    }
}
