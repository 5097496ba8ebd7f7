//! Position-attached protection (Bybit trading-stop, "Full" mode): take-profit, stop-loss and a
//! trailing stop, each closing the whole position with a market order when triggered. They exist
//! only while a position does and are cleared when it closes or flips.
//! Trailing stop: once active, its level follows the best price since activation at a fixed
//! distance (long: peak − distance, short: trough + distance); it activates immediately or when
//! the price first reaches the activation price.
use crate::sim::orders::{Attach, TrailingSpec};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trailing {
    pub distance_ticks: i64,
    pub activation_ticks: Option<i64>,
    pub active: bool,
    /// Peak (long) or trough (short) since activation, in ticks.
    pub extreme_ticks: i64,
}

impl Trailing {
    /// Starts at `price_ticks`; active at once without an activation price or when the price is
    /// already at or beyond it.
    pub fn new(spec: TrailingSpec, long: bool, price_ticks: i64) -> Trailing {
        let active = match spec.activation_ticks {
            None => true,
            Some(a) => (long && price_ticks >= a) || (!long && price_ticks <= a),
        };
        Trailing { distance_ticks: spec.distance_ticks, activation_ticks: spec.activation_ticks, active, extreme_ticks: price_ticks }
    }

    /// The stop level (meaningful only when active).
    #[inline]
    pub fn level(&self, long: bool) -> i64 {
        if long {
            self.extreme_ticks - self.distance_ticks
        } else {
            self.extreme_ticks + self.distance_ticks
        }
    }

    /// Ratchets the extreme with a price the market traded at.
    #[inline]
    pub fn observe(&mut self, long: bool, price_ticks: i64) {
        if self.active {
            if long {
                self.extreme_ticks = self.extreme_ticks.max(price_ticks);
            } else {
                self.extreme_ticks = self.extreme_ticks.min(price_ticks);
            }
        }
    }

    pub fn activate(&mut self, price_ticks: i64) {
        self.active = true;
        self.extreme_ticks = price_ticks;
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Protection {
    pub tp_ticks: Option<i64>,
    pub sl_ticks: Option<i64>,
    pub trailing: Option<Trailing>,
}

impl Protection {
    pub fn clear(&mut self) {
        *self = Protection::default();
    }

    /// Applies the parts an entry order carries; absent parts leave the current ones.
    pub fn apply(&mut self, attach: &Attach, long: bool, price_ticks: i64) {
        if attach.tp_ticks.is_some() {
            self.tp_ticks = attach.tp_ticks;
        }
        if attach.sl_ticks.is_some() {
            self.sl_ticks = attach.sl_ticks;
        }
        if let Some(spec) = attach.trailing {
            self.trailing = Some(Trailing::new(spec, long, price_ticks));
        }
    }
}

/// TP must be beyond the reference price in the position's favour (long: above).
pub fn tp_valid(long: bool, tp_ticks: i64, ref_ticks: i64) -> bool {
    if long {
        tp_ticks > ref_ticks
    } else {
        tp_ticks < ref_ticks
    }
}

/// SL must be beyond the reference price against the position (long: below).
pub fn sl_valid(long: bool, sl_ticks: i64, ref_ticks: i64) -> bool {
    if long {
        sl_ticks < ref_ticks
    } else {
        sl_ticks > ref_ticks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_long_and_short() {
        let mut t = Trailing::new(TrailingSpec { distance_ticks: 10, activation_ticks: None }, true, 100);
        assert!(t.active);
        t.observe(true, 130);
        t.observe(true, 120);
        assert_eq!(t.level(true), 120);
        let mut s = Trailing::new(TrailingSpec { distance_ticks: 5, activation_ticks: Some(90) }, false, 100);
        assert!(!s.active);
        s.observe(false, 80);
        assert_eq!(s.extreme_ticks, 100);
        s.activate(90);
        s.observe(false, 85);
        assert_eq!(s.level(false), 90);
        assert!(Trailing::new(TrailingSpec { distance_ticks: 5, activation_ticks: Some(90) }, false, 89).active);
    }

    #[test]
    fn sides() {
        assert!(tp_valid(true, 101, 100) && !tp_valid(true, 100, 100) && tp_valid(false, 99, 100));
        assert!(sl_valid(true, 99, 100) && !sl_valid(false, 99, 100));
    }
}
