// The rules over whole columns, for the column run (core-rs/src/sim/signal_run.rs): per 1m bar, the
// emit bits of the evaluation at its close for each position side, and whether it closes an exec
// bar. Only for rules that keep nothing between decisions and read no state but the position's
// side, with the exec timeframe the only one: then the emits at a cursor are a function of the
// columns and the side, and the engine's decision is those emits mapped through the position (done
// in the core, as PlayStrategy.choose does). The exec cursor walks as the engine's does
// (advanceCursor), on a copy: the series' own cursor is left as it was.
import { SIM_SIGNAL_EXEC_CLOSE, SIM_SIGNAL_SIDE_SHIFT } from '../core';
import { EMIT_BIT } from '../dsl';
import { TradeError } from '../errors';
import type { Bars1m } from './ports';
import type { TfSeries } from './series';

/** What the flags need from the strategy (PlayStrategy). */
export interface SignalSource {
  emitBitsAt(cursor: number, side: number): number;
  /** A risk value (`stop_loss.atr`, `take_profit.atr`) at an exec cursor (NaN when there is none). */
  valueAt(key: string, cursor: number): number;
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
  private cursor: number;
  /** First exec cursor from which no emit is known to be zero (the scan's answer; -1: not scanned). */
  private candidate = -1;
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

  constructor(
    private readonly source: SignalSource,
    private readonly exec: TfSeries,
    opts: SignalFlagOptions,
  ) {
    this.cursor = exec.cursor;
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
    const ex = this.exec;
    const ts = bars.tsMs;
    const scan = this.source.firstCandidate;
    let c = this.cursor;
    let rows = 0;
    for (let k = 0; k < n; k++) {
      const closeMs = ts[from + k]! + 60_000;
      let moved = false;
      while (c + 1 < ex.length && ex.tsOpenMs[c + 1]! + ex.tfMs <= closeMs) {
        c++;
        moved = true;
      }
      let flag = 0;
      if (moved) {
        flag = SIM_SIGNAL_EXEC_CLOSE;
        this.rowTsMs[rows++] = ex.tsOpenMs[c]!;
        if (this.firstRowCursor < 0) this.firstRowCursor = c;
        else if (c !== this.lastRowCursor + 1) this.contiguous = false;
        this.lastRowCursor = c;
      }
      if (c >= 0 && (moved || this.everyMinute)) flag |= this.bitsAt(c, scan);
      out.flags[k] = flag;
      const emits = (flag & (SIM_SIGNAL_EXEC_CLOSE - 1)) !== 0;
      out.stopAtr[k] = emits && this.stopAtr ? this.source.valueAt('stop_loss.atr', c) : Number.NaN;
      out.takeAtr[k] = emits && this.takeAtr ? this.source.valueAt('take_profit.atr', c) : Number.NaN;
    }
    this.cursor = c;
    this.rows = rows;
  }

  private bitsAt(c: number, scan: ((from: number, to: number) => number) | undefined): number {
    if (scan !== undefined) {
      if (c > this.candidate) this.candidate = scan(c, this.exec.length);
      if (c < this.candidate) return 0;
    }
    const s = SIM_SIGNAL_SIDE_SHIFT;
    if (!this.bySide) {
      const b = this.source.emitBitsAt(c, 0) & 63;
      return b | (b << s) | (b << (2 * s));
    }
    return (
      (this.source.emitBitsAt(c, 0) & 63) | ((this.source.emitBitsAt(c, 1) & 63) << s) | ((this.source.emitBitsAt(c, -1) & 63) << (2 * s))
    );
  }
}
