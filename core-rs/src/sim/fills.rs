//! Executing fills against the ledger: the close part (realised PnL, pro-rata entry value and
//! margin released) and the open part (margin and risk-limit checks, IM held) of one execution,
//! market closes for TP/SL/trailing, liquidation at the bankruptcy price, and what happens when a
//! position goes flat (trade-closed event, protection cleared, reduce-only orders cancelled).
//! Orders fill in full when reached (no volume or queue model).
use crate::sim::config::SimConfig;
use crate::sim::events::{Event, Fill, FillReason, Reason};
use crate::sim::orders::{Attach, Order, Side};
use crate::sim::state::SimState;
use crate::sim::units::{apply_rate, ceil_div, round_div, RATE_SCALE};

/// What one call mutates: the config, one state (the live one or a path scratch copy) and the
/// event list of that state; `ts_ms` stamps the events.
pub struct Ctx<'a> {
    pub cfg: &'a SimConfig,
    pub st: &'a mut SimState,
    pub out: &'a mut Vec<Event>,
    pub ts_ms: i64,
}

/// One execution: the side and price the fill happens at, and where it came from.
#[derive(Clone, Copy, Debug)]
pub struct Exec {
    pub order_id: u32,
    pub side: Side,
    pub qty_steps: i64,
    pub price_ticks: i64,
    pub is_maker: bool,
    /// Forced reason (TP/SL/trailing); None = entry for the opening part, exit for the closing part.
    pub reason: Option<FillReason>,
    pub reduce_only: bool,
    pub attach: Attach,
    /// The market price when it fills (trailing stops attached by the order start there).
    pub market_ticks: i64,
}

impl Exec {
    pub fn of_order(o: &Order, price_ticks: i64, is_maker: bool, market_ticks: i64) -> Exec {
        Exec {
            order_id: o.id,
            side: o.side,
            qty_steps: o.qty_steps,
            price_ticks,
            is_maker,
            reason: None,
            reduce_only: o.reduce_only,
            attach: o.attach,
            market_ticks,
        }
    }
}

impl<'a> Ctx<'a> {
    pub fn emit(&mut self, e: Event) {
        self.out.push(e);
    }

    pub fn reject(&mut self, order_id: u32, reason: Reason) {
        self.out.push(Event::Rejected { ts_ms: self.ts_ms, order_id, reason });
    }

    pub fn fee(&self, value_e8: i64, is_maker: bool) -> i64 {
        apply_rate(value_e8, if is_maker { self.cfg.maker_e10 } else { self.cfg.taker_e10 })
    }

    /// Taker price at market `cur`: slippage rounded up to a whole tick against the trader.
    pub fn taker_price(&self, side: Side, cur: i64) -> i64 {
        let slip = ceil_div(cur as i128 * self.cfg.slippage_e10 as i128, RATE_SCALE as i128) as i64;
        match side {
            Side::Buy => cur + slip,
            Side::Sell => (cur - slip).max(1),
        }
    }

    /// Quantity of an order that would open or add (the rest reduces an opposite position).
    pub fn opening_qty(&self, side: Side, qty_steps: i64, reduce_only: bool) -> i64 {
        if reduce_only {
            return 0;
        }
        let size = self.st.pos.size_steps;
        if size != 0 && (size > 0) != (side == Side::Buy) {
            (qty_steps - size.abs()).max(0)
        } else {
            qty_steps
        }
    }

    /// Removes the order at `idx` from the book and releases the margin it held.
    pub fn take_order(&mut self, idx: usize) -> Order {
        let o = self.st.orders.remove(idx);
        self.st.ledger.order_margin_e8 -= o.margin_e8;
        o
    }

    /// Puts a limit on the book holding its order cost; rejected with 110007 if unaffordable.
    pub fn rest_order(&mut self, mut o: Order) {
        let open_qty = self.opening_qty(o.side, o.qty_steps, o.reduce_only);
        let cost = if open_qty > 0 {
            self.cfg.margin.order_cost(self.cfg.instrument.value_e8(open_qty, o.limit_ticks), o.side == Side::Buy)
        } else {
            0
        };
        if cost > self.st.available() {
            self.reject(o.id, Reason::InsufficientBalance);
            return;
        }
        o.status = crate::sim::orders::OrderStatus::Resting;
        o.margin_e8 = cost;
        self.st.ledger.order_margin_e8 += cost;
        let at = self.st.orders.iter().position(|x| x.id > o.id).unwrap_or(self.st.orders.len());
        self.st.orders.insert(at, o);
    }

    pub fn execute(&mut self, ex: &Exec) {
        let size = self.st.pos.size_steps;
        let opposite = size != 0 && (size > 0) != (ex.side == Side::Buy);
        let close_qty = if opposite { ex.qty_steps.min(size.abs()) } else { 0 };
        let open_qty = if ex.reduce_only { 0 } else { ex.qty_steps - close_qty };
        if close_qty == 0 && open_qty == 0 {
            self.emit(Event::Cancelled { ts_ms: self.ts_ms, order_id: ex.order_id, reason: Reason::ReduceOnlyNoPosition });
            return;
        }
        if close_qty > 0 {
            let value = self.cfg.instrument.value_e8(close_qty, ex.price_ticks);
            let fee = self.fee(value, ex.is_maker);
            self.close_part(ex.order_id, ex.side, close_qty, value, fee, ex.is_maker, ex.reason.unwrap_or(FillReason::Exit));
        }
        if open_qty > 0 {
            self.open_part(ex, open_qty);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn close_part(&mut self, order_id: u32, side: Side, qty: i64, value: i64, fee: i64, is_maker: bool, reason: FillReason) {
        let pos = self.st.pos;
        let size = pos.abs_size();
        let (part_ev, part_margin) = if qty == size {
            (pos.entry_value_e8, pos.margin_e8)
        } else {
            let share = |x: i64| round_div(x as i128 * qty as i128, size as i128) as i64;
            (share(pos.entry_value_e8), share(pos.margin_e8))
        };
        let pnl = if pos.is_long() { value - part_ev } else { part_ev - value };
        self.st.ledger.book_fill(pnl, fee);
        let p = &mut self.st.pos;
        p.size_steps += side.sign() * qty;
        p.entry_value_e8 -= part_ev;
        p.margin_e8 -= part_margin;
        let after = p.size_steps;
        self.st.trade.on_exit(value, qty, fee, pnl);
        self.emit(Event::Fill(Fill {
            ts_ms: self.ts_ms,
            order_id,
            side: side.sign(),
            qty_steps: qty,
            value_e8: value,
            fee_e8: fee,
            is_maker,
            reason,
            ambiguous: false,
            realised_pnl_e8: pnl,
            position_after_steps: after,
        }));
        if after == 0 {
            self.on_flat(reason);
        }
    }

    fn open_part(&mut self, ex: &Exec, qty: i64) {
        let long = ex.side == Side::Buy;
        let value = self.cfg.instrument.value_e8(qty, ex.price_ticks);
        let fee = self.fee(value, ex.is_maker);
        let pos = self.st.pos;
        let ev_new = pos.entry_value_e8 + value;
        if ev_new > self.cfg.margin.max_value_e8 {
            self.reject(ex.order_id, Reason::RiskLimitExceeded);
            return;
        }
        let im_delta = self.cfg.margin.initial(ev_new, long) - self.cfg.margin.initial(pos.entry_value_e8, long);
        if self.st.available() - fee - im_delta < 0 {
            self.reject(ex.order_id, Reason::InsufficientBalance);
            return;
        }
        if pos.is_flat() {
            self.st.trade.start(self.ts_ms, ex.side.sign());
        }
        self.st.ledger.book_fill(0, fee);
        let p = &mut self.st.pos;
        p.size_steps += ex.side.sign() * qty;
        p.entry_value_e8 = ev_new;
        p.margin_e8 += im_delta;
        let (after, abs_after) = (p.size_steps, p.abs_size());
        self.st.trade.on_entry(value, qty, fee, abs_after);
        self.emit(Event::Fill(Fill {
            ts_ms: self.ts_ms,
            order_id: ex.order_id,
            side: ex.side.sign(),
            qty_steps: qty,
            value_e8: value,
            fee_e8: fee,
            is_maker: ex.is_maker,
            reason: FillReason::Entry,
            ambiguous: false,
            realised_pnl_e8: 0,
            position_after_steps: after,
        }));
        if !ex.attach.is_empty() {
            self.st.protection.apply(&ex.attach, long, ex.market_ticks);
        }
    }

    /// Closes the whole position with a taker market order at `cur` (TP, SL, trailing).
    pub fn close_position_market(&mut self, cur: i64, reason: FillReason) {
        let pos = self.st.pos;
        if pos.is_flat() {
            return;
        }
        let side = if pos.is_long() { Side::Sell } else { Side::Buy };
        let price_ticks = self.taker_price(side, cur);
        let ex = Exec {
            order_id: 0,
            side,
            qty_steps: pos.abs_size(),
            price_ticks,
            is_maker: false,
            reason: Some(reason),
            reduce_only: true,
            attach: Attach::default(),
            market_ticks: cur,
        };
        self.execute(&ex);
    }

    /// Liquidates at the bankruptcy price: the trader loses exactly the position margin
    /// (realised PnL = −(margin − close fee), fee = close fee at bankruptcy).
    pub fn liquidate(&mut self, mark_e8: i64) {
        let pos = self.st.pos;
        if pos.is_flat() {
            return;
        }
        let long = pos.is_long();
        let m = &self.cfg.margin;
        let bound = m.liquidation_bound(pos.entry_value_e8, long, pos.margin_e8);
        let exit_value = m.bankruptcy_value(pos.entry_value_e8, long, pos.margin_e8);
        let fee = m.close_fee(pos.entry_value_e8, long);
        self.emit(Event::Liquidation {
            ts_ms: self.ts_ms,
            side: if long { 1 } else { -1 },
            qty_steps: pos.abs_size(),
            bankruptcy_value_e8: exit_value,
            mark_e8,
            margin_lost_e8: pos.margin_e8,
            bound_e8: bound,
        });
        let side = if long { Side::Sell } else { Side::Buy };
        self.close_part(0, side, pos.abs_size(), exit_value, fee, false, FillReason::Liquidation);
    }

    fn on_flat(&mut self, reason: FillReason) {
        let rec = self.st.trade.finish(self.ts_ms, reason as u8);
        self.emit(Event::TradeClosed(rec));
        self.st.protection.clear();
        let mut i = 0;
        while i < self.st.orders.len() {
            if self.st.orders[i].reduce_only {
                let o = self.take_order(i);
                self.emit(Event::Cancelled { ts_ms: self.ts_ms, order_id: o.id, reason: Reason::PositionClosed });
            } else {
                i += 1;
            }
        }
    }
}
