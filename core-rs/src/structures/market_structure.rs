//! `market_structure`: break of structure (BOS) and change of character (CHoCH) on closes that
//! cross the last confirmed swing levels (pivots as in `pivot.rs`).
//! State: `high_level` = the last confirmed pivot high not yet broken, `low_level` likewise for
//! lows, `bias` = direction of the last break (0 before the first). On each bar, pivots confirmed
//! at this bar are recorded first, then the close is tested (a pivot confirmed at bar t cannot be
//! broken by close[t]: close[t] <= high[t] <= the pivot high).
//! - close > high_level: a bullish break. bos = +1 when bias >= 0 (continuation; the very first
//!   break is a BOS), choch = +1 when bias = -1 (reversal). bias becomes +1 and `high_level` is
//!   consumed (NaN) so one level breaks once; the next pivot high arms a new one.
//! - close < low_level: the mirror image (bos / choch = -1, bias -1). Only when no bullish break
//!   happened on the same bar (both at once needs a pivot low above a pivot high; the low then
//!   stays armed for the next bar).
//! - level = the broken level on event bars, else the last broken level (forward-filled), NaN
//!   before the first break.
//!
//! Every output is NaN before bar left + right (no pivot can exist before it).
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::spec::{check_params, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;
use crate::structures::pivot::PivotDetector;
use crate::structures::{fill_nan, LEFT_PARAM, RIGHT_PARAM};

pub const PARAMS: &[ParamSpec] = &[LEFT_PARAM, RIGHT_PARAM];

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "market_structure",
    title: "Market Structure (BOS / CHoCH)",
    family: "structure",
    params: PARAMS,
    outputs: &["bos", "choch", "level", "bias", "high_level", "low_level"],
    inputs: Inputs::Fixed(&["high", "low", "close"]),
    convention: "original",
    warmup: "left + right (level NaN until the first break)",
    make: |p, _s: Source| Ok(Box::new(MarketStructure::new(p)?)),
};

#[derive(Clone, Debug)]
pub struct MarketStructure {
    pivots: PivotDetector,
    high_level: f64,
    low_level: f64,
    bias: f64,
    level: f64,
}

impl MarketStructure {
    pub fn new(params: &[f64]) -> CoreResult<MarketStructure> {
        check_params("market_structure", PARAMS, params)?;
        let pivots = PivotDetector::new(params[0] as usize, params[1] as usize);
        Ok(MarketStructure { pivots, high_level: f64::NAN, low_level: f64::NAN, bias: 0.0, level: f64::NAN })
    }
}

impl Indicator for MarketStructure {
    #[inline(always)]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let ev = self.pivots.update(bar.high, bar.low);
        if self.pivots.bar_index() < self.pivots.first_confirm_bar() {
            fill_nan(out);
            return;
        }
        if let Some(p) = ev.high {
            self.high_level = p.price;
        }
        if let Some(p) = ev.low {
            self.low_level = p.price;
        }
        let mut bos = 0.0;
        let mut choch = 0.0;
        if bar.close > self.high_level {
            if self.bias < 0.0 {
                choch = 1.0;
            } else {
                bos = 1.0;
            }
            self.bias = 1.0;
            self.level = self.high_level;
            self.high_level = f64::NAN;
        } else if bar.close < self.low_level {
            if self.bias > 0.0 {
                choch = -1.0;
            } else {
                bos = -1.0;
            }
            self.bias = -1.0;
            self.level = self.low_level;
            self.low_level = f64::NAN;
        }
        out[0] = bos;
        out[1] = choch;
        out[2] = self.level;
        out[3] = self.bias;
        out[4] = self.high_level;
        out[5] = self.low_level;
    }

    fn reset(&mut self) {
        self.pivots.reset();
        self.high_level = f64::NAN;
        self.low_level = f64::NAN;
        self.bias = 0.0;
        self.level = f64::NAN;
    }

    fn warmup(&self) -> usize {
        self.pivots.first_confirm_bar()
    }

    fn n_outputs(&self) -> usize {
        6
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bar::Bar;
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};
    use crate::structures::testutil::{assert_no_look_ahead, col, run, same};

    /// Bars from (high, low, close); open = close.
    fn hlc(rows: &[(f64, f64, f64)]) -> Vec<Bar> {
        rows.iter()
            .enumerate()
            .map(|(i, r)| Bar { ts_ms: i as f64, open: r.2, high: r.0, low: r.1, close: r.2, volume: 1.0 })
            .collect()
    }

    /// left = right = 1.
    /// bar  high  low  close   what happens
    ///  0    10    9    9.5
    ///  1    12   10   11      pivot high 12 at bar 1 (confirmed at bar 2)
    ///  2    11    8    9      pivot low 8 at bar 2 (confirmed at bar 3); high_level 12
    ///  3    11    9   10      low_level 8
    ///  4    13   10   12.5    close 12.5 > 12: first break -> BOS +1, level 12, bias +1
    ///  5    12    9   10      pivot high 13 at bar 4 confirmed: high_level 13
    ///  6    11    7    7.5    close 7.5 < 8 against bias +1 -> CHoCH -1, level 8, bias -1
    ///  7    10    6.5  9      pivot low 7 at bar 6 is NOT one (6.5 at bar 7 is lower); none yet
    ///  8    10    7    9.5    pivot low 6.5 at bar 7 confirmed: low_level 6.5
    ///  9     9    5    6      close 6 < 6.5 with bias -1 -> BOS -1, level 6.5
    #[test]
    fn hand_built_bos_then_choch_then_bos() {
        let bars = hlc(&[
            (10.0, 9.0, 9.5),
            (12.0, 10.0, 11.0),
            (11.0, 8.0, 9.0),
            (11.0, 9.0, 10.0),
            (13.0, 10.0, 12.5),
            (12.0, 9.0, 10.0),
            (11.0, 7.0, 7.5),
            (10.0, 6.5, 9.0),
            (10.0, 7.0, 9.5),
            (9.0, 5.0, 6.0),
        ]);
        let mut m = MarketStructure::new(&[1.0, 1.0]).unwrap();
        let rows = run(&mut m, &bars);
        let nan = f64::NAN;
        let bos = [nan, nan, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, -1.0];
        let choch = [nan, nan, 0.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0];
        let level = [nan, nan, nan, nan, 12.0, 12.0, 8.0, 8.0, 8.0, 6.5];
        let bias = [nan, nan, 0.0, 0.0, 1.0, 1.0, -1.0, -1.0, -1.0, -1.0];
        let high_level = [nan, nan, 12.0, 12.0, nan, 13.0, 13.0, 13.0, 13.0, 13.0];
        let low_level = [nan, nan, nan, 8.0, 8.0, 8.0, nan, nan, 6.5, nan];
        for (j, expect) in [(0, &bos), (1, &choch), (2, &level), (3, &bias), (4, &high_level), (5, &low_level)] {
            let got = col(&rows, j);
            for i in 0..bars.len() {
                assert!(same(got[i], expect[i]), "output {} bar {}: got {} expected {}", j, i, got[i], expect[i]);
            }
        }
    }

    #[test]
    fn batch_incremental_reset_and_no_look_ahead() {
        let bars = walk(3000, 33);
        let mut m = MarketStructure::new(&[4.0, 2.0]).unwrap();
        assert_batch_equals_incremental(&mut m, &bars);
        assert_no_look_ahead(&|| Box::new(MarketStructure::new(&[4.0, 2.0]).unwrap()), &walk(10_000, 3), 20, 3);
        let rows = run(&mut m, &bars);
        let events: f64 = rows.iter().map(|r| r[0].abs() + r[1].abs()).filter(|v| !v.is_nan()).sum();
        assert!(events > 20.0, "a 3000-bar walk must break structure often (got {})", events);
    }
}
