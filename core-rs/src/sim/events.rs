//! Events the sim emits (fills, rejections, funding, liquidations, triggers, cancels, closed
//! trades) and their flat f64 encoding for the host: records of `EVENT_STRIDE` f64, field 0 the
//! kind, field 1 the time (ms), field 2 the order id (0 for position TP/SL/trailing/liquidation).
//! Money is encoded in USDT, prices and quantities in instrument units, sides as +1/−1.
//! Events are plain `Copy` data so clearing the list on the no-event path costs nothing.
use crate::sim::units::{usdt, Instrument};

pub const EVENT_STRIDE: usize = 16;

pub const KIND_FILL: f64 = 1.0;
pub const KIND_REJECTED: f64 = 2.0;
pub const KIND_FUNDING: f64 = 3.0;
pub const KIND_LIQUIDATION: f64 = 4.0;
pub const KIND_TRIGGERED: f64 = 5.0;
pub const KIND_CANCELLED: f64 = 6.0;
pub const KIND_TRADE_CLOSED: f64 = 7.0;

/// Why an order was rejected or cancelled: (id, SCREAMING name, Bybit retCode or 0, meaning).
/// Post-only is accepted by Bybit (retCode 0) and then cancelled with that rejectReason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    QtyInvalid = 1,
    QtyBelowMin = 2,
    PriceInvalid = 3,
    NotionalBelowMin = 4,
    ReduceOnlyNoPosition = 5,
    InsufficientBalance = 6,
    PostOnlyWillTakeLiquidity = 7,
    TriggerExpectRising = 8,
    TriggerExpectFalling = 9,
    OrderNotFound = 10,
    RiskLimitExceeded = 11,
    TpSlInvalid = 12,
    TpSlNoPosition = 13,
    TooManyConditional = 14,
    NoReferencePrice = 15,
    UserCancel = 16,
    PositionClosed = 17,
}

pub const REASONS: &[(Reason, &str, u32, &str)] = &[
    (Reason::QtyInvalid, "QTY_INVALID", 10001, "qty is not a positive multiple of qtyStep"),
    (Reason::QtyBelowMin, "QTY_BELOW_MIN", 10001, "qty is below minOrderQty"),
    (Reason::PriceInvalid, "PRICE_INVALID", 110003, "price or trigger price missing, <= 0 or off the tick grid"),
    (Reason::NotionalBelowMin, "NOTIONAL_BELOW_MIN", 110094, "order value below minNotionalValue"),
    (Reason::ReduceOnlyNoPosition, "REDUCE_ONLY_NO_POSITION", 110017, "reduce-only order with no position to reduce"),
    (Reason::InsufficientBalance, "INSUFFICIENT_AVAILABLE_BALANCE", 110007, "available balance below the order cost"),
    (Reason::PostOnlyWillTakeLiquidity, "EC_POST_ONLY_WILL_TAKE_LIQUIDITY", 0, "post-only limit would take liquidity"),
    (Reason::TriggerExpectRising, "TRIGGER_EXPECT_RISING", 110092, "rising trigger price at or below the last price"),
    (Reason::TriggerExpectFalling, "TRIGGER_EXPECT_FALLING", 110093, "falling trigger price at or above the last price"),
    (Reason::OrderNotFound, "ORDER_NOT_FOUND", 110001, "no live order with that id"),
    (Reason::RiskLimitExceeded, "RISK_LIMIT_EXCEEDED", 110090, "position value would exceed the risk limit for the leverage"),
    (Reason::TpSlInvalid, "TPSL_INVALID", 10001, "TP/SL/trailing off-grid, on the wrong side of the price, or on a reduce-only order"),
    (Reason::TpSlNoPosition, "TPSL_NO_POSITION", 10001, "can not set tp/sl/ts for zero position"),
    (Reason::TooManyConditional, "TOO_MANY_CONDITIONAL", 110009, "more than 10 untriggered conditional orders"),
    (Reason::NoReferencePrice, "NO_REFERENCE_PRICE", 10001, "market order before the first bar (no last price)"),
    (Reason::UserCancel, "USER_CANCEL", 0, "cancelled by the host"),
    (Reason::PositionClosed, "POSITION_CLOSED", 0, "reduce-only order cancelled because the position closed"),
];

impl Reason {
    pub fn ret_code(self) -> u32 {
        REASONS.iter().find(|r| r.0 == self).map(|r| r.2).unwrap_or(0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FillReason {
    Entry = 1,
    Exit = 2,
    TakeProfit = 3,
    StopLoss = 4,
    Trailing = 5,
    Liquidation = 6,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerSource {
    Stop = 1,
    TakeProfit = 2,
    StopLoss = 3,
    Trailing = 4,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fill {
    pub ts_ms: i64,
    pub order_id: u32,
    pub side: i64,
    pub qty_steps: i64,
    /// Exact qty × price; the price is derived (liquidations can fill between ticks).
    pub value_e8: i64,
    pub fee_e8: i64,
    pub is_maker: bool,
    pub reason: FillReason,
    pub ambiguous: bool,
    /// Gross PnL realised by the closing part (0 for entries).
    pub realised_pnl_e8: i64,
    /// Signed position size after the fill.
    pub position_after_steps: i64,
}

/// One round trip, from flat to flat (a flip closes one trade and opens the next).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TradeRecord {
    pub side: i64,
    pub entry_ts_ms: i64,
    pub exit_ts_ms: i64,
    pub max_size_steps: i64,
    pub entry_value_e8: i64,
    pub entry_qty_steps: i64,
    pub exit_value_e8: i64,
    pub exit_qty_steps: i64,
    pub fees_e8: i64,
    /// Funding paid (+) or received (−) while open.
    pub funding_e8: i64,
    pub gross_pnl_e8: i64,
    /// Worst and best unrealised PnL seen at 1m path points while open (MAE <= 0 <= MFE), USDT.
    pub mae_e8: i64,
    pub mfe_e8: i64,
    pub exit_reason: u8,
    pub ambiguous: bool,
}

impl TradeRecord {
    pub fn net_pnl_e8(&self) -> i64 {
        self.gross_pnl_e8 - self.fees_e8 - self.funding_e8
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Event {
    Fill(Fill),
    Rejected { ts_ms: i64, order_id: u32, reason: Reason },
    Funding { ts_ms: i64, rate: f64, mark_e8: i64, paid_e8: i64, size_steps: i64, from_margin_e8: i64 },
    Liquidation { ts_ms: i64, side: i64, qty_steps: i64, bankruptcy_value_e8: i64, mark_e8: i64, margin_lost_e8: i64, bound_e8: i64 },
    Triggered { ts_ms: i64, order_id: u32, source: TriggerSource, level_ticks: i64 },
    Cancelled { ts_ms: i64, order_id: u32, reason: Reason },
    TradeClosed(TradeRecord),
}

/// Appends one `EVENT_STRIDE` record per event (layout documented in docs/simulator.md).
pub fn encode(events: &[Event], ins: &Instrument, out: &mut Vec<f64>) {
    for e in events {
        let mut r = [0.0f64; EVENT_STRIDE];
        match *e {
            Event::Fill(f) => {
                r[..3].copy_from_slice(&[KIND_FILL, f.ts_ms as f64, f.order_id as f64]);
                r[3] = f.side as f64;
                r[4] = ins.qty(f.qty_steps);
                r[5] = ins.price_of_value(f.value_e8, f.qty_steps);
                r[6] = usdt(f.fee_e8);
                r[7] = f.is_maker as u8 as f64;
                r[8] = f.reason as u8 as f64;
                r[9] = f.ambiguous as u8 as f64;
                r[10] = usdt(f.realised_pnl_e8);
                r[11] = usdt(f.value_e8);
                r[12] = ins.qty(f.position_after_steps);
            }
            Event::Rejected { ts_ms, order_id, reason } | Event::Cancelled { ts_ms, order_id, reason } => {
                let kind = if matches!(e, Event::Rejected { .. }) { KIND_REJECTED } else { KIND_CANCELLED };
                r[..5].copy_from_slice(&[kind, ts_ms as f64, order_id as f64, reason.ret_code() as f64, reason as u8 as f64]);
            }
            Event::Funding { ts_ms, rate, mark_e8, paid_e8, size_steps, from_margin_e8 } => {
                r[..3].copy_from_slice(&[KIND_FUNDING, ts_ms as f64, 0.0]);
                r[3] = rate;
                r[4] = usdt(mark_e8);
                r[5] = usdt(paid_e8);
                r[6] = ins.qty(size_steps);
                r[7] = usdt(from_margin_e8);
            }
            Event::Liquidation { ts_ms, side, qty_steps, bankruptcy_value_e8, mark_e8, margin_lost_e8, bound_e8 } => {
                r[..3].copy_from_slice(&[KIND_LIQUIDATION, ts_ms as f64, 0.0]);
                r[3] = side as f64;
                r[4] = ins.qty(qty_steps);
                r[5] = ins.price_of_value(bankruptcy_value_e8, qty_steps);
                r[6] = usdt(mark_e8);
                r[7] = usdt(margin_lost_e8);
                r[8] = ins.price_of_value(bound_e8, qty_steps);
            }
            Event::Triggered { ts_ms, order_id, source, level_ticks } => {
                r[..5].copy_from_slice(&[KIND_TRIGGERED, ts_ms as f64, order_id as f64, ins.price(level_ticks), source as u8 as f64]);
            }
            Event::TradeClosed(t) => {
                r[..3].copy_from_slice(&[KIND_TRADE_CLOSED, t.exit_ts_ms as f64, 0.0]);
                r[3] = t.side as f64;
                r[4] = ins.qty(t.max_size_steps);
                r[5] = t.entry_ts_ms as f64;
                r[6] = ins.price_of_value(t.entry_value_e8, t.entry_qty_steps);
                r[7] = ins.price_of_value(t.exit_value_e8, t.exit_qty_steps);
                r[8] = usdt(t.fees_e8);
                r[9] = usdt(t.funding_e8);
                r[10] = usdt(t.gross_pnl_e8);
                r[11] = usdt(t.net_pnl_e8());
                r[12] = usdt(t.mae_e8);
                r[13] = usdt(t.mfe_e8);
                r[14] = t.exit_reason as f64;
                r[15] = t.ambiguous as u8 as f64;
            }
        }
        out.extend_from_slice(&r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_table_matches_enum() {
        for (i, row) in REASONS.iter().enumerate() {
            assert_eq!(row.0 as usize, i + 1);
        }
        assert_eq!(Reason::NotionalBelowMin.ret_code(), 110094);
        assert_eq!(Reason::ReduceOnlyNoPosition.ret_code(), 110017);
    }

    #[test]
    fn encodes_fill_and_rejection() {
        let ins = Instrument::new(0.1, 0.001, 0.001, 5.0).unwrap();
        let fill = Fill {
            ts_ms: 60_000,
            order_id: 3,
            side: -1,
            qty_steps: 2,
            value_e8: ins.value_e8(2, 600_001),
            fee_e8: 6_600_011,
            is_maker: false,
            reason: FillReason::StopLoss,
            ambiguous: true,
            realised_pnl_e8: -123,
            position_after_steps: 0,
        };
        let mut out = Vec::new();
        encode(&[Event::Fill(fill), Event::Rejected { ts_ms: 5, order_id: 4, reason: Reason::NotionalBelowMin }], &ins, &mut out);
        assert_eq!(out.len(), 2 * EVENT_STRIDE);
        assert_eq!(&out[..13], &[1.0, 60_000.0, 3.0, -1.0, 0.002, 60000.1, 0.06600011, 0.0, 4.0, 1.0, -0.00000123, 120.0002, 0.0]);
        assert_eq!(&out[16..21], &[2.0, 5.0, 4.0, 110094.0, 4.0]);
    }
}
