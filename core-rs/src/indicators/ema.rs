//! Exponential moving average (TA-Lib EMA): alpha = 2/(length+1), seeded with the SMA of the
//! first `length` values; first valid index length-1. Update is `prev + (x - prev) * alpha` in
//! TA-Lib's operation order, so values match bit for bit.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::{Columns, Indicator, COL_ALL, COL_CLOSE, COL_HIGH, COL_LOW, COL_OPEN, COL_VOLUME};

pub const PARAMS: &[ParamSpec] = &[int_param("length", 1.0, 100000.0, 20.0, "smoothing period; alpha = 2/(length+1)")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "ema",
    title: "Exponential Moving Average",
    family: "moving_average",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Source(Source::Close),
    convention: "ta-lib",
    warmup: "length - 1",
    make: |p, s| Ok(Box::new(ExponentialMovingAverage::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct ExponentialMovingAverage {
    length: usize,
    alpha: f64,
    source: Source,
    seen: usize,
    seed_sum: f64,
    value: f64,
}

impl ExponentialMovingAverage {
    pub fn new(params: &[f64], source: Source) -> CoreResult<ExponentialMovingAverage> {
        check_params("ema", PARAMS, params)?;
        let length = params[0] as usize;
        Ok(ExponentialMovingAverage::with_alpha(length, 2.0 / (length as f64 + 1.0), source))
    }

    /// An EMA with an explicit alpha (Wilder smoothing uses 1/length), SMA-seeded over `length`.
    pub fn with_alpha(length: usize, alpha: f64, source: Source) -> ExponentialMovingAverage {
        ExponentialMovingAverage { length, alpha, source, seen: 0, seed_sum: 0.0, value: f64::NAN }
    }

    /// Core step on a raw value, reused by composite indicators (MACD, DEMA, ...).
    #[inline(always)]
    pub fn next(&mut self, x: f64) -> f64 {
        if self.seen >= self.length {
            self.value = ((x - self.value) * self.alpha) + self.value;
            return self.value;
        }
        self.seen += 1;
        self.seed_sum += x;
        if self.seen == self.length {
            self.value = self.seed_sum / self.length as f64;
            return self.value;
        }
        f64::NAN
    }

    pub fn clear(&mut self) {
        self.seen = 0;
        self.seed_sum = 0.0;
        self.value = f64::NAN;
    }
}

impl Indicator for ExponentialMovingAverage {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.next(self.source.pick(bar));
    }

    fn reset(&mut self) {
        self.clear();
    }

    fn warmup(&self) -> usize {
        self.length - 1
    }

    fn n_outputs(&self) -> usize {
        1
    }

    /// A plain source column alone (see `batch`); a derived source takes every column.
    fn batch_columns(&self) -> u32 {
        match self.source {
            Source::Open => COL_OPEN,
            Source::High => COL_HIGH,
            Source::Low => COL_LOW,
            Source::Close => COL_CLOSE,
            Source::Volume => COL_VOLUME,
            _ => COL_ALL,
        }
    }

    /// Over a plain column (open, high, low, close, volume): the SMA seed, then the recurrence in a
    /// loop with no branch and no Bar built per row; the same operations in the same order as
    /// `next`, so the values are bit for bit those of `update`. Derived sources take the generic path.
    fn batch(&mut self, cols: &Columns, out: &mut [f64]) {
        let n = cols.len();
        let xs: &[f64] = match self.source {
            Source::Open => &cols.open[..n],
            Source::High => &cols.high[..n],
            Source::Low => &cols.low[..n],
            Source::Close => &cols.close[..n],
            Source::Volume => &cols.volume[..n],
            _ => return self.batch_rows(cols, out),
        };
        let out = &mut out[..n];
        let mut i = 0;
        while i < n && self.seen < self.length {
            out[i] = self.next(xs[i]);
            i += 1;
        }
        let alpha = self.alpha;
        let mut value = self.value;
        for (o, x) in out[i..].iter_mut().zip(&xs[i..]) {
            value = ((*x - value) * alpha) + value;
            *o = value;
        }
        if i < n {
            self.value = value;
        }
    }
}

impl ExponentialMovingAverage {
    /// The generic per-row path (a derived source such as hlc3).
    fn batch_rows(&mut self, cols: &Columns, out: &mut [f64]) {
        let n = cols.len();
        for i in 0..n {
            let bar = Bar { ts_ms: cols.ts_ms[i], open: cols.open[i], high: cols.high[i], low: cols.low[i], close: cols.close[i], volume: cols.volume[i] };
            out[i] = self.next(self.source.pick(&bar));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};

    #[test]
    fn hand_computed() {
        // length 3: alpha 0.5, seed = mean(1,2,3) = 2, then 2 + (4-2)*0.5 = 3, then 3 + (10-3)*0.5 = 6.5
        let mut e = ExponentialMovingAverage::new(&[3.0], Source::Close).unwrap();
        let got: Vec<f64> = [1.0, 2.0, 3.0, 4.0, 10.0].iter().map(|x| e.next(*x)).collect();
        assert!(got[0].is_nan() && got[1].is_nan());
        assert_eq!(&got[2..], &[2.0, 3.0, 6.5]);
    }

    /// `batch_columns` is what the batch reads: every other column may hold anything.
    #[test]
    fn batch_reads_only_its_declared_columns() {
        let bars = walk(300, 5);
        let col = |f: fn(&Bar) -> f64| bars.iter().map(f).collect::<Vec<f64>>();
        let (ts, o, h, l, c, v) = (col(|b| b.ts_ms), col(|b| b.open), col(|b| b.high), col(|b| b.low), col(|b| b.close), col(|b| b.volume));
        let junk = vec![f64::NAN; bars.len()];
        for (source, bit) in [(Source::Open, COL_OPEN), (Source::High, COL_HIGH), (Source::Low, COL_LOW), (Source::Close, COL_CLOSE), (Source::Volume, COL_VOLUME), (Source::Hlc3, COL_ALL)] {
            let pick = |b: u32, real: &Vec<f64>| if bit & b != 0 { real.clone() } else { junk.clone() };
            let (jt, jo, jh, jl, jc, jv) = (pick(1, &ts), pick(COL_OPEN, &o), pick(COL_HIGH, &h), pick(COL_LOW, &l), pick(COL_CLOSE, &c), pick(COL_VOLUME, &v));
            let mut e = ExponentialMovingAverage::new(&[12.0], source).unwrap();
            assert_eq!(e.batch_columns(), bit);
            let mut want = vec![0.0; bars.len()];
            e.batch(&Columns { ts_ms: &ts, open: &o, high: &h, low: &l, close: &c, volume: &v }, &mut want);
            let mut e = ExponentialMovingAverage::new(&[12.0], source).unwrap();
            let mut got = vec![0.0; bars.len()];
            e.batch(&Columns { ts_ms: &jt, open: &jo, high: &jh, low: &jl, close: &jc, volume: &jv }, &mut got);
            assert_eq!(got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), want.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), "{:?}", bit);
        }
    }

    #[test]
    fn batch_equals_incremental() {
        let mut e = ExponentialMovingAverage::new(&[26.0], Source::Close).unwrap();
        assert_batch_equals_incremental(&mut e, &walk(500, 3));
        // the derived-source path and a series shorter than the seed
        let mut e = ExponentialMovingAverage::new(&[26.0], Source::Hlc3).unwrap();
        assert_batch_equals_incremental(&mut e, &walk(500, 4));
        let mut e = ExponentialMovingAverage::new(&[26.0], Source::High).unwrap();
        assert_batch_equals_incremental(&mut e, &walk(20, 5));
    }
}
