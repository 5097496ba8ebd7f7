//! Funding settlements and host-set mark prices. Payment = position value at the mark × rate,
//! rounded half away from zero to 1e-8 USDT; longs pay when the rate is positive (shorts receive),
//! and the reverse when negative. Only the position held at the funding instant pays.
//! A payment comes out of available balance first; any shortfall comes out of the position
//! margin (which can go negative), moving the liquidation price closer. After the payment the
//! position is checked against the mark and liquidated at the bankruptcy price if it crossed.
use crate::sim::events::Event;
use crate::sim::fills::Ctx;
use crate::sim::units::apply_rate;

/// Settles funding at `rate` (given exactly as `rate_e10`; `rate` is echoed in the event).
pub fn apply_funding(cx: &mut Ctx, rate: f64, rate_e10: i64, mark_e8: i64) {
    cx.st.mark_e8 = mark_e8;
    let pos = cx.st.pos;
    if !pos.is_flat() {
        let value = cx.cfg.instrument.value_at_price_e8(pos.abs_size(), mark_e8);
        let paid = apply_rate(value, rate_e10) * pos.size_steps.signum();
        let available = cx.st.available().max(0);
        let from_margin = if paid > available { paid - available } else { 0 };
        cx.st.ledger.book_funding(paid);
        cx.st.pos.margin_e8 -= from_margin;
        cx.st.trade.on_funding(paid);
        cx.emit(Event::Funding { ts_ms: cx.ts_ms, rate, mark_e8, paid_e8: paid, size_steps: pos.size_steps, from_margin_e8: from_margin });
    }
    check_mark(cx, mark_e8);
}

/// Liquidates when the position's value at `mark_e8` has crossed the liquidation bound.
pub fn check_mark(cx: &mut Ctx, mark_e8: i64) {
    cx.st.mark_e8 = mark_e8;
    let bound = match cx.st.liquidation_bound(cx.cfg) {
        Some(b) => b,
        None => return,
    };
    let value = cx.cfg.instrument.value_at_price_e8(cx.st.pos.abs_size(), mark_e8);
    let crossed = if cx.st.pos.is_long() { value <= bound } else { value >= bound };
    if crossed {
        cx.liquidate(mark_e8);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::config::tests::btc_values;
    use crate::sim::config::SimConfig;
    use crate::sim::ledger::Position;
    use crate::sim::state::SimState;

    #[test]
    fn short_pays_a_negative_rate_on_the_mark_value() {
        let cfg = SimConfig::from_values(&btc_values(10.0, 1000.0, 0.0, 0.0)).unwrap();
        let mut st = SimState::new(cfg.start_e8);
        st.pos = Position { size_steps: -1, entry_value_e8: 6_000_000_000, margin_e8: 600_000_000 };
        st.trade.start(0, -1);
        let mut out = Vec::new();
        let mut cx = Ctx { cfg: &cfg, st: &mut st, out: &mut out, ts_ms: 0 };
        // value 0.001 × 60822.58 = 60.82258; × −0.0001 = −0.006082258 → −0.00608226; the short pays it
        apply_funding(&mut cx, -0.0001, -1_000_000, 6_082_258_000_000);
        assert!(matches!(out[0], Event::Funding { paid_e8: 608_226, from_margin_e8: 0, .. }));
        assert_eq!((st.ledger.wallet_e8, st.ledger.funding_e8, st.trade.record.funding_e8), (99_999_391_774, 608_226, 608_226));
    }
}
