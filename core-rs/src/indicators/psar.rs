//! Parabolic SAR (TA-Lib SAR), transcribed step for step. Bar 0 only seeds. On bar 1 the initial
//! direction is TA-Lib's: short if bar 1 has a positive -DM (low fell by more than the high rose),
//! else long; the first SAR is bar 0's low (long) or high (short), the first extreme point bar 1's
//! high (long) or low (short), and bar 1 is processed with itself as the "previous" bar.
//! Each bar outputs the SAR in force, then advances it: sar + af * (ep - sar), clamped to the last
//! two bars' lows (long) or highs (short); a penetration flips the side, the SAR jumps to the
//! extreme point and af restarts at `accel`. af grows by `accel` on each new extreme, capped at
//! `max`; `accel > max` is clamped to `max` like TA-Lib. Flat input gives the price.
//! First valid index 1.
use crate::bar::Bar;
use crate::error::CoreResult;
use crate::indicators::spec::{check_params, float_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;

pub const PARAMS: &[ParamSpec] = &[
    float_param("accel", 0.0, 1.0, 0.02, "acceleration factor start and step"),
    float_param("max", 0.0, 1.0, 0.2, "acceleration factor cap"),
];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "psar",
    title: "Parabolic SAR",
    family: "trend",
    params: PARAMS,
    outputs: &["value"],
    inputs: Inputs::Fixed(&["high", "low"]),
    convention: "ta-lib",
    warmup: "1",
    make: |p, _| Ok(Box::new(ParabolicSar::new(p)?)),
};

#[derive(Clone, Debug)]
pub struct ParabolicSar {
    accel: f64,
    max: f64,
    seen: usize,
    is_long: bool,
    af: f64,
    ep: f64,
    sar: f64,
    /// The previous bar's high and low (TA-Lib's newHigh/newLow before the step).
    last_high: f64,
    last_low: f64,
}

impl ParabolicSar {
    pub fn new(params: &[f64]) -> CoreResult<ParabolicSar> {
        check_params("psar", PARAMS, params)?;
        let max = params[1];
        let accel = if params[0] > max { max } else { params[0] };
        Ok(ParabolicSar { accel, max, seen: 0, is_long: true, af: accel, ep: 0.0, sar: 0.0, last_high: 0.0, last_low: 0.0 })
    }

    /// One TA-Lib SAR step; returns the SAR in force for this bar.
    #[inline(always)]
    fn step(&mut self, prev_high: f64, prev_low: f64, high: f64, low: f64) -> f64 {
        let out;
        if self.is_long {
            if low <= self.sar {
                self.is_long = false;
                let mut sar = self.ep;
                if sar < prev_high {
                    sar = prev_high;
                }
                if sar < high {
                    sar = high;
                }
                out = sar;
                self.af = self.accel;
                self.ep = low;
                sar += self.af * (self.ep - sar);
                if sar < prev_high {
                    sar = prev_high;
                }
                if sar < high {
                    sar = high;
                }
                self.sar = sar;
            } else {
                out = self.sar;
                if high > self.ep {
                    self.ep = high;
                    self.af += self.accel;
                    if self.af > self.max {
                        self.af = self.max;
                    }
                }
                let mut sar = self.sar + self.af * (self.ep - self.sar);
                if sar > prev_low {
                    sar = prev_low;
                }
                if sar > low {
                    sar = low;
                }
                self.sar = sar;
            }
        } else if high >= self.sar {
            self.is_long = true;
            let mut sar = self.ep;
            if sar > prev_low {
                sar = prev_low;
            }
            if sar > low {
                sar = low;
            }
            out = sar;
            self.af = self.accel;
            self.ep = high;
            sar += self.af * (self.ep - sar);
            if sar > prev_low {
                sar = prev_low;
            }
            if sar > low {
                sar = low;
            }
            self.sar = sar;
        } else {
            out = self.sar;
            if low < self.ep {
                self.ep = low;
                self.af += self.accel;
                if self.af > self.max {
                    self.af = self.max;
                }
            }
            let mut sar = self.sar + self.af * (self.ep - self.sar);
            if sar < prev_high {
                sar = prev_high;
            }
            if sar < high {
                sar = high;
            }
            self.sar = sar;
        }
        out
    }
}

impl Indicator for ParabolicSar {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let index = self.seen;
        self.seen += 1;
        if index == 0 {
            self.last_high = bar.high;
            self.last_low = bar.low;
            out[0] = f64::NAN;
            return;
        }
        let (prev_high, prev_low) = if index == 1 {
            // TA-Lib MINUS_DM(period 1) at bar 1 decides the side.
            let up = bar.high - self.last_high;
            let down = self.last_low - bar.low;
            let minus_dm = if down > 0.0 && up < down { down } else { 0.0 };
            self.is_long = minus_dm <= 0.0;
            if self.is_long {
                self.ep = bar.high;
                self.sar = self.last_low;
            } else {
                self.ep = bar.low;
                self.sar = self.last_high;
            }
            (bar.high, bar.low)
        } else {
            (self.last_high, self.last_low)
        };
        out[0] = self.step(prev_high, prev_low, bar.high, bar.low);
        self.last_high = bar.high;
        self.last_low = bar.low;
    }

    fn reset(&mut self) {
        self.seen = 0;
        self.is_long = true;
        self.af = self.accel;
        self.ep = 0.0;
        self.sar = 0.0;
        self.last_high = 0.0;
        self.last_low = 0.0;
    }

    fn warmup(&self) -> usize {
        1
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
        // accel 0.1, max 0.2. Bars (h, l): 0 (10, 8), 1 (11, 9), 2 (12, 10), 3 (9, 7).
        // bar 1: up 1, down -1 -> no -DM -> long; sar = low0 = 8, ep = high1 = 11. Output 8.
        //   no new high beyond ep (11 > 11 false); sar = 8 + 0.1*(11-8) = 8.3, <= lows 9, 9 -> 8.3.
        // bar 2: low 10 > 8.3 -> output 8.3; new high 12 -> ep 12, af 0.2; sar = 8.3 + 0.2*3.7 = 9.04,
        //   capped by prev low 9 -> 9.
        // bar 3: low 7 <= 9 -> flip short: sar = ep 12 (>= prev high 12, high 9) -> output 12;
        //   af 0.1, ep 7, sar = 12 + 0.1*(7-12) = 11.5, raised to prev high 12 -> 12.
        let bars = hlc(&[(10.0, 8.0, 9.0), (11.0, 9.0, 10.0), (12.0, 10.0, 11.0), (9.0, 7.0, 8.0)]);
        let mut p = ParabolicSar::new(&[0.1, 0.2]).unwrap();
        let got = run(&mut p, &bars)[0].clone();
        assert!(got[0].is_nan());
        assert_eq!(got[1], 8.0);
        assert_close(got[2], 8.3);
        assert_eq!(got[3], 12.0);
    }

    #[test]
    fn starts_short_when_bar_one_has_minus_dm() {
        // bar 1 low falls by 3, high falls by 0.5 -> short: first SAR = high0 = 10 (bar 1's high
        // 9.5 stays below it, so no immediate flip).
        let bars = hlc(&[(10.0, 8.0, 9.0), (9.5, 5.0, 6.0)]);
        let got = run(&mut ParabolicSar::new(&[0.02, 0.2]).unwrap(), &bars)[0].clone();
        assert_eq!(got[1], 10.0);
    }

    #[test]
    fn flat_input_gives_the_price() {
        let mut p = ParabolicSar::new(&[0.02, 0.2]).unwrap();
        assert!(run(&mut p, &flat(30, 6.5))[0][1..].iter().all(|v| *v == 6.5));
    }

    #[test]
    fn warmup_and_batch_equals_incremental() {
        let mut p = ParabolicSar::new(&[0.02, 0.2]).unwrap();
        assert_eq!(p.warmup(), 1);
        assert_warmup(&mut p, &walk(100, 3));
        assert_batch_equals_incremental(&mut p, &walk(500, 23));
    }

    #[test]
    fn rejects_negative_accel() {
        let e = ParabolicSar::new(&[-0.1, 0.2]).unwrap_err();
        assert_eq!(e.message, "psar.accel must be a number in [0, 1] (got -0.1)");
    }
}
