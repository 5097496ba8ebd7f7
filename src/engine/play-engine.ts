// The PlayEngine: mode-agnostic (LIVE.md §1-3). For every closed 1m bar it lets the venue move
// (a simulator fills there; an exchange has already reported), applies the venue's events to the
// order tracker and the trade book, moves each timeframe's cursor, evaluates the rules when the
// Play asks (each exec close, or each 1m close), turns the decision into commands through the
// order rules below, and records the equity curve at each exec close. It never knows which venue
// it drives: commands go out, events come back, each with a sequence number.
// Order rules: at most one working entry; while it works the same signal does nothing, the
// opposite signal or an exit cancels it first (a new entry waits for the cancel's outcome); a
// limit entry lapses after `entryExpireBars` exec bars; a reversal's entry is sized from the
// wallet after the close, fees included. Entries that are not placed are counted with a reason.

import { floatsFromJson, floatsToJson, readBar } from '../domain';
import { TradeError } from '../errors';
import { AheadScan, nextCloseMs } from './ahead-scan';
import { applyVenueEvent, type EventTargets } from './apply-event';
import { type Action, type DecisionSink, decisionOf } from './decision';
import {
  type EngineConfig,
  type EngineCounters,
  type EngineSnapshot,
  type EvalState,
  initialEvalState,
  type SkippedEntry,
  type Strategy,
  unrealizedPct,
} from './engine-types';
import { entryOrder } from './entry-order';
import { EquityLog } from './equity-log';
import { OrderIds } from './order-ids';
import { OrderTracker, type TrackedOrder } from './order-tracker';
import type { AccountSnapshot, Bar1m, Bars1m, OrderRequest, Venue, VenueCommand, VenueEvent } from './ports';
import { bookQuietBars } from './quiet-bars';
import { advanceCursor, type TfSeries } from './series';
import { type ClosedTrade, TradeBook } from './trade-book';

export type {
  EngineConfig,
  EngineCounters,
  EngineSnapshot,
  EvalState,
  ExitPlan,
  Explanation,
  SkippedEntry,
  Strategy,
} from './engine-types';

/** Bars one ahead-scan may cover (the venue's per-bar equity buffer). */
const SCAN_BARS = 16_384;

export class PlayEngine {
  readonly state: EvalState = initialEvalState();
  readonly equity = new EquityLog();
  readonly skipped: SkippedEntry[] = [];
  readonly orders = new OrderTracker();
  readonly book = new TradeBook();
  readonly counters: EngineCounters = { feesUsdt: 0, fundingUsdt: 0, fills: 0, ambiguousFills: 0, liquidations: 0, lastEventSeq: 0 };
  private ids: OrderIds;
  private readonly exec: TfSeries;
  private readonly pendingEvents: VenueEvent[] = [];
  private account: AccountSnapshot | undefined;
  private lastAction: Action = 'none';
  /** An entry waiting for the working entry's cancel to be confirmed. */
  private pendingEntry: 'long' | 'short' | undefined;
  private decisionSeq = 0;
  private lastBarCloseMs = Number.NEGATIVE_INFINITY;
  /** Commands issued by the evaluation in progress (recorded in its decision). */
  private issued: VenueCommand[] | undefined;
  /** The daily loss limit's day (UTC day number), its starting equity, and REDUCING once passed. */
  private dailyLoss = { day: Number.NaN, startEquityUsdt: Number.NaN, reducing: false };
  /** TP/SL prices attached to the position (the trigger levels of its protection fills). */
  private protection: { takeProfit?: number; stopLoss?: number } = {};
  private readonly scratch: Bar1m = { tsMs: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  /** What venue events update (apply-event.ts). */
  private readonly targets: EventTargets = {
    counters: this.counters,
    orders: this.orders,
    book: this.book,
    level: (source) =>
      source === 'take_profit' ? this.protection.takeProfit : source === 'stop_loss' ? this.protection.stopLoss : undefined,
    flat: () => {
      this.protection = {};
    },
    skip: (reason, detail, tsMs) => this.skip(reason, detail, tsMs),
  };
  /**
   * Live modes: while this returns a reason code (stale data, kill switch), new entries are not
   * placed; each is counted as skipped with that reason. Exits and protection go on.
   */
  entryGate: (() => string | undefined) | undefined;
  /**
   * Kill switch HALTED (live): decisions are still made and recorded, but nothing is sent (no
   * entry, exit, cancel or expiry); the venue keeps reporting. Only a person clears it.
   */
  halted = false;
  /** Set by `reduce` (live: repeated rejects, stale data): entries stop until `resume`. */
  private reducedBy: string | undefined;
  /** Market times of the orders sent within the last minute (max_orders_per_minute). */
  private recentOrderMs: number[] = [];
  /** Evaluations ahead of the venue over quiet stretches (ahead-scan.ts), and the venue's equity per bar there. */
  private scan: AheadScan | undefined;
  private scanEquity: Float64Array | undefined;
  /** The last scan: bars [from, stop) of `bars` evaluate to 'none' from this side and entry. */
  private readonly scanned = { bars: undefined as Bars1m | undefined, from: 0, stop: 0, side: 0, entryPrice: Number.NaN };

  constructor(
    private readonly cfg: EngineConfig,
    private readonly strategy: Strategy,
    private readonly series: readonly TfSeries[],
    private readonly venue: Venue,
    private readonly decisions?: DecisionSink,
  ) {
    const exec = series[0];
    if (!exec) throw new TradeError('INTERNAL', 'PlayEngine needs at least the exec timeframe series');
    this.exec = exec;
    this.ids = new OrderIds(cfg.runId);
  }

  /** Closed trades so far (the engine's own record). */
  get trades(): readonly ClosedTrade[] {
    return this.book.closed;
  }

  /** One closed 1m bar. */
  processBar(bar: Bar1m): void {
    this.venue.onBar(bar);
    this.afterVenue(bar, this.collectEvents(), true);
  }

  /**
   * Bars [start, end) of `bars`, in order; the same result as `processBar` on each of them. Where
   * the venue can take bars in batches and no evaluation can change its answer (the last decision
   * was 'none' or the Play decides only at exec closes, and its rules read no per-minute state),
   * the minutes up to and including the next timeframe close run inside the venue in one call,
   * which stops early at the first bar with events. Only that last bar is then handled here: the
   * quiet minutes before it would have changed nothing but the open trade's excursion.
   */
  processBars(bars: Bars1m, start: number, end: number): void {
    const bar = this.scratch;
    let i = start;
    while (i < end) {
      if (this.canScanAhead()) {
        const n = this.scanAhead(bars, i, end);
        if (n > 0) {
          i += n;
          continue;
        }
      }
      if (this.venue.onBars !== undefined && this.canSkipEvaluation()) {
        const closeAt = this.nextCloseIndex(bars, i, end);
        const consumed = this.venue.onBars(bars, i, Math.min(end, closeAt + 1) - i);
        if (consumed > 0) {
          const last = i + consumed - 1;
          // The minutes before the last one were quiet: their excursion counts before its fills.
          const changed = this.drainEvents();
          if (changed || last === closeAt) {
            this.book.holdBars(bars, i, last);
            this.applyEvents();
            readBar(bars, last, this.scratch);
            this.afterVenue(bar, changed, true);
          } else {
            this.book.holdBars(bars, i, last + 1);
            this.lastBarCloseMs = bars.tsMs[last]! + 60_000;
          }
          i = last + 1;
          continue;
        }
      }
      readBar(bars, i, this.scratch);
      this.venue.onBar(bar);
      this.afterVenue(bar, this.collectEvents(), true);
      i++;
    }
  }

  /**
   * Replays one bar with the venue muted (restart: rebuild what the rules remember). Cursors and
   * evaluations run; nothing is sent and the venue is not moved.
   */
  warmBar(bar: Bar1m): void {
    this.afterVenue(bar, false, false);
  }

  /**
   * Quiet stretches can be evaluated ahead (ahead-scan.ts) when the venue batches bars, the rules
   * keep nothing between decisions, no order works, no entry waits, and nothing per evaluation
   * needs the account (decision records, the daily loss limit) or a person (halted).
   */
  private canScanAhead(): boolean {
    return (
      this.venue.onBars !== undefined &&
      this.strategy.stateless === true &&
      this.decisions === undefined &&
      this.cfg.dailyLossLimitPct === undefined &&
      !this.halted &&
      this.pendingEntry === undefined &&
      this.orders.size === 0 &&
      this.account !== undefined
    );
  }

  /**
   * Bars from `i`: the quiet ones before the first evaluation that acts go through the venue in
   * one batch and are booked here in bulk (cursors, bars in trade, excursion, one equity row per
   * exec close from the venue's per-bar equity); a bar with venue events, or the acting bar, is
   * then handled as usual. Returns the bars handled (0: the next bar acts or the venue has
   * something to settle there; the caller takes the usual path).
   */
  private scanAhead(bars: Bars1m, i: number, end: number): number {
    this.scan ??= new AheadScan(this.series, this.strategy, this.cfg.evaluateEvery === '1m_close');
    this.scanEquity ??= new Float64Array(SCAN_BARS);
    const eq = this.scanEquity;
    // A venue stop before the acting bar (funding, a protection fill) leaves the scan's answer
    // standing while side and entry are unchanged: no need to scan those bars again.
    const known = this.scanned;
    const s = this.state;
    let stop: number;
    if (known.bars === bars && i >= known.from && i < known.stop && s.side === known.side && Object.is(s.entryPrice, known.entryPrice))
      stop = Math.min(known.stop, i + eq.length);
    else {
      stop = this.scan.firstAction(bars, i, Math.min(end, i + eq.length), s);
      known.bars = bars;
      known.from = i;
      known.stop = stop;
      known.side = s.side;
      known.entryPrice = s.entryPrice;
    }
    if (stop === i) return 0;
    // Wallet and position before the batch: the venue's snapshot object moves with its events.
    const a = this.account!;
    const walletUsdt = a.walletUsdt;
    const qty = a.position.side === 'short' ? -a.position.qty : a.position.qty;
    const consumed = this.venue.onBars!(bars, i, stop - i, eq);
    if (consumed === 0) return 0;
    const last = i + consumed - 1;
    if (this.drainEvents()) {
      this.holdQuiet(bars, i, last, eq, walletUsdt, qty);
      this.applyEvents();
      readBar(bars, last, this.scratch);
      this.afterVenue(this.scratch, true, true);
    } else this.holdQuiet(bars, i, last + 1, eq, walletUsdt, qty);
    return consumed;
  }

  /** Books quiet bars [from, to) as afterVenue would one by one (quiet-bars.ts), then the state after them. */
  private holdQuiet(bars: Bars1m, from: number, to: number, equity: Float64Array, walletUsdt: number, qty: number): void {
    if (to <= from) return;
    this.book.holdBars(bars, from, to);
    const s = this.state;
    const booked = bookQuietBars(this.series, s, this.equity, bars, from, to, equity, walletUsdt, qty);
    const close = bars.close[to - 1]!;
    s.nowMs = bars.tsMs[to - 1]! + 60_000;
    s.lastPrice = close;
    s.isExecClose = booked.execClosed;
    s.unrealizedPnlPct = unrealizedPct(s.side, s.entryPrice, close);
    this.lastBarCloseMs = s.nowMs;
    if (booked.evaluated || this.cfg.evaluateEvery === '1m_close') this.lastAction = 'none';
  }

  private canSkipEvaluation(): boolean {
    if (this.pendingEntry !== undefined) return false;
    if (this.cfg.evaluateEvery === 'exec_close') return true;
    return !this.strategy.readsMinuteState && this.lastAction === 'none';
  }

  /** First index in [from, end) whose bar closes a bar of any timeframe (end when none does). */
  private nextCloseIndex(bars: Bars1m, from: number, end: number): number {
    const nextMs = nextCloseMs(this.series);
    let j = from;
    while (j < end && bars.tsMs[j]! + 60_000 < nextMs) j++;
    return j;
  }

  /** Everything after the venue has moved through `bar` (`changed`: it reported events). */
  private afterVenue(bar: Bar1m, changed: boolean, live: boolean): void {
    const closeMs = bar.tsMs + 60_000;
    this.lastBarCloseMs = closeMs;
    this.book.endBar(bar);
    let execClosed = false;
    for (let i = 0; i < this.series.length; i++) {
      const moved = advanceCursor(this.series[i]!, closeMs);
      if (i === 0) execClosed = moved;
    }
    // The position only changes through venue events (fills, funding, liquidation), and while flat
    // nothing in the account moves with the price, so the account is re-read after events, after
    // commands, and at exec closes while a position is open (its equity for the curve), not otherwise.
    if (live && (changed || this.account === undefined || (execClosed && this.account.position.side !== 'flat'))) {
      this.account = this.venue.account();
    }
    const account = this.account;
    this.syncState(account, bar, closeMs, execClosed);
    // At exec closes only: every path (bar by bar, batched, live) reads a fresh account there.
    if (execClosed && account && this.cfg.dailyLossLimitPct !== undefined) this.checkDailyLoss(account.equityUsdt, closeMs);
    if (execClosed) {
      if (this.state.side !== 0) this.state.barsInTrade++;
      if (live) this.expireEntries();
    }
    if ((execClosed || this.cfg.evaluateEvery === '1m_close') && this.exec.cursor >= 0) {
      const working = this.orders.entry();
      this.state.workingEntrySide = working === undefined || working.cancelSent ? 0 : working.side === 'buy' ? 1 : -1;
      const action = this.strategy.decide(this.state);
      this.lastAction = action;
      if (live) {
        this.issued = this.decisions ? [] : undefined;
        this.act(action, this.account!);
        this.settleCommands();
        this.record(action, closeMs);
      }
    } else if (live && this.pendingEntry !== undefined) this.settleCommands();
    if (execClosed && live) {
      const a = this.account!;
      this.equity.push(
        this.exec.tsOpenMs[this.exec.cursor]!,
        a.equityUsdt,
        a.walletUsdt,
        a.position.side === 'short' ? -a.position.qty : a.position.qty,
      );
    }
  }

  /** After commands: takes the venue's immediate answers and sends an entry that waited on a cancel. */
  private settleCommands(): void {
    for (let round = 0; round < 2; round++) {
      if (this.collectEvents() || this.account === undefined) this.account = this.venue.account();
      if (this.pendingEntry === undefined || this.orders.entry() !== undefined || this.halted) return;
      const side = this.pendingEntry;
      this.pendingEntry = undefined;
      this.syncPosition(this.account);
      if (this.state.side === 0) this.open(side, this.account, false);
    }
  }

  private record(action: Action, tsMs: number): void {
    if (!this.decisions) return;
    this.decisions.record(decisionOf(++this.decisionSeq, tsMs, action, this.strategy.explain?.(), this.state, this.issued ?? []));
    this.issued = undefined;
  }

  /** Moves new venue events into the tracker, the trade book and the counters; true when there were any. */
  private collectEvents(): boolean {
    const any = this.drainEvents();
    if (any) this.applyEvents();
    return any;
  }

  private drainEvents(): boolean {
    const evs = this.pendingEvents;
    evs.length = 0;
    this.venue.drain(evs);
    return evs.length > 0;
  }

  private applyEvents(): void {
    for (const e of this.pendingEvents) applyVenueEvent(this.targets, e);
    this.pendingEvents.length = 0;
  }

  /**
   * The kill switch's REDUCING for a reason the engine cannot see (live: repeated rejects, stale
   * data): entries stop, exits and protection go on, until a person's `resume`.
   */
  reduce(reason: string): void {
    this.reducedBy ??= reason;
  }

  /** Orders sent within the last 60 s of market time (both ends included). */
  private ordersInLastMinute(): number {
    const from = this.state.nowMs - 60_000;
    while (this.recentOrderMs.length > 0 && (this.recentOrderMs[0] as number) < from) this.recentOrderMs.shift();
    return this.recentOrderMs.length;
  }

  /** A person's resume (live): trading again, and the day's loss counted from here. */
  resume(): void {
    this.halted = false;
    this.reducedBy = undefined;
    this.dailyLoss = { day: Number.NaN, startEquityUsdt: Number.NaN, reducing: false };
  }

  /** Whether the kill switch is REDUCING: the daily loss limit passed, or `reduce` was called. */
  get reducing(): boolean {
    return this.reducingReason !== undefined;
  }

  /** Why the kill switch is REDUCING ('daily_loss_limit' or the reason given to `reduce`), or undefined. */
  get reducingReason(): string | undefined {
    return this.dailyLoss.reducing ? 'daily_loss_limit' : this.reducedBy;
  }

  /**
   * The equity at the first exec close of a UTC day starts the day; a loss beyond the limit at an
   * exec close stops new entries until the end of the run (only a person resumes a live session).
   */
  private checkDailyLoss(equityUsdt: number, closeMs: number): void {
    const d = this.dailyLoss;
    const day = Math.floor((closeMs - 1) / 86_400_000);
    if (day !== d.day) {
      d.day = day;
      d.startEquityUsdt = equityUsdt;
    }
    if (!d.reducing && ((d.startEquityUsdt - equityUsdt) * 100) / d.startEquityUsdt > (this.cfg.dailyLossLimitPct as number))
      d.reducing = true;
  }

  private skip(reason: string, detail: string, tsMs = this.state.nowMs): void {
    this.skipped.push({ tsMs, reason, detail });
  }

  private syncState(account: AccountSnapshot | undefined, bar: Bar1m, closeMs: number, execClosed: boolean): void {
    const s = this.state;
    s.nowMs = closeMs;
    s.lastPrice = bar.close;
    s.isExecClose = execClosed;
    if (account) this.syncPosition(account);
    s.unrealizedPnlPct = unrealizedPct(s.side, s.entryPrice, bar.close);
  }

  private syncPosition(account: AccountSnapshot): void {
    const s = this.state;
    const p = account.position;
    const side = p.side === 'long' ? 1 : p.side === 'short' ? -1 : 0;
    if (side !== s.side) s.barsInTrade = 0;
    s.side = side;
    s.entryPrice = side === 0 ? Number.NaN : p.entryPrice;
  }

  /** Cancels a limit entry that has worked for `entryExpireBars` exec bars. */
  private expireEntries(): void {
    this.orders.onExecBar();
    if (this.halted) return;
    const limit = this.cfg.entryExpireBars;
    const e = this.orders.entry();
    if (limit === undefined || !e || e.cancelSent || e.barsWorking < limit) return;
    this.cancel(e);
    if (e.cumQty === 0) this.skip('expired', `limit entry ${e.clientId} unfilled after ${limit} exec bars`);
    // A venue that confirms at once (the simulator) frees the slot for this close's decision.
    if (this.collectEvents()) this.account = this.venue.account();
  }

  private act(action: Action, account: AccountSnapshot): void {
    if (action === 'none' || this.halted) return;
    const s = this.state;
    const entry = this.orders.entry();
    const wantsLong = action === 'enter_long';
    const wantsShort = action === 'enter_short';
    if (wantsLong || wantsShort) {
      const want = wantsLong ? 'long' : 'short';
      const wantSide = wantsLong ? 'buy' : 'sell';
      if ((s.side === 1 && wantsLong) || (s.side === -1 && wantsShort)) return;
      if (entry && entry.side === wantSide) return;
      if (entry) {
        // The opposite signal cancels the working entry first; the new entry waits for the outcome.
        this.cancel(entry);
        if (s.side === 0) {
          this.pendingEntry = want;
          return;
        }
      }
      if (s.side !== 0) {
        if (!this.closePosition(account)) return;
        this.open(want, account, true);
        return;
      }
      this.open(want, account, false);
      return;
    }
    // Exits: cancel a working entry of the side being left, then close the position.
    const leaves = (side: number) =>
      action === 'exit' || (side === 1 && action === 'exit_long') || (side === -1 && action === 'exit_short');
    if (entry && !entry.cancelSent && leaves(entry.side === 'buy' ? 1 : -1)) this.cancel(entry);
    this.pendingEntry = undefined;
    if (s.side !== 0 && leaves(s.side)) this.closePosition(account);
  }

  private send(cmd: VenueCommand): void {
    this.issued?.push(cmd);
    if (cmd.kind === 'submit') this.recentOrderMs.push(this.state.nowMs);
    this.venue.execute(cmd);
  }

  private cancel(o: TrackedOrder): void {
    if (o.cancelSent) return;
    o.cancelSent = true;
    this.send({ kind: 'cancel', clientId: o.clientId });
  }

  /** Sends a reduce-only market close of the whole position (once: not while a close works). */
  private closePosition(account: AccountSnapshot): boolean {
    const p = account.position;
    if (p.side === 'flat') return false;
    if (this.orders.exit() !== undefined) return true;
    const order: OrderRequest = {
      clientId: this.ids.next('x'),
      side: p.side === 'long' ? 'sell' : 'buy',
      type: 'market',
      qty: p.qty,
      reduceOnly: true,
      timeInForce: 'IOC',
    };
    this.orders.sent(order, 'exit', this.state.nowMs);
    this.send({ kind: 'submit', order });
    this.account = undefined;
    return true;
  }

  private open(side: 'long' | 'short', account: AccountSnapshot, afterClose: boolean): void {
    const blocked = this.dailyLoss.reducing
      ? 'daily_loss_limit'
      : (this.reducedBy ?? (this.ordersInLastMinute() >= this.cfg.maxOrdersPerMinute ? 'orders_per_minute' : this.entryGate?.()));
    if (blocked !== undefined) {
      this.skip(blocked, `${side} entry not placed: entries are stopped`);
      return;
    }
    const built = entryOrder(this.cfg, this.strategy, side, account, afterClose, this.state.lastPrice, () =>
      this.ids.next(side === 'long' ? 'L' : 'S'),
    );
    if ('skip' in built) {
      this.skip(built.skip, built.detail);
      return;
    }
    const order = built.order;
    this.orders.sent(order, 'entry', this.state.nowMs);
    this.protection = { takeProfit: order.takeProfit, stopLoss: order.stopLoss };
    this.send({ kind: 'submit', order });
    this.account = undefined;
  }

  /** The engine's state after the last processed bar (plain JSON). */
  snapshot(): EngineSnapshot {
    return {
      version: 1,
      runId: this.cfg.runId,
      lastBarCloseMs: this.lastBarCloseMs,
      orderSeq: this.ids.seq,
      decisionSeq: this.decisionSeq,
      state: { ...this.state },
      lastAction: this.lastAction,
      pendingEntry: this.pendingEntry,
      orders: this.orders.snapshot(),
      openTrade: this.book.open ? { ...this.book.open } : undefined,
      protection: { ...this.protection },
      rules: floatsToJson(this.strategy.saveState?.() ?? []),
      counters: { ...this.counters },
      dailyLoss: { ...this.dailyLoss },
      reducedBy: this.reducedBy,
      recentOrderMs: [...this.recentOrderMs],
    };
  }

  /**
   * Continues from `snap` in this fresh engine, whose features and cursors already stand at the
   * snapshot's bar (the bars up to it were re-run with `warmBar`). Order ids continue after the
   * snapshot's sequence, so none is reused.
   */
  restore(snap: EngineSnapshot): void {
    if (snap.version !== 1) throw new TradeError('STATE', `engine snapshot version ${snap.version}: expected 1`);
    this.ids = new OrderIds(snap.runId, snap.orderSeq);
    this.decisionSeq = snap.decisionSeq;
    Object.assign(this.state, snap.state);
    this.lastAction = snap.lastAction;
    this.pendingEntry = snap.pendingEntry;
    this.orders.restore(snap.orders);
    this.book.restore(snap.openTrade);
    this.protection = { ...snap.protection };
    this.strategy.loadState?.(floatsFromJson(snap.rules));
    Object.assign(this.counters, snap.counters);
    if (snap.dailyLoss) this.dailyLoss = { ...snap.dailyLoss };
    this.reducedBy = snap.reducedBy ?? undefined;
    this.recentOrderMs = [...(snap.recentOrderMs ?? [])];
    this.lastBarCloseMs = snap.lastBarCloseMs;
    this.account = undefined;
  }

  /** Close time of the last bar processed (ms). */
  get lastCloseMs(): number {
    return this.lastBarCloseMs;
  }
}
