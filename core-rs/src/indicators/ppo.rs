//! Percentage Price Oscillator (TA-Lib PPO with MA type EMA — TA-Lib's own default is SMA, so
//! pass optInMAType = EMA when comparing): ((EMA(fast) - EMA(slow)) / EMA(slow)) * 100 in TA-Lib's
//! operation order; both EMAs seeded with their own SMA from bar 0 (unlike MACD); 0 when the slow
//! EMA is within 1e-14 of zero. Flat input gives 0. fast > slow is swapped like TA-Lib.
//! First valid index max(fast, slow) - 1.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::ema::ExponentialMovingAverage;
use crate::indicators::rsi::ta_is_zero;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[
    int_param("fast", 2.0, 100000.0, 12.0, "fast EMA period"),
    int_param("slow", 2.0, 100000.0, 26.0, "slow EMA period (swapped with fast if smaller, as TA-Lib does)"),
];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "ppo",
    title: "Percentage Price Oscillator",
    family: "momentum",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Source(Source::Close),
    convention: "ta-lib",
    warmup: "max(fast, slow) - 1",
    make: |p, s| Ok(Box::new(PercentagePriceOscillator::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct PercentagePriceOscillator {
    slow_length: usize,
    source: Source,
    fast: ExponentialMovingAverage,
    slow: ExponentialMovingAverage,
}

impl PercentagePriceOscillator {
    pub fn new(params: &[f64], source: Source) -> CoreResult<PercentagePriceOscillator> {
        check_params("ppo", PARAMS, params)?;
        let (a, b) = (params[0] as usize, params[1] as usize);
        let (fast, slow) = if b < a { (b, a) } else { (a, b) };
        Ok(PercentagePriceOscillator {
            slow_length: slow,
            source,
            fast: ExponentialMovingAverage::with_alpha(fast, 2.0 / (fast as f64 + 1.0), Source::Close),
            slow: ExponentialMovingAverage::with_alpha(slow, 2.0 / (slow as f64 + 1.0), Source::Close),
        })
    }
}

impl Indicator for PercentagePriceOscillator {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let x = self.source.pick(bar);
        let fast = self.fast.next(x);
        let slow = self.slow.next(x);
        out[0] = if slow.is_nan() {
            f64::NAN
        } else if ta_is_zero(slow) {
            0.0
        } else {
            ((fast - slow) / slow) * 100.0
        };
    }

    fn reset(&mut self) {
        self.fast.clear();
        self.slow.clear();
    }

    fn warmup(&self) -> usize {
        self.slow_length - 1
    }

    fn n_outputs(&self) -> usize {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testkit::{assert_warmup, closes, flat, run};
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};

    #[test]
    fn hand_computed() {
        // fast 2 (alpha 2/3), slow 3 (alpha 1/2); closes 2,4,6,10.
        // fast EMA: seed mean(2,4) = 3 at bar 1; bar 2: 3+(6-3)*2/3 = 5; bar 3: 5+(10-5)*2/3 = 8.333..
        // slow EMA: seed mean(2,4,6) = 4 at bar 2; bar 3: 4+(10-4)/2 = 7.
        // bar 2: (5-4)/4*100 = 25; bar 3: (8.333..-7)/7*100.
        let mut p = PercentagePriceOscillator::new(&[2.0, 3.0], Source::Close).unwrap();
        let got = run(&mut p, &closes(&[2.0, 4.0, 6.0, 10.0]))[0].clone();
        assert!(got[1].is_nan());
        assert_eq!(got[2], 25.0);
        let fast3 = ((10.0 - 5.0) * (2.0 / 3.0)) + 5.0;
        assert_eq!(got[3], ((fast3 - 7.0) / 7.0) * 100.0);
    }

    #[test]
    fn flat_input_is_zero() {
        let mut p = PercentagePriceOscillator::new(&[12.0, 26.0], Source::Close).unwrap();
        assert!(run(&mut p, &flat(40, 64.0))[0][25..].iter().all(|v| *v == 0.0));
    }

    #[test]
    fn warmup_and_batch_equals_incremental() {
        let mut p = PercentagePriceOscillator::new(&[12.0, 26.0], Source::Close).unwrap();
        assert_eq!(p.warmup(), 25);
        assert_warmup(&mut p, &walk(100, 3));
        assert_batch_equals_incremental(&mut p, &walk(500, 17));
    }

    #[test]
    fn rejects_fast_one() {
        let e = PercentagePriceOscillator::new(&[1.0, 26.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "ppo.fast must be an integer in [2, 100000] (got 1)");
    }
}
