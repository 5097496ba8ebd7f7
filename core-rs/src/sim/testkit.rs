//! Test helpers for the sim scenarios: a BTCUSDT sim with the first two risk tiers, request
//! builders, and event filters. Test-only.
use crate::sim::config::tests::btc_values;
use crate::sim::events::{Event, Fill, Reason, TradeRecord};
use crate::sim::exchange::SimExchange;
use crate::sim::orders::{Direction, OrderKind, OrderRequest, Side};

pub const E8: i64 = 100_000_000;

/// BTCUSDT: tick 0.1, step 0.001, min notional 5, maker 0.02%, taker 0.055%.
pub fn btc(leverage: f64, wallet: f64, slippage_bps: f64, mode: f64) -> SimExchange {
    SimExchange::from_values(&btc_values(leverage, wallet, slippage_bps, mode)).unwrap()
}

pub fn market(side: Side, qty: f64) -> OrderRequest {
    OrderRequest::new(OrderKind::Market, side, qty, 0.0)
}

pub fn limit(side: Side, qty: f64, price: f64) -> OrderRequest {
    OrderRequest::new(OrderKind::Limit, side, qty, price)
}

pub fn stop(side: Side, qty: f64, trigger: f64, limit_price: Option<f64>) -> OrderRequest {
    let kind = if limit_price.is_some() { OrderKind::StopLimit } else { OrderKind::StopMarket };
    let mut r = OrderRequest::new(kind, side, qty, limit_price.unwrap_or(0.0));
    r.trigger_price = trigger;
    r
}

pub fn with_direction(mut r: OrderRequest, d: Direction) -> OrderRequest {
    r.direction = Some(d);
    r
}

pub fn bar(ex: &mut SimExchange, i: i64, o: f64, h: f64, l: f64, c: f64) -> usize {
    ex.on_bar_1m(i * 60_000, o, h, l, c).unwrap()
}

/// A flat bar at `p` (gives the sim a last price).
pub fn flat(ex: &mut SimExchange, i: i64, p: f64) {
    assert_eq!(bar(ex, i, p, p, p, p), 0);
}

pub fn fills(ex: &SimExchange) -> Vec<Fill> {
    ex.events().iter().filter_map(|e| if let Event::Fill(f) = e { Some(*f) } else { None }).collect()
}

pub fn trades(ex: &SimExchange) -> Vec<TradeRecord> {
    ex.events().iter().filter_map(|e| if let Event::TradeClosed(t) = e { Some(*t) } else { None }).collect()
}

pub fn rejection(ex: &SimExchange) -> Option<(u32, Reason)> {
    ex.events().iter().find_map(|e| if let Event::Rejected { order_id, reason, .. } = e { Some((*order_id, *reason)) } else { None })
}

/// Fill price in ticks (value / qty / unit).
pub fn fill_ticks(ex: &SimExchange, f: &Fill) -> i64 {
    f.value_e8 / (f.qty_steps * ex.config().instrument.unit_e8)
}
