//! Market-structure detectors: swing pivots, trend, break of structure / change of character,
//! supply and demand zones, Fibonacci levels of the last swing, rolling high/low window, and the
//! zones of a higher timeframe. Every detector implements `indicators::Indicator`, so batch and
//! incremental runs share `update` and are bit-identical, and the ABI drives them through the
//! same handles as indicators.
//!
//! Invariants shared by every detector:
//! - confirmed-only: the outputs at bar t depend on bars 0..=t only; a pivot exists only once its
//!   `right` bars have closed (it is reported at bar p + right, never at p);
//! - O(1) amortised `update` (zones: O(max_zones)) and no allocation after `new` (fixed-capacity
//!   deques and rings sized from the params);
//! - NaN means "none" (no pivot yet, no active zone, before warm-up); events are +1 / -1 / 0.
//! - `warmup()` is the earliest bar index at which an output CAN be defined; outputs that need a
//!   pivot or a zone stay NaN after it until the market forms one (data-dependent).
//! - inputs are finite prices (the data layer guarantees it); NaN inputs give unspecified output.
pub mod deque;
pub mod derived_zones;
pub mod fibonacci;
pub mod market_structure;
pub mod pivot;
pub mod registry;
pub mod rolling_window;
pub mod swing;
pub mod trend;
pub mod zones;

use crate::indicators::spec::{int_param, ParamSpec};

/// Shared pivot params: `left` bars before the pivot bar and `right` bars after it (the
/// confirmation delay). Both are at least 1 so a pivot is always compared on both sides.
pub const LEFT_PARAM: ParamSpec = int_param("left", 1.0, 1000.0, 5.0, "bars before a pivot that it must strictly exceed");
pub const RIGHT_PARAM: ParamSpec =
    int_param("right", 1.0, 1000.0, 5.0, "bars after a pivot that it must equal or exceed; the confirmation delay in bars");

/// Writes NaN to every output (before warm-up).
#[inline(always)]
pub(crate) fn fill_nan(out: &mut [f64]) {
    for v in out.iter_mut() {
        *v = f64::NAN;
    }
}

#[cfg(test)]
pub mod testutil {
    use crate::bar::Bar;
    use crate::indicators::{Columns, Indicator};

    /// Bars from highs and lows; open and close at the midpoint unless given.
    pub fn bars_hl(highs: &[f64], lows: &[f64]) -> Vec<Bar> {
        highs
            .iter()
            .zip(lows.iter())
            .enumerate()
            .map(|(i, (h, l))| {
                let m = (h + l) / 2.0;
                Bar { ts_ms: i as f64 * 60_000.0, open: m, high: *h, low: *l, close: m, volume: 1.0 }
            })
            .collect()
    }

    /// Runs `ind` from a reset over `bars`; returns one row of outputs per bar.
    pub fn run(ind: &mut dyn Indicator, bars: &[Bar]) -> Vec<Vec<f64>> {
        ind.reset();
        let k = ind.n_outputs();
        bars.iter()
            .map(|b| {
                let mut out = vec![0.0; k];
                ind.update(b, &mut out);
                out
            })
            .collect()
    }

    /// Column `j` of `rows`.
    pub fn col(rows: &[Vec<f64>], j: usize) -> Vec<f64> {
        rows.iter().map(|r| r[j]).collect()
    }

    /// Batch over the whole series, then for `cuts` random cut points t (seeded LCG) a fresh run
    /// over bars[0..=t] only: every output up to t must be bit-identical, so nothing at or before t
    /// can depend on a bar after t.
    pub fn assert_no_look_ahead(make: &dyn Fn() -> Box<dyn Indicator>, bars: &[Bar], cuts: usize, seed: u64) {
        let n = bars.len();
        let mut full = make();
        let k = full.n_outputs();
        let cols_owned: Vec<Vec<f64>> = vec![
            bars.iter().map(|b| b.ts_ms).collect(),
            bars.iter().map(|b| b.open).collect(),
            bars.iter().map(|b| b.high).collect(),
            bars.iter().map(|b| b.low).collect(),
            bars.iter().map(|b| b.close).collect(),
            bars.iter().map(|b| b.volume).collect(),
        ];
        let cols = Columns {
            ts_ms: &cols_owned[0],
            open: &cols_owned[1],
            high: &cols_owned[2],
            low: &cols_owned[3],
            close: &cols_owned[4],
            volume: &cols_owned[5],
        };
        let mut batch = vec![0.0; n * k];
        full.batch(&cols, &mut batch);
        let mut s = seed;
        for _ in 0..cuts {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let t = ((s >> 33) as usize) % n;
            let mut part = make();
            let rows = run(part.as_mut(), &bars[..=t]);
            for (i, row) in rows.iter().enumerate() {
                for j in 0..k {
                    assert_eq!(row[j].to_bits(), batch[j * n + i].to_bits(), "cut {} bar {} output {}", t, i, j);
                }
            }
        }
    }

    /// Same bits, treating every NaN as equal.
    pub fn same(a: f64, b: f64) -> bool {
        (a.is_nan() && b.is_nan()) || a == b
    }
}

#[cfg(test)]
mod tests {
    use super::testutil::assert_no_look_ahead;
    use crate::bar::Bar;
    use crate::indicators::testutil::walk;
    use crate::indicators::{Columns, Indicator};

    /// Peeks at the next bar's close in batch: the no-look-ahead check must catch it.
    struct Cheat;

    impl Indicator for Cheat {
        fn update(&mut self, bar: &Bar, out: &mut [f64]) {
            out[0] = bar.close;
        }
        fn reset(&mut self) {}
        fn warmup(&self) -> usize {
            0
        }
        fn n_outputs(&self) -> usize {
            1
        }
        fn batch(&mut self, cols: &Columns, out: &mut [f64]) {
            for (i, v) in out.iter_mut().enumerate().take(cols.len()) {
                *v = cols.close[(i + 1).min(cols.len() - 1)];
            }
        }
    }

    #[test]
    #[should_panic(expected = "cut")]
    fn no_look_ahead_check_catches_a_peek() {
        assert_no_look_ahead(&|| Box::new(Cheat), &walk(500, 1), 5, 1);
    }
}
