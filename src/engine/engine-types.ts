// The PlayEngine's contract types: what the rules see (EvalState), the Strategy port the compiled
// rules implement, the engine's configuration, its outputs (equity points, skipped entries,
// counters) and its snapshot. Kept apart from play-engine.ts, which holds the behaviour.
import type { Action } from './decision';
import type { TrackedOrder } from './order-tracker';
import type { TimeInForce } from './ports';
import type { LotRules, SizingPlan } from './sizing';
import type { OpenTrade } from './trade-book';

/** What the rules see besides feature columns (owned and mutated by the engine, never reallocated). */
export interface EvalState {
  /** Close time of the 1m bar just finished (ms). */
  nowMs: number;
  lastPrice: number;
  /** +1 long, -1 short, 0 flat. */
  side: number;
  entryPrice: number;
  barsInTrade: number;
  unrealizedPnlPct: number;
  isExecClose: boolean;
  /** Side of the entry order working while flat (+1 buy, -1 sell, 0 none): an exit of that side cancels it. */
  workingEntrySide: number;
}

/** The state before the first bar: flat, no price yet. */
export function initialEvalState(): EvalState {
  return {
    nowMs: 0,
    lastPrice: Number.NaN,
    side: 0,
    entryPrice: Number.NaN,
    barsInTrade: 0,
    unrealizedPnlPct: 0,
    isExecClose: false,
    workingEntrySide: 0,
  };
}

/** Unrealised PnL in % of the entry at `price` (0 when flat or without an entry price). */
export function unrealizedPct(side: number, entryPrice: number, price: number): number {
  return side === 0 || !(entryPrice > 0) ? 0 : (side * (price - entryPrice) * 100) / entryPrice;
}

export interface ExitPlan {
  stopLoss?: number;
  takeProfit?: number;
  trailingDistance?: number;
}

/** Why a decision did what it did (only asked for when decisions are recorded). */
export interface Explanation {
  caseIndex: number;
  tag: string;
  inputs: Record<string, number>;
}

export interface Strategy {
  decide(state: EvalState): Action;
  /**
   * True when a decision can change between two bar closes of the strategy's timeframes while the
   * position stays the same (it reads the last price, the time or the unrealised PnL). When false,
   * the engine skips the evaluations that would repeat the previous result.
   */
  readonly readsMinuteState: boolean;
  /**
   * True when `decide` keeps nothing between calls (no holds_for, no crosses over higher
   * timeframes): a decision may be computed ahead of the venue and computed again with the same
   * result (ahead-scan.ts). Absent: false.
   */
  readonly stateless?: boolean;
  /**
   * For a stateless strategy whose only timeframe is the exec one: the first exec bar index in
   * [from, to) whose decision may act, or `to`; every decision before it is 'none' whatever the
   * position (ahead-scan.ts jumps there). Absent (or undefined): every bar is evaluated.
   */
  readonly firstCandidate?: (from: number, to: number) => number;
  /** Exit prices for a new position entered near `entryPrice`. */
  exits(side: 'long' | 'short', entryPrice: number): ExitPlan;
  /** The case and inputs behind the last `decide` (for decision records). */
  explain?(): Explanation;
  /** State the rules keep between evaluations (holds_for, crosses ...), for snapshots. */
  saveState?(): number[];
  loadState?(state: readonly number[]): void;
}

export interface EngineConfig {
  /** Fixed per session: the prefix of every order id. */
  runId: string;
  evaluateEvery: 'exec_close' | '1m_close';
  sizing: SizingPlan;
  leverage: number;
  maxNotionalUsdt: number | undefined;
  rules: LotRules;
  /** Limit entries: offset from the last price in percent (buy below, sell above); market when undefined. */
  limitOffsetPct: number | undefined;
  timeInForce: TimeInForce;
  /** A working limit entry is cancelled after this many exec bars; undefined: never. */
  entryExpireBars: number | undefined;
  /** Taker fee rate, for the order cost (margin + fees) that sizing must leave room for. */
  takerFeeRate: number;
  /**
   * A UTC day's loss beyond this percent of its starting equity stops new entries for the rest of
   * the run (the kill switch's REDUCING; in every mode, so backtests see it too); undefined: none.
   */
  dailyLossLimitPct?: number | undefined;
  /** At most this many orders (entries and exits) in any 60 s of market time; further entries are skipped. */
  maxOrdersPerMinute: number;
}

/** An entry the engine wanted and did not get, with a stable reason code. */
export interface SkippedEntry {
  tsMs: number;
  reason: string;
  detail: string;
}

/** Everything needed to continue a run in a new engine (with the same Play and venue). */
export interface EngineSnapshot {
  version: 1;
  runId: string;
  /** Close time of the last bar processed. */
  lastBarCloseMs: number;
  orderSeq: number;
  decisionSeq: number;
  state: EvalState;
  lastAction: Action;
  pendingEntry: 'long' | 'short' | undefined;
  orders: TrackedOrder[];
  openTrade: OpenTrade | undefined;
  protection: { takeProfit?: number; stopLoss?: number };
  /** What the rules remember (holds_for, crosses, counts), JSON-safe (NaN and ±Infinity as strings). */
  rules: Array<number | string>;
  counters: EngineCounters;
  /** The daily loss limit: the current UTC day, its starting equity, and whether it was passed. */
  dailyLoss?: { day: number; startEquityUsdt: number; reducing: boolean };
  /** Why the kill switch went to REDUCING other than the daily loss (live: repeated rejects, stale data). */
  reducedBy?: string;
  /** Times (ms, market) of the orders sent in the last minute. */
  recentOrderMs?: number[];
}

export interface EngineCounters {
  feesUsdt: number;
  fundingUsdt: number;
  fills: number;
  ambiguousFills: number;
  liquidations: number;
  lastEventSeq: number;
}
