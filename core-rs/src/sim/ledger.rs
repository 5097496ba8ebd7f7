//! The exact ledger: wallet, position, order margin, cumulative realised PnL, fees and funding, and
//! the running record of the open trade. All amounts are e8 (1e-8 USDT).
//! Invariants (checked by `SimState::check_invariants`):
//! - wallet = start + Σ realised PnL − Σ fees − Σ funding paid;
//! - a flat position has zero entry value and zero margin; an open one has entry value > 0;
//! - order margin = Σ margin held by live orders;
//! - equity = wallet + unrealised PnL, available = wallet − position margin − order margin.
use crate::sim::events::TradeRecord;

/// One-way position: `size_steps` is signed (+ long, − short), `entry_value_e8` = |size| × avg
/// entry (exact sum of opening fill values, reduced pro rata on partial closes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Position {
    pub size_steps: i64,
    pub entry_value_e8: i64,
    /// Isolated position margin held: IM when opened, reduced by funding paid out of it.
    pub margin_e8: i64,
}

impl Position {
    #[inline]
    pub fn is_flat(&self) -> bool {
        self.size_steps == 0
    }

    #[inline]
    pub fn is_long(&self) -> bool {
        self.size_steps > 0
    }

    #[inline]
    pub fn abs_size(&self) -> i64 {
        self.size_steps.abs()
    }

    /// Unrealised PnL given the position's value at some price: long value − entry, short entry − value.
    #[inline]
    pub fn upnl(&self, value_e8: i64) -> i64 {
        if self.size_steps > 0 {
            value_e8 - self.entry_value_e8
        } else if self.size_steps < 0 {
            self.entry_value_e8 - value_e8
        } else {
            0
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ledger {
    pub start_e8: i64,
    pub wallet_e8: i64,
    pub realised_e8: i64,
    pub fees_e8: i64,
    /// Funding paid (+) minus received.
    pub funding_e8: i64,
    pub order_margin_e8: i64,
}

impl Ledger {
    pub fn new(start_e8: i64) -> Ledger {
        Ledger { start_e8, wallet_e8: start_e8, realised_e8: 0, fees_e8: 0, funding_e8: 0, order_margin_e8: 0 }
    }

    /// Books a fill: gross PnL realised (0 for an entry) and the fee charged.
    pub fn book_fill(&mut self, pnl_e8: i64, fee_e8: i64) {
        self.realised_e8 += pnl_e8;
        self.fees_e8 += fee_e8;
        self.wallet_e8 += pnl_e8 - fee_e8;
    }

    /// Books a funding payment (+ paid by the trader, − received).
    pub fn book_funding(&mut self, paid_e8: i64) {
        self.funding_e8 += paid_e8;
        self.wallet_e8 -= paid_e8;
    }

    #[inline]
    pub fn available(&self, position_margin_e8: i64) -> i64 {
        self.wallet_e8 - position_margin_e8 - self.order_margin_e8
    }

    /// Wallet reconciles with its flows; returns the mismatch description otherwise.
    pub fn check(&self) -> Result<(), String> {
        let expected = self.start_e8 + self.realised_e8 - self.fees_e8 - self.funding_e8;
        if expected != self.wallet_e8 {
            return Err(format!(
                "wallet {} e8 != start {} + realised {} − fees {} − funding {} = {}",
                self.wallet_e8, self.start_e8, self.realised_e8, self.fees_e8, self.funding_e8, expected
            ));
        }
        Ok(())
    }
}

/// Accumulates the open trade (flat → flat) for the trade-closed event.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TradeTracker {
    pub open: bool,
    pub record: TradeRecord,
}

impl TradeTracker {
    pub fn start(&mut self, ts_ms: i64, side: i64) {
        self.open = true;
        self.record = TradeRecord { side, entry_ts_ms: ts_ms, ..TradeRecord::default() };
    }

    pub fn on_entry(&mut self, value_e8: i64, qty_steps: i64, fee_e8: i64, abs_size_after: i64) {
        let r = &mut self.record;
        r.entry_value_e8 += value_e8;
        r.entry_qty_steps += qty_steps;
        r.fees_e8 += fee_e8;
        r.max_size_steps = r.max_size_steps.max(abs_size_after);
    }

    pub fn on_exit(&mut self, value_e8: i64, qty_steps: i64, fee_e8: i64, pnl_e8: i64) {
        let r = &mut self.record;
        r.exit_value_e8 += value_e8;
        r.exit_qty_steps += qty_steps;
        r.fees_e8 += fee_e8;
        r.gross_pnl_e8 += pnl_e8;
    }

    pub fn on_funding(&mut self, paid_e8: i64) {
        if self.open {
            self.record.funding_e8 += paid_e8;
        }
    }

    /// Records an unrealised PnL seen at a path point (MAE/MFE start at 0 when the trade opens).
    #[inline]
    pub fn observe(&mut self, upnl_e8: i64) {
        let r = &mut self.record;
        r.mae_e8 = r.mae_e8.min(upnl_e8);
        r.mfe_e8 = r.mfe_e8.max(upnl_e8);
    }

    pub fn finish(&mut self, ts_ms: i64, exit_reason: u8) -> TradeRecord {
        self.open = false;
        let mut r = self.record;
        r.exit_ts_ms = ts_ms;
        r.exit_reason = exit_reason;
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wallet_reconciles() {
        let mut l = Ledger::new(1_000);
        l.book_fill(0, 3);
        l.book_fill(50, 4);
        l.book_funding(-2);
        assert_eq!(l.wallet_e8, 1_000 - 3 + 50 - 4 + 2);
        assert!(l.check().is_ok());
        l.wallet_e8 += 1;
        assert_eq!(l.check().unwrap_err(), "wallet 1046 e8 != start 1000 + realised 50 − fees 7 − funding -2 = 1045");
    }

    #[test]
    fn upnl_signs() {
        let long = Position { size_steps: 2, entry_value_e8: 100, margin_e8: 10 };
        let short = Position { size_steps: -2, entry_value_e8: 100, margin_e8: 10 };
        assert_eq!((long.upnl(110), short.upnl(110)), (10, -10));
        assert_eq!(Position::default().upnl(5), 0);
    }

    #[test]
    fn trade_record() {
        let mut t = TradeTracker::default();
        t.start(60_000, 1);
        t.on_entry(1_000, 2, 1, 2);
        t.observe(-30);
        t.observe(40);
        t.on_funding(2);
        t.on_exit(1_100, 2, 1, 100);
        let r = t.finish(120_000, 3);
        assert!(!t.open);
        assert_eq!((r.mae_e8, r.mfe_e8, r.fees_e8, r.funding_e8, r.net_pnl_e8()), (-30, 40, 2, 2, 96));
        assert_eq!((r.entry_ts_ms, r.exit_ts_ms, r.exit_reason, r.max_size_steps), (60_000, 120_000, 3, 2));
    }
}
