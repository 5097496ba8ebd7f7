//! Bollinger Bands (TA-Lib BBANDS with an SMA middle and population deviation, nbdevup = nbdevdn =
//! mult) plus %B and bandwidth. middle = SMA (bit-identical to `sma`), dev = STDDEV as TA-Lib
//! computes it from the same running sums (0 when the variance is below 1e-14), upper/lower =
//! middle ± dev·mult. percent_b = (x - lower)/(upper - lower), 0.5 when the bands coincide (flat
//! input or mult 0); bandwidth = (upper - lower)/middle, 0 when middle is 0. First valid index length-1.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::rolling_variance::{talib_stddev, RollingVariance};
use crate::indicators::spec::{check_params, float_param, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[
    int_param("length", 2.0, 100000.0, 20.0, "SMA and deviation window"),
    float_param("mult", 0.0, 100.0, 2.0, "deviations between the middle and each band"),
];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "bbands",
    title: "Bollinger Bands",
    family: "volatility",
    params: PARAMS,
    outputs: &["upper", "middle", "lower", "percent_b", "bandwidth"],
    inputs: Inputs::Source(Source::Close),
    convention: "ta-lib",
    warmup: "length - 1",
    make: |p, s| Ok(Box::new(BollingerBands::new(p, s)?)),
};

/// %B when upper == lower: the price sits in the middle of a zero-width band.
pub const FLAT_PERCENT_B: f64 = 0.5;

#[derive(Clone, Debug)]
pub struct BollingerBands {
    length: usize,
    mult: f64,
    source: Source,
    moments: RollingVariance,
}

impl BollingerBands {
    pub fn new(params: &[f64], source: Source) -> CoreResult<BollingerBands> {
        check_params("bbands", PARAMS, params)?;
        let length = params[0] as usize;
        Ok(BollingerBands { length, mult: params[1], source, moments: RollingVariance::new(length) })
    }
}

impl Indicator for BollingerBands {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let x = self.source.pick(bar);
        let (middle, variance) = self.moments.next(x);
        if middle.is_nan() {
            for o in out.iter_mut() {
                *o = f64::NAN;
            }
            return;
        }
        let dev = talib_stddev(variance) * self.mult;
        let upper = middle + dev;
        let lower = middle - dev;
        let width = upper - lower;
        out[0] = upper;
        out[1] = middle;
        out[2] = lower;
        out[3] = if width > 0.0 { (x - lower) / width } else { FLAT_PERCENT_B };
        out[4] = if middle != 0.0 { width / middle } else { 0.0 };
    }

    fn reset(&mut self) {
        self.moments.clear();
    }

    fn warmup(&self) -> usize {
        self.length - 1
    }

    fn n_outputs(&self) -> usize {
        5
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::sma::SimpleMovingAverage;
    use crate::indicators::testutil::{assert_batch_equals_incremental, assert_warmup_boundary, bar, flat, run, walk};

    #[test]
    fn hand_computed() {
        // length 4, mult 2 over 2,4,4,6: mean 4, E[x²] = (4+16+16+36)/4 = 18, var 2, dev sqrt(2)·2
        // upper 4 + 2√2, lower 4 - 2√2, %B = (6 - lower)/(4√2) = (2 + 2√2)/(4√2), bandwidth 4√2/4 = √2
        let bars: Vec<Bar> = [2.0, 4.0, 4.0, 6.0].iter().map(|c| bar(*c, *c, *c, *c, 1.0)).collect();
        let mut b = BollingerBands::new(&[4.0, 2.0], Source::Close).unwrap();
        let got = run(&mut b, &bars);
        let dev = 2.0f64.sqrt() * 2.0;
        assert_eq!(got[0][3], 4.0 + dev);
        assert_eq!(got[1][3], 4.0);
        assert_eq!(got[2][3], 4.0 - dev);
        assert!((got[3][3] - (2.0 + dev) / (2.0 * dev)).abs() < 1e-15);
        assert!((got[4][3] - 2.0f64.sqrt()).abs() < 1e-15);
        assert!(got.iter().all(|col| col[..3].iter().all(|v| v.is_nan())));
    }

    #[test]
    fn middle_is_the_sma_bit_for_bit() {
        let bars = walk(300, 14);
        let mut b = BollingerBands::new(&[20.0, 2.0], Source::Hlc3).unwrap();
        let mut s = SimpleMovingAverage::new(&[20.0], Source::Hlc3).unwrap();
        assert_eq!(run(&mut b, &bars)[1].iter().map(|v| v.to_bits()).collect::<Vec<u64>>(),
            run(&mut s, &bars)[0].iter().map(|v| v.to_bits()).collect::<Vec<u64>>());
    }

    #[test]
    fn batch_reset_flat_params() {
        let mut b = BollingerBands::new(&[20.0, 2.0], Source::Close).unwrap();
        assert_batch_equals_incremental(&mut b, &walk(500, 15));
        assert_warmup_boundary(&mut b, &walk(100, 15));
        let got = run(&mut b, &flat(30, 50.0, 1.0));
        assert_eq!([got[0][29], got[1][29], got[2][29], got[3][29], got[4][29]], [50.0, 50.0, 50.0, 0.5, 0.0]);
        let e = BollingerBands::new(&[20.0, -1.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "bbands.mult must be a number in [0, 100] (got -1)");
    }
}
