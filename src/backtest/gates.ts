// Preflight gates: the run fails closed, before any simulation, when the window plus warm-up is
// not fully covered by 1m candles (every gap is listed), or when funding is missing and the user
// did not pass --no-funding. Messages are one line naming the symbol, the range and the fix.
import { type FundingColumns, isoMs, MINUTE_MS } from '../domain';
import { TradeError } from '../errors';

export interface GapRange {
  start: string;
  end: string;
  minutes: number;
}

export function coverageGate(symbol: string, fromMs: number, toMs: number, gaps: readonly GapRange[]): void {
  if (gaps.length === 0) return;
  const shown = gaps
    .slice(0, 5)
    .map((g) => `${g.start}..${g.end} (${g.minutes} min)`)
    .join(', ');
  const more = gaps.length > 5 ? ` and ${gaps.length - 5} more` : '';
  throw new TradeError(
    'GATE_FAILED',
    `preflight: ${symbol} 1m candles for ${isoMs(fromMs)}..${isoMs(toMs)} (window plus warm-up) have ${gaps.length} gap(s): ${shown}${more}; import the missing data (trade data import / trade data gaps ${symbol})`,
    { gaps },
  );
}

/** Funding settlements expected on the interval grid inside [fromMs, toMs) must all be stored. */
export function fundingGate(symbol: string, fromMs: number, toMs: number, intervalMin: number, funding: FundingColumns): void {
  const stepMs = intervalMin * MINUTE_MS;
  const have = new Set<number>();
  for (let i = 0; i < funding.tsMs.length; i++) have.add(funding.tsMs[i]!);
  const missing: number[] = [];
  for (let t = Math.ceil(fromMs / stepMs) * stepMs; t < toMs; t += stepMs) if (!have.has(t)) missing.push(t);
  if (missing.length === 0) return;
  const shown = missing.slice(0, 3).map(isoMs).join(', ');
  throw new TradeError(
    'GATE_FAILED',
    `preflight: ${symbol} funding is missing at ${missing.length} of the settlement times in ${isoMs(fromMs)}..${isoMs(toMs)} (first: ${shown}); import funding history or pass --no-funding`,
  );
}
