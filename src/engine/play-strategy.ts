// Adapts a compiled Play (rules evaluator + risk section) to the engine's Strategy port: writes the
// cursors and the position/time state the rules read, maps the emit bitmask to one action, and
// turns the risk section into stop, target and trailing prices for a new position.
import { type CompiledRules, EMIT_BIT, type Evaluator, STATE, STATE_SIZE } from '../dsl';
import { EMITS, type Emit, type Play } from '../play';
import type { Action } from './decision';
import type { EvalState, ExitPlan, Explanation, Strategy } from './play-engine';
import type { TfSeries } from './series';

const B = EMIT_BIT;

type Distance = { pct?: number; atr?: string; mult?: number; distance_usdt?: number };

export class PlayStrategy implements Strategy {
  private readonly cursors: Int32Array;
  private readonly state = new Float64Array(STATE_SIZE);
  private evaluator: Evaluator;
  readonly readsMinuteState: boolean;
  /** The emit behind the last decision's action. */
  private lastEmit: Emit | undefined;

  constructor(
    private readonly play: Play,
    private readonly compiled: CompiledRules,
    private readonly series: readonly TfSeries[],
    private readonly column: (need: CompiledRules['needs'][number]) => Float64Array,
  ) {
    this.cursors = new Int32Array(series.length);
    this.evaluator = compiled.bind({ cursors: this.cursors, state: this.state, column });
    this.readsMinuteState = compiled.readsMinuteState;
  }

  /**
   * Binds the rules again to the current columns (after a growing pipeline reallocated them),
   * keeping what the stateful operators remember (holds_for, crosses, counts).
   */
  rebind(): void {
    const kept = this.evaluator.saveState();
    this.evaluator = this.compiled.bind({ cursors: this.cursors, state: this.state, column: this.column });
    this.evaluator.loadState(kept);
  }

  saveState(): number[] {
    return this.evaluator.saveState();
  }

  loadState(xs: readonly number[]): void {
    this.evaluator.loadState(xs);
  }

  get stateless(): boolean {
    return this.evaluator.stateless;
  }

  /** The evaluator's scan, with the exec timeframe as the only one (its cursor is the bar index). */
  get firstCandidate(): ((from: number, to: number) => number) | undefined {
    return this.series.length === 1 ? this.evaluator.firstCandidate : undefined;
  }

  /** True when a case reads a state built-in; `stateReads` names them. */
  get readsState(): boolean {
    return this.compiled.readsState;
  }

  get stateReads(): readonly string[] {
    return this.compiled.stateReads;
  }

  /**
   * The rules' emit bits (EMIT_BIT) with the cursors at `cursors` (this strategy's series order)
   * and the position on `side` (+1, 0, −1), for rules that read no other state (the column run:
   * entry price, bars in trade, PnL, price and time are left as they were). Stateful operators
   * remember this evaluation, as they remember `decide`'s.
   */
  emitBitsAt(cursors: Int32Array, side: number): number {
    this.cursors.set(cursors);
    this.state[STATE.side] = side;
    return this.evaluator.evaluate();
  }

  /** Forgets what the rules remember (holds_for, crosses ...): as built. */
  reset(): void {
    this.evaluator.reset();
  }

  /** A risk value (`stop_loss.atr` ...) with the cursors at `cursors`; NaN when the Play has none. */
  valueAt(key: string, cursors: Int32Array): number {
    this.cursors.set(cursors);
    return this.evaluator.values[key]?.() ?? Number.NaN;
  }

  decide(s: EvalState): Action {
    const action = this.choose(s);
    return action;
  }

  /** The case that produced the last action and every column the rules read, at its cursor. */
  explain(): Explanation {
    const emit = this.lastEmit;
    const k = emit === undefined ? -1 : (this.evaluator.caseOf[EMITS.indexOf(emit)] ?? -1);
    const inputs: Record<string, number> = {};
    const tfIndex = new Map(this.compiled.tfNames.map((n, i) => [n, i]));
    for (const need of this.compiled.needs) {
      const cursor = this.cursors[tfIndex.get(need.tf) ?? 0] ?? -1;
      inputs[need.key] = cursor < 0 ? Number.NaN : (this.column(need)[cursor] ?? Number.NaN);
    }
    return { caseIndex: k, tag: k >= 0 ? (this.compiled.cases[k]?.tag ?? '') : '', inputs };
  }

  private choose(s: EvalState): Action {
    for (let i = 0; i < this.series.length; i++) this.cursors[i] = this.series[i]!.cursor;
    const st = this.state;
    st[STATE.tsMs] = s.nowMs;
    st[STATE.lastPrice] = s.lastPrice;
    st[STATE.side] = s.side;
    st[STATE.entryPrice] = s.side === 0 ? Number.NaN : s.entryPrice;
    st[STATE.barsInTrade] = s.side === 0 ? Number.NaN : s.barsInTrade;
    st[STATE.unrealizedPnlPct] = s.side === 0 ? Number.NaN : s.unrealizedPnlPct;
    const bits = this.evaluator.evaluate();
    this.lastEmit = undefined;
    if (bits === 0) return 'none';
    // No closures here: this runs at every evaluation.
    if (s.side > 0) {
      if ((bits & (B.enter_short | B.reverse)) !== 0)
        return this.pick((bits & B.enter_short) !== 0 ? 'enter_short' : 'reverse', 'enter_short');
    } else if (s.side < 0) {
      if ((bits & (B.enter_long | B.reverse)) !== 0) return this.pick((bits & B.enter_long) !== 0 ? 'enter_long' : 'reverse', 'enter_long');
    } else {
      const long = (bits & B.enter_long) !== 0;
      const short = (bits & B.enter_short) !== 0;
      if (long && !short) return this.pick('enter_long', 'enter_long');
      if (short && !long) return this.pick('enter_short', 'enter_short');
    }
    // The exits of the position's side; flat, those of the working entry's side, which they cancel
    // (LIVE.md §3: the opposite signal or an exit cancels a working entry first).
    const exitSide = s.side !== 0 ? s.side : s.workingEntrySide;
    if (exitSide > 0 && (bits & (B.exit_long | B.exit)) !== 0)
      return this.pick((bits & B.exit_long) !== 0 ? 'exit_long' : 'exit', 'exit_long');
    if (exitSide < 0 && (bits & (B.exit_short | B.exit)) !== 0)
      return this.pick((bits & B.exit_short) !== 0 ? 'exit_short' : 'exit', 'exit_short');
    return 'none';
  }

  private pick(emit: Emit, action: Action): Action {
    this.lastEmit = emit;
    return action;
  }

  private distance(section: 'stop_loss' | 'take_profit' | 'trailing_stop', d: Distance, entryPrice: number): number | undefined {
    if (d.pct !== undefined) return (entryPrice * d.pct) / 100;
    if (d.distance_usdt !== undefined) return d.distance_usdt;
    if (d.atr !== undefined) {
      const atr = this.evaluator.values[`${section}.atr`]?.() ?? Number.NaN;
      return Number.isFinite(atr) ? atr * (d.mult ?? 1) : undefined;
    }
    return undefined;
  }

  private level(section: 'stop_loss' | 'take_profit', side: 'long' | 'short'): number | undefined {
    const v = this.evaluator.values[`${section}.level_${side}`]?.();
    return v !== undefined && Number.isFinite(v) ? v : undefined;
  }

  exits(side: 'long' | 'short', entryPrice: number): ExitPlan {
    const risk = this.play.risk;
    const dir = side === 'long' ? 1 : -1;
    const plan: ExitPlan = {};
    if (risk.stop_loss) {
      const level = this.level('stop_loss', side);
      const dist = this.distance('stop_loss', risk.stop_loss, entryPrice);
      const price = level ?? (dist !== undefined ? entryPrice - dir * dist : undefined);
      // A stop on the wrong side of the entry would fire at once: drop it rather than trade it.
      if (price !== undefined && dir * (entryPrice - price) > 0) plan.stopLoss = price;
    }
    if (risk.take_profit) {
      const level = this.level('take_profit', side);
      const rr = risk.take_profit.rr;
      const stopDist = plan.stopLoss === undefined ? undefined : Math.abs(entryPrice - plan.stopLoss);
      const dist =
        rr !== undefined
          ? stopDist === undefined
            ? undefined
            : rr * stopDist
          : this.distance('take_profit', risk.take_profit, entryPrice);
      const price = level ?? (dist !== undefined ? entryPrice + dir * dist : undefined);
      if (price !== undefined && dir * (price - entryPrice) > 0) plan.takeProfit = price;
    }
    if (risk.trailing_stop) {
      const dist = this.distance('trailing_stop', risk.trailing_stop, entryPrice);
      if (dist !== undefined && dist > 0) plan.trailingDistance = dist;
    }
    return plan;
  }
}
