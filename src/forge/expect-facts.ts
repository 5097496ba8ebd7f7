// The facts a `validation:` expectation can name, their types, and how they are read from a run
// of a Play on a synthetic market. Bars are exec bars counted from the scenario's first minute
// (bar 0); an entry's bar is the exec bar in which its fill happened; `event_entry` is the first
// entry in or after the event's bar.
import type { ClosedTrade } from '../engine';

export type FactType = 'number' | 'word' | 'set';
/** A fact's value: null when it does not exist (no entry, no exit). */
export type FactValue = number | string | readonly string[] | null;

export const FACT_TYPES: Record<string, FactType> = {
  trades: 'number',
  long_trades: 'number',
  short_trades: 'number',
  wins: 'number',
  losses: 'number',
  liquidations: 'number',
  max_drawdown_pct: 'number',
  return_pct: 'number',
  net_pnl_usdt: 'number',
  win_rate_pct: 'number',
  fees_usdt: 'number',
  funding_usdt: 'number',
  skipped_entries: 'number',
  event_bar: 'number',
  bars: 'number',
  'first_entry.bar': 'number',
  'first_entry.price': 'number',
  'first_entry.side': 'word',
  'event_entry.bar': 'number',
  'event_entry.side': 'word',
  'last_entry.bar': 'number',
  'last_entry.side': 'word',
  'first_exit.bar': 'number',
  'first_exit.reason': 'word',
  'last_exit.bar': 'number',
  'last_exit.reason': 'word',
  position: 'word',
  exit_reasons: 'set',
  entry_sides: 'set',
};

/** Words an expectation may compare with (sides and exit reasons). */
export const WORDS = [
  'long',
  'short',
  'flat',
  'signal',
  'take_profit',
  'stop_loss',
  'trailing_stop',
  'liquidation',
  'end_of_data',
] as const;

export interface RunFacts {
  trades: readonly ClosedTrade[];
  metrics: {
    trades: number;
    longTrades: number;
    shortTrades: number;
    liquidations: number;
    maxDrawdownPct: number;
    returnPct: number;
    netPnlUsdt: number;
    winRatePct: number | null;
    feesUsdt: number;
    fundingUsdt: number;
  };
  skippedEntries: number;
  /** The side still open at the end ('flat' when none). */
  openSide: 'long' | 'short' | 'flat';
  /** The open position's entry time, when one is open (it counts as an entry). */
  openEntryTsMs?: number;
  startMs: number;
  endMs: number;
  eventTsMs: number;
  execTfMs: number;
}

/** Every fact of a run, by name. */
export function factsOf(r: RunFacts): Record<string, FactValue> {
  const bar = (tsMs: number) => Math.floor((tsMs - r.startMs) / r.execTfMs);
  const t = r.trades;
  const first = t[0];
  const last = t.at(-1);
  const entries = t.map((x) => ({ tsMs: x.entryTsMs, side: x.side as string }));
  if (r.openEntryTsMs !== undefined && r.openSide !== 'flat') entries.push({ tsMs: r.openEntryTsMs, side: r.openSide });
  const firstEntry = entries[0];
  const lastEntry = entries.at(-1);
  const eventEntry = entries.find((e) => bar(e.tsMs) >= bar(r.eventTsMs));
  const m = r.metrics;
  return {
    trades: m.trades,
    long_trades: m.longTrades,
    short_trades: m.shortTrades,
    wins: t.filter((x) => x.pnlUsdt > 0).length,
    losses: t.filter((x) => x.pnlUsdt <= 0).length,
    liquidations: m.liquidations,
    max_drawdown_pct: m.maxDrawdownPct,
    return_pct: m.returnPct,
    net_pnl_usdt: m.netPnlUsdt,
    win_rate_pct: m.winRatePct,
    fees_usdt: m.feesUsdt,
    funding_usdt: m.fundingUsdt,
    skipped_entries: r.skippedEntries,
    event_bar: bar(r.eventTsMs),
    bars: Math.ceil((r.endMs - r.startMs) / r.execTfMs),
    'first_entry.bar': firstEntry ? bar(firstEntry.tsMs) : null,
    'first_entry.price': first ? first.entryPrice : null,
    'first_entry.side': firstEntry ? firstEntry.side : null,
    'event_entry.bar': eventEntry ? bar(eventEntry.tsMs) : null,
    'event_entry.side': eventEntry ? eventEntry.side : null,
    'last_entry.bar': lastEntry ? bar(lastEntry.tsMs) : null,
    'last_entry.side': lastEntry ? lastEntry.side : null,
    'first_exit.bar': first ? bar(first.exitTsMs) : null,
    'first_exit.reason': first ? first.exitReason : null,
    'last_exit.bar': last ? bar(last.exitTsMs) : null,
    'last_exit.reason': last ? last.exitReason : null,
    position: r.openSide,
    exit_reasons: [...new Set(t.map((x) => x.exitReason as string))].sort(),
    entry_sides: [...new Set(entries.map((x) => x.side))].sort(),
  };
}
