//! VWAP anchored to the UTC day (TradingView ta.vwap with the session anchor on 24/7 data):
//! cumulative Σ(source·volume) / Σ(volume) since the first bar of the current UTC day; a bar whose
//! day number floor(ts_ms / 86 400 000) differs from the previous bar's starts a new day. Default
//! source hlc3. While the day's volume is still zero the ratio is 0/0 (TradingView: na); we report
//! the plain mean of the day's source values instead. Valid from bar 0.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::spec::{check_params, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "vwap",
    title: "VWAP (anchored to the UTC day)",
    family: "anchored",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Source(Source::Hlc3),
    convention: "tradingview",
    warmup: "0",
    make: |p, s| Ok(Box::new(VolumeWeightedAveragePrice::new(p, s)?)),
};

pub const DAY_MS: f64 = 86_400_000.0;

#[derive(Clone, Debug)]
pub struct VolumeWeightedAveragePrice {
    source: Source,
    /// UTC day number of the current anchor; NaN before the first bar.
    day: f64,
    sum_price_volume: f64,
    sum_volume: f64,
    sum_price: f64,
    bars: f64,
}

impl VolumeWeightedAveragePrice {
    pub fn new(params: &[f64], source: Source) -> CoreResult<VolumeWeightedAveragePrice> {
        check_params("vwap", PARAMS, params)?;
        Ok(VolumeWeightedAveragePrice { source, day: f64::NAN, sum_price_volume: 0.0, sum_volume: 0.0, sum_price: 0.0, bars: 0.0 })
    }
}

impl Indicator for VolumeWeightedAveragePrice {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let day = (bar.ts_ms / DAY_MS).floor();
        if day != self.day {
            self.day = day;
            self.sum_price_volume = 0.0;
            self.sum_volume = 0.0;
            self.sum_price = 0.0;
            self.bars = 0.0;
        }
        let x = self.source.pick(bar);
        self.sum_price_volume += x * bar.volume;
        self.sum_volume += bar.volume;
        self.sum_price += x;
        self.bars += 1.0;
        out[0] = if self.sum_volume > 0.0 { self.sum_price_volume / self.sum_volume } else { self.sum_price / self.bars };
    }

    fn reset(&mut self) {
        self.day = f64::NAN;
        self.sum_price_volume = 0.0;
        self.sum_volume = 0.0;
        self.sum_price = 0.0;
        self.bars = 0.0;
    }

    fn warmup(&self) -> usize {
        0
    }

    fn n_outputs(&self) -> usize {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testutil::{assert_batch_equals_incremental, assert_warmup_boundary, flat, run, walk};

    fn at(ts_ms: f64, price: f64, volume: f64) -> Bar {
        Bar { ts_ms, open: price, high: price, low: price, close: price, volume }
    }

    #[test]
    fn hand_computed_with_day_reset() {
        // 23:58 and 23:59 UTC of day 0, then 00:00 of day 1.
        // bar0: 10; bar1: (10·1 + 20·3)/4 = 17.5; bar2 new day: 30
        // bar3 (00:01, high 33 low 27 close 30 -> hlc3 30, volume 2): (30·1 + 30·2)/3 = 30
        let bars = vec![
            at(DAY_MS - 120_000.0, 10.0, 1.0),
            at(DAY_MS - 60_000.0, 20.0, 3.0),
            at(DAY_MS, 30.0, 1.0),
            Bar { ts_ms: DAY_MS + 60_000.0, open: 30.0, high: 33.0, low: 27.0, close: 30.0, volume: 2.0 },
        ];
        let mut v = VolumeWeightedAveragePrice::new(&[], Source::Hlc3).unwrap();
        assert_eq!(run(&mut v, &bars)[0], vec![10.0, 17.5, 30.0, 30.0]);
    }

    #[test]
    fn zero_volume_start_of_day_uses_plain_mean() {
        let bars = vec![at(0.0, 10.0, 0.0), at(60_000.0, 20.0, 0.0), at(120_000.0, 40.0, 1.0)];
        let mut v = VolumeWeightedAveragePrice::new(&[], Source::Close).unwrap();
        assert_eq!(run(&mut v, &bars)[0], vec![10.0, 15.0, 40.0]);
    }

    #[test]
    fn batch_reset_flat_params() {
        let mut v = VolumeWeightedAveragePrice::new(&[], Source::Hlc3).unwrap();
        // walk() is one-minute bars from ts 0: 3000 bars cross two UTC midnights.
        assert_batch_equals_incremental(&mut v, &walk(3000, 20));
        assert_warmup_boundary(&mut v, &walk(100, 20));
        assert!(run(&mut v, &flat(50, 5.5, 1.0))[0].iter().all(|x| *x == 5.5));
        let e = VolumeWeightedAveragePrice::new(&[14.0], Source::Hlc3).unwrap_err();
        assert_eq!(e.message, "vwap takes 0 params, got 1");
    }
}
