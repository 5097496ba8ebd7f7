//! True range in TA-Lib's operation order: start from high - low, then take |high - prev_close|
//! and |low - prev_close| when larger. With `prev_close` NaN (no previous bar) both comparisons
//! are false, so the result is high - low: the TradingView `ta.tr(true)` value on the first bar.

#[inline(always)]
pub fn true_range(high: f64, low: f64, prev_close: f64) -> f64 {
    let mut out = high - low;
    let up = (high - prev_close).abs();
    if up > out {
        out = up;
    }
    let down = (low - prev_close).abs();
    if down > out {
        out = down;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_largest_of_three_ranges() {
        assert_eq!(true_range(12.0, 10.0, 11.0), 2.0); // inside bar: high - low
        assert_eq!(true_range(12.0, 10.0, 7.0), 5.0); // gap up: high - prev close
        assert_eq!(true_range(12.0, 10.0, 15.0), 5.0); // gap down: prev close - low
        assert_eq!(true_range(12.0, 10.0, f64::NAN), 2.0); // first bar
    }
}
