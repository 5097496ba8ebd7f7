// Bundled instrument defaults for BTCUSDT, ETHUSDT and SOLUSDT, used until a sync from Bybit replaces
// them. BTCUSDT: order constraints from the Jan 2025 instruments-info sample and the 20-tier risk
// table of the "Margin Parameters" page (docs/bybit-v5.md §6.7, §6.4). ETHUSDT/SOLUSDT: Bybit's
// usual order constraints; their tier ladders are plausible defaults, NOT Bybit's published tables.
import type { Instrument, RiskTier } from '../../domain';

const SYNC_NOTE = 'replace with `trade data instruments --sync`';

/** MM deduction of each tier: ded(n) = limit(n-1) × (mmr(n) − mmr(n-1)) + ded(n-1), ded(1) = 0 (bybit-v5.md §6.4). */
export function withDeductions(ladder: readonly (readonly [riskLimitUsdt: number, maxLeverage: number, mmr: number])[]): RiskTier[] {
  const tiers: RiskTier[] = [];
  ladder.forEach(([riskLimitUsdt, maxLeverage, mmr], i) => {
    const prev = tiers[i - 1];
    const raw = prev ? prev.riskLimitUsdt * (mmr - prev.mmr) + prev.mmDeductionUsdt : 0;
    tiers.push({ riskLimitUsdt, maxLeverage, mmr, mmDeductionUsdt: Math.round(raw * 1e6) / 1e6 });
  });
  return tiers;
}

/** BTCUSDT tiers exactly as printed in bybit-v5.md §6.4 (deductions as published, not computed). */
const BTC_TIERS: RiskTier[] = (
  [
    [2_000_000, 100, 0.005, 0],
    [2_600_000, 90, 0.0056, 1_200],
    [3_200_000, 80, 0.0063, 3_020],
    [3_800_000, 75, 0.0067, 4_300],
    [4_400_000, 70, 0.0071, 5_820],
    [5_000_000, 65, 0.0077, 8_460],
    [5_600_000, 55, 0.0091, 15_460],
    [8_500_000, 50, 0.01, 20_500],
    [10_000_000, 45, 0.013, 46_000],
    [14_000_000, 40, 0.015, 66_000],
    [20_000_000, 35, 0.016, 80_000],
    [28_000_000, 30, 0.02, 160_000],
    [38_000_000, 25, 0.025, 300_000],
    [50_000_000, 20, 0.029, 452_000],
    [55_000_000, 19, 0.03, 502_000],
    [60_000_000, 18, 0.035, 777_000],
    [65_000_000, 17, 0.036, 837_000],
    [70_000_000, 16, 0.038, 967_000],
    [75_000_000, 15, 0.04, 1_107_000],
    [80_000_000, 14, 0.045, 1_482_000],
  ] as const
).map(([riskLimitUsdt, maxLeverage, mmr, mmDeductionUsdt]) => ({ riskLimitUsdt, maxLeverage, mmr, mmDeductionUsdt }));

export const DEFAULT_INSTRUMENTS: readonly Instrument[] = [
  {
    symbol: 'BTCUSDT',
    tickSize: 0.1,
    qtyStep: 0.001,
    minQty: 0.001,
    minNotional: 5,
    maxLeverage: 100,
    fundingIntervalMin: 480,
    tiers: BTC_TIERS,
    source: `bundled defaults (Bybit instruments-info sample Jan 2025; Margin Parameters tier table), ${SYNC_NOTE}`,
  },
  {
    symbol: 'ETHUSDT',
    tickSize: 0.01,
    qtyStep: 0.01,
    minQty: 0.01,
    minNotional: 5,
    maxLeverage: 100,
    fundingIntervalMin: 480,
    tiers: withDeductions([
      [1_000_000, 100, 0.005],
      [1_600_000, 80, 0.0065],
      [2_200_000, 75, 0.007],
      [2_800_000, 70, 0.0075],
      [3_400_000, 65, 0.008],
      [4_000_000, 55, 0.0095],
      [6_000_000, 50, 0.01],
      [8_000_000, 40, 0.015],
      [12_000_000, 30, 0.02],
      [20_000_000, 20, 0.03],
      [30_000_000, 10, 0.05],
    ]),
    source: `bundled defaults (order constraints as on Bybit; tier ladder is a plausible default, not Bybit's table), ${SYNC_NOTE}`,
  },
  {
    symbol: 'SOLUSDT',
    // Not 0.001: none of the 172,800 SOLUSDT 1m prices of 2025-05-30..06-29 (shared market data) has a
    // third decimal, which a 0.001 tick would produce on most bars. Bybit reports priceScale 3, tickSize 0.010.
    tickSize: 0.01,
    qtyStep: 0.1,
    minQty: 0.1,
    minNotional: 5,
    maxLeverage: 100,
    fundingIntervalMin: 480,
    tiers: withDeductions([
      [500_000, 100, 0.005],
      [1_000_000, 75, 0.008],
      [1_500_000, 50, 0.012],
      [2_000_000, 40, 0.015],
      [3_000_000, 25, 0.025],
      [5_000_000, 20, 0.03],
      [8_000_000, 12.5, 0.05],
      [12_000_000, 10, 0.06],
    ]),
    source: `bundled defaults (order constraints as on Bybit; tier ladder and max leverage are plausible defaults, not Bybit's table), ${SYNC_NOTE}`,
  },
];

export function defaultInstrument(symbol: string): Instrument | undefined {
  return DEFAULT_INSTRUMENTS.find((i) => i.symbol === symbol);
}

/** Funding interval Bybit uses for most USDT linear perpetuals (8 h), for symbols with no instrument yet. */
export const DEFAULT_FUNDING_INTERVAL_MIN = 480;
