// The simulated venue: the engine's Venue port (LIVE.md §2) over the core's exact-ledger exchange
// (CoreSim). Each closed 1m bar runs through the core's intrabar path; funding is settled when a
// bar closes at a stored funding time, on the position held then, at that bar's close as the mark
// price. Everything the core reports becomes a port event with a sequence number: accepted,
// rejected, cancelled, triggered, fill (with execId, cumQty, leavesQty), position and wallet after
// fills and funding, funding, liquidation. The core's own "trade closed" record is not passed on:
// Bybit sends none, and the engine keeps its own. The account snapshot is one reused object.
import {
  CoreSignalRun,
  CoreSim,
  decodeSimEvents,
  F64Buffer,
  type IntrabarMode,
  SIM_STATE_FIELDS,
  type SignalColumns,
  type SignalRunRules,
  type SignalRunStep,
  SimBars,
  type SimEvent,
} from '../core';
import type { FundingColumns, Instrument } from '../domain';
import type {
  AccountSnapshot,
  Bar1m,
  Bars1m,
  ClosedTrade,
  ExitReason,
  FillSource,
  OrderRequest,
  Venue,
  VenueCommand,
  VenueEvent,
  VenueFill,
  VenueState,
  WorkingOrder,
} from '../engine';

export interface SimVenueConfig {
  instrument: Instrument;
  makerFeeRate: number;
  takerFeeRate: number;
  slippageBps: number;
  startingWalletUsdt: number;
  leverage: number;
  intrabar: IntrabarMode;
  funding: FundingColumns;
}

/** Bars per refill of the core-side bar window used by `onBars`. */
const BAR_WINDOW = 16_384;
/** Bars per call of the column run (`runSignals`). */
export const SIGNAL_WINDOW = 16_384;
/** Fills kept for `reconcile`. */
const RECENT_FILLS = 100;

const F = Object.fromEntries(SIM_STATE_FIELDS.map((k, i) => [k, i])) as Record<(typeof SIM_STATE_FIELDS)[number], number>;

const EXIT_REASONS: Record<string, ExitReason> = {
  exit: 'signal',
  entry: 'signal',
  take_profit: 'take_profit',
  stop_loss: 'stop_loss',
  trailing: 'trailing_stop',
  liquidation: 'liquidation',
};

const FILL_SOURCES: Record<string, FillSource> = {
  entry: 'order',
  exit: 'order',
  take_profit: 'take_profit',
  stop_loss: 'stop_loss',
  trailing: 'trailing',
  liquidation: 'liquidation',
};

/** Core rejections that a retry might get past (none: the sim's answers are definite). */
const RETRYABLE_CODES: ReadonlySet<number> = new Set();

interface SimOrderState {
  coreId: number;
  req: OrderRequest;
  cumQty: number;
}

export class SimVenue implements Venue {
  private readonly sim: CoreSim;
  private funding: FundingColumns;
  private fundingIdx = 0;
  private readonly pending: VenueEvent[] = [];
  private seq = 0;
  private execSeq = 0;
  private nowMs = 0;
  /** Working orders by core id, and the core id of each working clientId. */
  private readonly byCoreId = new Map<number, SimOrderState>();
  private readonly byClientId = new Map<string, SimOrderState>();
  private readonly recentFills: VenueFill[] = [];
  /** The core's own round-trip records: not part of the port (Bybit sends none); tests compare the engine's record with them. */
  readonly coreTrades: ClosedTrade[] = [];
  readonly lastAccount: AccountSnapshot = {
    walletUsdt: 0,
    equityUsdt: 0,
    availableUsdt: 0,
    position: { side: 'flat', qty: 0, entryPrice: Number.NaN, unrealizedPnlUsdt: 0, liqPrice: Number.NaN },
  };

  constructor(cfg: SimVenueConfig) {
    const ins = cfg.instrument;
    this.sim = new CoreSim({
      tickSize: ins.tickSize,
      qtyStep: ins.qtyStep,
      minQty: ins.minQty,
      minNotionalUsdt: ins.minNotional,
      makerFeeRate: cfg.makerFeeRate,
      takerFeeRate: cfg.takerFeeRate,
      slippageBps: cfg.slippageBps,
      startingWalletUsdt: cfg.startingWalletUsdt,
      leverage: cfg.leverage,
      intrabarMode: cfg.intrabar,
      riskTiers: ins.tiers,
    });
    this.funding = cfg.funding;
  }

  /**
   * Shadow sessions: a settlement learned live (after the window was built). It must be later than
   * every funding time already known; it is settled when a bar closes at `tsMs`.
   */
  addFunding(tsMs: number, rate: number): void {
    const f = this.funding;
    const n = f.tsMs.length;
    if (n > 0 && !(tsMs > f.tsMs[n - 1]!)) return;
    const ts = new Float64Array(n + 1);
    const r = new Float64Array(n + 1);
    ts.set(f.tsMs);
    r.set(f.rate);
    ts[n] = tsMs;
    r[n] = rate;
    this.funding = { tsMs: ts, rate: r };
  }

  onBar(bar: Bar1m): void {
    this.nowMs = bar.tsMs + 60_000;
    if (this.sim.onBar1m(bar.tsMs, bar.open, bar.high, bar.low, bar.close) > 0) this.collect();
    this.checkAmbiguity();
    const closeMs = bar.tsMs + 60_000;
    const f = this.funding;
    while (this.fundingIdx < f.tsMs.length && f.tsMs[this.fundingIdx]! <= closeMs) {
      if (f.tsMs[this.fundingIdx] === closeMs) {
        this.sim.applyFunding(closeMs, f.rate[this.fundingIdx]!, bar.close);
        if (this.sim.eventCount() > 0) this.collect();
      }
      this.fundingIdx++;
    }
  }

  /**
   * Quiet stretches in one core call: bars [start, start + count) up to (not including) the next
   * bar that closes at a funding time, stopping after the first bar with events (and after at most
   * BAR_WINDOW bars). The bars are copied into core memory a window at a time.
   */
  onBars(bars: Bars1m, start: number, count: number, equityOut?: Float64Array): number {
    let n = count;
    const f = this.funding;
    if (this.fundingIdx < f.tsMs.length) {
      const fundingMs = f.tsMs[this.fundingIdx]!;
      let k = 0;
      while (k < n && bars.tsMs[start + k]! + 60_000 < fundingMs) k++;
      n = k;
    }
    if (n === 0) return 0;
    this.coreBars ??= new SimBars(BAR_WINDOW);
    const cb = this.coreBars;
    n = Math.min(n, BAR_WINDOW);
    if (this.coreBarsOf !== bars || start < cb.offset || start + n > cb.offset + cb.length) {
      cb.load(bars, start, Math.min(BAR_WINDOW, bars.tsMs.length - start));
      this.coreBarsOf = bars;
    }
    if (equityOut !== undefined) n = Math.min(n, equityOut.length);
    if (equityOut !== undefined) this.equityBuf ??= new F64Buffer(BAR_WINDOW);
    const eq = equityOut === undefined ? undefined : this.equityBuf;
    const consumed = this.sim.onBars1m(cb, start - cb.offset, n, eq);
    if (eq !== undefined && consumed > 0) {
      // A loop: a few dozen values per call, where a subarray and a set cost more than the copy.
      const v = eq.view();
      for (let k = 0; k < consumed; k++) equityOut![k] = v[k]!;
    }
    if (consumed > 0) this.nowMs = bars.tsMs[start + consumed - 1]! + 60_000;
    if (this.sim.eventCount() > 0) this.collect();
    this.checkAmbiguity();
    return consumed;
  }

  /**
   * The column run (core-rs/src/sim/signal_run.rs; backtests of the simplest Plays): bars [start,
   * start + count) of `bars` (count ≤ SIGNAL_WINDOW) with each bar's signal inputs, the engine's
   * order rules applied inside the core. `onRows` receives each step's equity rows (one per exec
   * close, in order); closed trades join `coreTrades`. Returns false when the engine must run
   * instead (the run met something only the engine records). `rules` are taken at the first call
   * (the run keeps its state between calls): pass the same every time.
   */
  runSignals(
    bars: Bars1m,
    start: number,
    count: number,
    signals: SignalColumns,
    rules: SignalRunRules,
    onRows: (step: SignalRunStep) => void,
  ): boolean {
    this.signalRun ??= new CoreSignalRun(this.sim.handle, SIGNAL_WINDOW, rules, this.funding);
    const run = this.signalRun;
    run.load(bars, start, count, signals);
    let done = 0;
    while (done < count) {
      const step = run.step(done, count - done);
      if (step.rows > 0) onRows(step);
      for (const e of decodeSimEvents(step.trades)) this.translate(e);
      if (step.bailAt >= 0) return false;
      done += step.consumed;
    }
    this.nowMs = bars.tsMs[start + count - 1]! + 60_000;
    return true;
  }

  /** What the column run counted: fees, funding, fills, ambiguous fills, and the open trade's entry time (NaN when flat). */
  signalTotals(): ReturnType<CoreSignalRun['totals']> | undefined {
    return this.signalRun?.totals();
  }

  private signalRun: CoreSignalRun | undefined;

  private ambiguousBars = 0;

  /** Reports minutes whose outcome depended on the intrabar tie-break (the core counts them). */
  private checkAmbiguity(): void {
    const n = this.sim.ambiguousBars();
    if (n === this.ambiguousBars) return;
    this.push({ kind: 'ambiguity', bars: n - this.ambiguousBars });
    this.ambiguousBars = n;
  }

  private coreBars: SimBars | undefined;
  /** Core memory the batch writes its per-bar equity to (onBars with equityOut). */
  private equityBuf: F64Buffer | undefined;
  private coreBarsOf: Bars1m | undefined;

  execute(cmd: VenueCommand): void {
    switch (cmd.kind) {
      case 'submit':
        this.submit(cmd.order); // collects the submit's own events
        return;
      case 'cancel': {
        const o = this.byClientId.get(cmd.clientId);
        // Bybit answers 110001 for an order that has already ended; the engine hears the fill or cancel.
        if (o) this.sim.cancel(o.coreId);
        break;
      }
      case 'cancel_all':
        for (const o of [...this.byCoreId.values()]) this.sim.cancel(o.coreId);
        break;
      case 'set_protection':
        this.sim.setTpSl({ takeProfit: cmd.takeProfit, stopLoss: cmd.stopLoss, trailingDistance: cmd.trailingDistance });
        break;
    }
    if (this.sim.eventCount() > 0) this.collect();
  }

  private submit(o: OrderRequest): void {
    const id = this.sim.submit({
      kind: o.type,
      side: o.side,
      qty: o.qty,
      price: o.price,
      reduceOnly: o.reduceOnly,
      postOnly: o.timeInForce === 'PostOnly',
      takeProfit: o.takeProfit,
      stopLoss: o.stopLoss,
      trailingDistance: o.trailingDistance,
    });
    const st: SimOrderState = { coreId: id, req: o, cumQty: 0 };
    this.byCoreId.set(id, st);
    this.byClientId.set(o.clientId, st);
    const events = this.sim.eventCount() > 0 ? this.sim.events() : undefined;
    const rejected = events?.some((e) => e.kind === 'rejected' && e.orderId === id);
    if (!rejected) this.push({ kind: 'accepted', clientId: o.clientId, venueOrderId: String(id) });
    if (events) this.collect(events);
  }

  account(): AccountSnapshot {
    const v = this.sim.stateView();
    const a = this.lastAccount;
    a.walletUsdt = v[F.walletUsdt]!;
    a.equityUsdt = v[F.equityUsdt]!;
    a.availableUsdt = v[F.availableUsdt]!;
    const side = v[F.positionSide]!;
    const p = a.position;
    p.side = side > 0 ? 'long' : side < 0 ? 'short' : 'flat';
    p.qty = Math.abs(v[F.positionQty]!);
    p.entryPrice = v[F.entryPrice]!;
    p.unrealizedPnlUsdt = v[F.unrealisedPnlUsdt]!;
    p.liqPrice = v[F.liqPrice]!;
    return a;
  }

  async reconcile(): Promise<VenueState> {
    const a = this.account();
    const orders: WorkingOrder[] = [...this.byCoreId.values()].map((o) => ({
      clientId: o.req.clientId,
      side: o.req.side,
      type: o.req.type,
      qty: o.req.qty,
      leavesQty: roundQty(o.req.qty - o.cumQty),
      price: o.req.price,
      reduceOnly: o.req.reduceOnly,
    }));
    return {
      asOfMs: this.nowMs,
      account: { ...a, position: { ...a.position } },
      orders,
      recentFills: this.recentFills.map((f) => ({ ...f })),
    };
  }

  /** Intrabar ambiguity so far: bars and fills where two outcomes were reachable, and the equity that depended on the tie-break. */
  ambiguity(): { bars: number; fills: number; pnlUsdt: number } {
    const v = this.sim.stateView();
    return { bars: v[F.ambiguousBars]!, fills: v[F.ambiguousFills]!, pnlUsdt: v[F.ambiguousPnlUsdt]! };
  }

  drain(out: VenueEvent[]): void {
    if (this.pending.length === 0) return;
    for (const e of this.pending) out.push(e);
    this.pending.length = 0;
  }

  free(): void {
    this.signalRun?.free();
    this.signalRun = undefined;
    this.coreBars?.free();
    this.coreBars = undefined;
    this.equityBuf?.free();
    this.equityBuf = undefined;
    this.coreBarsOf = undefined;
    this.sim.free();
  }

  /** `e` is always a fresh literal: it is completed in place (no copy per event). */
  private push(e: DistributiveOmit<VenueEvent, 'seq' | 'tsMs'>, tsMs = this.nowMs): void {
    const full = e as VenueEvent;
    full.seq = ++this.seq;
    full.tsMs = tsMs;
    this.pending.push(full);
  }

  /** Translates the core's last events (decoded once: `events` when the caller already has them). */
  private collect(events: readonly SimEvent[] = this.sim.events()): void {
    let moved = false;
    for (const e of events) moved = this.translate(e) || moved;
    if (moved) {
      const a = this.account();
      this.push({ kind: 'position', position: { ...a.position } });
      this.push({ kind: 'wallet', walletUsdt: a.walletUsdt, availableUsdt: a.availableUsdt });
    }
  }

  /** Pushes the port event(s) for one core event; true when the position or wallet moved. */
  private translate(e: SimEvent): boolean {
    switch (e.kind) {
      case 'fill': {
        const o = e.orderId === 0 ? undefined : this.byCoreId.get(e.orderId);
        let cumQty = e.qty;
        let leavesQty = 0;
        if (o) {
          o.cumQty = roundQty(o.cumQty + e.qty);
          cumQty = o.cumQty;
          leavesQty = roundQty(o.req.qty - o.cumQty);
          if (leavesQty <= 0) this.forget(o);
        }
        const execId = `sim-e${++this.execSeq}`;
        const clientId = o?.req.clientId ?? '';
        this.push(
          {
            kind: 'fill',
            execId,
            clientId,
            source: o ? 'order' : (FILL_SOURCES[e.reason] ?? 'order'),
            side: e.side,
            qty: e.qty,
            cumQty,
            leavesQty,
            price: e.price,
            feeUsdt: e.feeUsdt,
            realisedPnlUsdt: e.realisedPnlUsdt,
            isMaker: e.isMaker,
            ambiguous: e.ambiguous,
          },
          e.tsMs,
        );
        this.recentFills.push({ execId, clientId, side: e.side, qty: e.qty, price: e.price, feeUsdt: e.feeUsdt, tsMs: e.tsMs });
        if (this.recentFills.length > RECENT_FILLS) this.recentFills.shift();
        return true;
      }
      case 'rejected': {
        const o = this.byCoreId.get(e.orderId);
        if (o) this.forget(o);
        this.push(
          {
            kind: 'rejected',
            clientId: o?.req.clientId ?? '',
            code: e.retCode,
            reason: e.reason,
            retryable: RETRYABLE_CODES.has(e.retCode),
          },
          e.tsMs,
        );
        return false;
      }
      case 'cancelled': {
        const o = this.byCoreId.get(e.orderId);
        if (!o) return false;
        this.forget(o);
        this.push({ kind: 'cancelled', clientId: o.req.clientId, leavesQty: roundQty(o.req.qty - o.cumQty), reason: e.reason }, e.tsMs);
        return false;
      }
      case 'triggered': {
        const o = e.orderId === 0 ? undefined : this.byCoreId.get(e.orderId);
        this.push({ kind: 'triggered', clientId: o?.req.clientId ?? '', source: e.source }, e.tsMs);
        return false;
      }
      case 'funding':
        this.push({ kind: 'funding', rate: e.rate, paymentUsdt: e.paidUsdt }, e.tsMs);
        return true;
      case 'liquidation':
        this.push({ kind: 'liquidation', price: e.bankruptcyPrice, qty: e.qty }, e.tsMs);
        return true;
      case 'trade_closed':
        this.coreTrades.push({
          side: e.side === 'buy' ? 'long' : 'short',
          qty: e.qty,
          entryTsMs: e.entryTsMs,
          entryPrice: e.entryPrice,
          exitTsMs: e.exitTsMs,
          exitPrice: e.exitPrice,
          feesUsdt: e.feesUsdt,
          fundingUsdt: e.fundingUsdt,
          pnlUsdt: e.netPnlUsdt,
          maeUsdt: e.maeUsdt,
          mfeUsdt: e.mfeUsdt,
          exitReason: EXIT_REASONS[e.exitReason] ?? 'signal',
          ambiguous: e.ambiguous,
        });
        return false;
    }
  }

  private forget(o: SimOrderState): void {
    this.byCoreId.delete(o.coreId);
    this.byClientId.delete(o.req.clientId);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function roundQty(x: number): number {
  return Math.round(x * 1e10) / 1e10;
}
