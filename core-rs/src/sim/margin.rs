//! Isolated-margin math (Bybit USDT perps, the entry-based "before 2 Sep 2025" formulas, docs
//! bybit-v5.md §6.3-6.5): initial margin, maintenance margin by risk tier, the fee to close at the
//! bankruptcy price, the liquidation bound and the bankruptcy value. All amounts are e8 and every
//! term rounds once, half away from zero. `ev` is the position's entry value (size × avg entry).
use crate::sim::units::{round_div, RATE_SCALE};

/// One risk-limit tier: positions with entry value <= `limit_e8` use its MMR and deduction.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RiskTier {
    pub limit_e8: i64,
    pub max_leverage_x100: i64,
    pub mmr_e10: i64,
    pub deduction_e8: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MarginModel {
    pub leverage_x100: i64,
    pub taker_e10: i64,
    pub tiers: Vec<RiskTier>,
    /// Largest position value the configured leverage allows (risk limit of the last tier whose
    /// max leverage is >= the leverage); more is rejected with 110090.
    pub max_value_e8: i64,
}

impl MarginModel {
    /// `tiers` must be non-empty, ascending by limit, and allow `leverage_x100` in tier 1.
    pub fn new(leverage_x100: i64, taker_e10: i64, tiers: Vec<RiskTier>) -> MarginModel {
        let max_value_e8 = tiers.iter().filter(|t| t.max_leverage_x100 >= leverage_x100).map(|t| t.limit_e8).max().unwrap_or(0);
        MarginModel { leverage_x100, taker_e10, tiers, max_value_e8 }
    }

    /// `ev / leverage`.
    pub fn initial_no_fee(&self, ev: i64) -> i64 {
        round_div(ev as i128 * 100, self.leverage_x100 as i128) as i64
    }

    /// Taker fee to close at the bankruptcy price: `ev × (1 ∓ 1/lev) × takerFee` (− long, + short).
    pub fn close_fee(&self, ev: i64, long: bool) -> i64 {
        let lev = self.leverage_x100 as i128;
        let factor = if long { lev - 100 } else { lev + 100 };
        round_div(ev as i128 * factor * self.taker_e10 as i128, lev * RATE_SCALE as i128) as i64
    }

    /// Position IM = ev / lev + close fee at bankruptcy.
    pub fn initial(&self, ev: i64, long: bool) -> i64 {
        if ev == 0 {
            return 0;
        }
        self.initial_no_fee(ev) + self.close_fee(ev, long)
    }

    /// Margin an open order holds ("order cost"): its IM plus the taker fee to open.
    pub fn order_cost(&self, value: i64, long: bool) -> i64 {
        self.initial(value, long) + round_div(value as i128 * self.taker_e10 as i128, RATE_SCALE as i128) as i64
    }

    /// The tier whose risk limit covers `ev` (the last tier when none does).
    pub fn tier(&self, ev: i64) -> &RiskTier {
        self.tiers.iter().find(|t| ev <= t.limit_e8).unwrap_or(&self.tiers[self.tiers.len() - 1])
    }

    /// Position MM = ev × MMR − deduction + close fee at bankruptcy.
    pub fn maintenance(&self, ev: i64, long: bool) -> i64 {
        if ev == 0 {
            return 0;
        }
        let t = self.tier(ev);
        round_div(ev as i128 * t.mmr_e10 as i128, RATE_SCALE as i128) as i64 - t.deduction_e8 + self.close_fee(ev, long)
    }

    /// Position value at the liquidation price (classic form, §6.5): liquidation happens when the
    /// value at the mark reaches it. Long: `ev − margin + MM` (mark value <= bound);
    /// short: `ev + margin − MM` (mark value >= bound). `margin` is the margin held, so funding
    /// paid out of it moves the bound.
    pub fn liquidation_bound(&self, ev: i64, long: bool, margin: i64) -> i64 {
        let mm = self.maintenance(ev, long);
        if long {
            ev - margin + mm
        } else {
            ev + margin - mm
        }
    }

    /// Exit value at the bankruptcy price: the close that leaves exactly zero margin after the close
    /// fee, so a liquidation costs the trader the whole position margin (pnl − fee = −margin).
    pub fn bankruptcy_value(&self, ev: i64, long: bool, margin: i64) -> i64 {
        let left = margin - self.close_fee(ev, long);
        if long {
            ev - left
        } else {
            ev + left
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::units::Instrument;

    pub fn tier1() -> Vec<RiskTier> {
        vec![
            RiskTier { limit_e8: 2_000_000 * 100_000_000, max_leverage_x100: 10_000, mmr_e10: 50_000_000, deduction_e8: 0 },
            RiskTier { limit_e8: 2_600_000 * 100_000_000, max_leverage_x100: 9_000, mmr_e10: 56_000_000, deduction_e8: 1_200 * 100_000_000 },
        ]
    }

    #[test]
    fn june_2024_capture() {
        // long 0.001 BTC @ 60766.7, 10x, MMR 0.5%, taker 0.00055 (bybit-v5.md §2.8 / §6.3):
        // ev = 60.7667; bankruptcy 54690.03; close fee 0.001 × 54690.03 × 0.00055 = 0.0300795165 → 0.03007952
        // IM = 6.07667 + 0.03007952 = 6.10674952; MM = 0.3038335 + 0.03007952 = 0.33391302
        let m = MarginModel::new(1_000, 5_500_000, tier1());
        let ev = Instrument::new(0.1, 0.001, 0.001, 5.0).unwrap().value_e8(1, 607_667);
        assert_eq!(ev, 6_076_670_000);
        assert_eq!(m.close_fee(ev, true), 3_007_952);
        assert_eq!(m.initial(ev, true), 610_674_952);
        assert_eq!(m.maintenance(ev, true), 33_391_302);
    }

    #[test]
    fn help_centre_liquidation_example() {
        // long 1 BTC @ 20000, 50x, MMR 0.5%: IM 400, MM 100 → LP = 20000 − 400 + 100 = 19700
        // (the close-fee term is in both IM and MM, so it cancels)
        let m = MarginModel::new(5_000, 5_500_000, tier1());
        let ev = 20_000 * 100_000_000;
        let im = m.initial(ev, true);
        assert_eq!(m.initial_no_fee(ev), 400 * 100_000_000);
        assert_eq!(m.liquidation_bound(ev, true, im), 19_700 * 100_000_000);
        // bankruptcy: 20000 × (1 − 1/50) = 19600, at which pnl − fee = −IM
        assert_eq!(m.bankruptcy_value(ev, true, im), 19_600 * 100_000_000);
        // short mirror: LP = 20000 + 400 − 100 = 20300, bankruptcy 20400
        let ims = m.initial(ev, false);
        assert_eq!(m.liquidation_bound(ev, false, ims), 20_300 * 100_000_000);
        assert_eq!(m.bankruptcy_value(ev, false, ims), 20_400 * 100_000_000);
    }

    #[test]
    fn tiers_and_deduction() {
        let m = MarginModel::new(1_000, 5_500_000, tier1());
        // 2.5M USDT is tier 2: MM = 2.5M × 0.56% − 1200 = 12800 (+ close fee)
        let ev = 2_500_000 * 100_000_000;
        assert_eq!(m.tier(ev).mmr_e10, 56_000_000);
        assert_eq!(m.maintenance(ev, true) - m.close_fee(ev, true), 12_800 * 100_000_000);
        assert_eq!(m.max_value_e8, 2_600_000 * 100_000_000);
        assert_eq!(MarginModel::new(9_500, 5_500_000, tier1()).max_value_e8, 2_000_000 * 100_000_000);
    }
}
