//! The intrabar walk of one 1m bar along a fixed path: open, then high and low in the chosen
//! order, then close. At the open: triggers the gap from the previous close already crossed fire
//! first, then pending taker orders fill, and so on. Between path points the walker stops at every
//! level in the way and fires what is due there, so fills happen in price-path order and a fill
//! that creates new levels (TP/SL of an entry, a stop-limit going resting) is seen at once.
//! Fill prices: a triggered market (stop, TP, SL, trailing) fills at the price where it fired
//! (the level, or the open when gapped through) ± slippage; a resting limit at its own price as
//! maker (also when gapped through); a liquidation at the bankruptcy price.
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::sim::events::{Event, FillReason, Reason, TriggerSource};
use crate::sim::fills::{Ctx, Exec};
use crate::sim::orders::{OrderKind, OrderStatus, Side};
use crate::sim::triggers::{due, next_level, Trigger, What};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BarTicks {
    pub ts_ms: i64,
    pub open: i64,
    pub high: i64,
    pub low: i64,
    pub close: i64,
}

/// Guard against a bug looping forever: no real bar needs this many fires.
const MAX_STEPS: usize = 100_000;

struct Walker {
    cur: i64,
    last_move: i64,
    steps: usize,
}

/// Walks `bar` high-first (O→H→L→C) or low-first (O→L→H→C).
pub fn run_bar(cx: &mut Ctx, bar: &BarTicks, high_first: bool) -> CoreResult<()> {
    let prev = cx.st.last_price.unwrap_or(bar.open);
    let mut w = Walker { cur: bar.open, last_move: (bar.open - prev).signum(), steps: 0 };
    observe(cx, bar.open);
    settle(cx, &mut w)?;
    fill_pending_takers(cx, bar.open);
    observe(cx, bar.open);
    settle(cx, &mut w)?;
    let (first, second) = if high_first { (bar.high, bar.low) } else { (bar.low, bar.high) };
    for target in [first, second, bar.close] {
        move_to(cx, &mut w, target)?;
    }
    cx.st.last_price = Some(bar.close);
    cx.st.mark_e8 = cx.cfg.instrument.price_e8(bar.close);
    Ok(())
}

/// The part of a bar both walks share: triggers at the open, then the pending takers filled there.
pub fn run_open(cx: &mut Ctx, bar: &BarTicks) -> CoreResult<()> {
    let prev = cx.st.last_price.unwrap_or(bar.open);
    let mut w = Walker { cur: bar.open, last_move: (bar.open - prev).signum(), steps: 0 };
    observe(cx, bar.open);
    settle(cx, &mut w)?;
    fill_pending_takers(cx, bar.open);
    observe(cx, bar.open);
    settle(cx, &mut w)
}

/// The rest of either walk when, after the open, nothing can trigger between the bar's low and
/// high and no trailing stop is active (the caller checks): the walks only observe the high, the
/// low and the close, in an order that cannot change a min or a max.
pub fn finish_quiet(cx: &mut Ctx, bar: &BarTicks) {
    observe(cx, bar.high);
    observe(cx, bar.low);
    observe(cx, bar.close);
    cx.st.last_price = Some(bar.close);
    cx.st.mark_e8 = cx.cfg.instrument.price_e8(bar.close);
}

/// Ratchets the trailing stop and records the trade's excursion at a traded price.
fn observe(cx: &mut Ctx, price: i64) {
    let st = &mut *cx.st;
    if st.pos.is_flat() {
        return;
    }
    let long = st.pos.is_long();
    if let Some(t) = st.protection.trailing.as_mut() {
        t.observe(long, price);
    }
    let value = cx.cfg.instrument.value_e8(st.pos.abs_size(), price);
    st.trade.observe(st.pos.upnl(value));
}

fn settle(cx: &mut Ctx, w: &mut Walker) -> CoreResult<()> {
    loop {
        w.steps += 1;
        if w.steps > MAX_STEPS {
            return Err(CoreError::new(ErrorCode::SimInvalidState, format!("sim bar ts={}: more than {} trigger steps (a bug)", cx.ts_ms, MAX_STEPS)));
        }
        match due(cx.cfg, cx.st, w.cur, w.last_move) {
            Some(t) => {
                fire(cx, t, w.cur);
                observe(cx, w.cur);
            }
            None => return Ok(()),
        }
    }
}

fn move_to(cx: &mut Ctx, w: &mut Walker, target: i64) -> CoreResult<()> {
    while w.cur != target {
        w.last_move = (target - w.cur).signum();
        w.cur = next_level(cx.cfg, cx.st, w.cur, target).unwrap_or(target);
        observe(cx, w.cur);
        settle(cx, w)?;
    }
    Ok(())
}

fn fire(cx: &mut Ctx, t: Trigger, cur: i64) {
    let close = |cx: &mut Ctx, source: TriggerSource, reason: FillReason| {
        cx.emit(Event::Triggered { ts_ms: cx.ts_ms, order_id: 0, source, level_ticks: t.level });
        cx.close_position_market(cur, reason);
    };
    match t.what {
        What::Order(id) => fire_order(cx, id, cur),
        What::TakeProfit => close(cx, TriggerSource::TakeProfit, FillReason::TakeProfit),
        What::StopLoss => close(cx, TriggerSource::StopLoss, FillReason::StopLoss),
        What::TrailingStop => close(cx, TriggerSource::Trailing, FillReason::Trailing),
        What::TrailingActivate => {
            if let Some(tr) = cx.st.protection.trailing.as_mut() {
                tr.activate(cur);
            }
        }
        What::Liquidation => {
            let mark_e8 = cx.cfg.instrument.price_e8(cur);
            cx.liquidate(mark_e8);
        }
    }
}

/// A buy taker never pays more than its limit, a sell never receives less.
fn cap_at_limit(side: Side, price: i64, limit: i64) -> i64 {
    match side {
        Side::Buy => price.min(limit),
        Side::Sell => price.max(limit),
    }
}

fn fire_order(cx: &mut Ctx, id: u32, cur: i64) {
    let idx = match cx.st.order_index(id) {
        Some(i) => i,
        None => return,
    };
    let o = cx.st.orders[idx];
    match o.status {
        OrderStatus::Untriggered => {
            cx.emit(Event::Triggered { ts_ms: cx.ts_ms, order_id: id, source: TriggerSource::Stop, level_ticks: o.trigger_ticks });
            let o = cx.take_order(idx);
            if o.kind == OrderKind::StopLimit && !o.marketable_at(cur) {
                cx.rest_order(o);
            } else {
                let mut price = cx.taker_price(o.side, cur);
                if o.kind == OrderKind::StopLimit {
                    price = cap_at_limit(o.side, price, o.limit_ticks);
                }
                cx.execute(&Exec::of_order(&o, price, false, cur));
            }
        }
        OrderStatus::Resting => {
            let o = cx.take_order(idx);
            cx.execute(&Exec::of_order(&o, o.limit_ticks, true, cur));
        }
        OrderStatus::PendingTaker => {}
    }
}

/// Market orders and limits that were marketable when submitted, in id order, at the open:
/// a market fills at open ± slippage; a limit still marketable takes at open ± slippage capped at
/// its limit (a post-only one is rejected instead); a limit no longer marketable starts resting.
fn fill_pending_takers(cx: &mut Ctx, open: i64) {
    while let Some(idx) = cx.st.orders.iter().position(|o| o.status == OrderStatus::PendingTaker) {
        let o = cx.st.orders[idx];
        if o.kind == OrderKind::Limit && !o.marketable_at(open) {
            cx.st.orders[idx].status = OrderStatus::Resting;
            continue;
        }
        let o = cx.take_order(idx);
        if o.kind == OrderKind::Limit && o.post_only {
            cx.reject(o.id, Reason::PostOnlyWillTakeLiquidity);
            continue;
        }
        let mut price = cx.taker_price(o.side, open);
        if o.kind == OrderKind::Limit {
            price = cap_at_limit(o.side, price, o.limit_ticks);
        }
        cx.execute(&Exec::of_order(&o, price, false, open));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::config::tests::btc_values;
    use crate::sim::config::SimConfig;
    use crate::sim::state::SimState;
    use crate::sim::submit::submit;
    use crate::sim::orders::OrderRequest;

    #[test]
    fn levels_fill_in_path_order() {
        let cfg = SimConfig::from_values(&btc_values(10.0, 10_000.0, 0.0, 0.0)).unwrap();
        let mut st = SimState::new(cfg.start_e8);
        st.last_price = Some(600_000);
        let mut out = Vec::new();
        let mut cx = Ctx { cfg: &cfg, st: &mut st, out: &mut out, ts_ms: 60_000 };
        // two resting buys (99 ticks apart) and a resting sell above
        submit(&mut cx, &OrderRequest::new(OrderKind::Limit, Side::Buy, 0.001, 59980.0), 1);
        submit(&mut cx, &OrderRequest::new(OrderKind::Limit, Side::Buy, 0.001, 59990.0), 2);
        submit(&mut cx, &OrderRequest::new(OrderKind::Limit, Side::Sell, 0.001, 60010.0), 3);
        // O→L→H→C: the fall fills 59990 then 59980, the rise then sells at 60010
        run_bar(&mut cx, &BarTicks { ts_ms: 60_000, open: 600_000, high: 600_200, low: 599_700, close: 600_100 }, false).unwrap();
        let ids: Vec<u32> = out.iter().filter_map(|e| if let Event::Fill(f) = e { Some(f.order_id) } else { None }).collect();
        assert_eq!(ids, vec![2, 1, 3]);
        assert_eq!((cap_at_limit(Side::Buy, 105, 100), cap_at_limit(Side::Sell, 95, 100)), (100, 100));
    }
}
