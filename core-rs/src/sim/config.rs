//! Sim configuration decoded from the flat f64 array the host passes to `sim_create`:
//! `[tickSize, qtyStep, minQty, minNotional, makerFee, takerFee, slippageBps, startingWallet,
//!   leverage, intrabarMode (0 path | 1 pessimistic | 2 optimistic), nTiers,
//!   then nTiers × (riskLimit USDT, maxLeverage, MMR, mmDeduction USDT)]`, tiers ascending by limit.
//! Every field is validated here with a message naming it; the sim itself never sees bad config.
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::sim::margin::{MarginModel, RiskTier};
use crate::sim::units::{rate_e10, Instrument};

pub const CONFIG_HEAD: usize = 11;
pub const TIER_FIELDS: usize = 4;
/// Bybit allows 10 active conditional orders per symbol.
pub const MAX_CONDITIONAL: usize = 10;

/// Tie-break when both intrabar paths (O→H→L→C and O→L→H→C) give different outcomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntrabarMode {
    /// The path implied by the open: high first when |h − o| <= |o − l| (a tie goes high first).
    Path = 0,
    /// The path with the lower equity at the bar's close.
    Pessimistic = 1,
    /// The path with the higher equity at the bar's close.
    Optimistic = 2,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SimConfig {
    pub instrument: Instrument,
    pub maker_e10: i64,
    pub taker_e10: i64,
    pub slippage_e10: i64,
    pub start_e8: i64,
    pub margin: MarginModel,
    pub mode: IntrabarMode,
}

fn bad(index: usize, field: &str, value: f64, expected: &str) -> CoreError {
    CoreError::new(ErrorCode::InvalidParam, format!("sim config[{}] {} = {}: expected {}", index, field, value, expected))
}

/// A USDT amount in e8 (integers up to 9e10 USDT stay exact).
fn amount_e8(x: f64) -> Option<i64> {
    if !x.is_finite() || x.abs() >= 9.0e10 {
        return None;
    }
    Some((x * 1e8).round() as i64)
}

fn leverage_x100(x: f64) -> Option<i64> {
    let v = x * 100.0;
    if !v.is_finite() || x < 1.0 || (v - v.round()).abs() > 1e-6 {
        return None;
    }
    Some(v.round() as i64)
}

fn fee(v: &[f64], i: usize, field: &str) -> CoreResult<i64> {
    rate_e10(v[i]).filter(|_| v[i] > -0.01 && v[i] < 0.1).ok_or_else(|| bad(i, field, v[i], "a fee rate in (-0.01, 0.1)"))
}

fn tier(v: &[f64], k: usize) -> CoreResult<RiskTier> {
    let i = CONFIG_HEAD + k * TIER_FIELDS;
    let name = |f: &str| format!("tiers[{}].{}", k, f);
    let limit_e8 = amount_e8(v[i]).filter(|x| *x > 0).ok_or_else(|| bad(i, &name("riskLimit"), v[i], "a USDT amount > 0"))?;
    let max_leverage_x100 = leverage_x100(v[i + 1]).ok_or_else(|| bad(i + 1, &name("maxLeverage"), v[i + 1], ">= 1 in steps of 0.01"))?;
    let mmr_e10 = rate_e10(v[i + 2]).filter(|m| *m > 0 && v[i + 2] < 1.0).ok_or_else(|| bad(i + 2, &name("mmr"), v[i + 2], "a rate in (0, 1)"))?;
    let deduction_e8 = amount_e8(v[i + 3]).filter(|d| *d >= 0).ok_or_else(|| bad(i + 3, &name("mmDeduction"), v[i + 3], "a USDT amount >= 0"))?;
    Ok(RiskTier { limit_e8, max_leverage_x100, mmr_e10, deduction_e8 })
}

impl SimConfig {
    pub fn from_values(v: &[f64]) -> CoreResult<SimConfig> {
        if v.len() < CONFIG_HEAD {
            return Err(CoreError::new(ErrorCode::BadLength, format!("sim config: got {} values, expected at least {}", v.len(), CONFIG_HEAD)));
        }
        let n = v[10];
        if !(n >= 1.0 && n <= 1000.0 && n.fract() == 0.0) || v.len() != CONFIG_HEAD + n as usize * TIER_FIELDS {
            return Err(CoreError::new(
                ErrorCode::BadLength,
                format!("sim config[10] nTiers = {} with {} values: expected nTiers >= 1 and {} + 4 × nTiers values", n, v.len(), CONFIG_HEAD),
            ));
        }
        let instrument = Instrument::new(v[0], v[1], v[2], v[3])?;
        let maker_e10 = fee(v, 4, "makerFee")?;
        let taker_e10 = fee(v, 5, "takerFee")?;
        let slippage_e10 = rate_e10(v[6] / 10_000.0).filter(|_| v[6] >= 0.0 && v[6] <= 1000.0).ok_or_else(|| bad(6, "slippageBps", v[6], "bps in [0, 1000]"))?;
        let start_e8 = amount_e8(v[7]).filter(|w| *w > 0).ok_or_else(|| bad(7, "startingWallet", v[7], "a USDT amount > 0"))?;
        let lev = leverage_x100(v[8]).ok_or_else(|| bad(8, "leverage", v[8], ">= 1 in steps of 0.01"))?;
        let mode = match v[9] {
            m if m == 0.0 => IntrabarMode::Path,
            m if m == 1.0 => IntrabarMode::Pessimistic,
            m if m == 2.0 => IntrabarMode::Optimistic,
            m => return Err(bad(9, "intrabarMode", m, "0 path | 1 pessimistic | 2 optimistic")),
        };
        let mut tiers = Vec::with_capacity(n as usize);
        for k in 0..n as usize {
            let t = tier(v, k)?;
            if let Some(prev) = tiers.last() {
                let p: &RiskTier = prev;
                if t.limit_e8 <= p.limit_e8 {
                    let i = CONFIG_HEAD + k * TIER_FIELDS;
                    return Err(bad(i, &format!("tiers[{}].riskLimit", k), v[i], "limits strictly ascending"));
                }
            }
            tiers.push(t);
        }
        if lev > tiers[0].max_leverage_x100 {
            return Err(bad(8, "leverage", v[8], &format!("<= tier 1 max leverage {}", v[CONFIG_HEAD + 1])));
        }
        Ok(SimConfig { instrument, maker_e10, taker_e10, slippage_e10, start_e8, margin: MarginModel::new(lev, taker_e10, tiers), mode })
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// BTCUSDT (bybit-v5.md §6.7) with the first two risk tiers of §6.4.
    pub fn btc_values(leverage: f64, wallet: f64, slippage_bps: f64, mode: f64) -> Vec<f64> {
        vec![
            0.1, 0.001, 0.001, 5.0, 0.0002, 0.00055, slippage_bps, wallet, leverage, mode, 2.0, //
            2_000_000.0, 100.0, 0.005, 0.0, //
            2_600_000.0, 90.0, 0.0056, 1_200.0,
        ]
    }

    #[test]
    fn parses_btcusdt() {
        let c = SimConfig::from_values(&btc_values(10.0, 1000.0, 2.5, 1.0)).unwrap();
        assert_eq!((c.maker_e10, c.taker_e10, c.slippage_e10), (2_000_000, 5_500_000, 2_500_000));
        assert_eq!((c.start_e8, c.margin.leverage_x100, c.mode), (100_000_000_000, 1_000, IntrabarMode::Pessimistic));
        assert_eq!(c.margin.tiers[1], RiskTier { limit_e8: 260_000_000_000_000, max_leverage_x100: 9_000, mmr_e10: 56_000_000, deduction_e8: 120_000_000_000 });
    }

    #[test]
    fn names_the_bad_field() {
        let mut v = btc_values(10.0, 1000.0, 0.0, 0.0);
        v[5] = 0.5;
        assert_eq!(SimConfig::from_values(&v).unwrap_err().message, "sim config[5] takerFee = 0.5: expected a fee rate in (-0.01, 0.1)");
        let v = btc_values(150.0, 1000.0, 0.0, 0.0);
        assert_eq!(SimConfig::from_values(&v).unwrap_err().message, "sim config[8] leverage = 150: expected <= tier 1 max leverage 100");
        let mut v = btc_values(10.0, 1000.0, 0.0, 0.0);
        v[15] = 1_000_000.0;
        assert_eq!(SimConfig::from_values(&v).unwrap_err().message, "sim config[15] tiers[1].riskLimit = 1000000: expected limits strictly ascending");
        let mut v = btc_values(10.0, 1000.0, 0.0, 0.0);
        v.pop();
        assert_eq!(SimConfig::from_values(&v).unwrap_err().code, ErrorCode::BadLength);
    }
}
