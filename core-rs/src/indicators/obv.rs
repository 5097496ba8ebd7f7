//! On-balance volume (TA-Lib OBV): starts at +volume[0]; then adds the bar's volume when the close
//! rises, subtracts it when the close falls, keeps it on an unchanged close. Valid from bar 0.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::spec::{check_params, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "obv",
    title: "On-Balance Volume",
    family: "volume",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Fixed(&["close", "volume"]),
    convention: "ta-lib",
    warmup: "0",
    make: |p, s| Ok(Box::new(OnBalanceVolume::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct OnBalanceVolume {
    prev_close: f64,
    obv: f64,
    seen: bool,
}

impl OnBalanceVolume {
    pub fn new(params: &[f64], _source: Source) -> CoreResult<OnBalanceVolume> {
        check_params("obv", PARAMS, params)?;
        Ok(OnBalanceVolume { prev_close: f64::NAN, obv: 0.0, seen: false })
    }
}

impl Indicator for OnBalanceVolume {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        if !self.seen {
            self.seen = true;
            self.obv = bar.volume;
        } else if bar.close > self.prev_close {
            self.obv += bar.volume;
        } else if bar.close < self.prev_close {
            self.obv -= bar.volume;
        }
        self.prev_close = bar.close;
        out[0] = self.obv;
    }

    fn reset(&mut self) {
        self.prev_close = f64::NAN;
        self.obv = 0.0;
        self.seen = false;
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
    use crate::indicators::testutil::{assert_batch_equals_incremental, assert_warmup_boundary, bar, flat, run, walk};

    #[test]
    fn hand_computed() {
        // closes 10, 11, 11, 9, 12 with volumes 5, 2, 7, 3, 4: 5, 7, 7, 4, 8
        let cv = [(10.0, 5.0), (11.0, 2.0), (11.0, 7.0), (9.0, 3.0), (12.0, 4.0)];
        let bars: Vec<Bar> = cv.iter().map(|(c, v)| bar(*c, *c, *c, *c, *v)).collect();
        let mut o = OnBalanceVolume::new(&[], Source::Close).unwrap();
        assert_eq!(run(&mut o, &bars)[0], vec![5.0, 7.0, 7.0, 4.0, 8.0]);
    }

    #[test]
    fn batch_reset_flat_params() {
        let mut o = OnBalanceVolume::new(&[], Source::Close).unwrap();
        assert_batch_equals_incremental(&mut o, &walk(500, 22));
        assert_warmup_boundary(&mut o, &walk(100, 22));
        assert!(run(&mut o, &flat(20, 1.0, 3.0))[0].iter().all(|v| *v == 3.0));
        assert_eq!(OnBalanceVolume::new(&[1.0], Source::Close).unwrap_err().message, "obv takes 0 params, got 1");
    }
}
