//! The state vector the host reads with `sim_state`: `STATE_LEN` f64 in the order of `STATE_FIELDS`
//! (money in USDT, prices and quantities in instrument units, 0 where not applicable).
use crate::sim::exchange::{MarginMemo, SimExchange};
use crate::sim::units::usdt;

pub const STATE_FIELDS: &[&str] = &[
    "positionSide",
    "positionQty",
    "entryPrice",
    "unrealisedPnlUsdt",
    "liqPrice",
    "positionMarginUsdt",
    "maintenanceMarginUsdt",
    "walletUsdt",
    "equityUsdt",
    "availableUsdt",
    "orderMarginUsdt",
    "openOrders",
    "realisedPnlUsdt",
    "feesUsdt",
    "fundingUsdt",
    "markPrice",
    "lastPrice",
    "takeProfitPrice",
    "stopLossPrice",
    "trailingStopPrice",
    "ambiguousBars",
    "ambiguousFills",
    "ambiguousPnlUsdt",
    "bankruptcyPrice",
    "positionValueUsdt",
    "bars",
];
pub const STATE_LEN: usize = 26;

impl SimExchange {
    /// Writes the state vector into `out` (len >= STATE_LEN).
    pub fn write_state(&self, out: &mut [f64]) {
        let cfg = self.config();
        let ins = &cfg.instrument;
        let st = self.state();
        let p = st.pos;
        let size = p.abs_size();
        let long = p.is_long();
        let price_or_zero = |t: Option<i64>| t.map_or(0.0, |t| ins.price(t));
        let (liq, mm, bankrupt) = if p.is_flat() {
            (0.0, 0, 0.0)
        } else {
            let key = (p.entry_value_e8, p.margin_e8, size, long);
            let mut memo = self.margin_memo.get();
            if memo.key != key {
                let bound = cfg.margin.liquidation_bound(p.entry_value_e8, long, p.margin_e8);
                let liq = if bound > 0 { ins.price_of_value(bound, size) } else { 0.0 };
                let bankrupt = ins.price_of_value(cfg.margin.bankruptcy_value(p.entry_value_e8, long, p.margin_e8), size);
                memo = MarginMemo { key, liq, mm_e8: cfg.margin.maintenance(p.entry_value_e8, long), bankrupt };
                self.margin_memo.set(memo);
            }
            (memo.liq, memo.mm_e8, memo.bankrupt)
        };
        let trailing = st.protection.trailing.filter(|t| t.active).map(|t| t.level(long));
        let v = [
            p.size_steps.signum() as f64,
            ins.qty(size),
            ins.price_of_value(p.entry_value_e8, size),
            usdt(st.upnl_at_mark(cfg)),
            liq,
            usdt(p.margin_e8),
            usdt(mm),
            usdt(st.ledger.wallet_e8),
            usdt(st.equity(cfg)),
            usdt(st.available()),
            usdt(st.ledger.order_margin_e8),
            st.orders.len() as f64,
            usdt(st.ledger.realised_e8),
            usdt(st.ledger.fees_e8),
            usdt(st.ledger.funding_e8),
            usdt(st.mark_e8),
            price_or_zero(st.last_price),
            price_or_zero(st.protection.tp_ticks),
            price_or_zero(st.protection.sl_ticks),
            price_or_zero(trailing),
            self.stats.bars as f64,
            self.stats.fills as f64,
            usdt(self.stats.pnl_e8),
            bankrupt,
            usdt(p.entry_value_e8),
            self.bars as f64,
        ];
        out[..STATE_LEN].copy_from_slice(&v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::sim::orders::Side;
    use crate::sim::testkit::{bar, btc, market};

    #[test]
    fn field_names_match_length() {
        assert_eq!(STATE_FIELDS.len(), STATE_LEN);
    }

    /// The state as a fresh exchange would write it (the memo cleared first).
    fn fresh_state(ex: &SimExchange) -> Vec<f64> {
        ex.margin_memo.set(MarginMemo::default());
        let mut out = vec![0.0; STATE_LEN];
        ex.write_state(&mut out);
        out
    }

    fn state(ex: &SimExchange) -> Vec<f64> {
        let mut out = vec![0.0; STATE_LEN];
        ex.write_state(&mut out);
        out
    }

    #[test]
    fn memoised_margin_figures_follow_every_position_change() {
        let mut ex = btc(10.0, 10_000.0, 0.0, 0.0);
        let field = |name: &str| STATE_FIELDS.iter().position(|f| *f == name).unwrap();
        let (liq, mm, bankrupt) = (field("liqPrice"), field("maintenanceMarginUsdt"), field("bankruptcyPrice"));
        bar(&mut ex, 0, 60_000.0, 60_000.0, 60_000.0, 60_000.0);
        ex.submit(&market(Side::Buy, 0.1));
        bar(&mut ex, 1, 60_000.0, 60_100.0, 59_900.0, 60_050.0);
        let open = state(&ex);
        assert!(open[liq] > 0.0 && open[mm] > 0.0 && open[bankrupt] > 0.0);
        assert_eq!(state(&ex), fresh_state(&ex));
        // Funding the wallet covers leaves the margin figures as they were.
        ex.apply_funding(120_000, 0.0001, 60_050.0).unwrap();
        let funded = state(&ex);
        assert_eq!((funded[liq], funded[mm], funded[bankrupt]), (open[liq], open[mm], open[bankrupt]));
        assert_eq!(funded, fresh_state(&ex));
        // A larger position: new maintenance margin.
        ex.submit(&market(Side::Buy, 0.1));
        bar(&mut ex, 3, 60_050.0, 60_100.0, 60_000.0, 60_080.0);
        let added = state(&ex);
        assert!(added[mm] > funded[mm]);
        assert_eq!(added, fresh_state(&ex));
        // Reversed to a short of the same size: same entry value, other side.
        ex.submit(&market(Side::Sell, 0.4));
        bar(&mut ex, 4, 60_080.0, 60_100.0, 60_000.0, 60_050.0);
        let short = state(&ex);
        assert_eq!(short[0], -1.0);
        assert!(short[liq] > 60_050.0);
        assert_eq!(short, fresh_state(&ex));

        // Funding beyond the available balance comes out of the position margin: the liquidation
        // and bankruptcy prices move up (long).
        let mut thin = btc(10.0, 700.0, 0.0, 0.0);
        bar(&mut thin, 0, 60_000.0, 60_000.0, 60_000.0, 60_000.0);
        thin.submit(&market(Side::Buy, 0.1));
        bar(&mut thin, 1, 60_000.0, 60_000.0, 60_000.0, 60_000.0);
        let before = state(&thin);
        thin.apply_funding(120_000, 0.02, 60_000.0).unwrap();
        let after = state(&thin);
        assert!(after[liq] > before[liq] && after[bankrupt] > before[bankrupt], "{:?} -> {:?}", before, after);
        assert_eq!(after, fresh_state(&thin));
    }
}
