//! Commodity Channel Index (TA-Lib CCI): (tp - mean) / (0.015 * mean absolute deviation) over
//! `length` typical prices (default source hlc3 = (high + low + close) / 3, TA-Lib's input).
//! Exception to the O(1) rule, on purpose: the mean absolute deviation depends on the current
//! mean, so every value of the window must be revisited; no exact O(1) form exists. The update
//! is O(length) over a buffer allocated once, summing in TA-Lib's circular-buffer slot order
//! (slot = bar index mod length) so values match TA-Lib bit for bit.
//! 0 when tp == mean or the deviation is 0, as in TA-Lib. One deliberate deviation from TA-Lib:
//! a window of identical prices gives 0. TA-Lib's mean of n equal values can be off by an ulp
//! (e.g. 20 x 3.3), and it then returns +-66.67 (= 1/0.015) for a perfectly flat market.
//! First valid index length - 1.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 2.0, 100000.0, 20.0, "bars in the mean and mean-deviation window")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "cci",
    title: "Commodity Channel Index",
    family: "momentum",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Source(Source::Hlc3),
    convention: "ta-lib",
    warmup: "length - 1",
    make: |p, s| Ok(Box::new(CommodityChannelIndex::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct CommodityChannelIndex {
    length: usize,
    source: Source,
    window: Vec<f64>,
    slot: usize,
    seen: usize,
}

impl CommodityChannelIndex {
    pub fn new(params: &[f64], source: Source) -> CoreResult<CommodityChannelIndex> {
        check_params("cci", PARAMS, params)?;
        let length = params[0] as usize;
        Ok(CommodityChannelIndex { length, source, window: vec![0.0; length], slot: 0, seen: 0 })
    }
}

impl Indicator for CommodityChannelIndex {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let last = self.source.pick(bar);
        self.window[self.slot] = last;
        self.slot += 1;
        if self.slot == self.length {
            self.slot = 0;
        }
        self.seen += 1;
        if self.seen < self.length {
            out[0] = f64::NAN;
            return;
        }
        let n = self.length as f64;
        let mut mean = 0.0;
        let mut flat = true;
        for v in &self.window {
            mean += *v;
            flat &= *v == last;
        }
        if flat {
            out[0] = 0.0;
            return;
        }
        mean /= n;
        let mut deviation = 0.0;
        for v in &self.window {
            deviation += (*v - mean).abs();
        }
        let above = last - mean;
        out[0] = if above != 0.0 && deviation != 0.0 { above / (0.015 * (deviation / n)) } else { 0.0 };
    }

    fn reset(&mut self) {
        self.slot = 0;
        self.seen = 0;
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
    use crate::indicators::testkit::{assert_close, assert_warmup, closes, flat, run};
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};

    #[test]
    fn hand_computed() {
        // length 3 on closes (h = l = c, so hlc3 = close): 1,2,6,3.
        // bar 2: mean 3, |dev| 2+1+3 = 6 -> mean dev 2; (6-3)/(0.015*2) = 100.
        // bar 3: window 2,6,3: mean 11/3, dev 5/3+7/3+2/3 = 14/3 -> md 14/9; (3-11/3)/(0.015*14/9) = -28.571...
        let mut c = CommodityChannelIndex::new(&[3.0], Source::Hlc3).unwrap();
        let got = run(&mut c, &closes(&[1.0, 2.0, 6.0, 3.0]))[0].clone();
        assert!(got[1].is_nan());
        assert_close(got[2], 100.0);
        assert_close(got[3], (3.0 - 11.0 / 3.0) / (0.015 * (14.0 / 9.0)));
    }

    #[test]
    fn flat_input_is_zero() {
        // 3.3 is a price whose 20-value mean is off by an ulp: TA-Lib would give +-66.67 here.
        let mut c = CommodityChannelIndex::new(&[20.0], Source::Hlc3).unwrap();
        assert!(run(&mut c, &flat(40, 3.3))[0][19..].iter().all(|v| *v == 0.0));
    }

    #[test]
    fn warmup_and_batch_equals_incremental() {
        let mut c = CommodityChannelIndex::new(&[20.0], Source::Hlc3).unwrap();
        assert_eq!(c.warmup(), 19);
        assert_warmup(&mut c, &walk(100, 3));
        assert_batch_equals_incremental(&mut c, &walk(500, 12));
    }

    #[test]
    fn rejects_length_one() {
        let e = CommodityChannelIndex::new(&[1.0], Source::Hlc3).unwrap_err();
        assert_eq!(e.message, "cci.length must be an integer in [2, 100000] (got 1)");
    }
}
