// The rules over whole columns, for the column run (core-rs/src/sim/signal_run.rs): per 1m bar, the
// emit bits of the evaluation at its close for each position side, and whether it closes an exec
// bar. Only for rules that read no state but the position's side (and, when they keep state between
// decisions, none at all): then the emits at a set of cursors are a function of the columns and the
// side, and the engine's decision is those emits mapped through the position (done in the core, as
// PlayStrategy.choose does). Every timeframe's cursor walks as the engine's does (cursorAt), on
// copies: the series' own cursors are left as they were. The rules are evaluated in order at each
// bar where some cursor moves (every exec close when evaluating at exec closes), as the engine
// evaluates them, so what stateful operators remember evolves as in the engine; between two moves
// an every-1m evaluation gives the same emits (its inputs have not changed), which are carried.
import { SIM_SIGNAL_EXEC_CLOSE, SIM_SIGNAL_SIDE_SHIFT } from '../core';
import { EMIT_BIT } from '../dsl';
import { TradeError } from '../errors';
import type { Bars1m } from './ports';
import { cursorAt, type TfSeries } from './series';

/** What the flags need from the strategy (PlayStrategy). */
export interface SignalSource {
  /** The emits with the rules' cursors at `cursors` (the rules' timeframe order) and the position on `side`. */
  emitBitsAt(cursors: Int32Array, side: number): number;
  /** A risk value (`stop_loss.atr`, `take_profit.atr`) at those cursors (NaN when there is none). */
  valueAt(key: string, cursors: Int32Array): number;
  /** The first exec cursor in [from, to) whose emits may be non-zero, or `to` (absent: evaluate each). */
  readonly firstCandidate?: ((from: number, to: number) => number) | undefined;
}

export interface SignalFlagOptions {
  /** Evaluations at every 1m close (else at exec closes). */
  everyMinute: boolean;
  /** Most bars one `fill` takes. */
  capacity: number;
  /** Whether the stop and the target read an ATR, and the rules the position's side. */
  stopAtr?: boolean;
  takeAtr?: boolean;
  bySide?: boolean;
}

export class SignalFlags {
  /** Every timeframe's cursor (engine order: exec first), walked here. */
  private readonly cur: Int32Array;
  /** Per rules' timeframe, its index in `cur`; and the cursors handed to the rules. */
  private readonly ruleIndex: Int32Array;
  private readonly ruleCursors: Int32Array;
  /** First exec cursor from which no emit is known to be zero (the scan's answer; -1: not scanned). */
  private candidate = -1;
  /** The last evaluation's flags (emits of the three sides), carried between cursor moves; -1: none yet. */
  private lastEmits = -1;
  /** Exec open times of the rows made by the last `fill`, in order. */
  readonly rowTsMs: Float64Array;
  rows = 0;
  /** The exec cursor of the first row of all, and whether each later row's is the one after the previous (-1: no row yet). */
  firstRowCursor = -1;
  contiguous = true;
  private lastRowCursor = -1;

  private readonly everyMinute: boolean;
  private readonly stopAtr: boolean;
  private readonly takeAtr: boolean;
  private readonly bySide: boolean;

  /**
   * `series`: every timeframe, exec first (the engine's order); `ruleSeries`: the timeframes the
   * rules index their cursors by (PlayStrategy's), each one of `series`.
   */
  constructor(
    private readonly source: SignalSource,
    private readonly series: readonly TfSeries[],
    ruleSeries: readonly TfSeries[],
    opts: SignalFlagOptions,
  ) {
    this.cur = Int32Array.from(series, (s) => s.cursor);
    this.ruleIndex = Int32Array.from(ruleSeries, (s) => series.indexOf(s));
    if (this.ruleIndex.some((k) => k < 0)) throw new TradeError('INTERNAL', 'SignalFlags: a rules timeframe that is not among the series');
    this.ruleCursors = new Int32Array(ruleSeries.length);
    this.rowTsMs = new Float64Array(opts.capacity);
    this.everyMinute = opts.everyMinute;
    this.stopAtr = opts.stopAtr ?? false;
    this.takeAtr = opts.takeAtr ?? false;
    this.bySide = opts.bySide ?? false;
    // The bits the core expects are the DSL's own (enter_long 1 ... reverse 32).
    const b = EMIT_BIT;
    if (b.enter_long !== 1 || b.enter_short !== 2 || b.exit_long !== 4 || b.exit_short !== 8 || b.exit !== 16 || b.reverse !== 32)
      throw new TradeError('INTERNAL', 'EMIT_BIT order changed: SIG_* in core-rs/src/sim/signal_run.rs must follow it');
  }

  /**
   * Flags of bars [from, from + n) of `bars` (the bars after the previous call's) into
   * `out.flags`, and at each bar with emits the stop's and target's ATR (`out.stopAtr`,
   * `out.takeAtr`; NaN elsewhere, and where the Play's exits read none).
   */
  fill(bars: Bars1m, from: number, n: number, out: { flags: Float64Array; stopAtr: Float64Array; takeAtr: Float64Array }): void {
    const series = this.series;
    const nSeries = series.length;
    const cur = this.cur;
    const ex = series[0]!;
    const ts = bars.tsMs;
    const scan = this.source.firstCandidate;
    let rows = 0;
    for (let k = 0; k < n; k++) {
      const closeMs = ts[from + k]! + 60_000;
      let anyMoved = false;
      let execMoved = false;
      for (let t = 0; t < nSeries; t++) {
        const c = cursorAt(series[t]!, cur[t]!, closeMs);
        if (c !== cur[t]) {
          cur[t] = c;
          anyMoved = true;
          if (t === 0) execMoved = true;
        }
      }
      const c = cur[0]!;
      let flag = 0;
      if (execMoved) {
        flag = SIM_SIGNAL_EXEC_CLOSE;
        this.rowTsMs[rows++] = ex.tsOpenMs[c]!;
        if (this.firstRowCursor < 0) this.firstRowCursor = c;
        else if (c !== this.lastRowCursor + 1) this.contiguous = false;
        this.lastRowCursor = c;
      }
      let emits = 0;
      if (c >= 0) {
        if (execMoved || (this.everyMinute && (anyMoved || this.lastEmits < 0))) {
          for (let r = 0; r < this.ruleCursors.length; r++) this.ruleCursors[r] = cur[this.ruleIndex[r]!]!;
          emits = this.bitsAt(c, scan);
          this.lastEmits = emits;
        } else if (this.everyMinute) emits = this.lastEmits;
      }
      out.flags[k] = flag | emits;
      out.stopAtr[k] = emits !== 0 && this.stopAtr ? this.source.valueAt('stop_loss.atr', this.ruleCursors) : Number.NaN;
      out.takeAtr[k] = emits !== 0 && this.takeAtr ? this.source.valueAt('take_profit.atr', this.ruleCursors) : Number.NaN;
    }
    this.rows = rows;
  }

  /** The emits of the three sides at the rules' cursors (`ruleCursors`, set), exec cursor `c`. */
  private bitsAt(c: number, scan: ((from: number, to: number) => number) | undefined): number {
    // The scan exists only with the exec timeframe the only one (its cursor is the rules' only one).
    if (scan !== undefined) {
      if (c > this.candidate) this.candidate = scan(c, this.series[0]!.length);
      if (c < this.candidate) return 0;
    }
    const s = SIM_SIGNAL_SIDE_SHIFT;
    if (!this.bySide) {
      const b = this.source.emitBitsAt(this.ruleCursors, 0) & 63;
      return b | (b << s) | (b << (2 * s));
    }
    return (
      (this.source.emitBitsAt(this.ruleCursors, 0) & 63) |
      ((this.source.emitBitsAt(this.ruleCursors, 1) & 63) << s) |
      ((this.source.emitBitsAt(this.ruleCursors, -1) & 63) << (2 * s))
    );
  }
}
