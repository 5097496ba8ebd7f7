// The contract between compiled rules and the engine.
//
// The engine owns, per timeframe, one Float64Array column per needed bar field and feature output
// (batch-computed; index = bar index of that TF), an Int32Array of cursors (one per TF, in
// `tfNames` order: the index of the last CLOSED bar of that TF at the evaluation time, -1 before
// the first), and a small Float64Array of position/time state (indices in STATE). Before each
// evaluation it writes the cursors and the state, then calls `evaluate()`, which returns the emit
// bitmask (EMIT_BIT) and reads `col[cursor - offset]` only. Nothing is allocated per evaluation.
//
// Evaluation cadence: once per exec close (execution.evaluate: exec_close) or once per 1m close
// (every_1m). Stateful operators (holds_for, occurred_within, count_true, and cross over values
// that are not all exec-TF columns) count slots = distinct cursor values of their `per` TF (exec by
// default): the value a slot keeps is the one from the last evaluation made while the cursor had
// that value, so both cadences give the same answer on exec-only rules. A cursor that jumps by more
// than one restarts the history (treated as missing data); a cursor that goes back resets it.
// After replacing columns (e.g. growing them in live mode) call `bind` again.
import { EMITS, type Emit } from '../play';

/** Layout of the state Float64Array the engine fills before each evaluation. */
export const STATE = {
  /** Evaluation time, ms UTC: the close time (open + tf) of the bar that just closed. */
  tsMs: 0,
  /** Close of the last closed 1m bar (equals the exec close when evaluating on exec closes). */
  lastPrice: 1,
  /** +1 long, -1 short, 0 flat. */
  side: 2,
  /** Average entry price; NaN when flat. */
  entryPrice: 3,
  /** Exec bars closed since the entry fill (0 on the entry bar); NaN when flat. */
  barsInTrade: 4,
  /** Unrealised PnL in percent of entry notional, unlevered, before fees; NaN when flat. */
  unrealizedPnlPct: 5,
} as const;
export const STATE_SIZE = 6;

/** Emit bits, in EMITS order: enter_long 1, enter_short 2, exit_long 4, exit_short 8, exit 16, reverse 32. */
export const EMIT_BIT: Readonly<Record<Emit, number>> = Object.fromEntries(EMITS.map((e, i) => [e, 1 << i])) as Record<Emit, number>;

/** One column the engine must provide. `key` is unique: "<tf>:<field>" or "<tf>:<feature>.<output>". */
export type ColumnNeed =
  | { key: string; kind: 'bar'; tf: string; field: 'open' | 'high' | 'low' | 'close' | 'volume' }
  | { key: string; kind: 'feature'; tf: string; feature: string; output: string };

export interface RuntimeEnv {
  /** Indexed like CompiledRules.tfNames. */
  cursors: Int32Array;
  /** STATE_SIZE entries, see STATE. */
  state: Float64Array;
  column(need: ColumnNeed): Float64Array;
}

export interface CaseInfo {
  block: string;
  index: number;
  emit: Emit;
  tag: string | undefined;
}

export interface Evaluator {
  /** Runs every block; returns the OR of the matched cases' EMIT_BITs. Allocation-free. */
  evaluate(): number;
  /** Per emit (EMITS order): index into `cases` of the first case that produced it, or -1. */
  readonly caseOf: Int32Array;
  /** Risk values (stop/target levels, ATR reads) by key, e.g. "stop_loss.level_long", "stop_loss.atr". NaN while warming up. */
  readonly values: Readonly<Record<string, () => number>>;
  /** True when the rules have no stateful operator: evaluate() is a function of cursors, state and columns only. */
  readonly stateless: boolean;
  /**
   * Present when the rules are stateless and every case's test is a comparison or cross of exec
   * columns and constants (or an and/or of such): the first exec cursor in [from, to) at which some
   * case may match, or `to`. Evaluations at the cursors before it emit nothing, whatever the state.
   */
  readonly firstCandidate?: (fromCursor: number, toCursor: number) => number;
  /** Forgets the history of stateful operators (new run). */
  reset(): void;
  /** The history of every stateful operator, in build order (NaN and ±Infinity included). */
  saveState(): number[];
  /** Restores `saveState()` of an evaluator bound from the same rules; throws on a shape mismatch. */
  loadState(xs: readonly number[]): void;
}

export interface CompiledRules {
  tfNames: readonly string[];
  needs: readonly ColumnNeed[];
  /** Every case of every block, blocks in name order, cases in file order. */
  cases: readonly CaseInfo[];
  /**
   * True when a case reads last_price, unrealized_pnl_pct, hour_utc or day_of_week: its result can
   * change between two bar closes of the Play's timeframes without a position change. When false,
   * an evaluation gives the same result as the previous one until a cursor moves or the position
   * changes, so the engine may skip it.
   */
  readsMinuteState: boolean;
  /** True when a case reads any state built-in (side, entry price, bars in trade, PnL, price, time). */
  readsState: boolean;
  /** The state built-ins the cases read (side, in_position, entry_price ...), sorted. */
  stateReads: readonly string[];
  bind(env: RuntimeEnv): Evaluator;
}
