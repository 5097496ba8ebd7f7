//! Standard deviation (TA-Lib STDDEV, nbdev 1): population deviation over `length` bars from
//! TA-Lib's running sums (variance = E[x²] - E[x]²). A variance below 1e-14 (flat input or rounding
//! noise) reports 0, as TA-Lib does. First valid index length-1.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::rolling_variance::{talib_stddev, RollingVariance};
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 2.0, 100000.0, 20.0, "bars in the window")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "stddev",
    title: "Standard Deviation (population)",
    family: "volatility",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Source(Source::Close),
    convention: "ta-lib",
    warmup: "length - 1",
    make: |p, s| Ok(Box::new(StandardDeviation::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct StandardDeviation {
    length: usize,
    source: Source,
    moments: RollingVariance,
}

impl StandardDeviation {
    pub fn new(params: &[f64], source: Source) -> CoreResult<StandardDeviation> {
        check_params("stddev", PARAMS, params)?;
        let length = params[0] as usize;
        Ok(StandardDeviation { length, source, moments: RollingVariance::new(length) })
    }
}

impl Indicator for StandardDeviation {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let (_, variance) = self.moments.next(self.source.pick(bar));
        out[0] = talib_stddev(variance);
    }

    fn reset(&mut self) {
        self.moments.clear();
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
    use crate::indicators::testutil::{assert_batch_equals_incremental, assert_warmup_boundary, bar, flat, run, walk};

    #[test]
    fn hand_computed() {
        // length 4 over 2,4,4,4 -> var 0.75 -> sqrt(0.75); then 4,4,4,5 -> var 0.1875 -> sqrt(0.1875)
        // then 4,4,5,5 -> mean 4.5, E[x²] = 82/4 = 20.5, var 0.25 -> 0.5
        let closes = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0];
        let bars: Vec<Bar> = closes.iter().map(|c| bar(*c, *c, *c, *c, 1.0)).collect();
        let mut s = StandardDeviation::new(&[4.0], Source::Close).unwrap();
        let got = run(&mut s, &bars).remove(0);
        assert!(got[..3].iter().all(|v| v.is_nan()));
        assert_eq!(&got[3..], &[0.75f64.sqrt(), 0.1875f64.sqrt(), 0.5]);
    }

    #[test]
    fn batch_reset_flat_params() {
        let mut s = StandardDeviation::new(&[20.0], Source::Close).unwrap();
        assert_batch_equals_incremental(&mut s, &walk(500, 13));
        assert_warmup_boundary(&mut s, &walk(100, 13));
        assert_eq!(run(&mut s, &flat(40, 64_000.1, 1.0))[0][39], 0.0);
        let e = StandardDeviation::new(&[1.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "stddev.length must be an integer in [2, 100000] (got 1)");
    }
}
