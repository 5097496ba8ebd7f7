// Instrument facts the engine needs for a USDT linear perpetual: price/qty grids, limits, funding
// interval and the risk-limit tier table. Units are in the names; rates are decimal fractions.

export interface RiskTier {
  /** Upper bound of position value for this tier, USDT. */
  riskLimitUsdt: number;
  maxLeverage: number;
  /** Maintenance margin rate, decimal fraction (0.005 = 0.5%). */
  mmr: number;
  /** Maintenance margin deduction, USDT. */
  mmDeductionUsdt: number;
}

export interface Instrument {
  symbol: string;
  tickSize: number;
  qtyStep: number;
  minQty: number;
  minNotional: number;
  maxLeverage: number;
  fundingIntervalMin: number;
  /** Ascending by riskLimitUsdt. */
  tiers: RiskTier[];
  /** Where the values came from (e.g. "bundled defaults, replace with --sync"). */
  source: string;
}
