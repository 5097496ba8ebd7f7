// The simulated venue: the engine's Venue port over the core's exact-ledger exchange (CoreSim).
// Each closed 1m bar runs through the core's intrabar path; funding is settled when a bar closes
// at a stored funding time, on the position held then, at that bar's close as the mark price.
// Sim events are translated to engine events; the account snapshot is one reused object.
import { CoreSim, type IntrabarMode, SIM_STATE_FIELDS, SimBars, type SimEvent } from '../core';
import type { FundingColumns, Instrument } from '../domain';
import type { AccountSnapshot, Bar1m, Bars1m, ClosedTrade, ExitReason, OrderRequest, Venue, VenueEvent } from '../engine';

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

const EXIT_REASONS: Record<string, ExitReason> = {
  exit: 'signal',
  entry: 'signal',
  take_profit: 'take_profit',
  stop_loss: 'stop_loss',
  trailing: 'trailing_stop',
  liquidation: 'liquidation',
};

/** Bars per refill of the core-side bar window used by `advanceMany`. */
const BAR_WINDOW = 16_384;

const F = Object.fromEntries(SIM_STATE_FIELDS.map((k, i) => [k, i])) as Record<(typeof SIM_STATE_FIELDS)[number], number>;

export class SimVenue implements Venue {
  private readonly sim: CoreSim;
  private readonly funding: FundingColumns;
  private fundingIdx = 0;
  private readonly pending: VenueEvent[] = [];
  private readonly clientIds = new Map<number, string>();
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

  advance(bar: Bar1m): void {
    if (this.sim.onBar1m(bar.tsMs, bar.open, bar.high, bar.low, bar.close) > 0) this.collect();
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
  advanceMany(bars: Bars1m, start: number, count: number): number {
    let n = count;
    const f = this.funding;
    if (this.fundingIdx < f.tsMs.length) {
      const fundingMs = f.tsMs[this.fundingIdx]!;
      let k = 0;
      while (k < n && bars.tsMs[start + k]! + 60_000 < fundingMs) k++;
      n = k;
    }
    if (n === 0) return 0;
    // Bars reach the core through a reused window of BAR_WINDOW bars, refilled when a stretch
    // falls outside it.
    this.coreBars ??= new SimBars(BAR_WINDOW);
    const cb = this.coreBars;
    n = Math.min(n, BAR_WINDOW);
    if (this.coreBarsOf !== bars || start < cb.offset || start + n > cb.offset + cb.length) {
      cb.load(bars, start, Math.min(BAR_WINDOW, bars.tsMs.length - start));
      this.coreBarsOf = bars;
    }
    const consumed = this.sim.onBars1m(cb, start - cb.offset, n);
    if (this.sim.eventCount() > 0) this.collect();
    return consumed;
  }

  private coreBars: SimBars | undefined;
  private coreBarsOf: Bars1m | undefined;

  submit(o: OrderRequest): void {
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
    this.clientIds.set(id, o.clientId);
    if (this.sim.eventCount() > 0) this.collect();
  }

  cancelAll(): void {
    for (const id of this.clientIds.keys()) this.sim.cancel(id);
    this.clientIds.clear();
    if (this.sim.eventCount() > 0) this.collect();
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

  /** Intrabar ambiguity so far: bars and fills where two outcomes were reachable, and the equity that depended on the tie-break. */
  ambiguity(): { bars: number; fills: number; pnlUsdt: number } {
    const v = this.sim.stateView();
    return { bars: v[F.ambiguousBars]!, fills: v[F.ambiguousFills]!, pnlUsdt: v[F.ambiguousPnlUsdt]! };
  }

  drainEvents(out: VenueEvent[]): void {
    if (this.pending.length === 0) return;
    for (const e of this.pending) out.push(e);
    this.pending.length = 0;
  }

  free(): void {
    this.coreBars?.free();
    this.coreBars = undefined;
    this.coreBarsOf = undefined;
    this.sim.free();
  }

  private collect(): void {
    for (const e of this.sim.events()) {
      const mapped = this.translate(e);
      if (mapped) this.pending.push(mapped);
    }
  }

  private translate(e: SimEvent): VenueEvent | undefined {
    switch (e.kind) {
      case 'fill':
        return {
          kind: 'fill',
          tsMs: e.tsMs,
          clientId: this.clientIds.get(e.orderId) ?? `sim-${e.orderId}`,
          side: e.side,
          qty: e.qty,
          price: e.price,
          feeUsdt: e.feeUsdt,
          isMaker: e.isMaker,
          ambiguous: e.ambiguous,
        };
      case 'rejected':
        return {
          kind: 'reject',
          tsMs: e.tsMs,
          clientId: this.clientIds.get(e.orderId) ?? `sim-${e.orderId}`,
          code: e.retCode,
          reason: e.reason,
        };
      case 'funding':
        return { kind: 'funding', tsMs: e.tsMs, rate: e.rate, paymentUsdt: e.paidUsdt };
      case 'liquidation':
        return { kind: 'liquidation', tsMs: e.tsMs, price: e.bankruptcyPrice, qty: e.qty };
      case 'trade_closed': {
        const trade: ClosedTrade = {
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
        };
        return { kind: 'trade_closed', trade };
      }
      default:
        return undefined;
    }
  }
}
