//! Exact ledger tests: the real June-2024 Bybit capture, a hand-computed multi-trade ledger
//! (fees, one funding payment, a partial close and a liquidation) to 1e-8 USDT, funding paid out
//! of position margin, a long liquidation, and a fast-path benchmark (ignored; run with
//! `cargo test --release bench_ -- --ignored --nocapture`).
use crate::sim::events::{Event, FillReason};
use crate::sim::orders::Side;
use crate::sim::testkit::*;
use crate::sim::{SimExchange, STATE_LEN};

fn state(ex: &SimExchange) -> [f64; STATE_LEN] {
    let mut s = [0.0; STATE_LEN];
    ex.write_state(&mut s);
    s
}

#[test]
fn june_2024_capture_is_reproduced() {
    // bybit-v5.md §2.8: long 0.001 @ 60766.7, 10x, MMR 0.5%, taker 0.00055
    let mut ex = btc(10.0, 100.0, 0.0, 0.0);
    flat(&mut ex, 0, 60766.7);
    ex.submit(&market(Side::Buy, 0.001));
    bar(&mut ex, 1, 60766.7, 60800.0, 60700.0, 60780.0);
    assert_eq!(fills(&ex)[0].fee_e8, 3_342_169); // 60.7667 × 0.00055 = 0.033421685 → 0.03342169
    ex.set_mark(120_000, 60822.58).unwrap();
    let s = state(&ex);
    assert_eq!(ex.position().margin_e8, 610_674_952); // positionIM 6.10674952
    assert_eq!((s[5], s[6], s[24], s[3]), (6.10674952, 0.33391302, 60.7667, 0.05588)); // IM, MM, positionValue, uPnL
    assert_eq!(ex.ledger().realised_e8 - ex.ledger().fees_e8, -3_342_169); // curRealisedPnl −0.03342169
    assert_eq!(s[15], 60822.58);
}

#[test]
fn hand_computed_ledger() {
    // BTCUSDT 10x, wallet 1000, maker 0.0002, taker 0.00055, no slippage.
    let mut ex = btc(10.0, 1000.0, 0.0, 0.0);
    flat(&mut ex, 0, 60000.0);
    // T1: long 0.01 at the next open 60000 with TP 61000.
    let mut r = market(Side::Buy, 0.01);
    r.take_profit = 61000.0;
    ex.submit(&r);
    bar(&mut ex, 1, 60000.0, 60300.0, 59800.0, 60200.0);
    // value 600, fee 600 × 0.00055 = 0.33 → wallet 999.67
    // IM = 600/10 + 600 × 0.9 × 0.00055 (= 0.297) = 60.297; MM = 600 × 0.005 + 0.297 = 3.297
    assert_eq!(ex.ledger().wallet_e8, 99_967_000_000);
    assert_eq!(ex.position().margin_e8, 6_029_700_000);
    assert_eq!(state(&ex)[6], 3.297);
    // TP at 61000 (low first: 60100 then up through 61000): pnl 610 − 600 = 10, fee 610 × 0.00055 = 0.3355
    // wallet 999.67 + 10 − 0.3355 = 1009.3345
    bar(&mut ex, 2, 60200.0, 61050.0, 60100.0, 60900.0);
    let f = fills(&ex)[0];
    assert_eq!((f.reason, f.realised_pnl_e8, f.fee_e8), (FillReason::TakeProfit, 1_000_000_000, 33_550_000));
    assert_eq!(ex.ledger().wallet_e8, 100_933_450_000);
    // T1 record: MAE at 59800 = −2, MFE at 61000 = +10, fees 0.6655, net 9.3345
    let t1 = trades(&ex)[0];
    assert_eq!((t1.side, t1.entry_ts_ms, t1.exit_ts_ms, t1.max_size_steps), (1, 60_000, 120_000, 10));
    assert_eq!((t1.fees_e8, t1.gross_pnl_e8, t1.net_pnl_e8(), t1.mae_e8, t1.mfe_e8), (66_550_000, 1_000_000_000, 933_450_000, -2 * E8, 10 * E8));
    // T2: limit sell 0.02 @ 61500 rests, holding the order cost:
    // IM 123 + 1230 × 1.1 × 0.00055 (= 0.74415) + open fee 1230 × 0.00055 (= 0.6765) = 124.42065
    ex.submit(&limit(Side::Sell, 0.02, 61500.0));
    assert_eq!(ex.ledger().order_margin_e8, 12_442_065_000);
    // maker fill at 61500: fee 1230 × 0.0002 = 0.246 → wallet 1009.0885; position margin 123.74415
    bar(&mut ex, 3, 60900.0, 61600.0, 60850.0, 61450.0);
    assert_eq!((fills(&ex)[0].is_maker, fills(&ex)[0].fee_e8), (true, 24_600_000));
    assert_eq!((ex.ledger().wallet_e8, ex.ledger().order_margin_e8, ex.position().margin_e8), (100_908_850_000, 0, 12_374_415_000));
    assert_eq!(bar(&mut ex, 4, 61450.0, 61500.0, 61350.0, 61400.0), 0);
    // funding at mark 61400, rate +0.0001: value 1228 → 0.1228, the short receives → wallet 1009.2113
    assert_eq!(ex.apply_funding(300_000, 0.0001, 61400.0).unwrap(), 1);
    assert!(matches!(ex.events()[0], Event::Funding { paid_e8: -12_280_000, size_steps: -20, from_margin_e8: 0, .. }));
    assert_eq!(ex.ledger().wallet_e8, 100_921_130_000);
    // partial close: buy 0.01 at 61200: entry part 615 → pnl 3, fee 612 × 0.00055 = 0.3366
    // wallet 1009.2113 + 3 − 0.3366 = 1011.8747; margin 123.74415 / 2 = 61.872075
    ex.submit(&market(Side::Buy, 0.01));
    bar(&mut ex, 5, 61200.0, 61250.0, 61150.0, 61200.0);
    assert_eq!((fills(&ex)[0].realised_pnl_e8, fills(&ex)[0].fee_e8), (300_000_000, 33_660_000));
    assert_eq!(ex.ledger().wallet_e8, 101_187_470_000);
    assert_eq!((ex.position().size_steps, ex.position().entry_value_e8, ex.position().margin_e8), (-10, 61_500_000_000, 6_187_207_500));
    // liquidation of short 0.01 @ 61500: MM = 615 × 0.005 + 615 × 1.1 × 0.00055 (= 0.372075) = 3.447075
    // bound = 615 + 61.872075 − 3.447075 = 673.425 → LP 67342.5; bankruptcy value 615 + (61.872075 − 0.372075)
    // = 676.5 → 67650; pnl −61.5, fee 0.372075, the whole margin 61.872075 is lost → wallet 950.002625
    assert_eq!(state(&ex)[4], 67342.5);
    assert_eq!(bar(&mut ex, 6, 61300.0, 68000.0, 61250.0, 67900.0), 3);
    assert!(matches!(ex.events()[0], Event::Liquidation { margin_lost_e8: 6_187_207_500, bound_e8: 67_342_500_000, mark_e8: 6_734_250_000_000, .. }));
    let f = fills(&ex)[0];
    assert_eq!((f.reason, fill_ticks(&ex, &f), f.realised_pnl_e8, f.fee_e8), (FillReason::Liquidation, 676_500, -6_150_000_000, 37_207_500));
    let l = ex.ledger();
    assert_eq!((l.wallet_e8, l.realised_e8, l.fees_e8, l.funding_e8), (95_000_262_500, -4_850_000_000, 162_017_500, -12_280_000));
    // 1000 − 48.5 − 1.620175 + 0.1228 = 950.002625
    assert_eq!(l.start_e8 + l.realised_e8 - l.fees_e8 - l.funding_e8, l.wallet_e8);
    // T2: fees 0.246 + 0.3366 + 0.372075 = 0.954675, funding −0.1228, gross 3 − 61.5 = −58.5,
    // net −59.331875; exit value 612 + 676.5 = 1288.5; MFE +6 (0.02 at the 61200 open), MAE at LP
    // 615 − 673.425 = −58.425
    let t2 = trades(&ex)[0];
    assert_eq!((t2.side, t2.entry_ts_ms, t2.exit_ts_ms, t2.max_size_steps, t2.exit_reason), (-1, 180_000, 360_000, 20, FillReason::Liquidation as u8));
    assert_eq!((t2.entry_value_e8, t2.exit_value_e8, t2.fees_e8, t2.funding_e8), (123_000_000_000, 128_850_000_000, 95_467_500, -12_280_000));
    assert_eq!((t2.gross_pnl_e8, t2.net_pnl_e8(), t2.mae_e8, t2.mfe_e8), (-5_850_000_000, -5_933_187_500, -5_842_500_000, 600_000_000));
    assert_eq!(ex.stats, Default::default());
}

#[test]
fn funding_shortfall_comes_out_of_position_margin() {
    // wallet 70, long 0.01 @ 60000 at 10x: fee 0.33 → wallet 69.67, IM 60.297, available 9.373
    let mut ex = btc(10.0, 70.0, 0.0, 0.0);
    flat(&mut ex, 0, 60000.0);
    ex.submit(&market(Side::Buy, 0.01));
    bar(&mut ex, 1, 60000.0, 60000.0, 60000.0, 60000.0);
    assert_eq!(state(&ex)[9], 9.373);
    // rate 2% at mark 60000: pays 12 = 9.373 from available + 2.627 from margin → margin 57.67
    ex.apply_funding(120_000, 0.02, 60000.0).unwrap();
    assert!(matches!(ex.events()[0], Event::Funding { paid_e8: 1_200_000_000, from_margin_e8: 262_700_000, .. }));
    assert_eq!((ex.ledger().wallet_e8, ex.position().margin_e8), (5_767_000_000, 5_767_000_000));
    // the liquidation price moves up: 600 − 57.67 + 3.297 = 545.627 → 54562.7
    let s = state(&ex);
    assert_eq!((s[4], s[9]), (54562.7, 0.0));
    // negative rate: the long receives 600 × 0.001 = 0.6
    ex.apply_funding(180_000, -0.001, 60000.0).unwrap();
    assert_eq!((ex.ledger().wallet_e8, ex.ledger().funding_e8), (5_827_000_000, 1_140_000_000));
}

#[test]
fn long_liquidation_on_the_path_and_by_mark() {
    // long 0.01 @ 60000, 10x: bound = 600 − 60.297 + 3.297 = 543 → LP 54300; bankruptcy 54000
    let mut ex = btc(10.0, 1000.0, 0.0, 0.0);
    flat(&mut ex, 0, 60000.0);
    ex.submit(&market(Side::Buy, 0.01));
    bar(&mut ex, 1, 60000.0, 60000.0, 60000.0, 60000.0);
    assert_eq!(bar(&mut ex, 2, 59000.0, 59100.0, 54000.0, 54500.0), 3);
    let f = fills(&ex)[0];
    assert_eq!((fill_ticks(&ex, &f), f.realised_pnl_e8, f.fee_e8), (540_000, -60 * E8, 29_700_000));
    assert_eq!(ex.ledger().wallet_e8, 93_937_300_000); // 999.67 − 60.297
    assert!(matches!(ex.events()[0], Event::Liquidation { mark_e8: 5_430_000_000_000, .. }));
    let mut ex = btc(10.0, 1000.0, 0.0, 0.0);
    flat(&mut ex, 0, 60000.0);
    ex.submit(&market(Side::Buy, 0.01));
    bar(&mut ex, 1, 60000.0, 60000.0, 60000.0, 60000.0);
    assert_eq!(ex.set_mark(120_000, 54300.01).unwrap(), 0);
    assert_eq!(ex.set_mark(120_000, 54300.0).unwrap(), 3);
    assert!(ex.position().is_flat());
}

fn bench_bars(n: usize) -> Vec<[f64; 4]> {
    (0..n)
        .map(|i| {
            let p = 60000.0 + (100.0 * ((i as f64) / 50.0).sin() * 10.0).round() / 10.0;
            [p, p + 3.0, p - 3.0, p + 1.0]
        })
        .collect()
}

#[test]
#[ignore]
fn bench_fast_path() {
    let bars = bench_bars(2_000_000);
    for with_position in [false, true] {
        let mut ex = btc(10.0, 100_000.0, 0.0, 0.0);
        flat(&mut ex, 0, 60000.0);
        if with_position {
            let mut r = market(Side::Buy, 0.01);
            r.take_profit = 70000.0;
            r.stop_loss = 50000.0;
            ex.submit(&r);
        }
        bar(&mut ex, 1, 60000.0, 60000.0, 60000.0, 60000.0);
        let t0 = std::time::Instant::now();
        let mut events = 0;
        for (i, b) in bars.iter().enumerate() {
            events += ex.on_bar_1m((i as i64 + 2) * 60_000, b[0], b[1], b[2], b[3]).unwrap();
        }
        let ns = t0.elapsed().as_nanos() as f64 / bars.len() as f64;
        println!("fast path, position={}: {:.1} ns/bar over {} bars ({} events)", with_position, ns, bars.len(), events);
    }
}
