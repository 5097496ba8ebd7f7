//! Donchian Channels (TradingView): upper = highest high, lower = lowest low over the last `length`
//! bars including the current one, middle = (upper + lower)/2. Window extremes come from two
//! monotonic deques in fixed rings: O(1) amortised per bar, no allocation. First valid index length-1.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::rolling_extreme::{Extreme, RollingExtreme};
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 1.0, 100000.0, 20.0, "bars in the window, current included")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "donchian",
    title: "Donchian Channels",
    family: "volatility",
    params: PARAMS,
    outputs: &["upper", "middle", "lower"],
    inputs: Inputs::Fixed(&["high", "low"]),
    convention: "tradingview",
    warmup: "length - 1",
    make: |p, s| Ok(Box::new(DonchianChannels::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct DonchianChannels {
    length: usize,
    highs: RollingExtreme,
    lows: RollingExtreme,
}

impl DonchianChannels {
    pub fn new(params: &[f64], _source: Source) -> CoreResult<DonchianChannels> {
        check_params("donchian", PARAMS, params)?;
        let length = params[0] as usize;
        Ok(DonchianChannels { length, highs: RollingExtreme::new(length, Extreme::Max), lows: RollingExtreme::new(length, Extreme::Min) })
    }
}

impl Indicator for DonchianChannels {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        self.highs.push(bar.high);
        self.lows.push(bar.low);
        if !self.highs.is_full() {
            out[0] = f64::NAN;
            out[1] = f64::NAN;
            out[2] = f64::NAN;
            return;
        }
        let (upper, lower) = (self.highs.value(), self.lows.value());
        out[0] = upper;
        out[1] = (upper + lower) / 2.0;
        out[2] = lower;
    }

    fn reset(&mut self) {
        self.highs.clear();
        self.lows.clear();
    }

    fn warmup(&self) -> usize {
        self.length - 1
    }

    fn n_outputs(&self) -> usize {
        3
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testutil::{assert_batch_equals_incremental, assert_warmup_boundary, bar, flat, run, walk};

    #[test]
    fn hand_computed() {
        // length 3. highs 5,7,6,4,3 lows 1,2,3,2,2.5
        // bar2: upper max(5,7,6) = 7, lower min(1,2,3) = 1, middle 4
        // bar3: upper max(7,6,4) = 7, lower min(2,3,2) = 2, middle 4.5
        // bar4: upper max(6,4,3) = 6, lower min(3,2,2.5) = 2, middle 4
        let hl = [(5.0, 1.0), (7.0, 2.0), (6.0, 3.0), (4.0, 2.0), (3.0, 2.5)];
        let bars: Vec<Bar> = hl.iter().map(|(h, l)| bar(*l, *h, *l, *l, 1.0)).collect();
        let mut d = DonchianChannels::new(&[3.0], Source::Close).unwrap();
        let got = run(&mut d, &bars);
        assert!(got.iter().all(|c| c[0].is_nan() && c[1].is_nan()));
        assert_eq!(&got[0][2..], &[7.0, 7.0, 6.0]);
        assert_eq!(&got[1][2..], &[4.0, 4.5, 4.0]);
        assert_eq!(&got[2][2..], &[1.0, 2.0, 2.0]);
    }

    #[test]
    fn batch_reset_flat_params() {
        let mut d = DonchianChannels::new(&[20.0], Source::Close).unwrap();
        assert_batch_equals_incremental(&mut d, &walk(500, 17));
        assert_warmup_boundary(&mut d, &walk(100, 17));
        let got = run(&mut d, &flat(30, 3.0, 1.0));
        assert_eq!([got[0][29], got[1][29], got[2][29]], [3.0, 3.0, 3.0]);
        let e = DonchianChannels::new(&[2.5], Source::Close).unwrap_err();
        assert_eq!(e.message, "donchian.length must be an integer in [1, 100000] (got 2.5)");
    }
}
