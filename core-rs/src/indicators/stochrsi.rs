//! Stochastic RSI (TA-Lib STOCHRSI with fast %D type SMA): TA-Lib's STOCHF run over RSI values,
//! with high = low = close = RSI. k = fast %K of RSI over `stoch_length` RSI values (0 when the
//! RSI window is flat, so flat prices give 0); d = SMA(k, d_length). TA-Lib holds both outputs
//! back to the %D start: first valid index rsi_length + stoch_length + d_length - 2 (29 for 14/14/3).
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::rolling_extreme::{Extreme, RollingExtreme};
use crate::indicators::rsi::RelativeStrengthIndex;
use crate::indicators::sma::SimpleMovingAverage;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::stoch::fast_k;
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[
    int_param("rsi_length", 2.0, 100000.0, 14.0, "RSI period (TA-Lib timeperiod)"),
    int_param("stoch_length", 1.0, 100000.0, 14.0, "RSI values in the stochastic window (TA-Lib fastk_period)"),
    int_param("d_length", 1.0, 100000.0, 3.0, "SMA period of d over k (TA-Lib fastd_period)"),
];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "stochrsi",
    title: "Stochastic RSI",
    family: "momentum",
    params: PARAMS,
    outputs: &["k", "d"],
    inputs: Inputs::Source(Source::Close),
    convention: "ta-lib",
    warmup: "rsi_length + stoch_length + d_length - 2",
    make: |p, s| Ok(Box::new(StochasticRsi::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct StochasticRsi {
    warmup: usize,
    source: Source,
    rsi: RelativeStrengthIndex,
    highest: RollingExtreme,
    lowest: RollingExtreme,
    d: SimpleMovingAverage,
}

impl StochasticRsi {
    pub fn new(params: &[f64], source: Source) -> CoreResult<StochasticRsi> {
        check_params("stochrsi", PARAMS, params)?;
        let (rsi_length, stoch_length, d_length) = (params[0] as usize, params[1] as usize, params[2] as usize);
        Ok(StochasticRsi {
            warmup: rsi_length + stoch_length + d_length - 2,
            source,
            rsi: RelativeStrengthIndex::with_length(rsi_length, source),
            highest: RollingExtreme::new(stoch_length, Extreme::Max),
            lowest: RollingExtreme::new(stoch_length, Extreme::Min),
            d: SimpleMovingAverage::new(&[params[2]], Source::Close)?,
        })
    }
}

impl Indicator for StochasticRsi {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = f64::NAN;
        out[1] = f64::NAN;
        let rsi = self.rsi.next(self.source.pick(bar));
        if rsi.is_nan() {
            return;
        }
        self.highest.push(rsi);
        self.lowest.push(rsi);
        if !self.highest.is_full() {
            return;
        }
        let k = fast_k(rsi, self.highest.value(), self.lowest.value());
        let d = self.d.next(k);
        if d.is_nan() {
            return;
        }
        out[0] = k;
        out[1] = d;
    }

    fn reset(&mut self) {
        self.rsi.clear();
        self.highest.clear();
        self.lowest.clear();
        self.d.clear();
    }

    fn warmup(&self) -> usize {
        self.warmup
    }

    fn n_outputs(&self) -> usize {
        2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testkit::{assert_close, assert_warmup, closes, flat, run};
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};

    #[test]
    fn hand_computed() {
        // rsi_length 2, stoch_length 2, d_length 1 (first valid index 3).
        // closes 1,2,4,3,5 give RSI(2) = NaN,NaN,100,60,84.615 (see rsi.rs).
        // bar 3: window RSI 100,60 -> (60-60)/((100-60)/100) = 0
        // bar 4: window 60,84.615 -> (84.615-60)/((84.615-60)/100) = 100
        let mut s = StochasticRsi::new(&[2.0, 2.0, 1.0], Source::Close).unwrap();
        let got = run(&mut s, &closes(&[1.0, 2.0, 4.0, 3.0, 5.0]));
        assert!(got[0][2].is_nan());
        assert_eq!(got[0][3], 0.0);
        assert_close(got[0][4], 100.0);
        assert_eq!(got[1][4], got[0][4]);
    }

    #[test]
    fn flat_input_is_zero() {
        // RSI is 0 on flat input; a flat RSI window has highest == lowest -> k = 0.
        let mut s = StochasticRsi::new(&[14.0, 14.0, 3.0], Source::Close).unwrap();
        let got = run(&mut s, &flat(50, 7.0));
        assert!(got[0][29..].iter().chain(got[1][29..].iter()).all(|v| *v == 0.0));
    }

    #[test]
    fn warmup_and_batch_equals_incremental() {
        let mut s = StochasticRsi::new(&[14.0, 14.0, 3.0], Source::Close).unwrap();
        assert_eq!(s.warmup(), 29);
        assert_warmup(&mut s, &walk(120, 4));
        assert_batch_equals_incremental(&mut s, &walk(500, 8));
    }

    #[test]
    fn rejects_rsi_length_one() {
        let e = StochasticRsi::new(&[1.0, 14.0, 3.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "stochrsi.rsi_length must be an integer in [2, 100000] (got 1)");
    }
}
