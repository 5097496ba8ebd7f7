//! ADX / DMI (TA-Lib ADX, PLUS_DI, MINUS_DI), transcribed step for step so values match TA-Lib
//! bit for bit. Per bar from bar 1: +DM = up move if up > 0 and up > down move, -DM = down move
//! if down > 0 and down > up move, TR = true range. Bars 1..length-1 are summed; from bar
//! `length` each sum is Wilder-smoothed in TA-Lib's *sum* form `s - s/length + x` (not the
//! average form of wilder.rs, hence local). DI = 100 * DM / TR (0 when TR is within 1e-14 of 0);
//! DX = 100 * |-DI - +DI| / (-DI + +DI), skipped when either denominator is ~0.
//! ADX = mean of the DX of bars length..2*length-1, then `((adx * (length-1)) + dx) / length`.
//! First valid index: plus_di and minus_di `length`, adx `2 * length - 1` (= warmup()).
//! Flat input gives 0 for all three.
use crate::bar::Bar;
use crate::error::CoreResult;
use crate::indicators::rsi::ta_is_zero;
use crate::indicators::spec::{check_params, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::true_range::true_range;
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[int_param("length", 2.0, 100000.0, 14.0, "Wilder smoothing period of DM, TR and DX")];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "adx",
    title: "Average Directional Index (with +DI and -DI)",
    family: "trend",
    params: PARAMS,
    outputs: &["adx", "plus_di", "minus_di"],
    inputs: Inputs::Fixed(&["high", "low", "close"]),
    convention: "ta-lib",
    warmup: "2 * length - 1",
    make: |p, _| Ok(Box::new(AverageDirectionalIndex::new(p)?)),
};

#[derive(Clone, Debug)]
pub struct AverageDirectionalIndex {
    length: usize,
    seen: usize,
    prev_high: f64,
    prev_low: f64,
    prev_close: f64,
    plus_dm: f64,
    minus_dm: f64,
    tr: f64,
    dx_sum: f64,
    adx: f64,
}

impl AverageDirectionalIndex {
    pub fn new(params: &[f64]) -> CoreResult<AverageDirectionalIndex> {
        check_params("adx", PARAMS, params)?;
        let mut a = AverageDirectionalIndex {
            length: params[0] as usize,
            seen: 0,
            prev_high: 0.0,
            prev_low: 0.0,
            prev_close: 0.0,
            plus_dm: 0.0,
            minus_dm: 0.0,
            tr: 0.0,
            dx_sum: 0.0,
            adx: 0.0,
        };
        a.reset();
        Ok(a)
    }
}

impl Indicator for AverageDirectionalIndex {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let index = self.seen;
        self.seen += 1;
        out[0] = f64::NAN;
        out[1] = f64::NAN;
        out[2] = f64::NAN;
        let up = bar.high - self.prev_high;
        let down = self.prev_low - bar.low;
        let tr = true_range(bar.high, bar.low, self.prev_close);
        self.prev_high = bar.high;
        self.prev_low = bar.low;
        self.prev_close = bar.close;
        if index == 0 {
            return;
        }
        let n = self.length as f64;
        if index >= self.length {
            self.minus_dm -= self.minus_dm / n;
            self.plus_dm -= self.plus_dm / n;
        }
        if down > 0.0 && up < down {
            self.minus_dm += down;
        } else if up > 0.0 && up > down {
            self.plus_dm += up;
        }
        self.tr = if index >= self.length { self.tr - (self.tr / n) + tr } else { self.tr + tr };
        if index < self.length {
            return;
        }
        let mut dx = f64::NAN;
        if ta_is_zero(self.tr) {
            out[1] = 0.0;
            out[2] = 0.0;
        } else {
            let minus_di = 100.0 * (self.minus_dm / self.tr);
            let plus_di = 100.0 * (self.plus_dm / self.tr);
            out[1] = plus_di;
            out[2] = minus_di;
            let total = minus_di + plus_di;
            if !ta_is_zero(total) {
                dx = 100.0 * ((minus_di - plus_di).abs() / total);
            }
        }
        let last_seed = 2 * self.length - 1;
        if index < last_seed {
            if !dx.is_nan() {
                self.dx_sum += dx;
            }
            return;
        }
        if index == last_seed {
            if !dx.is_nan() {
                self.dx_sum += dx;
            }
            self.adx = self.dx_sum / n;
        } else if !dx.is_nan() {
            self.adx = ((self.adx * (n - 1.0)) + dx) / n;
        }
        out[0] = self.adx;
    }

    fn reset(&mut self) {
        self.seen = 0;
        // NaN previous bar: bar 0 then has no DM and TR = high - low (both unused by TA-Lib).
        self.prev_high = f64::NAN;
        self.prev_low = f64::NAN;
        self.prev_close = f64::NAN;
        self.plus_dm = 0.0;
        self.minus_dm = 0.0;
        self.tr = 0.0;
        self.dx_sum = 0.0;
        self.adx = 0.0;
    }

    fn warmup(&self) -> usize {
        2 * self.length - 1
    }

    fn n_outputs(&self) -> usize {
        3
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testkit::{assert_close, flat, hlc, run};
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};

    #[test]
    fn hand_computed() {
        // length 2 (DI from bar 2, ADX from bar 3). Bars (h, l, c):
        // 0: (10, 8, 9)  1: (12, 9, 11)  2: (11, 7, 8)  3: (13, 8, 12)
        // bar 1: up 2, down -1 -> +DM 2; TR max(3, |12-9|, |9-9|) = 3.        sums: +DM 2, -DM 0, TR 3
        // bar 2: up -1, down 2 -> -DM 2; TR max(4, 0, 4) = 4. smoothed: +DM 2-1 = 1, -DM 0+2 = 2,
        //        TR 3-1.5+4 = 5.5 -> +DI 100/5.5, -DI 200/5.5, DX 100*(100/5.5)/(300/5.5) = 33.33
        // bar 3: up 2, down -1 -> +DM 2; TR max(5, 5, 0) = 5. +DM 0.5+2 = 2.5, -DM 1, TR 2.75+5 = 7.75
        //        +DI 250/7.75, -DI 100/7.75, DX 100*150/350 = 42.857; ADX = (33.33+42.857)/2
        let bars = hlc(&[(10.0, 8.0, 9.0), (12.0, 9.0, 11.0), (11.0, 7.0, 8.0), (13.0, 8.0, 12.0)]);
        let mut a = AverageDirectionalIndex::new(&[2.0]).unwrap();
        let got = run(&mut a, &bars);
        assert!(got[1][1].is_nan() && got[0][2].is_nan());
        assert_close(got[1][2], 100.0 / 5.5);
        assert_close(got[2][2], 200.0 / 5.5);
        assert_close(got[1][3], 250.0 / 7.75);
        assert_close(got[2][3], 100.0 / 7.75);
        assert_close(got[0][3], (100.0 / 3.0 + 100.0 * 150.0 / 350.0) / 2.0);
    }

    #[test]
    fn flat_input_is_zero() {
        let mut a = AverageDirectionalIndex::new(&[14.0]).unwrap();
        let got = run(&mut a, &flat(60, 8.8));
        assert!(got[0][27..].iter().all(|v| *v == 0.0));
        assert!(got[1][14..].iter().chain(got[2][14..].iter()).all(|v| *v == 0.0));
    }

    #[test]
    fn per_output_warmup_and_batch_equals_incremental() {
        let mut a = AverageDirectionalIndex::new(&[14.0]).unwrap();
        assert_eq!(a.warmup(), 27);
        let got = run(&mut a, &walk(100, 3));
        for (j, first) in [(0usize, 27usize), (1, 14), (2, 14)] {
            assert!(got[j][..first].iter().all(|v| v.is_nan()), "output {}", j);
            assert!(got[j][first..].iter().all(|v| v.is_finite()), "output {}", j);
        }
        assert_batch_equals_incremental(&mut a, &walk(500, 21));
    }

    #[test]
    fn rejects_length_one() {
        let e = AverageDirectionalIndex::new(&[1.0]).unwrap_err();
        assert_eq!(e.message, "adx.length must be an integer in [2, 100000] (got 1)");
    }
}
