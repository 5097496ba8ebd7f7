//! Test-only helpers shared by the momentum and trend indicator tests: bar builders and a runner
//! that collects every output column. Compiled only under `cfg(test)`.
use crate::bar::Bar;
use crate::indicators::Indicator;

/// Bars from (high, low, close) triples; open = previous close (first: close), volume 1.
pub fn hlc(rows: &[(f64, f64, f64)]) -> Vec<Bar> {
    let mut out = Vec::with_capacity(rows.len());
    let mut prev = f64::NAN;
    for (i, (h, l, c)) in rows.iter().enumerate() {
        let open = if prev.is_nan() { *c } else { prev };
        out.push(Bar { ts_ms: i as f64 * 60_000.0, open, high: *h, low: *l, close: *c, volume: 1.0 });
        prev = *c;
    }
    out
}

/// Bars whose open, high, low and close all equal the given closes.
pub fn closes(xs: &[f64]) -> Vec<Bar> {
    let rows: Vec<(f64, f64, f64)> = xs.iter().map(|x| (*x, *x, *x)).collect();
    hlc(&rows)
}

/// `n` identical bars at `price` (the flat-input convention tests).
pub fn flat(n: usize, price: f64) -> Vec<Bar> {
    closes(&vec![price; n])
}

/// Runs `ind` from a reset over `bars`; returns one Vec per output.
pub fn run(ind: &mut dyn Indicator, bars: &[Bar]) -> Vec<Vec<f64>> {
    ind.reset();
    let k = ind.n_outputs();
    let mut cols = vec![Vec::with_capacity(bars.len()); k];
    let mut out = vec![0.0; k];
    for b in bars {
        ind.update(b, &mut out);
        for j in 0..k {
            cols[j].push(out[j]);
        }
    }
    cols
}

/// Asserts every output is NaN before `warmup` and finite from it on.
pub fn assert_warmup(ind: &mut dyn Indicator, bars: &[Bar]) {
    let w = ind.warmup();
    for (j, col) in run(ind, bars).iter().enumerate() {
        for (i, v) in col.iter().enumerate() {
            if i < w {
                assert!(v.is_nan(), "output {} bar {} should be NaN before warmup {} (got {})", j, i, w, v);
            } else {
                assert!(v.is_finite(), "output {} bar {} should be finite from warmup {} (got {})", j, i, w, v);
            }
        }
    }
}

/// Asserts `a` and `b` agree to a relative 1e-12 (hand-computed values that involve division).
pub fn assert_close(a: f64, b: f64) {
    let tol = 1e-12 * a.abs().max(b.abs()).max(1.0);
    assert!((a - b).abs() <= tol, "{} != {}", a, b);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::registry::{create, ALL};
    use crate::indicators::testutil::walk;

    #[test]
    fn every_registered_warmup_is_the_first_all_valid_bar() {
        // For default params: some output is NaN on bar warmup-1, every output is finite from warmup on.
        let bars = walk(800, 31);
        for spec in ALL {
            let defaults: Vec<f64> = spec.params.iter().map(|p| p.default).collect();
            let mut ind = create(spec.name, &defaults, None).unwrap();
            let w = ind.warmup();
            let cols = run(ind.as_mut(), &bars);
            assert!(w == 0 || cols.iter().any(|c| c[w - 1].is_nan()), "{}: all outputs valid before warmup {}", spec.name, w);
            for (j, col) in cols.iter().enumerate() {
                assert!(col[w..].iter().all(|v| v.is_finite()), "{} output {} not finite from warmup {}", spec.name, j, w);
            }
        }
    }
}
