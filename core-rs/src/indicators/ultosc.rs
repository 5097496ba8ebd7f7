//! Ultimate Oscillator (TA-Lib ULTOSC). Per bar (from bar 1): buying pressure
//! bp = close - min(low, prev close) and true range tr. For each period p the sums of bp and tr
//! over the last p bars; value = 100 * ((4*bp1/tr1 + 2*bp2/tr2 + bp3/tr3) / 7), each term skipped
//! when its tr sum is within 1e-14 of zero (flat input gives 0).
//! Like TA-Lib the three periods are sorted: the shortest gets weight 4, the longest weight 1.
//! Each running sum starts where TA-Lib primes it (bar longest - p + 1) and is updated in TA-Lib's
//! order (add newest, compute, subtract oldest), so values match bit for bit.
//! First valid index: the longest period.
use crate::bar::Bar;
use crate::error::CoreResult;
use crate::indicators::ring::RingBuffer;
use crate::indicators::rsi::ta_is_zero;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::true_range::true_range;
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[
    int_param("length1", 1.0, 100000.0, 7.0, "first period (the shortest of the three gets weight 4)"),
    int_param("length2", 1.0, 100000.0, 14.0, "second period (the middle one gets weight 2)"),
    int_param("length3", 1.0, 100000.0, 28.0, "third period (the longest gets weight 1)"),
];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "ultosc",
    title: "Ultimate Oscillator",
    family: "momentum",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Fixed(&["high", "low", "close"]),
    convention: "ta-lib",
    warmup: "max(length1, length2, length3)",
    make: |p, _| Ok(Box::new(UltimateOscillator::new(p)?)),
};

#[derive(Clone, Debug)]
pub struct UltimateOscillator {
    /// Periods sorted ascending: weights 4, 2, 1.
    periods: [usize; 3],
    longest: usize,
    seen: usize,
    prev_close: f64,
    pressure: RingBuffer,
    range: RingBuffer,
    pressure_sums: [f64; 3],
    range_sums: [f64; 3],
}

impl UltimateOscillator {
    pub fn new(params: &[f64]) -> CoreResult<UltimateOscillator> {
        check_params("ultosc", PARAMS, params)?;
        let mut periods = [params[0] as usize, params[1] as usize, params[2] as usize];
        periods.sort_unstable();
        let longest = periods[2];
        Ok(UltimateOscillator {
            periods,
            longest,
            seen: 0,
            prev_close: 0.0,
            pressure: RingBuffer::new(longest),
            range: RingBuffer::new(longest),
            pressure_sums: [0.0; 3],
            range_sums: [0.0; 3],
        })
    }
}

impl Indicator for UltimateOscillator {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let index = self.seen;
        self.seen += 1;
        let prev_close = self.prev_close;
        self.prev_close = bar.close;
        out[0] = f64::NAN;
        if index == 0 {
            return;
        }
        let true_low = if bar.low < prev_close { bar.low } else { prev_close };
        let bp = bar.close - true_low;
        let tr = true_range(bar.high, bar.low, prev_close);
        self.pressure.push(bp);
        self.range.push(tr);
        for k in 0..3 {
            if index > self.longest - self.periods[k] {
                self.pressure_sums[k] += bp;
                self.range_sums[k] += tr;
            }
        }
        if index < self.longest {
            return;
        }
        let mut output = 0.0;
        if !ta_is_zero(self.range_sums[0]) {
            output += 4.0 * (self.pressure_sums[0] / self.range_sums[0]);
        }
        if !ta_is_zero(self.range_sums[1]) {
            output += 2.0 * (self.pressure_sums[1] / self.range_sums[1]);
        }
        if !ta_is_zero(self.range_sums[2]) {
            output += self.pressure_sums[2] / self.range_sums[2];
        }
        for k in 0..3 {
            let ago = self.periods[k] - 1;
            self.pressure_sums[k] -= self.pressure.get(ago);
            self.range_sums[k] -= self.range.get(ago);
        }
        out[0] = 100.0 * (output / 7.0);
    }

    fn reset(&mut self) {
        self.seen = 0;
        self.prev_close = 0.0;
        self.pressure.clear();
        self.range.clear();
        self.pressure_sums = [0.0; 3];
        self.range_sums = [0.0; 3];
    }

    fn warmup(&self) -> usize {
        self.longest
    }

    fn n_outputs(&self) -> usize {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testkit::{assert_close, assert_warmup, flat, hlc, run};
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};

    #[test]
    fn hand_computed() {
        // periods 1, 1, 2 (first valid index 2). bar 1: h 12 l 9 c 11, prev close 10:
        //   bp = 11 - 9 = 2, tr = max(3, 2, 1) = 3. bar 2: h 13 l 11 c 12, prev close 11:
        //   bp = 12 - 11 = 1, tr = max(2, 2, 0) = 2.
        // bar 2: short sums (bar 2 only) 1/2, long sums (bars 1-2) 3/5:
        //   100 * ((4*0.5 + 2*0.5 + 0.6) / 7) = 100 * 3.6 / 7.
        let bars = hlc(&[(10.0, 10.0, 10.0), (12.0, 9.0, 11.0), (13.0, 11.0, 12.0)]);
        let mut u = UltimateOscillator::new(&[2.0, 1.0, 1.0]).unwrap();
        let got = run(&mut u, &bars)[0].clone();
        assert!(got[1].is_nan());
        assert_close(got[2], 100.0 * 3.6 / 7.0);
    }

    #[test]
    fn flat_input_is_zero() {
        let mut u = UltimateOscillator::new(&[7.0, 14.0, 28.0]).unwrap();
        assert!(run(&mut u, &flat(40, 1.1))[0][28..].iter().all(|v| *v == 0.0));
    }

    #[test]
    fn period_order_does_not_matter() {
        let bars = walk(200, 5);
        let a = run(&mut UltimateOscillator::new(&[7.0, 14.0, 28.0]).unwrap(), &bars);
        let b = run(&mut UltimateOscillator::new(&[28.0, 7.0, 14.0]).unwrap(), &bars);
        assert_eq!(format!("{:?}", a), format!("{:?}", b));
    }

    #[test]
    fn warmup_and_batch_equals_incremental() {
        let mut u = UltimateOscillator::new(&[7.0, 14.0, 28.0]).unwrap();
        assert_eq!(u.warmup(), 28);
        assert_warmup(&mut u, &walk(100, 3));
        assert_batch_equals_incremental(&mut u, &walk(500, 19));
    }

    #[test]
    fn rejects_zero_period() {
        let e = UltimateOscillator::new(&[7.0, 0.0, 28.0]).unwrap_err();
        assert_eq!(e.message, "ultosc.length2 must be an integer in [1, 100000] (got 0)");
    }
}
