//! The state vector the host reads with `sim_state`: `STATE_LEN` f64 in the order of `STATE_FIELDS`
//! (money in USDT, prices and quantities in instrument units, 0 where not applicable).
use crate::sim::exchange::SimExchange;
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
            let bound = cfg.margin.liquidation_bound(p.entry_value_e8, long, p.margin_e8);
            let liq = if bound > 0 { ins.price_of_value(bound, size) } else { 0.0 };
            let bankrupt = ins.price_of_value(cfg.margin.bankruptcy_value(p.entry_value_e8, long, p.margin_e8), size);
            (liq, cfg.margin.maintenance(p.entry_value_e8, long), bankrupt)
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

    #[test]
    fn field_names_match_length() {
        assert_eq!(STATE_FIELDS.len(), STATE_LEN);
    }
}
