//! The column run's rules (`signal_run`): the layout of the per-bar signal flags and of the run
//! record the host owns, and the engine's decision and order rules as pure functions over them:
//! `choose` (PlayStrategy.choose for a side's emits), `exits` (PlayStrategy.exits without levels or
//! trailing), `size` (sizePosition with its caps), and the qty and tick grids (`floorToStep`,
//! `roundToTick`), each computed with the same double operations in the same order as the
//! TypeScript it mirrors, so the results are bit for bit the engine's.
/// Per-bar signal bits: the Play's emits (EMIT_BIT order) when flat, then (shifted by
/// `SIG_SIDE_SHIFT`) when long, then when short; then the bar's role.
pub const SIG_ENTER_LONG: u32 = 1;
pub const SIG_ENTER_SHORT: u32 = 2;
pub const SIG_EXIT_LONG: u32 = 4;
pub const SIG_EXIT_SHORT: u32 = 8;
pub const SIG_EXIT: u32 = 16;
pub const SIG_REVERSE: u32 = 32;
pub const SIG_EMITS: u32 = 63;
pub const SIG_SIDE_SHIFT: u32 = 6;
/// Any side's emits.
pub const SIG_ANY_EMITS: u32 = (1 << (3 * SIG_SIDE_SHIFT)) - 1;
/// The bar closes an exec bar: one equity row after it.
pub const SIG_EXEC_CLOSE: u32 = 1 << (3 * SIG_SIDE_SHIFT);

/// The emits of a bar's flags for a position side (+1, 0, −1).
pub(crate) fn emits_for(flags: u32, side: i64) -> u32 {
    let k = match side {
        0 => 0,
        1 => 1,
        _ => 2,
    };
    (flags >> (k * SIG_SIDE_SHIFT)) & SIG_EMITS
}

/// The run record the host owns (f64 each): the order rules' inputs, then what the run keeps
/// between calls and reports.
pub const RUN_FIELDS: &[&str] = &[
    "sizingKind",
    "sizingValue",
    "qtyStep",
    "qtyStepNum",
    "qtyStepPow",
    "tickSize",
    "tickNum",
    "tickPow",
    "minQty",
    "minNotionalUsdt",
    "maxNotionalUsdt",
    "leverage",
    "costRateLong",
    "costRateShort",
    "takerFeeRate",
    "maxOrdersPerMinute",
    "stopKind",
    "stopValue",
    "stopMult",
    "takeKind",
    "takeValue",
    "takeMult",
    "feesUsdt",
    "fundingUsdt",
    "fills",
    "ambiguousFills",
    "fundingIndex",
    "rows",
    "trades",
    "bailBar",
    "openEntryTsMs",
    "recentCount",
    "recent0",
    "recent1",
    "recent2",
    "recent3",
    "recent4",
    "recent5",
    "recent6",
    "recent7",
];
pub const RUN_LEN: usize = 40;
/// Sizing plans (`sizingKind`), as the engine's SizingPlan.
pub const SIZE_FIXED_QTY: f64 = 0.0;
pub const SIZE_NOTIONAL: f64 = 1.0;
pub const SIZE_EQUITY_PCT: f64 = 2.0;
pub const SIZE_RISK_PCT: f64 = 3.0;
/// Stop and target distances (`stopKind`, `takeKind`): none, percent of the price, USDT, the
/// section's ATR column times its multiple, R multiple of the stop (target only).
pub const DIST_NONE: f64 = 0.0;
pub const DIST_PCT: f64 = 1.0;
pub const DIST_USDT: f64 = 2.0;
pub const DIST_ATR: f64 = 3.0;
pub const DIST_RR: f64 = 4.0;
pub(crate) const SIZING_KIND: usize = 0;
pub(crate) const SIZING_VALUE: usize = 1;
pub(crate) const QTY_STEP: usize = 2;
pub(crate) const QTY_STEP_NUM: usize = 3;
pub(crate) const QTY_STEP_POW: usize = 4;
pub(crate) const TICK: usize = 5;
pub(crate) const TICK_NUM: usize = 6;
pub(crate) const TICK_POW: usize = 7;
pub(crate) const MIN_QTY: usize = 8;
pub(crate) const MIN_NOTIONAL: usize = 9;
pub(crate) const MAX_NOTIONAL: usize = 10;
pub(crate) const LEVERAGE: usize = 11;
pub(crate) const COST_LONG: usize = 12;
pub(crate) const COST_SHORT: usize = 13;
pub(crate) const TAKER_FEE: usize = 14;
pub(crate) const MAX_PER_MINUTE: usize = 15;
pub(crate) const STOP_KIND: usize = 16;
pub(crate) const STOP_VALUE: usize = 17;
pub(crate) const STOP_MULT: usize = 18;
pub(crate) const TAKE_KIND: usize = 19;
pub(crate) const TAKE_VALUE: usize = 20;
pub(crate) const TAKE_MULT: usize = 21;
pub(crate) const FEES: usize = 22;
pub(crate) const FUNDING: usize = 23;
pub(crate) const FILLS: usize = 24;
pub(crate) const AMBIGUOUS_FILLS: usize = 25;
pub(crate) const FUNDING_INDEX: usize = 26;
pub(crate) const ROWS: usize = 27;
pub(crate) const TRADES: usize = 28;
pub(crate) const BAIL_BAR: usize = 29;
pub(crate) const OPEN_ENTRY_TS: usize = 30;
pub(crate) const RECENT_COUNT: usize = 31;
pub(crate) const RECENT: usize = 32;
pub(crate) const RECENT_CAP: usize = 8;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    None,
    EnterLong,
    EnterShort,
    ExitLong,
    ExitShort,
}

/// PlayStrategy.choose for rules that read no state, with no working entry.
pub(crate) fn choose(bits: u32, side: i64) -> Action {
    if side > 0 {
        if bits & (SIG_ENTER_SHORT | SIG_REVERSE) != 0 {
            return Action::EnterShort;
        }
    } else if side < 0 {
        if bits & (SIG_ENTER_LONG | SIG_REVERSE) != 0 {
            return Action::EnterLong;
        }
    } else {
        let (long, short) = (bits & SIG_ENTER_LONG != 0, bits & SIG_ENTER_SHORT != 0);
        if long && !short {
            return Action::EnterLong;
        }
        if short && !long {
            return Action::EnterShort;
        }
    }
    if side > 0 && bits & (SIG_EXIT_LONG | SIG_EXIT) != 0 {
        return Action::ExitLong;
    }
    if side < 0 && bits & (SIG_EXIT_SHORT | SIG_EXIT) != 0 {
        return Action::ExitShort;
    }
    Action::None
}

/// The engine's `onGrid`: n steps of `num / pow` as the nearest double to the decimal, by one
/// division of two exact integers; None where the engine formats a string instead (the host then
/// runs the engine).
pub(crate) fn on_grid(n: f64, num: f64, pow: f64) -> Option<f64> {
    let units = n * num;
    if num > 0.0 && units.abs() < 1e15 {
        Some(units / pow + 0.0)
    } else {
        None
    }
}

/// The engine's floorToStep (qty) and roundToTick (prices, never negative here).
pub(crate) fn floor_to_step(x: f64, run: &[f64]) -> Option<f64> {
    on_grid((x / run[QTY_STEP] + 1e-9).floor(), run[QTY_STEP_NUM], run[QTY_STEP_POW])
}

pub(crate) fn round_to_tick(price: f64, run: &[f64]) -> Option<f64> {
    if !(price >= 0.0) {
        return None;
    }
    on_grid((price / run[TICK]).round(), run[TICK_NUM], run[TICK_POW])
}

/// A distance of the stop or the target section (PlayStrategy.distance): None when it has none
/// (or its ATR is not there yet).
pub(crate) fn distance(kind: f64, value: f64, mult: f64, atr: f64, entry_price: f64) -> Option<f64> {
    if kind == DIST_PCT {
        Some((entry_price * value) / 100.0)
    } else if kind == DIST_USDT {
        Some(value)
    } else if kind == DIST_ATR && atr.is_finite() {
        Some(atr * mult)
    } else {
        None
    }
}

/// PlayStrategy.exits without levels or trailing: the stop and target prices (unrounded).
pub(crate) fn exits(run: &[f64], long: bool, entry_price: f64, stop_atr: f64, take_atr: f64) -> (Option<f64>, Option<f64>) {
    let dir = if long { 1.0 } else { -1.0 };
    let mut stop = None;
    if run[STOP_KIND] != DIST_NONE {
        if let Some(d) = distance(run[STOP_KIND], run[STOP_VALUE], run[STOP_MULT], stop_atr, entry_price) {
            let price = entry_price - dir * d;
            // A stop on the wrong side of the entry would fire at once: dropped, as the engine does.
            if dir * (entry_price - price) > 0.0 {
                stop = Some(price);
            }
        }
    }
    let mut take = None;
    if run[TAKE_KIND] != DIST_NONE {
        let d = if run[TAKE_KIND] == DIST_RR {
            stop.map(|s: f64| run[TAKE_VALUE] * (entry_price - s).abs())
        } else {
            distance(run[TAKE_KIND], run[TAKE_VALUE], run[TAKE_MULT], take_atr, entry_price)
        };
        if let Some(d) = d {
            let price = entry_price + dir * d;
            if dir * (price - entry_price) > 0.0 {
                take = Some(price);
            }
        }
    }
    (stop, take)
}

/// JavaScript's Math.min / Math.max (NaN wins), so the caps compare as the engine's do.
pub(crate) fn js_min(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.min(b)
    }
}

pub(crate) fn js_max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

/// The engine's sizePosition: the size, or None where it would skip the entry (a bail).
pub(crate) fn size(run: &[f64], equity: f64, price: f64, stop_distance: Option<f64>, available: f64, cost: f64) -> Option<f64> {
    let kind = run[SIZING_KIND];
    let value = run[SIZING_VALUE];
    let mut qty = if kind == SIZE_FIXED_QTY {
        value
    } else if kind == SIZE_NOTIONAL {
        value / price
    } else if kind == SIZE_EQUITY_PCT {
        (((equity * value) / 100.0) * run[LEVERAGE]) / price
    } else {
        let d = stop_distance?;
        if !(d > 0.0) {
            return None;
        }
        (equity * value) / 100.0 / d
    };
    if run[MAX_NOTIONAL].is_finite() {
        qty = js_min(qty, run[MAX_NOTIONAL] / price);
    }
    let affordable = js_max(0.0, available) / (price * cost);
    let qty = floor_to_step(js_max(js_min(qty, affordable), 0.0), run)?;
    if !(qty >= run[MIN_QTY]) || !(qty * price >= run[MIN_NOTIONAL]) {
        return None;
    }
    Some(qty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_match_their_indices() {
        assert_eq!(RUN_FIELDS.len(), RUN_LEN);
        assert_eq!(RUN_FIELDS[RECENT], "recent0");
        assert_eq!(RUN_FIELDS[RECENT + RECENT_CAP - 1], "recent7");
        assert_eq!(RUN_FIELDS[OPEN_ENTRY_TS], "openEntryTsMs");
        assert_eq!(RUN_FIELDS[TAKE_MULT], "takeMult");
    }

    #[test]
    fn emits_by_side() {
        let f = SIG_ENTER_LONG | (SIG_EXIT_LONG << SIG_SIDE_SHIFT) | (SIG_REVERSE << (2 * SIG_SIDE_SHIFT)) | SIG_EXEC_CLOSE;
        assert_eq!((emits_for(f, 0), emits_for(f, 1), emits_for(f, -1)), (SIG_ENTER_LONG, SIG_EXIT_LONG, SIG_REVERSE));
        assert_eq!(SIG_EXEC_CLOSE, 262_144);
    }

    #[test]
    fn choose_follows_the_engine() {
        assert!(choose(SIG_ENTER_LONG | SIG_ENTER_SHORT, 0) == Action::None);
        assert!(choose(SIG_REVERSE, 0) == Action::None);
        assert!(choose(SIG_REVERSE, 1) == Action::EnterShort);
        assert!(choose(SIG_ENTER_LONG, 1) == Action::None);
        assert!(choose(SIG_ENTER_LONG | SIG_EXIT, 1) == Action::ExitLong);
        assert!(choose(SIG_EXIT_LONG, -1) == Action::None);
        assert!(choose(SIG_EXIT, -1) == Action::ExitShort);
    }
}
