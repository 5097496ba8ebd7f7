//! Keltner Channels (TradingView ta.kc with true range): middle = EMA(source, length),
//! upper/lower = middle ± mult·EMA(true range, length). True range at bar 0 is high - low (no
//! previous close), later bars use `true_range`. Both EMAs are this crate's SMA-seeded EMA
//! (alpha 2/(length+1), like TradingView's built-in ta.ema), so the middle equals `ema` bit for
//! bit and the first valid index is length-1.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::ema::ExponentialMovingAverage;
use crate::indicators::spec::{check_params, float_param, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::true_range::true_range;
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[
    int_param("length", 1.0, 100000.0, 20.0, "EMA period of the middle and of the true range"),
    float_param("mult", 0.0, 100.0, 2.0, "true-range EMAs between the middle and each band"),
];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "keltner",
    title: "Keltner Channels",
    family: "volatility",
    params: PARAMS,
    outputs: &["upper", "middle", "lower"],
    inputs: Inputs::Source(Source::Close),
    convention: "tradingview",
    warmup: "length - 1",
    make: |p, s| Ok(Box::new(KeltnerChannels::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct KeltnerChannels {
    length: usize,
    mult: f64,
    source: Source,
    middle: ExponentialMovingAverage,
    range: ExponentialMovingAverage,
    prev_close: f64,
    seen: bool,
}

impl KeltnerChannels {
    pub fn new(params: &[f64], source: Source) -> CoreResult<KeltnerChannels> {
        check_params("keltner", PARAMS, params)?;
        let length = params[0] as usize;
        let alpha = 2.0 / (length as f64 + 1.0);
        Ok(KeltnerChannels {
            length,
            mult: params[1],
            source,
            middle: ExponentialMovingAverage::with_alpha(length, alpha, source),
            range: ExponentialMovingAverage::with_alpha(length, alpha, source),
            prev_close: f64::NAN,
            seen: false,
        })
    }
}

impl Indicator for KeltnerChannels {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let tr = if self.seen { true_range(bar.high, bar.low, self.prev_close) } else { bar.high - bar.low };
        self.seen = true;
        self.prev_close = bar.close;
        let middle = self.middle.next(self.source.pick(bar));
        let range = self.range.next(tr);
        if middle.is_nan() {
            out[0] = f64::NAN;
            out[1] = f64::NAN;
            out[2] = f64::NAN;
            return;
        }
        out[0] = middle + range * self.mult;
        out[1] = middle;
        out[2] = middle - range * self.mult;
    }

    fn reset(&mut self) {
        self.middle.clear();
        self.range.clear();
        self.prev_close = f64::NAN;
        self.seen = false;
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
        // length 2 (alpha 2/3), mult 1.5.
        // bar0 h11 l9 c10: TR 2 (high-low); bar1 h13 l10 c12 pc10: TR 3; bar2 h12 l11 c11.5 pc12: TR max(1, 0, 1) = 1
        // middle: seed (10+12)/2 = 11; bar2 11 + (11.5-11)·2/3 = 11.333..
        // range:  seed (2+3)/2 = 2.5; bar2 2.5 + (1-2.5)·2/3 = 1.5
        let bars = vec![bar(10.0, 11.0, 9.0, 10.0, 1.0), bar(10.0, 13.0, 10.0, 12.0, 1.0), bar(12.0, 12.0, 11.0, 11.5, 1.0)];
        let mut k = KeltnerChannels::new(&[2.0, 1.5], Source::Close).unwrap();
        let got = run(&mut k, &bars);
        assert!(got.iter().all(|c| c[0].is_nan()));
        assert_eq!([got[0][1], got[1][1], got[2][1]], [11.0 + 3.75, 11.0, 11.0 - 3.75]);
        let mid = 11.0 + 0.5 * (2.0 / 3.0);
        assert!((got[1][2] - mid).abs() < 1e-12);
        assert!((got[0][2] - (mid + 2.25)).abs() < 1e-12);
        assert!((got[2][2] - (mid - 2.25)).abs() < 1e-12);
    }

    #[test]
    fn batch_reset_flat_params() {
        let mut k = KeltnerChannels::new(&[20.0, 2.0], Source::Close).unwrap();
        assert_batch_equals_incremental(&mut k, &walk(500, 16));
        assert_warmup_boundary(&mut k, &walk(100, 16));
        let got = run(&mut k, &flat(30, 8.0, 1.0));
        assert_eq!([got[0][29], got[1][29], got[2][29]], [8.0, 8.0, 8.0]);
        let e = KeltnerChannels::new(&[0.0, 2.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "keltner.length must be an integer in [1, 100000] (got 0)");
    }
}
