//! The complete mutable state of one sim (everything the two intrabar paths must each own, so it
//! is `Clone` and cloned into a scratch copy on eventful bars), with derived quantities
//! (available, equity, liquidation trigger) and the ledger invariant check.
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::sim::config::SimConfig;
use crate::sim::ledger::{Ledger, Position, TradeTracker};
use crate::sim::orders::{Order, OrderStatus};
use crate::sim::protection::Protection;
use crate::sim::units::{ceil_div, floor_div};

#[derive(Clone, Debug, PartialEq)]
pub struct SimState {
    pub ledger: Ledger,
    pub pos: Position,
    pub protection: Protection,
    /// Live orders in submission (= id) order.
    pub orders: Vec<Order>,
    pub trade: TradeTracker,
    /// Last traded price in ticks (the last bar's close); None before the first bar.
    pub last_price: Option<i64>,
    /// Last mark price in e8 (a bar close, or the host's mark at funding / set_mark).
    pub mark_e8: i64,
    pub last_bar_ts: Option<i64>,
    /// Time stamped on events of calls outside a bar: the last bar's close time or funding time.
    pub now_ms: i64,
    pub next_id: u32,
}

impl SimState {
    pub fn new(start_e8: i64) -> SimState {
        SimState {
            ledger: Ledger::new(start_e8),
            pos: Position::default(),
            protection: Protection::default(),
            orders: Vec::new(),
            trade: TradeTracker::default(),
            last_price: None,
            mark_e8: 0,
            last_bar_ts: None,
            now_ms: 0,
            next_id: 1,
        }
    }

    #[inline]
    pub fn available(&self) -> i64 {
        self.ledger.available(self.pos.margin_e8)
    }

    pub fn upnl_at_mark(&self, cfg: &SimConfig) -> i64 {
        self.pos.upnl(cfg.instrument.value_at_price_e8(self.pos.abs_size(), self.mark_e8))
    }

    pub fn equity(&self, cfg: &SimConfig) -> i64 {
        self.ledger.wallet_e8 + self.upnl_at_mark(cfg)
    }

    /// Liquidation bound (position value at the liquidation price), None when flat.
    pub fn liquidation_bound(&self, cfg: &SimConfig) -> Option<i64> {
        if self.pos.is_flat() {
            return None;
        }
        Some(cfg.margin.liquidation_bound(self.pos.entry_value_e8, self.pos.is_long(), self.pos.margin_e8))
    }

    /// Liquidation as a price trigger in ticks: (level, rises). A long liquidates when the price
    /// falls to `level` = floor(bound / (size × unit)); a short when it rises to the ceiling.
    pub fn liquidation_trigger(&self, cfg: &SimConfig) -> Option<(i64, bool)> {
        let bound = self.liquidation_bound(cfg)?;
        let per_tick = self.pos.abs_size() as i128 * cfg.instrument.unit_e8 as i128;
        if self.pos.is_long() {
            if bound <= 0 {
                return None;
            }
            Some((floor_div(bound as i128, per_tick) as i64, false))
        } else {
            Some((ceil_div(bound as i128, per_tick) as i64, true))
        }
    }

    pub fn order_index(&self, id: u32) -> Option<usize> {
        self.orders.iter().position(|o| o.id == id)
    }

    pub fn conditional_count(&self) -> usize {
        self.orders.iter().filter(|o| o.status == OrderStatus::Untriggered).count()
    }

    /// Wallet reconciles with its flows; position and order margin are consistent.
    pub fn check_invariants(&self) -> CoreResult<()> {
        let fail = |m: String| Err(CoreError::new(ErrorCode::SimLedgerInvariant, format!("sim ledger: {}", m)));
        if let Err(m) = self.ledger.check() {
            return fail(m);
        }
        let held: i64 = self.orders.iter().map(|o| o.margin_e8).sum();
        if held != self.ledger.order_margin_e8 {
            return fail(format!("order margin {} e8 != Σ live order margin {} e8", self.ledger.order_margin_e8, held));
        }
        let p = &self.pos;
        if p.is_flat() && (p.entry_value_e8 != 0 || p.margin_e8 != 0) {
            return fail(format!("flat position with entry value {} e8 and margin {} e8", p.entry_value_e8, p.margin_e8));
        }
        if !p.is_flat() && p.entry_value_e8 <= 0 {
            return fail(format!("position of {} steps with entry value {} e8", p.size_steps, p.entry_value_e8));
        }
        if p.is_flat() && (self.trade.open || self.protection != Protection::default()) {
            return fail("flat position with an open trade or TP/SL attached".to_string());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::config::tests::btc_values;

    #[test]
    fn liquidation_trigger_rounds_toward_the_position() {
        let cfg = SimConfig::from_values(&btc_values(50.0, 100_000.0, 0.0, 0.0)).unwrap();
        let mut st = SimState::new(cfg.start_e8);
        // long 1 BTC @ 20000.05 would need 20000.05 × 1000 steps; use 0.003 BTC @ 20000.1 instead:
        // ev = 60.0003, IM_nofee = 1.200006, MM_nofee = 0.3000015 → bound = 60.0003 − 1.200006 + 0.3000015
        // = 59.1002955 (fee terms cancel) → LP = 19700.0985 → trigger at 19700.0 (floor to the tick)
        let ev = cfg.instrument.value_e8(3, 200_001);
        st.pos = crate::sim::ledger::Position { size_steps: 3, entry_value_e8: ev, margin_e8: cfg.margin.initial(ev, true) };
        assert_eq!(st.liquidation_bound(&cfg), Some(5_910_029_550));
        assert_eq!(st.liquidation_trigger(&cfg), Some((197_000, false)));
        st.pos.size_steps = -3;
        st.pos.margin_e8 = cfg.margin.initial(ev, false);
        // short: bound = 60.0003 + 1.200006 − 0.3000015 = 60.9003045 → LP 20300.1015 → 20300.2
        assert_eq!(st.liquidation_trigger(&cfg), Some((203_002, true)));
    }

    #[test]
    fn invariant_violation_is_reported() {
        let cfg = SimConfig::from_values(&btc_values(10.0, 1_000.0, 0.0, 0.0)).unwrap();
        let mut st = SimState::new(cfg.start_e8);
        assert!(st.check_invariants().is_ok());
        st.ledger.order_margin_e8 = 5;
        let e = st.check_invariants().unwrap_err();
        assert_eq!(e.code, ErrorCode::SimLedgerInvariant);
        assert_eq!(e.message, "sim ledger: order margin 5 e8 != Σ live order margin 0 e8");
    }
}
