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
