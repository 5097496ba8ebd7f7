//! Awesome Oscillator (TradingView `ta.sma(hl2, 5) - ta.sma(hl2, 34)`; TA-Lib has none):
//! SMA(source, fast) - SMA(source, slow) with source hl2 by default. The SMAs are this crate's
//! TA-Lib-order running-sum SMA (sma.rs). Flat input gives 0 (both SMAs equal the price when the
//! window sum is exact; otherwise a residue of a few ulps). First valid index max(fast, slow) - 1.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::sma::SimpleMovingAverage;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[
    int_param("fast", 1.0, 100000.0, 5.0, "fast SMA period"),
    int_param("slow", 1.0, 100000.0, 34.0, "slow SMA period"),
];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "ao",
    title: "Awesome Oscillator",
    family: "momentum",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Source(Source::Hl2),
    convention: "tradingview",
    warmup: "max(fast, slow) - 1",
    make: |p, s| Ok(Box::new(AwesomeOscillator::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct AwesomeOscillator {
    warmup: usize,
    source: Source,
    fast: SimpleMovingAverage,
    slow: SimpleMovingAverage,
}

impl AwesomeOscillator {
    pub fn new(params: &[f64], source: Source) -> CoreResult<AwesomeOscillator> {
        check_params("ao", PARAMS, params)?;
        Ok(AwesomeOscillator {
            warmup: (params[0] as usize).max(params[1] as usize) - 1,
            source,
            fast: SimpleMovingAverage::new(&[params[0]], Source::Close)?,
            slow: SimpleMovingAverage::new(&[params[1]], Source::Close)?,
        })
    }
}

impl Indicator for AwesomeOscillator {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let x = self.source.pick(bar);
        let fast = self.fast.next(x);
        let slow = self.slow.next(x);
        // NaN propagates until both SMAs are full.
        out[0] = fast - slow;
    }

    fn reset(&mut self) {
        self.fast.clear();
        self.slow.clear();
    }

    fn warmup(&self) -> usize {
        self.warmup
    }

    fn n_outputs(&self) -> usize {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testkit::{assert_warmup, flat, hlc, run};
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};

    #[test]
    fn hand_computed() {
        // fast 1, slow 3 on hl2 = 2, 4, 9, 1 (high/low pairs 3/1, 5/3, 10/8, 2/0):
        // bar 2: 9 - mean(2,4,9) = 9 - 5 = 4; bar 3: 1 - mean(4,9,1) = 1 - 14/3.
        let bars = hlc(&[(3.0, 1.0, 2.0), (5.0, 3.0, 4.0), (10.0, 8.0, 9.0), (2.0, 0.0, 1.0)]);
        let mut a = AwesomeOscillator::new(&[1.0, 3.0], Source::Hl2).unwrap();
        let got = run(&mut a, &bars)[0].clone();
        assert!(got[1].is_nan());
        assert_eq!(got[2], 4.0);
        assert_eq!(got[3], 1.0 - 14.0 / 3.0);
    }

    #[test]
    fn flat_input_is_zero() {
        let mut a = AwesomeOscillator::new(&[5.0, 34.0], Source::Hl2).unwrap();
        assert!(run(&mut a, &flat(50, 100.0))[0][33..].iter().all(|v| *v == 0.0));
    }

    #[test]
    fn warmup_and_batch_equals_incremental() {
        let mut a = AwesomeOscillator::new(&[5.0, 34.0], Source::Hl2).unwrap();
        assert_eq!(a.warmup(), 33);
        assert_warmup(&mut a, &walk(100, 3));
        assert_batch_equals_incremental(&mut a, &walk(500, 20));
    }

    #[test]
    fn rejects_zero_fast() {
        let e = AwesomeOscillator::new(&[0.0, 34.0], Source::Hl2).unwrap_err();
        assert_eq!(e.message, "ao.fast must be an integer in [1, 100000] (got 0)");
    }
}
