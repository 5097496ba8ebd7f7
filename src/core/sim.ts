// Typed wrapper over the core's simulated Bybit USDT-perp exchange: one symbol, one-way mode,
// isolated margin, fills along the intrabar path of 1m bars (docs/simulator.md). Values cross the
// ABI as f64 in instrument units and USDT; the core keeps them exact (ticks, qty steps, 1e-8
// USDT). Rejections are events, not exceptions; exceptions are for bugs (bad config, bad bars).
// Events are decoded only when a call produced some; `eventsView()` is the zero-copy alternative.
import { CoreError } from '../errors';
import { check, lastCoreError } from './errors';
import { core, F64Buffer, f64View } from './memory';
import { decodeSimEvents, type Side, type SimEvent } from './sim-events';
import { checkSimLayout, SIM_EVENT_STRIDE, SIM_ORDER_FIELDS, SIM_STATE_FIELDS, type SimStateField } from './sim-layout';
import type { CoreExports } from './wasm';

export type IntrabarMode = 'path' | 'pessimistic' | 'optimistic';

export interface RiskTier {
  riskLimitUsdt: number;
  maxLeverage: number;
  /** Maintenance-margin rate as a fraction (0.005 = 0.5%). */
  mmr: number;
  mmDeductionUsdt: number;
}

export interface SimConfig {
  tickSize: number;
  qtyStep: number;
  minQty: number;
  minNotionalUsdt: number;
  makerFeeRate: number;
  takerFeeRate: number;
  slippageBps: number;
  startingWalletUsdt: number;
  leverage: number;
  intrabarMode: IntrabarMode;
  /** Ascending by risk limit (Bybit /v5/market/risk-limit). */
  riskTiers: readonly RiskTier[];
}

export type SimOrderKind = 'market' | 'limit' | 'stop_market' | 'stop_limit';

export interface SimOrder {
  kind: SimOrderKind;
  side: Side;
  qty: number;
  /** Limit price (limit, stop_limit). */
  price?: number;
  /** Trigger price (stop_market, stop_limit). */
  triggerPrice?: number;
  /** Default: buy stops rise, sell stops fall. */
  triggerDirection?: 'rise' | 'fall';
  reduceOnly?: boolean;
  postOnly?: boolean;
  /** Applied to the position when this order opens it (whole-position, market on trigger). */
  takeProfit?: number;
  stopLoss?: number;
  /** Trailing-stop distance in price units, optionally armed at an activation price. */
  trailingDistance?: number;
  trailingActivation?: number;
}

/** Position TP/SL/trailing: undefined leaves a part unchanged, null removes it. */
export interface SimTpSl {
  takeProfit?: number | null;
  stopLoss?: number | null;
  trailingDistance?: number | null;
  trailingActivation?: number;
}

export type SimState = Record<SimStateField, number>;

export interface SimBarColumns {
  tsMs: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
}

const KINDS: Record<SimOrderKind, number> = { market: 0, limit: 1, stop_market: 2, stop_limit: 3 };
const MODES: Record<IntrabarMode, number> = { path: 0, pessimistic: 1, optimistic: 2 };

function configValues(c: SimConfig): number[] {
  const head = [
    c.tickSize,
    c.qtyStep,
    c.minQty,
    c.minNotionalUsdt,
    c.makerFeeRate,
    c.takerFeeRate,
    c.slippageBps,
    c.startingWalletUsdt,
    c.leverage,
  ];
  const tiers = c.riskTiers.flatMap((t) => [t.riskLimitUsdt, t.maxLeverage, t.mmr, t.mmDeductionUsdt]);
  return [...head, MODES[c.intrabarMode], c.riskTiers.length, ...tiers];
}

function tpslValue(x: number | null | undefined): number {
  return x === undefined ? Number.NaN : x === null ? 0 : x;
}

/**
 * 1m bar columns in core memory for `CoreSim.onBars1m`: a buffer of `capacity` bars that `load`
 * fills with a stretch of a longer series (so a year of bars never has to sit in core memory at
 * once), or `SimBars.copy` for all of a short series. Free when done.
 */
export class SimBars {
  length = 0;
  /** Index in the source columns of this buffer's first bar. */
  offset = 0;
  readonly buffers: readonly [F64Buffer, F64Buffer, F64Buffer, F64Buffer, F64Buffer];

  constructor(readonly capacity: number) {
    const make = () => new F64Buffer(capacity);
    this.buffers = [make(), make(), make(), make(), make()];
  }

  /** All of `cols` copied into a buffer of their length. */
  static copy(cols: SimBarColumns): SimBars {
    const bars = new SimBars(cols.close.length);
    bars.load(cols, 0, cols.close.length);
    return bars;
  }

  /** Copies bars [from, from + n) of `cols` into the buffer (n ≤ capacity). */
  load(cols: SimBarColumns, from: number, n: number): void {
    if (n > this.capacity) throw new CoreError('CORE', `SimBars.load: ${n} bars exceed the capacity ${this.capacity}`);
    const src = [cols.tsMs, cols.open, cols.high, cols.low, cols.close];
    this.buffers.forEach((b, c) => {
      b.view().set(src[c]!.subarray(from, from + n));
    });
    this.offset = from;
    this.length = n;
  }

  /** Byte address of column `c` (ts, open, high, low, close) in core memory. */
  ptr(c: 0 | 1 | 2 | 3 | 4): number {
    return this.buffers[c].ptr;
  }

  free(): void {
    for (const b of this.buffers) b.free();
  }
}

export class CoreSim {
  readonly handle: number;
  private readonly c: CoreExports;
  private readonly orderBuf: F64Buffer;
  private readonly stateBuf: F64Buffer;

  constructor(config: SimConfig) {
    checkSimLayout();
    this.c = core();
    const values = configValues(config);
    const cfg = new F64Buffer(values.length);
    cfg.view().set(values);
    const h = this.c.sim_create(cfg.ptr, values.length);
    cfg.free();
    if (h === 0) throw lastCoreError('sim create');
    this.handle = h;
    this.orderBuf = new F64Buffer(SIM_ORDER_FIELDS);
    this.stateBuf = new F64Buffer(SIM_STATE_FIELDS.length);
  }

  /** Books an order for the next bar; returns its id. A rejection is an event carrying this id. */
  submit(o: SimOrder): number {
    const flags = (o.reduceOnly ? 1 : 0) | (o.postOnly ? 2 : 0);
    const direction = o.triggerDirection === undefined ? 0 : o.triggerDirection === 'rise' ? 1 : 2;
    // Written field by field into the core buffer (no array per order).
    const v = this.orderBuf.view();
    v[0] = KINDS[o.kind];
    v[1] = o.side === 'buy' ? 1 : -1;
    v[2] = o.qty;
    v[3] = o.price ?? 0;
    v[4] = o.triggerPrice ?? 0;
    v[5] = direction;
    v[6] = flags;
    v[7] = o.takeProfit ?? 0;
    v[8] = o.stopLoss ?? 0;
    v[9] = o.trailingDistance ?? 0;
    v[10] = o.trailingActivation ?? 0;
    const id = this.c.sim_submit(this.handle, this.orderBuf.ptr, SIM_ORDER_FIELDS);
    if (id === 0) throw lastCoreError('sim submit');
    return id;
  }

  /** Cancels a live order (an unknown id is a rejection event, ORDER_NOT_FOUND). */
  cancel(orderId: number): void {
    check(this.c.sim_cancel(this.handle, orderId), 'sim cancel');
  }

  setTpSl(t: SimTpSl): void {
    const activation = t.trailingActivation ?? Number.NaN;
    const status = this.c.sim_set_tpsl(
      this.handle,
      tpslValue(t.takeProfit),
      tpslValue(t.stopLoss),
      tpslValue(t.trailingDistance),
      activation,
    );
    check(status, 'sim setTpSl');
  }

  /** One closed 1m bar (open time `tsMs`); returns how many events it produced. */
  onBar1m(tsMs: number, open: number, high: number, low: number, close: number): number {
    const n = this.c.sim_on_bar_1m(this.handle, tsMs, open, high, low, close);
    if (n < 0) throw lastCoreError(`sim bar ${tsMs}`);
    return n;
  }

  /**
   * Runs bars [start, start + count) of `bars` and stops after the first bar with events (read
   * them with `events()`). Returns the number of bars consumed. With `equityOut` (≥ count f64 in
   * core memory), the equity in USDT after each consumed bar is written to it.
   */
  onBars1m(bars: SimBars, start: number, count: number, equityOut?: F64Buffer): number {
    if (start < 0 || count < 0 || start + count > bars.length) {
      throw new CoreError('CORE', `sim onBars1m: range [${start}, ${start + count}) is outside 0..${bars.length}`);
    }
    const at = start * 8;
    if (equityOut !== undefined && equityOut.len < count)
      throw new CoreError('CORE', `sim onBars1m: the equity buffer holds ${equityOut.len} values, ${count} bars asked`);
    const n = this.c.sim_on_bars_1m(
      this.handle,
      count,
      bars.ptr(0) + at,
      bars.ptr(1) + at,
      bars.ptr(2) + at,
      bars.ptr(3) + at,
      bars.ptr(4) + at,
      equityOut?.ptr ?? 0,
    );
    if (n < 0) throw lastCoreError(`sim bars from ${start}`);
    return n;
  }

  /** Funding settlement: `rate` as a fraction, longs pay when positive. */
  applyFunding(tsMs: number, rate: number, markPrice: number): void {
    check(this.c.sim_apply_funding(this.handle, tsMs, rate, markPrice), `sim funding ${tsMs}`);
  }

  /** Mark price for uPnL/equity; liquidates if it crossed the liquidation price. */
  setMark(tsMs: number, markPrice: number): void {
    check(this.c.sim_set_mark(this.handle, tsMs, markPrice), `sim mark ${tsMs}`);
  }

  /** Minutes so far whose outcome depended on the intrabar tie-break (as the state's ambiguousBars, without reading the state). */
  ambiguousBars(): number {
    const n = this.c.sim_ambiguous_bars(this.handle);
    if (n < 0) throw lastCoreError('sim ambiguous bars');
    return n;
  }

  eventCount(): number {
    return this.c.sim_events_len(this.handle);
  }

  /** Zero-copy view of the last call's event records; valid until the next core call. */
  eventsView(): Float64Array {
    const n = this.c.sim_events_len(this.handle);
    if (n === 0) return new Float64Array(0);
    return f64View(this.c.sim_events_ptr(this.handle), n * SIM_EVENT_STRIDE);
  }

  /** The last call's events as plain objects ([] without allocation work when there are none). */
  events(): SimEvent[] {
    if (this.c.sim_events_len(this.handle) === 0) return [];
    return decodeSimEvents(this.eventsView());
  }

  /** Zero-copy view of the state record (SIM_STATE_FIELDS order); valid until the next core call. */
  stateView(): Float64Array {
    check(this.c.sim_state(this.handle, this.stateBuf.ptr), 'sim state');
    return this.stateBuf.view();
  }

  state(): SimState {
    check(this.c.sim_state(this.handle, this.stateBuf.ptr), 'sim state');
    const v = this.stateBuf.view();
    const s = {} as SimState;
    SIM_STATE_FIELDS.forEach((k, i) => {
      s[k] = v[i] ?? Number.NaN;
    });
    return s;
  }

  free(): void {
    this.c.sim_free(this.handle);
    this.orderBuf.free();
    this.stateBuf.free();
  }
}
