// The column run's host side (core-rs/src/sim/signal_run.rs): core buffers for a window of bars,
// their signal flags, the run record, the funding settlements, the equity rows and the closed
// trades, and the one call that runs a stretch of bars with the engine's order rules inside the
// core. Views it hands out are valid until the next core call.
import { CoreError } from '../errors';
import { lastCoreError } from './errors';
import { core, F64Buffer } from './memory';
import type { SimBarColumns } from './sim';
import { SIM_EVENT_STRIDE, SIM_RUN_FIELDS, type SimRunField } from './sim-layout';

const R = Object.fromEntries(SIM_RUN_FIELDS.map((k, i) => [k, i])) as Record<SimRunField, number>;

/** Sizing plans (`sizingKind`) and stop/target distances (`stopKind`, `takeKind`) as signal_run.rs numbers them. */
export const SIGNAL_SIZING = { fixed_qty: 0, notional: 1, equity_pct: 2, risk_pct: 3 } as const;
export const SIGNAL_DISTANCE = { none: 0, pct: 1, usdt: 2, atr: 3, rr: 4 } as const;

/**
 * The order rules' inputs (see signal_run.rs): the sizing plan, the lot and tick grids (each step
 * as an integer over a power of ten), the caps, the cost rates and the exits.
 */
export type SignalRunRules = Record<
  | 'sizingKind'
  | 'sizingValue'
  | 'qtyStep'
  | 'qtyStepNum'
  | 'qtyStepPow'
  | 'tickSize'
  | 'tickNum'
  | 'tickPow'
  | 'minQty'
  | 'minNotionalUsdt'
  | 'maxNotionalUsdt'
  | 'leverage'
  | 'costRateLong'
  | 'costRateShort'
  | 'takerFeeRate'
  | 'maxOrdersPerMinute'
  | 'stopKind'
  | 'stopValue'
  | 'stopMult'
  | 'takeKind'
  | 'takeValue'
  | 'takeMult',
  number
>;

/** Per-bar inputs besides the bars: the signal flags and the stop's and target's ATR at the evaluation (NaN where unused). */
export interface SignalColumns {
  flags: Float64Array;
  stopAtr: Float64Array;
  takeAtr: Float64Array;
}

export interface SignalRunStep {
  /** Bars consumed (fewer than asked when the trade buffer filled up, or at a bail). */
  consumed: number;
  /** The bar (relative to the call's start) at which the engine must take over, or -1. */
  bailAt: number;
  /** Equity rows (one per exec close consumed): their count, and the equity, wallet and signed position columns. */
  rows: number;
  equityUsdt: Float64Array;
  walletUsdt: Float64Array;
  positionQty: Float64Array;
  /** Closed trades as event records (SIM_EVENT_STRIDE f64 each). */
  trades: Float64Array;
}

export class CoreSignalRun {
  /** The eight column addresses the core reads (u32 each, as `resample_1m` takes them). */
  private readonly colsPtr: number;
  private readonly bars: F64Buffer[];
  private readonly run: F64Buffer;
  private readonly rowsBuf: F64Buffer;
  private readonly tradesBuf: F64Buffer;
  private readonly fundingTs: F64Buffer;
  private readonly fundingRate: F64Buffer;
  private readonly nFunding: number;

  constructor(
    private readonly simHandle: number,
    readonly capacity: number,
    rules: SignalRunRules,
    funding: { tsMs: Float64Array; rate: Float64Array },
  ) {
    this.bars = Array.from({ length: 8 }, () => new F64Buffer(capacity));
    this.colsPtr = core().core_alloc(4 * 8);
    if (this.colsPtr === 0) throw new CoreError('CORE', 'core could not allocate the column addresses');
    this.run = new F64Buffer(SIM_RUN_FIELDS.length);
    this.rowsBuf = new F64Buffer(3 * capacity);
    this.tradesBuf = new F64Buffer(SIM_EVENT_STRIDE * capacity);
    this.nFunding = funding.tsMs.length;
    this.fundingTs = new F64Buffer(this.nFunding);
    this.fundingRate = new F64Buffer(this.nFunding);
    this.fundingTs.view().set(funding.tsMs);
    this.fundingRate.view().set(funding.rate);
    const v = this.run.view();
    v.fill(0);
    for (const [k, x] of Object.entries(rules)) v[R[k as SimRunField]] = x;
    v[R.bailBar] = -1;
    v[R.openEntryTsMs] = Number.NaN;
  }

  /** Copies bars [from, from + n) of `cols` and their per-bar inputs (n values each) into core memory (n ≤ capacity). */
  load(cols: SimBarColumns, from: number, n: number, signals: SignalColumns): void {
    const src = [cols.tsMs, cols.open, cols.high, cols.low, cols.close];
    for (let k = 0; k < 5; k++) this.bars[k]!.view().set(src[k]!.subarray(from, from + n));
    this.bars[5]!.view().set(signals.flags.subarray(0, n));
    this.bars[6]!.view().set(signals.stopAtr.subarray(0, n));
    this.bars[7]!.view().set(signals.takeAtr.subarray(0, n));
  }

  /** Runs bars [at, at + n) of the loaded window. */
  step(at: number, n: number): SignalRunStep {
    const c = new Uint32Array(core().memory.buffer, this.colsPtr, 8);
    for (let k = 0; k < 8; k++) c[k] = this.bars[k]!.ptr + 8 * at;
    const got = core().sim_run_signals(
      this.simHandle,
      n,
      this.colsPtr,
      this.run.ptr,
      this.fundingTs.ptr,
      this.fundingRate.ptr,
      this.nFunding,
      this.rowsBuf.ptr,
      this.tradesBuf.ptr,
      this.capacity,
    );
    if (got < 0 || got > n) throw lastCoreError('sim run signals');
    const v = this.run.view();
    const rows = v[R.rows]!;
    // Three columns of n values (the call's bar count), as the core writes them.
    const r = this.rowsBuf.view();
    return {
      consumed: got,
      bailAt: v[R.bailBar]!,
      rows,
      equityUsdt: r.subarray(0, rows),
      walletUsdt: r.subarray(n, n + rows),
      positionQty: r.subarray(2 * n, 2 * n + rows),
      trades: this.tradesBuf.view().subarray(0, SIM_EVENT_STRIDE * v[R.trades]!),
    };
  }

  /** What the run has counted so far, and the open trade's entry time (NaN when flat). */
  totals(): { feesUsdt: number; fundingUsdt: number; fills: number; ambiguousFills: number; openEntryTsMs: number } {
    const v = this.run.view();
    return {
      feesUsdt: v[R.feesUsdt]!,
      fundingUsdt: v[R.fundingUsdt]!,
      fills: v[R.fills]!,
      ambiguousFills: v[R.ambiguousFills]!,
      openEntryTsMs: v[R.openEntryTsMs]!,
    };
  }

  free(): void {
    for (const b of [...this.bars, this.run, this.rowsBuf, this.tradesBuf, this.fundingTs, this.fundingRate]) b.free();
    core().core_free(this.colsPtr, 4 * 8);
  }
}
