//! Volume-weighted moving average (TradingView ta.vwma): SMA(x·volume, length) / SMA(volume, length),
//! both SMAs TA-Lib-ordered (`SimpleMovingAverage::next`). When every bar in the window has zero
//! volume the ratio is 0/0 (TradingView: na); we report the plain SMA of x instead (the limit of
//! equal weights), tracked by counting non-zero volumes in the window. First valid index length-1.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::ring::RingBuffer;
use crate::indicators::sma::SimpleMovingAverage;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 1.0, 100000.0, 20.0, "bars averaged")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "vwma",
    title: "Volume-Weighted Moving Average",
    family: "moving_average",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Source(Source::Close),
    convention: "tradingview",
    warmup: "length - 1",
    make: |p, s| Ok(Box::new(VolumeWeightedMovingAverage::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct VolumeWeightedMovingAverage {
    length: usize,
    source: Source,
    price_volume: SimpleMovingAverage,
    volume: SimpleMovingAverage,
    price: SimpleMovingAverage,
    volumes: RingBuffer,
    nonzero_volumes: usize,
}

impl VolumeWeightedMovingAverage {
    pub fn new(params: &[f64], source: Source) -> CoreResult<VolumeWeightedMovingAverage> {
        check_params("vwma", PARAMS, params)?;
        let length = params[0] as usize;
        let sma = || SimpleMovingAverage::new(params, source);
        Ok(VolumeWeightedMovingAverage {
            length,
            source,
            price_volume: sma()?,
            volume: sma()?,
            price: sma()?,
            volumes: RingBuffer::new(length),
            nonzero_volumes: 0,
        })
    }
}

impl Indicator for VolumeWeightedMovingAverage {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let x = self.source.pick(bar);
        let v = bar.volume;
        if let Some(old) = self.volumes.push(v) {
            if old != 0.0 {
                self.nonzero_volumes -= 1;
            }
        }
        if v != 0.0 {
            self.nonzero_volumes += 1;
        }
        let pv = self.price_volume.next(x * v);
        let vol = self.volume.next(v);
        let plain = self.price.next(x);
        out[0] = if pv.is_nan() || self.nonzero_volumes > 0 { pv / vol } else { plain };
    }

    fn reset(&mut self) {
        self.price_volume.clear();
        self.volume.clear();
        self.price.clear();
        self.volumes.clear();
        self.nonzero_volumes = 0;
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
        // length 2: closes 10, 20, 30 with volumes 1, 3, 0
        // bar1: (10·1 + 20·3)/2 / ((1+3)/2) = 35/2 = 17.5; bar2: (60 + 0)/2 / (3/2) = 20
        let bars = vec![bar(10.0, 10.0, 10.0, 10.0, 1.0), bar(20.0, 20.0, 20.0, 20.0, 3.0), bar(30.0, 30.0, 30.0, 30.0, 0.0)];
        let mut w = VolumeWeightedMovingAverage::new(&[2.0], Source::Close).unwrap();
        let got = run(&mut w, &bars).remove(0);
        assert!(got[0].is_nan());
        assert_eq!(&got[1..], &[17.5, 20.0]);
    }

    #[test]
    fn zero_volume_window_falls_back_to_sma() {
        // volumes 2, 0, 0: bar2's window (20, 30) has no volume -> plain mean 25
        let bars = vec![bar(10.0, 10.0, 10.0, 10.0, 2.0), bar(20.0, 20.0, 20.0, 20.0, 0.0), bar(30.0, 30.0, 30.0, 30.0, 0.0)];
        let mut w = VolumeWeightedMovingAverage::new(&[2.0], Source::Close).unwrap();
        assert_eq!(&run(&mut w, &bars)[0][1..], &[10.0, 25.0]);
    }

    #[test]
    fn batch_reset_flat_params() {
        let mut w = VolumeWeightedMovingAverage::new(&[20.0], Source::Close).unwrap();
        assert_batch_equals_incremental(&mut w, &walk(500, 19));
        assert_warmup_boundary(&mut w, &walk(100, 19));
        assert_eq!(run(&mut w, &flat(30, 4.0, 2.5))[0][29], 4.0);
        let e = VolumeWeightedMovingAverage::new(&[0.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "vwma.length must be an integer in [1, 100000] (got 0)");
    }
}
