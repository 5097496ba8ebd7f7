//! Host actions between bars: submitting an order (validated into a booked order or a rejection
//! event with a Bybit-like code), cancelling one, and setting the position's TP/SL/trailing stop.
//! Checks use the last traded price (the last bar's close) as Bybit uses the current price:
//! trigger direction (110092/110093), min notional (110094, opening orders only), TP/SL sides,
//! post-only (a limit marketable now would take), risk limit (110090) and order cost (110007).
use crate::sim::config::MAX_CONDITIONAL;
use crate::sim::events::{Event, Reason};
use crate::sim::fills::Ctx;
use crate::sim::orders::{is_absent, Attach, Direction, Order, OrderKind, OrderRequest, OrderStatus, Side, TrailingSpec};
use crate::sim::protection::{sl_valid, tp_valid, Trailing};
use crate::sim::units::Instrument;

/// `sim_set_tpsl` request: NaN leaves a part unchanged, 0 removes it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TpSlRequest {
    pub take_profit: f64,
    pub stop_loss: f64,
    pub trailing_distance: f64,
    pub trailing_activation: f64,
}

pub fn submit(cx: &mut Ctx, req: &OrderRequest, id: u32) {
    match validate(cx, req, id) {
        Ok(o) => {
            cx.st.ledger.order_margin_e8 += o.margin_e8;
            cx.st.orders.push(o);
        }
        Err(reason) => cx.reject(id, reason),
    }
}

pub fn cancel(cx: &mut Ctx, id: u32) {
    match cx.st.order_index(id) {
        Some(idx) => {
            cx.take_order(idx);
            cx.emit(Event::Cancelled { ts_ms: cx.ts_ms, order_id: id, reason: Reason::UserCancel });
        }
        None => cx.reject(id, Reason::OrderNotFound),
    }
}

fn opt_ticks(ins: &Instrument, x: f64) -> Result<Option<i64>, Reason> {
    if is_absent(x) {
        return Ok(None);
    }
    ins.price_ticks(x).map(Some).ok_or(Reason::TpSlInvalid)
}

fn parse_attach(ins: &Instrument, req: &OrderRequest) -> Result<Attach, Reason> {
    let trailing = match opt_ticks(ins, req.trailing_distance)? {
        Some(distance_ticks) => Some(TrailingSpec { distance_ticks, activation_ticks: opt_ticks(ins, req.trailing_activation)? }),
        None => None,
    };
    Ok(Attach { tp_ticks: opt_ticks(ins, req.take_profit)?, sl_ticks: opt_ticks(ins, req.stop_loss)?, trailing })
}

fn validate(cx: &Ctx, req: &OrderRequest, id: u32) -> Result<Order, Reason> {
    let ins = &cx.cfg.instrument;
    let qty = ins.qty_steps(req.qty).ok_or(Reason::QtyInvalid)?;
    if qty < ins.min_qty_steps {
        return Err(Reason::QtyBelowMin);
    }
    let limit = if req.kind.has_limit() { ins.price_ticks(req.price).ok_or(Reason::PriceInvalid)? } else { 0 };
    let trigger = if req.kind.is_conditional() { ins.price_ticks(req.trigger_price).ok_or(Reason::PriceInvalid)? } else { 0 };
    let attach = parse_attach(ins, req)?;
    if req.reduce_only && !attach.is_empty() {
        return Err(Reason::TpSlInvalid);
    }
    let last = cx.st.last_price;
    let direction = req.direction.unwrap_or(if req.side == Side::Buy { Direction::Rise } else { Direction::Fall });
    if req.kind.is_conditional() {
        match (direction, last) {
            (Direction::Rise, Some(lp)) if trigger <= lp => return Err(Reason::TriggerExpectRising),
            (Direction::Fall, Some(lp)) if trigger >= lp => return Err(Reason::TriggerExpectFalling),
            _ => {}
        }
        if cx.st.conditional_count() >= MAX_CONDITIONAL {
            return Err(Reason::TooManyConditional);
        }
    }
    let reference = match req.kind {
        OrderKind::Market => last.ok_or(Reason::NoReferencePrice)?,
        OrderKind::Limit | OrderKind::StopLimit => limit,
        OrderKind::StopMarket => trigger,
    };
    let long = req.side == Side::Buy;
    let size = cx.st.pos.size_steps;
    if req.reduce_only {
        if size == 0 || (size > 0) == long {
            return Err(Reason::ReduceOnlyNoPosition);
        }
    } else {
        if ins.value_e8(qty, reference) < ins.min_notional_e8 {
            return Err(Reason::NotionalBelowMin);
        }
        let tp_bad = attach.tp_ticks.map_or(false, |tp| !tp_valid(long, tp, reference));
        let sl_bad = attach.sl_ticks.map_or(false, |sl| !sl_valid(long, sl, reference));
        if tp_bad || sl_bad {
            return Err(Reason::TpSlInvalid);
        }
    }
    let open_qty = cx.opening_qty(req.side, qty, req.reduce_only);
    let open_value = ins.value_e8(open_qty, reference);
    let same_side_ev = if size != 0 && (size > 0) == long { cx.st.pos.entry_value_e8 } else { 0 };
    if open_qty > 0 && same_side_ev + open_value > cx.cfg.margin.max_value_e8 {
        return Err(Reason::RiskLimitExceeded);
    }
    let marketable_now = |lp: i64| if long { limit >= lp } else { limit <= lp };
    let status = match req.kind {
        OrderKind::Market => OrderStatus::PendingTaker,
        OrderKind::Limit if last.map_or(true, marketable_now) => OrderStatus::PendingTaker,
        OrderKind::Limit => OrderStatus::Resting,
        _ => OrderStatus::Untriggered,
    };
    if req.post_only && req.kind == OrderKind::Limit && status == OrderStatus::PendingTaker && last.is_some() {
        return Err(Reason::PostOnlyWillTakeLiquidity);
    }
    let margin_e8 = if status != OrderStatus::Untriggered && open_qty > 0 { cx.cfg.margin.order_cost(open_value, long) } else { 0 };
    if margin_e8 > cx.st.available() {
        return Err(Reason::InsufficientBalance);
    }
    Ok(Order {
        id,
        kind: req.kind,
        side: req.side,
        qty_steps: qty,
        limit_ticks: limit,
        trigger_ticks: trigger,
        direction,
        reduce_only: req.reduce_only,
        post_only: req.post_only,
        status,
        margin_e8,
        attach,
    })
}

/// Resolves one TP/SL part: NaN keeps `current`, 0 removes, else an on-grid price that `valid` accepts.
fn tpsl_part(ins: &Instrument, x: f64, current: Option<i64>, valid: impl Fn(i64) -> bool) -> Result<Option<i64>, Reason> {
    if x.is_nan() {
        return Ok(current);
    }
    if x == 0.0 {
        return Ok(None);
    }
    match ins.price_ticks(x) {
        Some(t) if valid(t) => Ok(Some(t)),
        _ => Err(Reason::TpSlInvalid),
    }
}

/// Sets the position's TP/SL/trailing stop (validated against the last price); rejections are
/// events with order id 0 and leave the protection unchanged.
pub fn set_tpsl(cx: &mut Ctx, req: &TpSlRequest) {
    let (pos, reference) = match (cx.st.pos.is_flat(), cx.st.last_price) {
        (false, Some(lp)) => (cx.st.pos, lp),
        _ => return cx.reject(0, Reason::TpSlNoPosition),
    };
    let long = pos.is_long();
    let ins = &cx.cfg.instrument;
    let mut p = cx.st.protection;
    let result = (|| -> Result<(), Reason> {
        p.tp_ticks = tpsl_part(ins, req.take_profit, p.tp_ticks, |t| tp_valid(long, t, reference))?;
        p.sl_ticks = tpsl_part(ins, req.stop_loss, p.sl_ticks, |t| sl_valid(long, t, reference))?;
        if !req.trailing_distance.is_nan() {
            p.trailing = match tpsl_part(ins, req.trailing_distance, None, |_| true)? {
                Some(distance_ticks) => {
                    let activation_ticks = tpsl_part(ins, req.trailing_activation, None, |_| true)?;
                    Some(Trailing::new(TrailingSpec { distance_ticks, activation_ticks }, long, reference))
                }
                None => None,
            };
        }
        Ok(())
    })();
    match result {
        Ok(()) => cx.st.protection = p,
        Err(reason) => cx.reject(0, reason),
    }
}
