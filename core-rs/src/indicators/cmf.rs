//! Chaikin money flow (original definition): Σ money-flow volume / Σ volume over the last `length`
//! bars, money-flow volume as in `ad::money_flow_volume` (a bar with high == low contributes 0).
//! When the window holds no volume at all the value is 0 (no money flow), detected by counting
//! non-zero volumes rather than trusting a running sum to return to exactly 0. First valid index length-1.
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::ad::money_flow_volume;
use crate::indicators::ring::RingBuffer;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 1.0, 100000.0, 20.0, "bars summed")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "cmf",
    title: "Chaikin Money Flow",
    family: "volume",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Fixed(&["high", "low", "close", "volume"]),
    convention: "original",
    warmup: "length - 1",
    make: |p, s| Ok(Box::new(ChaikinMoneyFlow::new(p, s)?)),
};

#[derive(Clone, Debug)]
pub struct ChaikinMoneyFlow {
    length: usize,
    flows: RingBuffer,
    volumes: RingBuffer,
    flow_sum: f64,
    volume_sum: f64,
    nonzero_volumes: usize,
}

impl ChaikinMoneyFlow {
    pub fn new(params: &[f64], _source: Source) -> CoreResult<ChaikinMoneyFlow> {
        check_params("cmf", PARAMS, params)?;
        let length = params[0] as usize;
        Ok(ChaikinMoneyFlow {
            length,
            flows: RingBuffer::new(length),
            volumes: RingBuffer::new(length),
            flow_sum: 0.0,
            volume_sum: 0.0,
            nonzero_volumes: 0,
        })
    }
}

impl Indicator for ChaikinMoneyFlow {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let flow = money_flow_volume(bar);
        if let Some(old) = self.flows.push(flow) {
            self.flow_sum -= old;
        }
        if let Some(old) = self.volumes.push(bar.volume) {
            self.volume_sum -= old;
            if old != 0.0 {
                self.nonzero_volumes -= 1;
            }
        }
        self.flow_sum += flow;
        self.volume_sum += bar.volume;
        if bar.volume != 0.0 {
            self.nonzero_volumes += 1;
        }
        out[0] = if !self.volumes.is_full() {
            f64::NAN
        } else if self.nonzero_volumes == 0 {
            0.0
        } else {
            self.flow_sum / self.volume_sum
        };
    }

    fn reset(&mut self) {
        self.flows.clear();
        self.volumes.clear();
        self.flow_sum = 0.0;
        self.volume_sum = 0.0;
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
        // length 2. MFV: bar0 (h10 l8 c9.5 v4) 2; bar1 (h=l, v9) 0; bar2 (h12 l10 c10 v3) -3
        // bar1: (2 + 0)/(4 + 9) = 2/13; bar2: (0 - 3)/(9 + 3) = -0.25
        let bars = vec![bar(9.0, 10.0, 8.0, 9.5, 4.0), bar(10.0, 10.0, 10.0, 10.0, 9.0), bar(11.0, 12.0, 10.0, 10.0, 3.0)];
        let mut c = ChaikinMoneyFlow::new(&[2.0], Source::Close).unwrap();
        let got = run(&mut c, &bars).remove(0);
        assert!(got[0].is_nan());
        assert_eq!(&got[1..], &[2.0 / 13.0, -0.25]);
    }

    #[test]
    fn zero_volume_window_is_zero() {
        let bars = vec![bar(9.0, 10.0, 8.0, 9.5, 4.0), bar(9.0, 10.0, 8.0, 9.0, 0.0), bar(9.0, 10.0, 8.0, 9.0, 0.0)];
        let mut c = ChaikinMoneyFlow::new(&[2.0], Source::Close).unwrap();
        assert_eq!(run(&mut c, &bars)[0][2], 0.0);
    }

    #[test]
    fn batch_reset_flat_params() {
        let mut c = ChaikinMoneyFlow::new(&[20.0], Source::Close).unwrap();
        assert_batch_equals_incremental(&mut c, &walk(500, 25));
        assert_warmup_boundary(&mut c, &walk(100, 25));
        assert_eq!(run(&mut c, &flat(30, 10.0, 2.0))[0][29], 0.0);
        let e = ChaikinMoneyFlow::new(&[0.0], Source::Close).unwrap_err();
        assert_eq!(e.message, "cmf.length must be an integer in [1, 100000] (got 0)");
    }
}
