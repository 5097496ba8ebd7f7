//! Intrabar path, tie-break modes and ambiguity accounting, trailing stops and the fast path.
//! Bars are chosen so both paths (O→H→L→C, O→L→H→C) can be followed by hand in the comments.
use crate::sim::events::FillReason;
use crate::sim::orders::{OrderRequest, Side};
use crate::sim::testkit::*;
use crate::sim::SimExchange;

const PATH: f64 = 0.0;
const PESSIMISTIC: f64 = 1.0;
const OPTIMISTIC: f64 = 2.0;

fn with_tpsl(mut r: OrderRequest, tp: f64, sl: f64) -> OrderRequest {
    r.take_profit = tp;
    r.stop_loss = sl;
    r
}

fn with_trailing(mut r: OrderRequest, distance: f64, activation: f64) -> OrderRequest {
    r.trailing_distance = distance;
    r.trailing_activation = activation;
    r
}

/// Long 0.01 @ 60000 with TP 60500 and SL 59500, then a bar that reaches both.
fn tp_and_sl_in_one_bar(mode: f64) -> SimExchange {
    let mut ex = btc(10.0, 10_000.0, 0.0, mode);
    flat(&mut ex, 0, 60000.0);
    ex.submit(&with_tpsl(market(Side::Buy, 0.01), 60500.0, 59500.0));
    bar(&mut ex, 1, 60000.0, 60000.0, 60000.0, 60000.0);
    assert_eq!(ex.position().size_steps, 10);
    // |h − o| = 600 = |o − l|: a tie goes high first
    bar(&mut ex, 2, 60000.0, 60600.0, 59400.0, 60000.0);
    ex
}

#[test]
fn tp_and_sl_in_one_bar_follow_the_mode() {
    // TP: pnl 605 − 600 = 5, fee 605 × 0.00055 = 0.33275; SL: pnl −5, fee 595 × 0.00055 = 0.32725
    // outcome difference = (5 − 0.33275) − (−5 − 0.32725) = 9.9945
    for (mode, reason) in [(PATH, FillReason::TakeProfit), (PESSIMISTIC, FillReason::StopLoss), (OPTIMISTIC, FillReason::TakeProfit)] {
        let ex = tp_and_sl_in_one_bar(mode);
        let f = fills(&ex);
        assert_eq!((f.len(), f[0].reason, f[0].ambiguous), (1, reason, true), "mode {}", mode);
        assert!(trades(&ex)[0].ambiguous);
        assert_eq!((ex.stats.bars, ex.stats.fills, ex.stats.pnl_e8), (1, 1, 999_450_000));
    }
}

#[test]
fn entry_and_exit_reachable_in_one_bar() {
    // limit buy 59900 with TP 60100; bar o 60000 h 60200 l 59800 c 59950 (tie: high first)
    // high first: flat at 60200, maker entry at 59900 (fee 0.1198), open at the close: equity W − 0.1198 + 0.5
    // low first: entry at 59900, TP at 60100 (pnl 2, fee 601 × 0.00055 = 0.33055): equity W − 0.1198 + 1.66945
    for (mode, n_fills) in [(PATH, 1), (PESSIMISTIC, 1), (OPTIMISTIC, 2)] {
        let mut ex = btc(10.0, 10_000.0, 0.0, mode);
        flat(&mut ex, 0, 60000.0);
        ex.submit(&with_tpsl(limit(Side::Buy, 0.01, 59900.0), 60100.0, 0.0));
        bar(&mut ex, 1, 60000.0, 60200.0, 59800.0, 59950.0);
        let f = fills(&ex);
        assert_eq!(f.len(), n_fills, "mode {}", mode);
        assert!(!f[0].ambiguous, "the entry happens on both paths");
        assert_eq!((ex.stats.bars, ex.stats.fills, ex.stats.pnl_e8), (1, n_fills as u64 - 1, 116_945_000));
        if n_fills == 2 {
            assert!(f[1].ambiguous && f[1].reason == FillReason::TakeProfit);
        } else {
            assert!(ex.state().trade.open && ex.state().trade.record.ambiguous);
        }
    }
}

#[test]
fn trailing_stop_ratchets_along_the_path() {
    // long 0.01 @ 60000, trailing 100 → level 59900
    // bar o 60100 h 60500 l 60050 c 60450 (|h−o| 400 > |o−l| 50: low first)
    // low first: 60050 stays above 60000 (peak 60100), peak 60500 → level 60400, close 60450: no exit
    // high first: peak 60500 → level 60400, then the fall to 60050 exits at 60400 (pnl 4, fee 0.3322)
    // difference = 4.5 − (4 − 0.3322) = 0.8322
    for (mode, n_fills) in [(PATH, 0), (PESSIMISTIC, 1), (OPTIMISTIC, 0)] {
        let mut ex = btc(10.0, 10_000.0, 0.0, mode);
        flat(&mut ex, 0, 60000.0);
        ex.submit(&with_trailing(market(Side::Buy, 0.01), 100.0, 0.0));
        bar(&mut ex, 1, 60000.0, 60000.0, 60000.0, 60000.0);
        assert_eq!(bar(&mut ex, 2, 60100.0, 60500.0, 60050.0, 60450.0), n_fills * 3);
        assert_eq!((ex.stats.bars, ex.stats.pnl_e8), (1, 83_220_000), "mode {}", mode);
        if n_fills == 1 {
            let f = fills(&ex)[0];
            assert_eq!((fill_ticks(&ex, &f), f.reason, f.ambiguous), (604_000, FillReason::Trailing, true));
            continue;
        }
        let t = ex.state().protection.trailing.unwrap();
        assert_eq!(t.level(true), 604_000);
        // next bar dips to 60390: exits at 60400 on both paths (not ambiguous), the trade is
        bar(&mut ex, 3, 60450.0, 60460.0, 60390.0, 60400.0);
        let f = fills(&ex)[0];
        assert_eq!((fill_ticks(&ex, &f), f.reason, f.ambiguous), (604_000, FillReason::Trailing, false));
        assert!(trades(&ex)[0].ambiguous);
        assert_eq!(ex.stats.bars, 1);
    }
}

#[test]
fn trailing_stop_with_activation_and_short_side() {
    let mut ex = btc(10.0, 10_000.0, 0.0, PATH);
    flat(&mut ex, 0, 60000.0);
    ex.submit(&with_trailing(market(Side::Buy, 0.01), 50.0, 60300.0));
    bar(&mut ex, 1, 60000.0, 60000.0, 60000.0, 60000.0);
    assert!(!ex.state().protection.trailing.unwrap().active);
    // low first: activates at 60300, peak 60350 → level 60300, closes at 60320 above it
    bar(&mut ex, 2, 60000.0, 60350.0, 59950.0, 60320.0);
    let mut s = [0.0; crate::sim::STATE_LEN];
    ex.write_state(&mut s);
    assert_eq!(s[19], 60300.0);
    // short 0.01 @ 60000 with trailing 100: bar o 59900 h 59950 l 59500 c 59650 (high first)
    // trough 59500 → level 59600, the close at 59650 crosses it: exit at 59600, pnl 600 − 596 = 4
    let mut ex = btc(10.0, 10_000.0, 0.0, PATH);
    flat(&mut ex, 0, 60000.0);
    ex.submit(&with_trailing(market(Side::Sell, 0.01), 100.0, 0.0));
    bar(&mut ex, 1, 60000.0, 60000.0, 60000.0, 60000.0);
    bar(&mut ex, 2, 59900.0, 59950.0, 59500.0, 59650.0);
    let f = fills(&ex)[0];
    assert_eq!((fill_ticks(&ex, &f), f.realised_pnl_e8, f.ambiguous), (596_000, 4 * E8, false));
    assert_eq!(ex.stats.bars, 0);
}

#[test]
fn quiet_bars_take_the_fast_path_and_track_excursions() {
    let mut ex = btc(10.0, 10_000.0, 0.0, PATH);
    flat(&mut ex, 0, 60000.0);
    ex.submit(&with_tpsl(market(Side::Buy, 0.01), 61000.0, 59000.0));
    bar(&mut ex, 1, 60000.0, 60000.0, 60000.0, 60000.0);
    assert_eq!(bar(&mut ex, 2, 60000.0, 60400.0, 59700.0, 60100.0), 0);
    assert_eq!(bar(&mut ex, 3, 60100.0, 60900.0, 60000.0, 60800.0), 0);
    let r = ex.state().trade.record;
    // MAE at 59700: (597 − 600) = −3; MFE at 60900: +9
    assert_eq!((r.mae_e8, r.mfe_e8), (-3 * E8, 9 * E8));
    let mut s = [0.0; crate::sim::STATE_LEN];
    ex.write_state(&mut s);
    // wallet 10000 − 0.33; uPnL at 60800 = 8; equity = wallet + uPnL
    assert_eq!((s[7], s[3], s[8], s[16]), (9999.67, 8.0, 10007.67, 60800.0));
    assert_eq!(ex.stats, Default::default());
}
