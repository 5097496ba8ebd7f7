//! Scenario tests of order handling and the fill model on BTCUSDT (tick 0.1, step 0.001,
//! maker 0.02%, taker 0.055%). Expected prices and fees are computed by hand in the comments.
use crate::sim::events::{Event, FillReason, Reason};
use crate::sim::orders::{Direction, Side};
use crate::sim::testkit::*;

#[test]
fn market_fills_at_next_open_with_slippage_against_the_trader() {
    let mut ex = btc(10.0, 10_000.0, 2.5, 0.0);
    flat(&mut ex, 0, 60000.3);
    let id = ex.submit(&market(Side::Buy, 0.01));
    assert!(ex.events().is_empty());
    assert_eq!(bar(&mut ex, 1, 60000.3, 60010.0, 59990.0, 60000.0), 1);
    // 600003 ticks × 2.5 bps = 150.00075 → 151 ticks up: 60015.4; fee 600.154 × 0.00055 = 0.3300847
    let f = fills(&ex)[0];
    assert_eq!((f.order_id, f.side, f.qty_steps, fill_ticks(&ex, &f)), (id, 1, 10, 600_154));
    assert_eq!((f.fee_e8, f.is_maker, f.reason), (33_008_470, false, FillReason::Entry));
    ex.submit(&market(Side::Sell, 0.01));
    bar(&mut ex, 2, 60000.3, 60010.0, 59990.0, 60000.0);
    // sell: 600003 − 151 = 599852 → 59985.2; pnl = 599.852 − 600.154 = −0.302
    let f = fills(&ex)[0];
    assert_eq!((fill_ticks(&ex, &f), f.realised_pnl_e8, f.reason), (599_852, -30_200_000, FillReason::Exit));
}

#[test]
fn resting_limit_fills_at_its_price_as_maker_even_through_a_gap() {
    let mut ex = btc(10.0, 10_000.0, 0.0, 0.0);
    flat(&mut ex, 0, 60000.0);
    let id = ex.submit(&limit(Side::Buy, 0.01, 59900.0));
    // order cost held: IM 59.9 + 599 × 0.9 × 0.00055 = 0.296505 → 60.196505, + open fee 0.32945 = 60.525955
    assert_eq!(ex.ledger().order_margin_e8, 6_052_595_500);
    assert_eq!(bar(&mut ex, 1, 60000.0, 60050.0, 59950.0, 60000.0), 0);
    bar(&mut ex, 2, 59800.0, 59850.0, 59700.0, 59800.0);
    let f = fills(&ex)[0];
    // gap from 60000 to 59800 passed through 59900: maker fill at 59900, fee 599 × 0.0002 = 0.1198
    assert_eq!((f.order_id, fill_ticks(&ex, &f), f.is_maker, f.fee_e8), (id, 599_000, true, 11_980_000));
    assert_eq!(ex.ledger().order_margin_e8, 0);
}

#[test]
fn marketable_limit_takes_at_the_open_and_post_only_is_rejected() {
    let mut ex = btc(10.0, 10_000.0, 0.0, 0.0);
    flat(&mut ex, 0, 60000.0);
    let post = ex.submit(&{
        let mut r = limit(Side::Buy, 0.01, 60100.0);
        r.post_only = true;
        r
    });
    assert_eq!(rejection(&ex), Some((post, Reason::PostOnlyWillTakeLiquidity)));
    ex.submit(&limit(Side::Buy, 0.01, 60100.0));
    bar(&mut ex, 1, 60050.0, 60060.0, 60040.0, 60050.0);
    let f = fills(&ex)[0];
    assert_eq!((fill_ticks(&ex, &f), f.is_maker), (600_500, false));
    // marketable at submission but the open gaps above the limit: it rests and fills at 60100 as maker
    ex.submit(&limit(Side::Buy, 0.01, 60100.0));
    bar(&mut ex, 2, 60200.0, 60210.0, 60080.0, 60150.0);
    let f = fills(&ex)[0];
    assert_eq!((fill_ticks(&ex, &f), f.is_maker), (601_000, true));
}

#[test]
fn stop_market_fills_at_trigger_or_at_a_gapped_open() {
    let mut ex = btc(10.0, 10_000.0, 0.0, 0.0);
    flat(&mut ex, 0, 60000.0);
    let id = ex.submit(&stop(Side::Buy, 0.01, 60100.0, None));
    assert_eq!(bar(&mut ex, 1, 60000.0, 60200.0, 59990.0, 60150.0), 2);
    assert!(matches!(ex.events()[0], Event::Triggered { order_id, level_ticks: 601_000, .. } if order_id == id));
    let f = fills(&ex)[0];
    assert_eq!((fill_ticks(&ex, &f), f.is_maker), (601_000, false));
    let mut ex = btc(10.0, 10_000.0, 0.0, 0.0);
    flat(&mut ex, 0, 60000.0);
    ex.submit(&stop(Side::Sell, 0.01, 59900.0, None));
    bar(&mut ex, 1, 59800.0, 59850.0, 59700.0, 59800.0);
    assert_eq!(fill_ticks(&ex, &fills(&ex)[0]), 598_000);
    let id = ex.submit(&stop(Side::Sell, 0.01, 59900.0, None));
    assert_eq!(rejection(&ex), Some((id, Reason::TriggerExpectFalling)));
    let id = ex.submit(&with_direction(stop(Side::Buy, 0.01, 59700.0, None), Direction::Rise));
    assert_eq!(rejection(&ex).map(|r| r.1.ret_code()), Some(110092));
    assert_eq!(id, 3);
}

#[test]
fn stop_limit_takes_when_marketable_else_rests() {
    let mut ex = btc(10.0, 10_000.0, 0.0, 0.0);
    flat(&mut ex, 0, 60000.0);
    ex.submit(&stop(Side::Buy, 0.01, 60100.0, Some(60150.0)));
    bar(&mut ex, 1, 60000.0, 60300.0, 59990.0, 60200.0);
    let f = fills(&ex)[0];
    assert_eq!((fill_ticks(&ex, &f), f.is_maker), (601_000, false));
    let mut ex = btc(10.0, 10_000.0, 0.0, 0.0);
    flat(&mut ex, 0, 60000.0);
    ex.submit(&stop(Side::Buy, 0.01, 60100.0, Some(60150.0)));
    // gaps to 60200 (above the limit): triggered, rests at 60150, then the bar comes back to 60120
    // (|h−o| = 50 <= |o−l| = 80: high first) and the resting limit fills as maker
    bar(&mut ex, 1, 60200.0, 60250.0, 60120.0, 60200.0);
    let f = fills(&ex)[0];
    assert_eq!((fill_ticks(&ex, &f), f.is_maker), (601_500, true));
}

#[test]
fn attached_tp_sl_and_stop_loss_through_a_gap() {
    let mut ex = btc(10.0, 10_000.0, 0.0, 0.0);
    flat(&mut ex, 0, 60000.0);
    let bad = ex.submit(&{
        let mut r = market(Side::Buy, 0.01);
        r.take_profit = 59000.0;
        r
    });
    assert_eq!(rejection(&ex), Some((bad, Reason::TpSlInvalid)));
    let mut r = market(Side::Buy, 0.01);
    r.take_profit = 61000.0;
    r.stop_loss = 59000.0;
    ex.submit(&r);
    bar(&mut ex, 1, 60000.0, 60100.0, 59950.0, 60050.0);
    assert_eq!((ex.state().protection.tp_ticks, ex.state().protection.sl_ticks), (Some(610_000), Some(590_000)));
    bar(&mut ex, 2, 58900.0, 59000.0, 58800.0, 58950.0);
    // gap below the SL: fills at the open 58900; pnl 589 − 600 = −11
    let f = fills(&ex)[0];
    assert_eq!((f.order_id, fill_ticks(&ex, &f), f.reason, f.realised_pnl_e8), (0, 589_000, FillReason::StopLoss, -11 * E8));
    let t = trades(&ex)[0];
    assert_eq!((t.exit_reason, t.gross_pnl_e8), (FillReason::StopLoss as u8, -11 * E8));
    assert_eq!(ex.state().protection, Default::default());
}

#[test]
fn reduce_only_rules() {
    let mut ex = btc(10.0, 10_000.0, 0.0, 0.0);
    flat(&mut ex, 0, 60000.0);
    let mut ro = market(Side::Sell, 0.02);
    ro.reduce_only = true;
    let id = ex.submit(&ro);
    assert_eq!(rejection(&ex), Some((id, Reason::ReduceOnlyNoPosition)));
    assert_eq!(Reason::ReduceOnlyNoPosition.ret_code(), 110017);
    ex.submit(&market(Side::Buy, 0.01));
    bar(&mut ex, 1, 60000.0, 60000.0, 60000.0, 60000.0);
    // a resting reduce-only take-profit limit, cancelled when the position closes otherwise
    let mut tp = limit(Side::Sell, 0.01, 61000.0);
    tp.reduce_only = true;
    let tp_id = ex.submit(&tp);
    ex.submit(&ro);
    bar(&mut ex, 2, 60100.0, 60100.0, 60100.0, 60100.0);
    let f = fills(&ex);
    assert_eq!((f.len(), f[0].qty_steps, f[0].position_after_steps), (1, 10, 0));
    assert!(ex.events().contains(&Event::Cancelled { ts_ms: 120_000, order_id: tp_id, reason: Reason::PositionClosed }));
    assert_eq!(ex.state().orders.len(), 0);
}

#[test]
fn rejections_carry_bybit_codes() {
    let mut ex = btc(10.0, 100.0, 0.0, 0.0);
    flat(&mut ex, 0, 4000.0);
    let code = |ex: &mut crate::sim::SimExchange, r| {
        ex.submit(&r);
        rejection(ex).map(|x| x.1.ret_code())
    };
    assert_eq!(code(&mut ex, market(Side::Buy, 0.0005)), Some(10001));
    assert_eq!(code(&mut ex, market(Side::Buy, 0.0)), Some(10001));
    assert_eq!(code(&mut ex, market(Side::Buy, 0.001)), Some(110094)); // 0.001 × 4000 = 4 < 5
    assert_eq!(code(&mut ex, limit(Side::Buy, 0.01, 3999.95)), Some(110003));
    assert_eq!(code(&mut ex, market(Side::Buy, 0.3)), Some(110007)); // 1200 USDT at 10x needs > 100
    assert_eq!(code(&mut ex, market(Side::Buy, 0.2)), None); // 800: IM 80 + 0.396 + fee 0.44 <= 100
    let r = ex.submit(&limit(Side::Buy, 0.01, 3000.0));
    ex.cancel(r);
    assert!(matches!(ex.events()[0], Event::Cancelled { reason: Reason::UserCancel, .. }));
    ex.cancel(r);
    assert_eq!(rejection(&ex), Some((r, Reason::OrderNotFound)));
    let mut ex = btc(95.0, 1_000_000.0, 0.0, 0.0);
    flat(&mut ex, 0, 60000.0);
    // 95x allows only tier 1 (2M USDT); 40 BTC × 60000 = 2.4M
    assert_eq!(code(&mut ex, market(Side::Buy, 40.0)), Some(110090));
    for _ in 0..10 {
        assert_eq!(code(&mut ex, stop(Side::Buy, 0.01, 61000.0, None)), None);
    }
    assert_eq!(code(&mut ex, stop(Side::Buy, 0.01, 61000.0, None)), Some(110009));
    let mut v = crate::sim::config::tests::btc_values(10.0, 1000.0, 0.0, 0.0);
    v[2] = 0.002;
    let mut ex = crate::sim::SimExchange::from_values(&v).unwrap();
    flat(&mut ex, 0, 60000.0);
    ex.submit(&market(Side::Buy, 0.001));
    assert_eq!(rejection(&ex).map(|x| x.1), Some(Reason::QtyBelowMin));
    let mut fresh = btc(10.0, 1000.0, 0.0, 0.0);
    fresh.submit(&market(Side::Buy, 0.01));
    assert_eq!(rejection(&fresh).map(|x| x.1), Some(Reason::NoReferencePrice));
}

#[test]
fn a_larger_opposite_order_flips_the_position() {
    let mut ex = btc(10.0, 10_000.0, 0.0, 0.0);
    flat(&mut ex, 0, 60000.0);
    ex.submit(&market(Side::Buy, 0.01));
    bar(&mut ex, 1, 60000.0, 60000.0, 60000.0, 60000.0);
    let id = ex.submit(&market(Side::Sell, 0.03));
    bar(&mut ex, 2, 60100.0, 60100.0, 60100.0, 60100.0);
    let f = fills(&ex);
    // close 0.01: pnl 601 − 600 = 1, fee 601 × 0.00055 = 0.33055; open 0.02 short: fee 1202 × 0.00055 = 0.6611
    assert_eq!((f[0].order_id, f[0].qty_steps, f[0].reason, f[0].realised_pnl_e8, f[0].fee_e8), (id, 10, FillReason::Exit, E8, 33_055_000));
    assert_eq!((f[1].order_id, f[1].qty_steps, f[1].reason, f[1].fee_e8, f[1].position_after_steps), (id, 20, FillReason::Entry, 66_110_000, -20));
    let t = trades(&ex)[0];
    // T: fees 0.33 (entry, 600 × 0.00055) + 0.33055 = 0.66055; net = 1 − 0.66055
    assert_eq!((t.side, t.fees_e8, t.net_pnl_e8()), (1, 66_055_000, 33_945_000));
    assert_eq!(ex.position().size_steps, -20);
}

#[test]
fn bad_bars_are_errors() {
    let mut ex = btc(10.0, 1000.0, 0.0, 0.0);
    let e = ex.on_bar_1m(0, 100.0, 99.0, 98.0, 99.0).unwrap_err();
    assert_eq!(e.message, "sim bar ts=0: o/h/l/c = 100/99/98/99: expected 0 < low <= open, close <= high");
    ex.on_bar_1m(60_000, 100.0, 100.0, 100.0, 100.0).unwrap();
    let e = ex.on_bar_1m(60_000, 100.0, 100.0, 100.0, 100.0).unwrap_err();
    assert_eq!(e.message, "sim bar ts=60000: not after the previous bar ts=60000 (bars must be in order)");
    assert!(ex.on_bar_1m(120_000, f64::NAN, 100.0, 100.0, 100.0).is_err());
}
