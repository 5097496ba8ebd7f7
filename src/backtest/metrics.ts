// Backtest metrics from the per-exec-bar equity curve and the closed trades. Conventions (stated
// in docs/backtest.md): daily returns from the equity at each UTC day's last bar (the first day's
// base is the starting equity); Sharpe and Sortino annualised with sqrt(365); sample standard
// deviation (n - 1) for Sharpe; downside deviation = sqrt(mean(min(r, 0)^2)) over all days;
// CAGR over calendar time with a 365-day year; Calmar = CAGR / max drawdown fraction.
// A metric without meaning is null (printed n/a), never 0 or Infinity: CAGR of a window under
// MIN_CAGR_DAYS, Calmar without CAGR or drawdown, Sharpe/Sortino with under 2 days or no
// deviation (no downside), profit factor without a losing trade, drawdown duration without a
// drawdown, and the per-trade averages without the trades they average.
import { DAY_MS } from '../domain';

export interface EquityCurve {
  tsMs: Float64Array;
  equity: Float64Array;
}

export interface TradeSummary {
  side: 'long' | 'short';
  pnlUsdt: number;
  feesUsdt: number;
  fundingUsdt: number;
  bars: number;
  liquidated: boolean;
  ambiguous: boolean;
}

export interface Metrics {
  startEquityUsdt: number;
  endEquityUsdt: number;
  netPnlUsdt: number;
  returnPct: number;
  cagrPct: number | null;
  sharpe: number | null;
  sortino: number | null;
  calmar: number | null;
  maxDrawdownPct: number;
  maxDrawdownUsdt: number;
  maxDrawdownDurationDays: number | null;
  trades: number;
  longTrades: number;
  shortTrades: number;
  winRatePct: number | null;
  profitFactor: number | null;
  expectancyUsdt: number | null;
  avgWinUsdt: number | null;
  avgLossUsdt: number | null;
  exposurePct: number;
  avgBarsInTrade: number | null;
  feesUsdt: number;
  fundingUsdt: number;
  liquidations: number;
  ambiguousFills: number;
}

export interface MetricsInput {
  curve: EquityCurve;
  startEquityUsdt: number;
  /** Window end (exclusive), for CAGR over calendar time. */
  startMs: number;
  endMs: number;
  trades: readonly TradeSummary[];
  /** Exec bars with an open position, of `curve.tsMs.length`. */
  barsInPosition: number;
  feesUsdt: number;
  fundingUsdt: number;
  ambiguousFills: number;
}

/** Equity at the last bar of each UTC day, in day order. */
export function dailyCloses(curve: EquityCurve): number[] {
  const out: number[] = [];
  const n = curve.tsMs.length;
  for (let i = 0; i < n; i++) {
    const day = Math.floor(curve.tsMs[i]! / DAY_MS);
    const nextDay = i + 1 < n ? Math.floor(curve.tsMs[i + 1]! / DAY_MS) : Number.NaN;
    if (day !== nextDay) out.push(curve.equity[i]!);
  }
  return out;
}

export function dailyReturns(curve: EquityCurve, startEquityUsdt: number): number[] {
  const closes = dailyCloses(curve);
  const out: number[] = [];
  let prev = startEquityUsdt;
  for (const c of closes) {
    out.push(prev === 0 ? 0 : c / prev - 1);
    prev = c;
  }
  return out;
}

/** Shortest window with a CAGR: annualising a few days' return means nothing. */
export const MIN_CAGR_DAYS = 30;

export function sharpe(returns: readonly number[]): number | null {
  const n = returns.length;
  if (n < 2) return null;
  const mean = returns.reduce((a, b) => a + b, 0) / n;
  const variance = returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1);
  return variance === 0 ? null : (mean / Math.sqrt(variance)) * Math.sqrt(365);
}

export function sortino(returns: readonly number[]): number | null {
  const n = returns.length;
  if (n < 2) return null;
  const mean = returns.reduce((a, b) => a + b, 0) / n;
  const downside = Math.sqrt(returns.reduce((a, r) => a + Math.min(r, 0) ** 2, 0) / n);
  return downside === 0 ? null : (mean / downside) * Math.sqrt(365);
}

export interface Drawdown {
  maxPct: number;
  maxUsdt: number;
  maxDurationMs: number;
}

/** Peak-to-trough drawdown; duration = longest time from a peak until equity regains it (or the end). */
export function drawdown(curve: EquityCurve, startEquityUsdt: number, startMs: number): Drawdown {
  let peak = startEquityUsdt;
  let peakMs = startMs;
  let maxPct = 0;
  let maxUsdt = 0;
  let maxDurationMs = 0;
  const n = curve.tsMs.length;
  for (let i = 0; i < n; i++) {
    const e = curve.equity[i]!;
    const t = curve.tsMs[i]!;
    if (e >= peak) {
      maxDurationMs = Math.max(maxDurationMs, t - peakMs);
      peak = e;
      peakMs = t;
      continue;
    }
    maxUsdt = Math.max(maxUsdt, peak - e);
    if (peak > 0) maxPct = Math.max(maxPct, ((peak - e) / peak) * 100);
  }
  if (n > 0) {
    const last = curve.equity[n - 1]!;
    if (last < peak) maxDurationMs = Math.max(maxDurationMs, curve.tsMs[n - 1]! - peakMs);
  }
  return { maxPct, maxUsdt, maxDurationMs };
}

export function computeMetrics(input: MetricsInput): Metrics {
  const { curve, startEquityUsdt, trades } = input;
  const n = curve.equity.length;
  const endEquity = n > 0 ? curve.equity[n - 1]! : startEquityUsdt;
  const years = (input.endMs - input.startMs) / (365 * DAY_MS);
  const growth = startEquityUsdt > 0 ? endEquity / startEquityUsdt : 0;
  const cagr = input.endMs - input.startMs < MIN_CAGR_DAYS * DAY_MS ? null : growth > 0 ? growth ** (1 / years) - 1 : -1;
  const rets = dailyReturns(curve, startEquityUsdt);
  const dd = drawdown(curve, startEquityUsdt, input.startMs);
  const wins = trades.filter((t) => t.pnlUsdt > 0);
  const losses = trades.filter((t) => t.pnlUsdt <= 0);
  const grossWin = wins.reduce((a, t) => a + t.pnlUsdt, 0);
  const grossLoss = -losses.reduce((a, t) => a + t.pnlUsdt, 0);
  const totalBars = trades.reduce((a, t) => a + t.bars, 0);
  return {
    startEquityUsdt,
    endEquityUsdt: endEquity,
    netPnlUsdt: endEquity - startEquityUsdt,
    returnPct: startEquityUsdt > 0 ? (endEquity / startEquityUsdt - 1) * 100 : 0,
    cagrPct: cagr === null ? null : cagr * 100,
    sharpe: sharpe(rets),
    sortino: sortino(rets),
    calmar: cagr !== null && dd.maxPct > 0 ? (cagr * 100) / dd.maxPct : null,
    maxDrawdownPct: dd.maxPct,
    maxDrawdownUsdt: dd.maxUsdt,
    maxDrawdownDurationDays: dd.maxUsdt > 0 ? dd.maxDurationMs / DAY_MS : null,
    trades: trades.length,
    longTrades: trades.filter((t) => t.side === 'long').length,
    shortTrades: trades.filter((t) => t.side === 'short').length,
    winRatePct: trades.length > 0 ? (wins.length / trades.length) * 100 : null,
    profitFactor: grossLoss > 0 ? grossWin / grossLoss : null,
    expectancyUsdt: trades.length > 0 ? (grossWin - grossLoss) / trades.length : null,
    avgWinUsdt: wins.length > 0 ? grossWin / wins.length : null,
    avgLossUsdt: losses.length > 0 ? -grossLoss / losses.length : null,
    exposurePct: n > 0 ? (input.barsInPosition / n) * 100 : 0,
    avgBarsInTrade: trades.length > 0 ? totalBars / trades.length : null,
    feesUsdt: input.feesUsdt,
    fundingUsdt: input.fundingUsdt,
    liquidations: trades.filter((t) => t.liquidated).length,
    ambiguousFills: input.ambiguousFills,
  };
}
