//! Every price level that can make something happen, as seen by the intrabar walker: untriggered
//! stops, resting limits, the position's TP/SL/trailing stop and its liquidation price. A level
//! "rises" when the price must move up to reach it. Also the fast-path bounds: a bar whose range
//! stays strictly inside (fall_max, rise_min) with no pending taker cannot produce an event.
use crate::sim::config::SimConfig;
use crate::sim::orders::{Direction, OrderStatus, Side};
use crate::sim::state::SimState;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    Order(u32),
    TakeProfit,
    StopLoss,
    TrailingActivate,
    TrailingStop,
    Liquidation,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trigger {
    pub level: i64,
    pub rise: bool,
    /// Priority at an equal level: 0 position TP/SL/trailing, 1 orders, 2 liquidation.
    pub class: u8,
    pub id: u32,
    pub what: What,
}

/// Calls `f` for every live trigger.
pub fn visit<F: FnMut(Trigger)>(cfg: &SimConfig, st: &SimState, mut f: F) {
    for o in &st.orders {
        match o.status {
            OrderStatus::Untriggered => f(Trigger { level: o.trigger_ticks, rise: o.direction == Direction::Rise, class: 1, id: o.id, what: What::Order(o.id) }),
            OrderStatus::Resting => f(Trigger { level: o.limit_ticks, rise: o.side == Side::Sell, class: 1, id: o.id, what: What::Order(o.id) }),
            OrderStatus::PendingTaker => {}
        }
    }
    if st.pos.is_flat() {
        return;
    }
    let long = st.pos.is_long();
    let p = &st.protection;
    if let Some(level) = p.tp_ticks {
        f(Trigger { level, rise: long, class: 0, id: 0, what: What::TakeProfit });
    }
    if let Some(level) = p.sl_ticks {
        f(Trigger { level, rise: !long, class: 0, id: 0, what: What::StopLoss });
    }
    if let Some(t) = p.trailing {
        if t.active {
            f(Trigger { level: t.level(long), rise: !long, class: 0, id: 0, what: What::TrailingStop });
        } else if let Some(level) = t.activation_ticks {
            f(Trigger { level, rise: long, class: 0, id: 0, what: What::TrailingActivate });
        }
    }
    if let Some((level, rise)) = st.liquidation_trigger(cfg) {
        f(Trigger { level, rise, class: 2, id: 0, what: What::Liquidation });
    }
}

/// The trigger to fire first at price `cur`, among those already reached (rising level <= cur,
/// falling level >= cur). Order: levels reached against the last move (stale, or made live by a
/// fill at this point) first, then those along the move in the order the move reached them;
/// ties by class, then id.
pub fn due(cfg: &SimConfig, st: &SimState, cur: i64, last_move: i64) -> Option<Trigger> {
    let mut best: Option<((u8, i64, u8, u32), Trigger)> = None;
    visit(cfg, st, |t| {
        let reached = if t.rise { t.level <= cur } else { t.level >= cur };
        if !reached {
            return;
        }
        let along = (last_move > 0 && t.rise) || (last_move < 0 && !t.rise);
        let key = (along as u8, if t.rise { t.level } else { -t.level }, t.class, t.id);
        if best.map_or(true, |(k, _)| key < k) {
            best = Some((key, t));
        }
    });
    best.map(|(_, t)| t)
}

/// The first level strictly after `cur` and up to `target` in the direction of the move.
pub fn next_level(cfg: &SimConfig, st: &SimState, cur: i64, target: i64) -> Option<i64> {
    let up = target > cur;
    let mut best: Option<i64> = None;
    visit(cfg, st, |t| {
        if up && t.rise && t.level > cur && t.level <= target {
            best = Some(best.map_or(t.level, |b| b.min(t.level)));
        } else if !up && !t.rise && t.level < cur && t.level >= target {
            best = Some(best.map_or(t.level, |b| b.max(t.level)));
        }
    });
    best
}

/// Static levels for the no-event fast path. An active trailing stop moves with the bar, so it is
/// left out here and checked against the bar's own high/low by the exchange.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FastBounds {
    pub rise_min: i64,
    pub fall_max: i64,
    pub pending: bool,
}

impl FastBounds {
    pub fn of(cfg: &SimConfig, st: &SimState) -> FastBounds {
        let mut b = FastBounds { rise_min: i64::MAX, fall_max: i64::MIN, pending: st.orders.iter().any(|o| o.status == OrderStatus::PendingTaker) };
        visit(cfg, st, |t| {
            if t.what == What::TrailingStop {
                return;
            }
            if t.rise {
                b.rise_min = b.rise_min.min(t.level);
            } else {
                b.fall_max = b.fall_max.max(t.level);
            }
        });
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::config::tests::btc_values;
    use crate::sim::orders::{Attach, Order, OrderKind};

    fn order(id: u32, side: Side, status: OrderStatus, limit: i64, trigger: i64, direction: Direction) -> Order {
        Order {
            id,
            kind: if status == OrderStatus::Untriggered { OrderKind::StopMarket } else { OrderKind::Limit },
            side,
            qty_steps: 1,
            limit_ticks: limit,
            trigger_ticks: trigger,
            direction,
            reduce_only: false,
            post_only: false,
            status,
            margin_e8: 0,
            attach: Attach::default(),
        }
    }

    #[test]
    fn due_order_and_next_level() {
        let cfg = SimConfig::from_values(&btc_values(10.0, 1_000.0, 0.0, 0.0)).unwrap();
        let mut st = SimState::new(cfg.start_e8);
        st.orders.push(order(1, Side::Buy, OrderStatus::Resting, 95, 0, Direction::Fall));
        st.orders.push(order(2, Side::Sell, OrderStatus::Untriggered, 0, 97, Direction::Fall));
        st.orders.push(order(3, Side::Buy, OrderStatus::Untriggered, 0, 110, Direction::Rise));
        assert_eq!(next_level(&cfg, &st, 100, 90), Some(97));
        assert_eq!(next_level(&cfg, &st, 97, 90), Some(95));
        assert_eq!(next_level(&cfg, &st, 100, 109), None);
        assert_eq!(next_level(&cfg, &st, 100, 120), Some(110));
        // a gap down to 94 reaches both falling levels: the higher one (97) was passed first
        assert_eq!(due(&cfg, &st, 94, -1).map(|t| t.id), Some(2));
        assert_eq!(due(&cfg, &st, 100, -1), None);
        let b = FastBounds::of(&cfg, &st);
        assert_eq!((b.rise_min, b.fall_max, b.pending), (110, 97, false));
    }
}
