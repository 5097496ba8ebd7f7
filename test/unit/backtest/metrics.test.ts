// Metrics on a hand-computed equity curve: every figure below is worked out in the comments.
import { describe, expect, test } from 'bun:test';
import { computeMetrics, dailyReturns, drawdown, sharpe, sortino, type TradeSummary } from '../../../src/backtest/metrics';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

// Two bars per day over 4 days; the day's close is the second bar.
// Day closes: 1100, 990, 1089, 1200. Start equity 1000.
// Daily returns: +0.10, -0.10, +0.10, 1200/1089 - 1 = 0.10192837465564737.
const curve = {
  tsMs: Float64Array.from([0, 12, 24, 36, 48, 60, 72, 84].map((h) => T0 + h * 3_600_000)),
  equity: Float64Array.from([1050, 1100, 1000, 990, 1050, 1089, 1150, 1200]),
};

const trades: TradeSummary[] = [
  { side: 'long', pnlUsdt: 100, feesUsdt: 1, fundingUsdt: 0.5, bars: 2, liquidated: false, ambiguous: false },
  { side: 'short', pnlUsdt: -110, feesUsdt: 1, fundingUsdt: -0.2, bars: 2, liquidated: false, ambiguous: true },
  { side: 'long', pnlUsdt: 210, feesUsdt: 1, fundingUsdt: 0, bars: 3, liquidated: false, ambiguous: false },
  { side: 'long', pnlUsdt: -50, feesUsdt: 1, fundingUsdt: 0, bars: 1, liquidated: true, ambiguous: false },
];

describe('metrics', () => {
  test('daily returns use the last bar of each UTC day', () => {
    const r = dailyReturns(curve, 1000);
    expect(r.map((x) => +x.toFixed(12))).toEqual([0.1, -0.1, 0.1, 0.101928374656]);
  });

  test('Sharpe: mean / sample std * sqrt(365)', () => {
    const r = [0.1, -0.1, 0.1, 1200 / 1089 - 1];
    const mean = (0.1 - 0.1 + 0.1 + (1200 / 1089 - 1)) / 4; // 0.050482093664
    // squared deviations 0.0024520 + 0.0226448 + 0.0024520 + 0.0026467 = 0.0301955; / 3 -> sd 0.100325
    const sd = Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / 3);
    expect(sharpe(r)).toBeCloseTo((mean / sd) * Math.sqrt(365), 12);
    // 0.0504821 / 0.100325 = 0.503185; * sqrt(365) = 19.104973 -> 9.6133
    expect(sharpe(r)).toBeCloseTo(9.6133, 3);
  });

  test('Sortino: mean / sqrt(mean(min(r,0)^2)) * sqrt(365)', () => {
    const r = [0.1, -0.1, 0.1, 1200 / 1089 - 1];
    // downside deviation = sqrt(0.01 / 4) = 0.05
    expect(sortino(r)).toBeCloseTo((0.050482093664 / 0.05) * Math.sqrt(365), 8);
  });

  test('drawdown: peak 1100 to trough 990 = 110 USDT, 10%; recovered at 1150 (hour 72) from hour 12', () => {
    const dd = drawdown(curve, 1000, T0);
    expect(dd.maxUsdt).toBe(110);
    expect(dd.maxPct).toBeCloseTo(10, 12);
    expect(dd.maxDurationMs).toBe(60 * 3_600_000);
  });

  test('trade statistics and totals', () => {
    const m = computeMetrics({
      curve,
      startEquityUsdt: 1000,
      startMs: T0,
      endMs: T0 + 4 * DAY,
      trades,
      barsInPosition: 6,
      feesUsdt: 4,
      fundingUsdt: 0.3,
      ambiguousFills: 1,
    });
    expect(m.netPnlUsdt).toBe(200);
    expect(m.returnPct).toBeCloseTo(20, 12);
    // A 4-day window has no CAGR (under MIN_CAGR_DAYS), hence no Calmar.
    expect(m.cagrPct).toBeNull();
    expect(m.winRatePct).toBe(50);
    expect(m.profitFactor).toBeCloseTo(310 / 160, 12);
    expect(m.expectancyUsdt).toBe(37.5);
    expect(m.avgWinUsdt).toBe(155);
    expect(m.avgLossUsdt).toBe(-80);
    expect(m.longTrades).toBe(3);
    expect(m.shortTrades).toBe(1);
    expect(m.exposurePct).toBe(75);
    expect(m.avgBarsInTrade).toBe(2);
    expect(m.liquidations).toBe(1);
    expect(m.ambiguousFills).toBe(1);
    expect(m.maxDrawdownDurationDays).toBe(2.5);
    expect(m.calmar).toBeNull();
    // The same curve read as a 365-day window: CAGR = 20%, Calmar = 20 / 10 (max drawdown 10%).
    const year = computeMetrics({
      curve,
      startEquityUsdt: 1000,
      startMs: T0,
      endMs: T0 + 365 * DAY,
      trades,
      barsInPosition: 6,
      feesUsdt: 4,
      fundingUsdt: 0.3,
      ambiguousFills: 1,
    });
    expect(year.cagrPct).toBeCloseTo(20, 9);
    expect(year.calmar).toBeCloseTo(2, 9);
  });

  test('no trades and a flat curve: metrics without meaning are null (n/a), never NaN', () => {
    const flat = { tsMs: Float64Array.from([T0, T0 + DAY]), equity: Float64Array.from([1000, 1000]) };
    const m = computeMetrics({
      curve: flat,
      startEquityUsdt: 1000,
      startMs: T0,
      endMs: T0 + 2 * DAY,
      trades: [],
      barsInPosition: 0,
      feesUsdt: 0,
      fundingUsdt: 0,
      ambiguousFills: 0,
    });
    for (const [k, v] of Object.entries(m)) expect(Number.isNaN(v), k).toBe(false);
    const nulls = Object.entries(m)
      .filter(([, v]) => v === null)
      .map(([k]) => k);
    expect(nulls).toEqual([
      'cagrPct',
      'sharpe',
      'sortino',
      'calmar',
      'maxDrawdownDurationDays',
      'winRatePct',
      'profitFactor',
      'expectancyUsdt',
      'avgWinUsdt',
      'avgLossUsdt',
      'avgBarsInTrade',
    ]);
    expect([m.netPnlUsdt, m.maxDrawdownPct, m.trades]).toEqual([0, 0, 0]);
  });
});
