//! Money flow index (TA-Lib 0.4.0 MFI): typical price tp = (high+low+close)/3, raw flow tp·volume,
//! positive when tp rose from the previous bar, negative when it fell, neither when unchanged.
//! MFI = 100·pos/(pos+neg) over the last `length` flows; first valid index `length` (bar 0 only
//! provides the first tp). TA-Lib convention kept: when pos+neg < 1.0 (no flow, e.g. flat input)
//! the value is 0.0. Flows live in two fixed rings; sums are add-newest/subtract-oldest as in TA-Lib.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 2.0, 100000.0, 14.0, "money-flow bars summed")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "mfi",
    title: "Money Flow Index",
    family: "volume",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Fixed(&["high", "low", "close", "volume"]),
    convention: "ta-lib",
    warmup: "length",
    make: |p, s| Ok(Box::new(MoneyFlowIndex::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct MoneyFlowIndex {
    length: usize,
    positive: Vec<f64>,
    negative: Vec<f64>,
    /// Number of bars seen; the flow of bar t (t >= 1) lives in slot (t-1) % length.
    seen: usize,
    prev_typical: f64,
    pos_sum: f64,
    neg_sum: f64,
}

impl MoneyFlowIndex {
    pub fn new(params: &[f64], _source: Source) -> CoreResult<MoneyFlowIndex> {
        check_params("mfi", PARAMS, params)?;
        let length = params[0] as usize;
        Ok(MoneyFlowIndex {
            length,
            positive: vec![0.0; length],
            negative: vec![0.0; length],
            seen: 0,
            prev_typical: f64::NAN,
            pos_sum: 0.0,
            neg_sum: 0.0,
        })
    }
}

impl Indicator for MoneyFlowIndex {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let typical = (bar.high + bar.low + bar.close) / 3.0;
        let t = self.seen;
        self.seen += 1;
        if t == 0 {
            self.prev_typical = typical;
            out[0] = f64::NAN;
            return;
        }
        let slot = (t - 1) % self.length;
        if t > self.length {
            self.pos_sum -= self.positive[slot];
            self.neg_sum -= self.negative[slot];
        }
        let change = typical - self.prev_typical;
        self.prev_typical = typical;
        let flow = typical * bar.volume;
        if change < 0.0 {
            self.negative[slot] = flow;
            self.neg_sum += flow;
            self.positive[slot] = 0.0;
        } else if change > 0.0 {
            self.positive[slot] = flow;
            self.pos_sum += flow;
            self.negative[slot] = 0.0;
        } else {
            self.positive[slot] = 0.0;
            self.negative[slot] = 0.0;
        }
        if t < self.length {
            out[0] = f64::NAN;
            return;
        }
        let total = self.pos_sum + self.neg_sum;
        out[0] = if total < 1.0 { 0.0 } else { 100.0 * (self.pos_sum / total) };
    }

    fn reset(&mut self) {
        self.seen = 0;
        self.prev_typical = f64::NAN;
        self.pos_sum = 0.0;
        self.neg_sum = 0.0;
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
    use crate::indicators::testutil::{assert_batch_equals_incremental, assert_warmup_boundary, bar, flat, run, walk};

    #[test]
    fn hand_computed() {
        // length 2; typical prices (h=l=c) 10, 12, 11, 11, 13 with volumes 1, 2, 3, 4, 1
        // flows: bar1 +24, bar2 -33, bar3 none, bar4 +13
        // bar2: 100·24/57; bar3: window (bar2, bar3) = -33, 0 -> 0; bar4: (bar3, bar4) = +13 -> 100
        let tv = [(10.0, 1.0), (12.0, 2.0), (11.0, 3.0), (11.0, 4.0), (13.0, 1.0)];
        let bars: Vec<Bar> = tv.iter().map(|(p, v)| bar(*p, *p, *p, *p, *v)).collect();
        let mut m = MoneyFlowIndex::new(&[2.0], Source::Close).unwrap();
        let got = run(&mut m, &bars).remove(0);
        assert!(got[0].is_nan() && got[1].is_nan());
        assert_eq!(&got[2..], &[100.0 * (24.0 / 57.0), 0.0, 100.0]);
    }

    #[test]
    fn batch_reset_flat_params() {
        let mut m = MoneyFlowIndex::new(&[14.0], Source::Close).unwrap();
        assert_batch_equals_incremental(&mut m, &walk(500, 24));
        assert_warmup_boundary(&mut m, &walk(100, 24));
        assert_eq!(run(&mut m, &flat(30, 100.0, 5.0))[0][29], 0.0);
        let e = MoneyFlowIndex::new(&[1.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "mfi.length must be an integer in [2, 100000] (got 1)");
    }
}
