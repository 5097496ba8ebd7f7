//! Order types of the sim: the host's request (f64, as the ABI passes it), and the booked order
//! (ticks and steps). One-way mode: a buy reduces a short before it opens a long.
//! Lifecycle: `PendingTaker` (market, or a limit marketable at submission: fills at the next bar's
//! open) → done; `Resting` (a limit on the book: fills at its price as maker) → done;
//! `Untriggered` (stop-market / stop-limit) → triggered → filled, or resting for a stop-limit.
use crate::error::{CoreError, CoreResult, ErrorCode};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Buy,
    Sell,
}

impl Side {
    #[inline]
    pub fn sign(self) -> i64 {
        match self {
            Side::Buy => 1,
            Side::Sell => -1,
        }
    }

    pub fn opposite(self) -> Side {
        match self {
            Side::Buy => Side::Sell,
            Side::Sell => Side::Buy,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderKind {
    Market = 0,
    Limit = 1,
    StopMarket = 2,
    StopLimit = 3,
}

impl OrderKind {
    pub fn is_conditional(self) -> bool {
        matches!(self, OrderKind::StopMarket | OrderKind::StopLimit)
    }

    pub fn has_limit(self) -> bool {
        matches!(self, OrderKind::Limit | OrderKind::StopLimit)
    }
}

/// Which way the price must move to reach a level (Bybit triggerDirection 1 = Rise, 2 = Fall).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Rise,
    Fall,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderStatus {
    PendingTaker,
    Resting,
    Untriggered,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrailingSpec {
    pub distance_ticks: i64,
    pub activation_ticks: Option<i64>,
}

/// TP/SL/trailing carried by an entry order; applied to the position when the order opens it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Attach {
    pub tp_ticks: Option<i64>,
    pub sl_ticks: Option<i64>,
    pub trailing: Option<TrailingSpec>,
}

impl Attach {
    pub fn is_empty(&self) -> bool {
        self.tp_ticks.is_none() && self.sl_ticks.is_none() && self.trailing.is_none()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Order {
    pub id: u32,
    pub kind: OrderKind,
    pub side: Side,
    pub qty_steps: i64,
    pub limit_ticks: i64,
    pub trigger_ticks: i64,
    pub direction: Direction,
    pub reduce_only: bool,
    pub post_only: bool,
    pub status: OrderStatus,
    /// Order cost held out of available balance while the order is live (0 for conditionals).
    pub margin_e8: i64,
    pub attach: Attach,
}

impl Order {
    /// A limit is marketable at `price_ticks` when it would take: buy limit >= price, sell <= price.
    #[inline]
    pub fn marketable_at(&self, price_ticks: i64) -> bool {
        match self.side {
            Side::Buy => self.limit_ticks >= price_ticks,
            Side::Sell => self.limit_ticks <= price_ticks,
        }
    }
}

/// ABI layout of `sim_submit` fields (f64 each); optional prices are 0 (or NaN) when absent.
pub const ORDER_FIELDS: usize = 11;
pub const FLAG_REDUCE_ONLY: u32 = 1;
pub const FLAG_POST_ONLY: u32 = 2;

/// What the host asks for, before validation against the grid and the account.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OrderRequest {
    pub kind: OrderKind,
    pub side: Side,
    pub qty: f64,
    pub price: f64,
    pub trigger_price: f64,
    pub direction: Option<Direction>,
    pub reduce_only: bool,
    pub post_only: bool,
    pub take_profit: f64,
    pub stop_loss: f64,
    pub trailing_distance: f64,
    pub trailing_activation: f64,
}

impl OrderRequest {
    /// A plain request with no trigger, flags or attachments.
    pub fn new(kind: OrderKind, side: Side, qty: f64, price: f64) -> OrderRequest {
        OrderRequest {
            kind,
            side,
            qty,
            price,
            trigger_price: 0.0,
            direction: None,
            reduce_only: false,
            post_only: false,
            take_profit: 0.0,
            stop_loss: 0.0,
            trailing_distance: 0.0,
            trailing_activation: 0.0,
        }
    }

    /// Decodes `[kind, side(+1|-1), qty, price, triggerPrice, triggerDirection(0 auto|1 rise|2 fall),
    /// flags(1 reduceOnly|2 postOnly), takeProfit, stopLoss, trailingDistance, trailingActivation]`.
    /// Only the encoding is checked here (a bad code is a host bug); values are validated as
    /// rejections by the exchange.
    pub fn from_fields(f: &[f64]) -> CoreResult<OrderRequest> {
        if f.len() != ORDER_FIELDS {
            return Err(CoreError::new(ErrorCode::BadLength, format!("sim order fields: got {} values, expected {}", f.len(), ORDER_FIELDS)));
        }
        let bad = |i: usize, what: &str| CoreError::new(ErrorCode::SimInvalidOrder, format!("sim order field[{}] = {}: expected {}", i, f[i], what));
        let kind = match f[0] as i64 {
            _ if f[0].fract() != 0.0 => return Err(bad(0, "an order kind 0..3")),
            0 => OrderKind::Market,
            1 => OrderKind::Limit,
            2 => OrderKind::StopMarket,
            3 => OrderKind::StopLimit,
            _ => return Err(bad(0, "an order kind 0 market | 1 limit | 2 stop-market | 3 stop-limit")),
        };
        let side = if f[1] == 1.0 {
            Side::Buy
        } else if f[1] == -1.0 {
            Side::Sell
        } else {
            return Err(bad(1, "a side +1 (buy) or -1 (sell)"));
        };
        let direction = if f[5] == 0.0 {
            None
        } else if f[5] == 1.0 {
            Some(Direction::Rise)
        } else if f[5] == 2.0 {
            Some(Direction::Fall)
        } else {
            return Err(bad(5, "a trigger direction 0 auto | 1 rise | 2 fall"));
        };
        if !(f[6] >= 0.0 && f[6] <= 3.0 && f[6].fract() == 0.0) {
            return Err(bad(6, "flags 0..3 (1 reduceOnly, 2 postOnly)"));
        }
        let flags = f[6] as u32;
        Ok(OrderRequest {
            kind,
            side,
            qty: f[2],
            price: f[3],
            trigger_price: f[4],
            direction,
            reduce_only: flags & FLAG_REDUCE_ONLY != 0,
            post_only: flags & FLAG_POST_ONLY != 0,
            take_profit: f[7],
            stop_loss: f[8],
            trailing_distance: f[9],
            trailing_activation: f[10],
        })
    }
}

/// Absent optional price: 0 or NaN.
#[inline]
pub fn is_absent(x: f64) -> bool {
    x == 0.0 || x.is_nan()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_fields() {
        let r = OrderRequest::from_fields(&[3.0, -1.0, 0.01, 59000.0, 59100.0, 2.0, 1.0, 0.0, 0.0, 0.0, 0.0]).unwrap();
        assert_eq!(r.kind, OrderKind::StopLimit);
        assert_eq!(r.side, Side::Sell);
        assert_eq!(r.direction, Some(Direction::Fall));
        assert!(r.reduce_only && !r.post_only);
        assert_eq!((r.qty, r.price, r.trigger_price), (0.01, 59000.0, 59100.0));
    }

    #[test]
    fn rejects_bad_encodings() {
        let e = OrderRequest::from_fields(&[7.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]).unwrap_err();
        assert_eq!(e.code, ErrorCode::SimInvalidOrder);
        assert_eq!(e.message, "sim order field[0] = 7: expected an order kind 0 market | 1 limit | 2 stop-market | 3 stop-limit");
        assert!(OrderRequest::from_fields(&[0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]).is_err());
        assert_eq!(OrderRequest::from_fields(&[0.0; 3]).unwrap_err().code, ErrorCode::BadLength);
    }

    #[test]
    fn marketability() {
        let mut o = Order {
            id: 1,
            kind: OrderKind::Limit,
            side: Side::Buy,
            qty_steps: 1,
            limit_ticks: 100,
            trigger_ticks: 0,
            direction: Direction::Fall,
            reduce_only: false,
            post_only: false,
            status: OrderStatus::Resting,
            margin_e8: 0,
            attach: Attach::default(),
        };
        assert!(o.marketable_at(100) && o.marketable_at(99) && !o.marketable_at(101));
        o.side = Side::Sell;
        assert!(o.marketable_at(100) && !o.marketable_at(99) && o.marketable_at(101));
    }
}
