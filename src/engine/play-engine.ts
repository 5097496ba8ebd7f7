// The PlayEngine: mode-agnostic. For every closed 1m bar it lets the venue advance (fills, funding,
// liquidations happen there), moves each timeframe's cursor, evaluates the rules when the Play asks
// (each exec close, or each 1m close), turns the decision into sized orders with attached exits,
// and records the equity curve at each exec close. It never knows which venue it drives.
import type { AccountSnapshot, Bar1m, Bars1m, ClosedTrade, OrderRequest, StateStore, Venue, VenueEvent } from './ports';
import { advanceCursor, type TfSeries } from './series';
import { type LotRules, roundToTick, type SizingPlan, sizePosition } from './sizing';

export type Action = 'enter_long' | 'enter_short' | 'exit_long' | 'exit_short' | 'exit' | 'none';

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
}

export interface ExitPlan {
  stopLoss?: number;
  takeProfit?: number;
  trailingDistance?: number;
}

export interface Strategy {
  decide(state: EvalState): Action;
  /**
   * True when a decision can change between two bar closes of the strategy's timeframes while the
   * position stays the same (it reads the last price, the time or the unrealised PnL). When false,
   * the engine skips the evaluations that would repeat the previous result.
   */
  readonly readsMinuteState: boolean;
  /** Exit prices for a new position entered near `entryPrice`. */
  exits(side: 'long' | 'short', entryPrice: number): ExitPlan;
}

export interface EngineConfig {
  evaluateEvery: 'exec_close' | '1m_close';
  sizing: SizingPlan;
  leverage: number;
  maxNotionalUsdt: number | undefined;
  rules: LotRules;
  /** Limit entries: offset from the last price in percent (buy below, sell above); market when undefined. */
  limitOffsetPct: number | undefined;
  timeInForce: 'GTC' | 'IOC' | 'FOK' | 'PostOnly';
}

export interface EquityPoint {
  tsMs: number;
  equityUsdt: number;
  walletUsdt: number;
  positionQty: number;
}

export class PlayEngine {
  readonly state: EvalState = {
    nowMs: 0,
    lastPrice: Number.NaN,
    side: 0,
    entryPrice: Number.NaN,
    barsInTrade: 0,
    unrealizedPnlPct: 0,
    isExecClose: false,
  };
  readonly trades: ClosedTrade[] = [];
  readonly equity: EquityPoint[] = [];
  readonly events: VenueEvent[] = [];
  /** Orders the engine wanted but could not size (below minimums), with the reason. */
  readonly skipped: { tsMs: number; reason: string }[] = [];
  private orderSeq = 0;
  private readonly exec: TfSeries;

  constructor(
    private readonly cfg: EngineConfig,
    private readonly strategy: Strategy,
    private readonly series: readonly TfSeries[],
    private readonly venue: Venue,
    private readonly journal?: StateStore,
  ) {
    const exec = series[0];
    if (!exec) throw new Error('PlayEngine needs at least the exec timeframe series');
    this.exec = exec;
  }

  private account: AccountSnapshot | undefined;

  /** One closed 1m bar. */
  processBar(bar: Bar1m): void {
    this.venue.advance(bar);
    this.afterAdvance(bar, this.collectEvents());
  }

  /**
   * Bars [start, end) of `bars`, in order; the same result as `processBar` on each of them. Where
   * the venue can advance in batches and no evaluation can change its answer (the last decision
   * was 'none' or the Play decides only at exec closes, and its rules read no per-minute state),
   * the minutes up to and including the next timeframe close run inside the venue in one call,
   * which stops early at the first bar with events. Only that last bar is then handled here: the
   * quiet minutes before it would have changed nothing.
   */
  processBars(bars: Bars1m, start: number, end: number): void {
    const bar = this.scratch;
    let i = start;
    while (i < end) {
      if (this.venue.advanceMany !== undefined && this.canSkipEvaluation()) {
        const closeAt = this.nextCloseIndex(bars, i, end);
        const consumed = this.venue.advanceMany(bars, i, Math.min(end, closeAt + 1) - i);
        if (consumed > 0) {
          const last = i + consumed - 1;
          i = last + 1;
          const changed = this.collectEvents();
          if (changed || last === closeAt) {
            this.loadBar(bars, last);
            this.afterAdvance(bar, changed);
          }
          continue;
        }
      }
      this.loadBar(bars, i);
      this.venue.advance(bar);
      this.afterAdvance(bar, this.collectEvents());
      i++;
    }
  }

  private loadBar(bars: Bars1m, k: number): void {
    const bar = this.scratch;
    bar.tsMs = bars.tsMs[k]!;
    bar.open = bars.open[k]!;
    bar.high = bars.high[k]!;
    bar.low = bars.low[k]!;
    bar.close = bars.close[k]!;
    bar.volume = bars.volume[k]!;
  }

  private readonly scratch: Bar1m = { tsMs: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  private lastAction: Action = 'none';

  private canSkipEvaluation(): boolean {
    if (this.cfg.evaluateEvery === 'exec_close') return true;
    return !this.strategy.readsMinuteState && this.lastAction === 'none';
  }

  /** First index in [from, end) whose bar closes a bar of any timeframe (end when none does). */
  private nextCloseIndex(bars: Bars1m, from: number, end: number): number {
    let nextCloseMs = Number.POSITIVE_INFINITY;
    for (const s of this.series) {
      const k = s.cursor + 1;
      if (k < s.length) nextCloseMs = Math.min(nextCloseMs, s.tsOpenMs[k]! + s.tfMs);
    }
    let j = from;
    while (j < end && bars.tsMs[j]! + 60_000 < nextCloseMs) j++;
    return j;
  }

  /** Everything after the venue has advanced through `bar` (`changed`: it reported events). */
  private afterAdvance(bar: Bar1m, changed: boolean): void {
    const closeMs = bar.tsMs + 60_000;
    let execClosed = false;
    for (let i = 0; i < this.series.length; i++) {
      const moved = advanceCursor(this.series[i]!, closeMs);
      if (i === 0) execClosed = moved;
    }
    // The position only changes through venue events (fills, funding, liquidation), and while flat
    // nothing in the account moves with the price, so the account is re-read after events, after
    // orders, and at exec closes while a position is open (its equity for the curve), not otherwise.
    if (changed || this.account === undefined || (execClosed && this.account.position.side !== 'flat')) {
      this.account = this.venue.account();
    }
    const account = this.account;
    this.syncState(account, bar, closeMs, execClosed);
    if (execClosed && this.state.side !== 0) this.state.barsInTrade++;
    if (execClosed || this.cfg.evaluateEvery === '1m_close') {
      if (this.exec.cursor >= 0) {
        this.lastAction = this.strategy.decide(this.state);
        this.act(this.lastAction, account);
      }
    }
    if (execClosed) {
      this.equity.push({
        tsMs: this.exec.tsOpenMs[this.exec.cursor]!,
        equityUsdt: account.equityUsdt,
        walletUsdt: account.walletUsdt,
        positionQty: account.position.side === 'short' ? -account.position.qty : account.position.qty,
      });
    }
  }

  /** Moves new venue events into `events` and `trades`; true when there were any. */
  private collectEvents(): boolean {
    const before = this.events.length;
    this.venue.drainEvents(this.events);
    for (let i = before; i < this.events.length; i++) {
      const e = this.events[i]!;
      if (e.kind === 'trade_closed') this.trades.push(e.trade);
    }
    return this.events.length > before;
  }

  private syncState(account: AccountSnapshot, bar: Bar1m, closeMs: number, execClosed: boolean): void {
    const s = this.state;
    const p = account.position;
    const side = p.side === 'long' ? 1 : p.side === 'short' ? -1 : 0;
    if (side !== s.side) s.barsInTrade = 0;
    s.side = side;
    s.nowMs = closeMs;
    s.lastPrice = bar.close;
    s.entryPrice = side === 0 ? Number.NaN : p.entryPrice;
    s.unrealizedPnlPct = side === 0 || p.entryPrice <= 0 ? 0 : (side * (bar.close - p.entryPrice) * 100) / p.entryPrice;
    s.isExecClose = execClosed;
  }

  private act(action: Action, account: AccountSnapshot): void {
    if (action === 'none') return;
    const s = this.state;
    const wantsLong = action === 'enter_long';
    const wantsShort = action === 'enter_short';
    const closes =
      (s.side === 1 && (action === 'exit_long' || action === 'exit' || wantsShort)) ||
      (s.side === -1 && (action === 'exit_short' || action === 'exit' || wantsLong));
    if (closes) this.closePosition(account);
    const flatAfter = closes || s.side === 0;
    if ((wantsLong || wantsShort) && flatAfter) this.open(wantsLong ? 'long' : 'short', account);
  }

  private nextId(tag: string): string {
    this.orderSeq++;
    return `${tag}-${this.orderSeq}`;
  }

  private closePosition(account: AccountSnapshot): void {
    const p = account.position;
    const order: OrderRequest = {
      clientId: this.nextId('x'),
      side: p.side === 'long' ? 'sell' : 'buy',
      type: 'market',
      qty: p.qty,
      reduceOnly: true,
      timeInForce: 'IOC',
    };
    this.journal?.record('order', this.state.nowMs, order);
    this.venue.submit(order);
    this.account = undefined;
  }

  private open(side: 'long' | 'short', account: AccountSnapshot): void {
    const price = this.state.lastPrice;
    const exits = this.strategy.exits(side, price);
    const stopDistance = exits.stopLoss === undefined ? undefined : Math.abs(price - exits.stopLoss);
    // After a close in the same step the wallet is what funds the new position.
    const equity = account.position.side === 'flat' ? account.equityUsdt : account.walletUsdt + account.position.unrealizedPnlUsdt;
    const size = sizePosition({
      plan: this.cfg.sizing,
      equityUsdt: equity,
      entryPrice: price,
      stopDistance,
      leverage: this.cfg.leverage,
      maxNotionalUsdt: this.cfg.maxNotionalUsdt,
      availableUsdt: equity,
      rules: this.cfg.rules,
    });
    if (size.qty <= 0) {
      this.skipped.push({ tsMs: this.state.nowMs, reason: size.reason ?? 'size 0' });
      return;
    }
    const tick = this.cfg.rules.tickSize;
    const offset = this.cfg.limitOffsetPct;
    const order: OrderRequest = {
      clientId: this.nextId(side === 'long' ? 'L' : 'S'),
      side: side === 'long' ? 'buy' : 'sell',
      type: offset === undefined ? 'market' : 'limit',
      qty: size.qty,
      reduceOnly: false,
      timeInForce: offset === undefined ? 'IOC' : this.cfg.timeInForce,
    };
    if (offset !== undefined) order.price = roundToTick(price * (1 + ((side === 'long' ? -1 : 1) * offset) / 100), tick);
    if (exits.stopLoss !== undefined) order.stopLoss = roundToTick(exits.stopLoss, tick);
    if (exits.takeProfit !== undefined) order.takeProfit = roundToTick(exits.takeProfit, tick);
    if (exits.trailingDistance !== undefined) order.trailingDistance = Math.max(tick, roundToTick(exits.trailingDistance, tick));
    this.journal?.record('order', this.state.nowMs, order);
    this.venue.submit(order);
    this.account = undefined;
  }
}
