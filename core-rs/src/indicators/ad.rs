//! Chaikin accumulation/distribution line (TA-Lib AD) and oscillator (TA-Lib ADOSC).
//! Money-flow volume of a bar = ((close-low) - (high-close)) / (high-low) · volume, 0 when
//! high <= low, in TA-Lib's operation order (`money_flow_volume`, also used by CMF).
//! AD is the running sum from bar 0 (valid from bar 0). ADOSC = EMA(AD, fast) - EMA(AD, slow) where
//! both EMAs are seeded with AD at bar 0 and then `k·ad + (1-k)·ema` (TA-Lib's form); its first
//! valid index is max(fast, slow) - 1. As in TA-Lib, fast may exceed slow (the sign flips).
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const AD_PARAMS: &[ParamSpec] = &[];
pub const ADOSC_PARAMS: &[ParamSpec] = &[
    int_param("fast", 2.0, 100000.0, 3.0, "fast EMA period of the A/D line"),
    int_param("slow", 2.0, 100000.0, 10.0, "slow EMA period of the A/D line"),
];

pub const AD_SPEC: IndicatorSpec = IndicatorSpec {
    name: "ad",
    title: "Accumulation/Distribution Line",
    family: "volume",
    params: AD_PARAMS,
    outputs: &["value"],
    inputs: Inputs::Fixed(&["high", "low", "close", "volume"]),
    convention: "ta-lib",
    warmup: "0",
    make: |p, s| Ok(Box::new(AccumulationDistribution::new(p, s)?)),
};

pub const ADOSC_SPEC: IndicatorSpec = IndicatorSpec {
    name: "adosc",
    title: "Chaikin A/D Oscillator",
    family: "volume",
    params: ADOSC_PARAMS,
    outputs: &["value"],
    inputs: Inputs::Fixed(&["high", "low", "close", "volume"]),
    convention: "ta-lib",
    warmup: "max(fast, slow) - 1",
    make: |p, s| Ok(Box::new(ChaikinOscillator::new(p, s)?)),
};

/// ((close-low) - (high-close)) / (high-low) · volume; 0 for a bar with no range.
#[inline(always)]
pub fn money_flow_volume(bar: &Bar) -> f64 {
    let range = bar.high - bar.low;
    if range > 0.0 {
        (bar.close - bar.low - (bar.high - bar.close)) / range * bar.volume
    } else {
        0.0
    }
}

#[derive(Clone, Debug)]
pub struct AccumulationDistribution {
    ad: f64,
}

impl AccumulationDistribution {
    pub fn new(params: &[f64], _source: Source) -> CoreResult<AccumulationDistribution> {
        check_params("ad", AD_PARAMS, params)?;
        Ok(AccumulationDistribution { ad: 0.0 })
    }
}

impl Indicator for AccumulationDistribution {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        // TA-Lib skips the add for a zero-range bar; adding 0.0 is the same except for ad = -0.0.
        let range = bar.high - bar.low;
        if range > 0.0 {
            self.ad += money_flow_volume(bar);
        }
        out[0] = self.ad;
    }

    fn reset(&mut self) {
        self.ad = 0.0;
    }

    fn warmup(&self) -> usize {
        0
    }

    fn n_outputs(&self) -> usize {
        1
    }
}

#[derive(Clone, Debug)]
pub struct ChaikinOscillator {
    lookback: usize,
    fast_k: f64,
    slow_k: f64,
    ad: AccumulationDistribution,
    fast: f64,
    slow: f64,
    seen: usize,
}

impl ChaikinOscillator {
    pub fn new(params: &[f64], source: Source) -> CoreResult<ChaikinOscillator> {
        check_params("adosc", ADOSC_PARAMS, params)?;
        let (fast, slow) = (params[0], params[1]);
        Ok(ChaikinOscillator {
            lookback: fast.max(slow) as usize - 1,
            fast_k: 2.0 / (fast + 1.0),
            slow_k: 2.0 / (slow + 1.0),
            ad: AccumulationDistribution::new(&[], source)?,
            fast: 0.0,
            slow: 0.0,
            seen: 0,
        })
    }
}

impl Indicator for ChaikinOscillator {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let mut ad = [0.0];
        self.ad.update(bar, &mut ad);
        let ad = ad[0];
        if self.seen == 0 {
            self.fast = ad;
            self.slow = ad;
        } else {
            self.fast = self.fast_k * ad + (1.0 - self.fast_k) * self.fast;
            self.slow = self.slow_k * ad + (1.0 - self.slow_k) * self.slow;
        }
        self.seen += 1;
        out[0] = if self.seen > self.lookback { self.fast - self.slow } else { f64::NAN };
    }

    fn reset(&mut self) {
        self.ad.reset();
        self.fast = 0.0;
        self.slow = 0.0;
        self.seen = 0;
    }

    fn warmup(&self) -> usize {
        self.lookback
    }

    fn n_outputs(&self) -> usize {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testutil::{assert_batch_equals_incremental, assert_warmup_boundary, bar, flat, run, walk};

    fn bars() -> Vec<Bar> {
        // MFV: bar0 h10 l8 c9.5 v4 -> (1.5 - 0.5)/2·4 = 2; bar1 h10 l10 -> 0;
        //      bar2 h12 l10 c10 v3 -> (0 - 2)/2·3 = -3; bar3 h11 l9 c11 v2 -> (2 - 0)/2·2 = 2
        vec![
            bar(9.0, 10.0, 8.0, 9.5, 4.0),
            bar(10.0, 10.0, 10.0, 10.0, 9.0),
            bar(11.0, 12.0, 10.0, 10.0, 3.0),
            bar(9.0, 11.0, 9.0, 11.0, 2.0),
        ]
    }

    #[test]
    fn hand_computed_ad() {
        let mut a = AccumulationDistribution::new(&[], Source::Close).unwrap();
        assert_eq!(run(&mut a, &bars())[0], vec![2.0, 2.0, -1.0, 1.0]);
    }

    #[test]
    fn hand_computed_adosc() {
        // fast 2 (k 2/3), slow 3 (k 1/2); AD = 2, 2, -1, 1. Seeds 2/2.
        // bar1: fast 2, slow 2 -> out 0 (lookback 2: not yet); bar2: fast 2/3·-1 + 1/3·2 = 0, slow -0.5 + 1 = 0.5 -> -0.5
        // bar3: fast 2/3 + 0 = 0.666.., slow 0.5 + 0.25 = 0.75 -> -0.0833..
        let mut o = ChaikinOscillator::new(&[2.0, 3.0], Source::Close).unwrap();
        let got = run(&mut o, &bars()).remove(0);
        assert!(got[0].is_nan() && got[1].is_nan());
        assert!((got[2] + 0.5).abs() < 1e-15, "{}", got[2]);
        assert!((got[3] - (2.0 / 3.0 - 0.75)).abs() < 1e-15, "{}", got[3]);
    }

    #[test]
    fn batch_reset_flat_params() {
        let mut a = AccumulationDistribution::new(&[], Source::Close).unwrap();
        assert_batch_equals_incremental(&mut a, &walk(500, 23));
        let mut o = ChaikinOscillator::new(&[3.0, 10.0], Source::Close).unwrap();
        assert_eq!(o.warmup(), 9);
        assert_batch_equals_incremental(&mut o, &walk(500, 23));
        assert_warmup_boundary(&mut o, &walk(100, 23));
        assert!(run(&mut a, &flat(20, 7.0, 3.0))[0].iter().all(|v| *v == 0.0));
        assert_eq!(run(&mut o, &flat(20, 7.0, 3.0))[0][19], 0.0);
        let e = ChaikinOscillator::new(&[1.0, 10.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "adosc.fast must be an integer in [2, 100000] (got 1)");
    }
}
