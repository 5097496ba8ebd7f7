// Adapts a compiled Play (rules evaluator + risk section) to the engine's Strategy port: writes the
// cursors and the position/time state the rules read, maps the emit bitmask to one action, and
// turns the risk section into stop, target and trailing prices for a new position.
import { type CompiledRules, EMIT_BIT, type Evaluator, STATE, STATE_SIZE } from '../dsl';
import type { Action, EvalState, ExitPlan, Strategy, TfSeries } from '../engine';
import type { Play } from '../play';

type Distance = { pct?: number; atr?: string; mult?: number; distance_usdt?: number };

export class PlayStrategy implements Strategy {
  private readonly cursors: Int32Array;
  private readonly state = new Float64Array(STATE_SIZE);
  private readonly evaluator: Evaluator;
  readonly readsMinuteState: boolean;

  constructor(
    private readonly play: Play,
    compiled: CompiledRules,
    private readonly series: readonly TfSeries[],
    column: (need: CompiledRules['needs'][number]) => Float64Array,
  ) {
    this.cursors = new Int32Array(series.length);
    this.evaluator = compiled.bind({ cursors: this.cursors, state: this.state, column });
    this.readsMinuteState = compiled.readsMinuteState;
  }

  decide(s: EvalState): Action {
    for (let i = 0; i < this.series.length; i++) this.cursors[i] = this.series[i]!.cursor;
    const st = this.state;
    st[STATE.tsMs] = s.nowMs;
    st[STATE.lastPrice] = s.lastPrice;
    st[STATE.side] = s.side;
    st[STATE.entryPrice] = s.side === 0 ? Number.NaN : s.entryPrice;
    st[STATE.barsInTrade] = s.side === 0 ? Number.NaN : s.barsInTrade;
    st[STATE.unrealizedPnlPct] = s.side === 0 ? Number.NaN : s.unrealizedPnlPct;
    const bits = this.evaluator.evaluate();
    if (bits === 0) return 'none';
    const has = (b: number) => (bits & b) !== 0;
    if (s.side > 0) {
      if (has(EMIT_BIT.enter_short) || has(EMIT_BIT.reverse)) return 'enter_short';
      if (has(EMIT_BIT.exit_long) || has(EMIT_BIT.exit)) return 'exit_long';
      return 'none';
    }
    if (s.side < 0) {
      if (has(EMIT_BIT.enter_long) || has(EMIT_BIT.reverse)) return 'enter_long';
      if (has(EMIT_BIT.exit_short) || has(EMIT_BIT.exit)) return 'exit_short';
      return 'none';
    }
    const long = has(EMIT_BIT.enter_long);
    const short = has(EMIT_BIT.enter_short);
    if (long && !short) return 'enter_long';
    if (short && !long) return 'enter_short';
    return 'none';
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
