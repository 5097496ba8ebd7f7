//! Exact units of the simulator and the f64 <-> integer conversions at its edge.
//! Money is i64 in units of 1e-8 USDT ("e8"), quantity is whole qty steps, prices are whole ticks,
//! rates (fees, MMR, funding, slippage) are i64 in units of 1e-10 ("e10"), leverage in 1/100.
//! Invariant: `unit_e8` (the value of one qty step at one tick) is an exact integer, so every
//! `qty × price` value is exact; only fees, margins and funding round (half away from zero).
use crate::error::{CoreError, CoreResult, ErrorCode};

pub const E8: i64 = 100_000_000;
pub const RATE_SCALE: i64 = 10_000_000_000;
/// Largest decimal magnitude converted exactly through `× 1e8` in f64 (2^53 / 1e8 ≈ 9.0e7).
const MAX_DECIMAL: f64 = 9.0e7;

/// Both operands within ±2^62: the division can be done in i64 (native in wasm32, which divides
/// i128 in software) with no intermediate overflow, giving the same result.
#[inline]
fn fits_i64(num: i128, den: i128) -> bool {
    num.unsigned_abs() < (1u128 << 62) && den < (1i128 << 62)
}

/// `num / den` rounded half away from zero; `den` must be > 0.
#[inline]
pub fn round_div(num: i128, den: i128) -> i128 {
    if fits_i64(num, den) {
        let (n, d) = (num as i64, den as i64);
        return (if n >= 0 { (n + d / 2) / d } else { -((-n + d / 2) / d) }) as i128;
    }
    if num >= 0 {
        (num + den / 2) / den
    } else {
        -((-num + den / 2) / den)
    }
}

/// `num / den` rounded toward −∞; `den` must be > 0.
#[inline]
pub fn floor_div(num: i128, den: i128) -> i128 {
    if fits_i64(num, den) {
        let (n, d) = (num as i64, den as i64);
        let q = n / d;
        return (if n % d != 0 && n < 0 { q - 1 } else { q }) as i128;
    }
    let q = num / den;
    if num % den != 0 && num < 0 {
        q - 1
    } else {
        q
    }
}

/// `num / den` rounded toward +∞; `den` must be > 0.
#[inline]
pub fn ceil_div(num: i128, den: i128) -> i128 {
    -floor_div(-num, den)
}

/// A decimal with at most 8 places as an integer count of 1e-8 (None when not finite or too big).
pub fn decimal_e8(x: f64) -> Option<i64> {
    if !x.is_finite() || x.abs() >= MAX_DECIMAL {
        return None;
    }
    Some((x * 1e8).round() as i64)
}

/// A rate (fee, MMR, funding, slippage fraction) in units of 1e-10; None when not finite or |x| > 1.
pub fn rate_e10(x: f64) -> Option<i64> {
    if !x.is_finite() || x.abs() > 1.0 {
        return None;
    }
    Some((x * 1e10).round() as i64)
}

/// USDT amount in e8 as f64 (the nearest double to the exact decimal).
#[inline]
pub fn usdt(e8: i64) -> f64 {
    e8 as f64 / 1e8
}

/// `value × rate` rounded half away from zero to 1e-8 USDT (fees and funding).
#[inline]
pub fn apply_rate(value_e8: i64, rate: i64) -> i64 {
    round_div(value_e8 as i128 * rate as i128, RATE_SCALE as i128) as i64
}

/// Price and quantity grid of the one symbol a sim trades.
#[derive(Clone, Debug, PartialEq)]
pub struct Instrument {
    pub tick_size: f64,
    pub qty_step: f64,
    pub tick_e8: i64,
    pub step_e8: i64,
    /// Value in e8 of one qty step at a price of one tick.
    pub unit_e8: i64,
    pub min_qty_steps: i64,
    pub min_notional_e8: i64,
}

fn bad(field: &str, value: f64, expected: &str) -> CoreError {
    CoreError::new(ErrorCode::InvalidParam, format!("sim config {} = {}: expected {}", field, value, expected))
}

impl Instrument {
    pub fn new(tick_size: f64, qty_step: f64, min_qty: f64, min_notional: f64) -> CoreResult<Instrument> {
        let tick_e8 = decimal_e8(tick_size).filter(|t| *t > 0).ok_or_else(|| bad("tickSize", tick_size, "a multiple of 1e-8 in (0, 9e7)"))?;
        let step_e8 = decimal_e8(qty_step).filter(|s| *s > 0).ok_or_else(|| bad("qtyStep", qty_step, "a multiple of 1e-8 in (0, 9e7)"))?;
        let unit = tick_e8 as i128 * step_e8 as i128;
        if unit % E8 as i128 != 0 {
            return Err(bad("qtyStep", qty_step, "tickSize × qtyStep to be a whole multiple of 1e-8 USDT"));
        }
        let min_qty_e8 = decimal_e8(min_qty).filter(|q| *q > 0 && *q % step_e8 == 0).ok_or_else(|| bad("minQty", min_qty, "a positive multiple of qtyStep"))?;
        let min_notional_e8 = decimal_e8(min_notional).filter(|n| *n >= 0).ok_or_else(|| bad("minNotional", min_notional, "a USDT amount >= 0"))?;
        Ok(Instrument {
            tick_size,
            qty_step,
            tick_e8,
            step_e8,
            unit_e8: (unit / E8 as i128) as i64,
            min_qty_steps: min_qty_e8 / step_e8,
            min_notional_e8,
        })
    }

    /// A positive price exactly on the tick grid, in ticks.
    pub fn price_ticks(&self, price: f64) -> Option<i64> {
        let e8 = decimal_e8(price)?;
        if e8 <= 0 || e8 % self.tick_e8 != 0 {
            return None;
        }
        Some(e8 / self.tick_e8)
    }

    /// A positive quantity exactly on the qty grid, in steps.
    pub fn qty_steps(&self, qty: f64) -> Option<i64> {
        let e8 = decimal_e8(qty)?;
        if e8 <= 0 || e8 % self.step_e8 != 0 {
            return None;
        }
        Some(e8 / self.step_e8)
    }

    /// Nearest tick of a market price (bar prices are on the grid up to f64 representation).
    #[inline]
    pub fn nearest_ticks(&self, price: f64) -> i64 {
        (price / self.tick_size + 0.5).floor() as i64
    }

    /// Exact value in e8 of `steps` at `ticks`.
    #[inline]
    pub fn value_e8(&self, steps: i64, ticks: i64) -> i64 {
        // Hot (every in-position bar): when the product is far inside i64 (checked on an f64
        // estimate, relative error ~1e-16), multiply in i64; wasm32 has no native i128 multiply.
        let approx = steps as f64 * ticks as f64 * self.unit_e8 as f64;
        if approx.abs() < 4.0e18 {
            steps * ticks * self.unit_e8
        } else {
            (steps as i128 * ticks as i128 * self.unit_e8 as i128) as i64
        }
    }

    /// Value in e8 of `steps` at a price given in e8 (a mark price need not be on the tick grid).
    #[inline]
    pub fn value_at_price_e8(&self, steps: i64, price_e8: i64) -> i64 {
        // On the tick grid (every bar close, the usual mark) the value is steps × ticks × unit
        // exactly (unit_e8 is an integer): no i128 division, which wasm32 does in software.
        if price_e8 % self.tick_e8 == 0 {
            return self.value_e8(steps, price_e8 / self.tick_e8);
        }
        round_div(steps as i128 * self.step_e8 as i128 * price_e8 as i128, E8 as i128) as i64
    }

    #[inline]
    pub fn price(&self, ticks: i64) -> f64 {
        (ticks as f64 * self.tick_e8 as f64) / 1e8
    }

    #[inline]
    pub fn price_e8(&self, ticks: i64) -> i64 {
        ticks * self.tick_e8
    }

    #[inline]
    pub fn qty(&self, steps: i64) -> f64 {
        (steps as f64 * self.step_e8 as f64) / 1e8
    }

    /// Average price of a value spread over `steps` (0 when steps = 0).
    pub fn price_of_value(&self, value_e8: i64, steps: i64) -> f64 {
        if steps == 0 {
            return 0.0;
        }
        value_e8 as f64 / (steps as f64 * self.step_e8 as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One xorshift64 step: the random cases of these tests (deterministic).
    fn xorshift(mut x: u64) -> u64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }

    fn btc() -> Instrument {
        Instrument::new(0.1, 0.001, 0.001, 5.0).unwrap()
    }

    #[test]
    fn rounding_helpers() {
        assert_eq!(round_div(5, 2), 3);
        assert_eq!(round_div(-5, 2), -3);
        assert_eq!(round_div(4, 3), 1);
        assert_eq!(round_div(-4, 3), -1);
        assert_eq!(floor_div(-7, 2), -4);
        assert_eq!(floor_div(7, 2), 3);
        assert_eq!(ceil_div(7, 2), 4);
        assert_eq!(ceil_div(-7, 2), -3);
        // 60.7667 USDT × 0.00055 = 0.033421685 → 0.03342169 (half away from zero, as Bybit shows)
        assert_eq!(apply_rate(6_076_670_000, 5_500_000), 3_342_169);
    }

    #[test]
    fn btcusdt_grid() {
        let i = btc();
        assert_eq!((i.tick_e8, i.step_e8, i.unit_e8, i.min_qty_steps, i.min_notional_e8), (10_000_000, 100_000, 10_000, 1, 500_000_000));
        assert_eq!(i.price_ticks(60766.7), Some(607_667));
        assert_eq!(i.price_ticks(60766.75), None);
        assert_eq!(i.price_ticks(0.0), None);
        assert_eq!(i.qty_steps(0.001), Some(1));
        assert_eq!(i.qty_steps(0.0015), None);
        assert_eq!(i.qty_steps(-0.001), None);
        assert_eq!(i.value_e8(1, 607_667), 6_076_670_000);
        assert_eq!(i.value_at_price_e8(1, 6_082_258_000_000), 6_082_258_000);
        assert_eq!(i.price(607_667), 60766.7);
        assert_eq!(i.qty(1), 0.001);
        assert_eq!(i.price_of_value(6_076_670_000, 1), 60766.7);
        assert_eq!(i.nearest_ticks(60766.7), 607_667);
    }

    #[test]
    fn value_e8_i64_path_equals_i128() {
        let i = btc();
        let exact = |s: i64, t: i64| (s as i128 * t as i128 * i.unit_e8 as i128) as i64;
        // Around the switch-over at |product| = 4e18 and at both signs.
        let edge = 400_000_000_000_000i64 / 1_000; // steps*ticks near 4e14 -> value near 4e18
        for &(s, t) in &[(1, 607_667), (-3, 1_000_000), (edge, 1_000), (edge + 1, 1_000), (-(edge - 1), 1_000), (1_000_000, 10_000_000), (-1_000_000, 9_999_999)] {
            assert_eq!(i.value_e8(s, t), exact(s, t), "steps {} ticks {}", s, t);
        }
        let mut x: u64 = 0x9E3779B97F4A7C15;
        for _ in 0..100_000 {
            x = xorshift(x);
            let s = (x % 2_000_000) as i64 - 1_000_000;
            let t = ((x >> 21) % 50_000_000) as i64;
            assert_eq!(i.value_e8(s, t), exact(s, t));
        }
    }

    #[test]
    fn value_at_price_on_the_grid_equals_the_rounded_division() {
        let i = btc();
        let exact = |s: i64, p: i64| round_div(s as i128 * i.step_e8 as i128 * p as i128, E8 as i128) as i64;
        let mut x: u64 = 0x2545F4914F6CDD1D;
        for k in 0..200_000 {
            x = xorshift(x);
            let s = (x % 2_000_000) as i64 - 1_000_000;
            let ticks = ((x >> 21) % 50_000_000) as i64;
            // Half on the tick grid (the fast path), half anywhere (the division).
            let p = if k % 2 == 0 { ticks * i.tick_e8 } else { ticks * i.tick_e8 + ((x >> 3) % i.tick_e8 as u64) as i64 };
            assert_eq!(i.value_at_price_e8(s, p), exact(s, p), "steps {} price_e8 {}", s, p);
        }
    }

    #[test]
    fn i64_division_paths_equal_the_i128_ones() {
        let wide_round = |n: i128, d: i128| if n >= 0 { (n + d / 2) / d } else { -((-n + d / 2) / d) };
        let wide_floor = |n: i128, d: i128| {
            let q = n / d;
            if n % d != 0 && n < 0 {
                q - 1
            } else {
                q
            }
        };
        let mut x: u64 = 0x9E3779B97F4A7C15;
        let edge = 1i128 << 62;
        let mut cases: Vec<(i128, i128)> = vec![(edge - 1, 1), (-(edge - 1), 7), (edge - 1, edge - 1), (edge, 3), (-edge, 3), (5, 2), (-5, 2), (0, 9), (-1, 2), (1, 2)];
        for _ in 0..200_000 {
            x = xorshift(x);
            let n = ((x >> 1) as i128 - (1i128 << 62)) >> (x % 40);
            let d = ((x.rotate_left(17) >> (x % 60)) as i128).max(1);
            cases.push((n, d));
        }
        for (n, d) in cases {
            assert_eq!(round_div(n, d), wide_round(n, d), "round {} / {}", n, d);
            assert_eq!(floor_div(n, d), wide_floor(n, d), "floor {} / {}", n, d);
        }
    }

    #[test]
    fn rejects_inexact_grids() {
        assert!(Instrument::new(0.0, 0.001, 0.001, 5.0).is_err());
        assert!(Instrument::new(0.000001, 0.001, 0.001, 5.0).is_err());
        assert!(Instrument::new(0.1, 0.001, 0.0015, 5.0).is_err());
        let e = Instrument::new(0.1, 0.001, 0.001, -1.0).unwrap_err();
        assert_eq!(e.message, "sim config minNotional = -1: expected a USDT amount >= 0");
    }
}
