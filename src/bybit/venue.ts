// BybitVenue: the engine's Venue port (LIVE.md §2, §3, §6) over Bybit V5 through bybit-api, for
// one linear symbol in one-way isolated mode. Commands are queued and sent over REST one at a time,
// in order; `execute` never blocks or throws. Outcomes become events stamped with a strictly
// increasing seq and the injected clock: the create answer (accepted / rejected), then the private
// WebSocket's order, execution, position and wallet rows (venue-events.ts). Executions are
// deduplicated by execId. An ambiguous create (ambiguity.ts) puts the order in doubt: it is looked
// up by orderLinkId with bounded backoff before anything is resent, and resent at most once (with
// the same orderLinkId; 110072 means it exists): create-settle.ts, shared with the order tools. A
// failed lookup never counts as "not placed"; an order still unknown after the lookups stays in
// `inDoubt()` until `resolveInDoubt()` or a private row settles it. The key and secret live only
// inside the bybit-api clients.

import type { RestClientV5 } from 'bybit-api';
import type { Instrument } from '../domain';
import type { AccountSnapshot, Bar1m, Clock, OrderRequest, Venue, VenueCommand, VenueEvent, VenueState } from '../engine/ports';
import { VenueError } from '../errors';
import { type Outcome, redactor } from './ambiguity';
import { settleOrderCreate } from './create-settle';
import { type InDoubtOrder, lookupOrder } from './in-doubt';
import { cancelAllParams, cancelParams, createParams, type OrderGrid, tradingStopParams } from './order-requests';
import { PrivateStream } from './private-stream';
import { executionsSince, queryVenueState } from './reconcile';
import { Remembered } from './remembered';
import { type BackoffPolicy, DEFAULT_BACKOFF, RestCaller } from './rest-caller';
import { bybitSdk } from './sdk';
import { Timers } from './timers';
import {
  type EventBody,
  parseExecution,
  parseOrderStatus,
  parsePosition,
  parseWallet,
  type Row,
  roundQty,
  roundUsdt,
} from './venue-events';
import { readInstrument, setDcpWindow, setIsolatedMargin, setLeverage } from './venue-setup';

export interface BybitVenueOptions {
  key: string;
  secret: string;
  /** REST base URL without a trailing slash (https://api-demo.bybit.com, https://api.bybit.com, the emulator). */
  restBaseUrl: string;
  /** Private WebSocket URL (wss://stream-demo.bybit.com/v5/private, wss://stream.bybit.com/v5/private, the emulator). */
  wsPrivateUrl: string;
  symbol: string;
  instrument: Pick<Instrument, 'tickSize' | 'qtyStep'>;
  clock: Clock;
  /** Per REST request, ms (bybit-api's axios default of 5 minutes is never used). */
  restTimeoutMs?: number;
  demo?: boolean;
  backoff?: Partial<BackoffPolicy>;
  /** Lookups of an in-doubt order before it may be resent (default 4). */
  lookupAttempts?: number;
  /** Bybit's disconnect-cancel window in seconds (live; subscribes dcp.future); undefined: not set. */
  dcpWindowS?: number;
  /** Called once an order create has been answered, before the answer is handled (the fault suite's crash point). */
  afterCreateAnswer?: (clientId: string) => void;
  /** Time `start` waits for the subscribe ack, ms (default 10000). */
  startTimeoutMs?: number;
}

/** Answers of trading-stop that change nothing (34040 not modified). */
const PROTECTION_UNCHANGED: ReadonlySet<number> = new Set([34040]);
/** Cancel answers for an order that has already ended: its fill or cancel arrives on its own. */
const CANCEL_ALREADY_ENDED: ReadonlySet<number> = new Set([110001, 110008]);
const NOTHING_FINE: ReadonlySet<number> = new Set();
/** A reconcile reads executions from this long before the newest one the previous reconcile knew. */
const RECONCILE_OVERLAP_MS = 120_000;

export class BybitVenue implements Venue {
  readonly symbol: string;
  private readonly rest: RestClientV5;
  private readonly caller: RestCaller;
  private readonly stream: PrivateStream;
  private readonly timers = new Timers();
  private readonly grid: OrderGrid;
  private readonly clock: Clock;
  private readonly lookupAttempts: number;
  private readonly startTimeoutMs: number;
  private readonly afterCreateAnswer: ((clientId: string) => void) | undefined;
  private readonly dcpWindowS: number | undefined;
  private readonly restBaseUrl: string;
  private readonly pending: VenueEvent[] = [];
  private seq = 0;
  private readonly queue: VenueCommand[] = [];
  private working: Promise<void> | undefined;
  private readonly doubtful = new Map<string, InDoubtOrder>();
  /** Creates being sent or settled right now (rows for them prove they exist). */
  private readonly settling = new Set<string>();
  private retryScheduled = false;
  /** Exchange time from which recent executions belong to this session (undefined: adopt none). */
  private adoptSinceMs: number | undefined;
  private readonly acceptedIds = new Remembered();
  private readonly endedKeys = new Remembered();
  private readonly execIds = new Remembered();
  /** The newest execution time seen (stream or REST), and its value at the last reconcile (exchange ms). */
  private newestExecMs = Number.NEGATIVE_INFINITY;
  private reconciledExecMs = Number.NEGATIVE_INFINITY;
  private readonly cumByOrderId = new Map<string, number>();
  private readonly trailingAfterFill = new Map<string, number>();
  private readonly snapshot: AccountSnapshot & { asOfMs: number } = {
    walletUsdt: 0,
    equityUsdt: 0,
    availableUsdt: 0,
    position: { side: 'flat', qty: 0, entryPrice: Number.NaN, unrealizedPnlUsdt: 0, liqPrice: Number.NaN },
    asOfMs: 0,
  };

  constructor(opts: BybitVenueOptions) {
    this.symbol = opts.symbol;
    this.clock = opts.clock;
    this.restBaseUrl = opts.restBaseUrl;
    this.grid = { symbol: opts.symbol, tickSize: opts.instrument.tickSize, qtyStep: opts.instrument.qtyStep };
    this.lookupAttempts = opts.lookupAttempts ?? 4;
    this.startTimeoutMs = opts.startTimeoutMs ?? 10_000;
    this.afterCreateAnswer = opts.afterCreateAnswer;
    this.dcpWindowS = opts.dcpWindowS;
    this.rest = new (bybitSdk().RestClientV5)(
      { key: opts.key, secret: opts.secret, baseUrl: opts.restBaseUrl, parseAPIRateLimits: true, demoTrading: opts.demo === true },
      { timeout: opts.restTimeoutMs ?? 10_000 },
    );
    const redact = redactor([opts.key, opts.secret]);
    this.caller = new RestCaller(this.rest, opts.clock, this.timers, { ...DEFAULT_BACKOFF, ...opts.backoff }, redact);
    this.stream = new PrivateStream(
      {
        key: opts.key,
        secret: opts.secret,
        wsUrl: opts.wsPrivateUrl,
        demo: opts.demo === true,
        redact,
        extraTopics: opts.dcpWindowS === undefined ? [] : ['dcp.future'],
      },
      { rows: (topic, rows) => this.onRows(topic, rows), connection: (up) => this.onConnection(up) },
    );
  }

  /** Connects the private stream and subscribes order, execution, position and wallet. */
  start(): Promise<void> {
    return this.stream.start(this.startTimeoutMs);
  }

  /** Releases the socket and every timer; queued commands are dropped. */
  async close(): Promise<void> {
    this.timers.cancelAll();
    this.stream.close();
    this.queue.length = 0;
    await this.working;
  }

  execute(cmd: VenueCommand): void {
    if (this.timers.isClosed) return;
    this.queue.push(cmd);
    this.working ??= this.work();
  }

  /**
   * A closed bar: the open position's unrealised PnL and the equity are marked at its close, as the
   * simulator marks them. Bybit pushes a position row only when the position changes, so its
   * unrealisedPnl would otherwise be as old as the last fill when the engine sizes a reversal.
   */
  onBar(bar: Bar1m): void {
    const p = this.snapshot.position;
    if (p.side === 'flat' || !(p.entryPrice > 0) || !(p.qty > 0)) return;
    const dir = p.side === 'long' ? 1 : -1;
    p.unrealizedPnlUsdt = roundUsdt(dir * p.qty * (bar.close - p.entryPrice));
    this.snapshot.equityUsdt = roundUsdt(this.snapshot.walletUsdt + p.unrealizedPnlUsdt);
  }

  drain(out: VenueEvent[]): void {
    if (this.pending.length === 0) return;
    for (const e of this.pending) out.push(e);
    this.pending.length = 0;
  }

  account(): AccountSnapshot & { asOfMs: number } {
    return this.snapshot;
  }

  /** Resolves when every queued command has been sent and settled (lookups included). */
  async whenIdle(): Promise<void> {
    while (this.working) await this.working;
  }

  /**
   * Resolves once the private messages sent before this call (fills, cancels, position, wallet)
   * are in `drain`, and every queued command has been sent and answered (LIVE.md §6: a decision
   * sees what the venue did up to its bar). Bounded: rejects after `timeoutMs`.
   */
  async barrier(timeoutMs = 2000): Promise<void> {
    await this.whenIdle();
    await this.stream.barrier(timeoutMs);
  }

  /** clientIds of orders whose create outcome is still unknown. */
  inDoubt(): string[] {
    return [...this.doubtful.keys()];
  }

  /**
   * The session's fills start here (exchange time): from then on, a reconcile adopts the recent
   * Trade executions the private stream did not deliver (a message lost while it was down).
   */
  adoptFillsSince(ms: number): void {
    this.adoptSinceMs = ms;
  }

  /** Queries positions, open orders, recent Trade fills and the wallet; rejects when any query fails. */
  async reconcile(): Promise<VenueState> {
    // Back to the newest execution the previous reconcile knew (less an overlap for late or
    // reordered rows): a drop with more fills than one page loses none.
    const sinceMs = this.adoptSinceMs === undefined ? undefined : Math.max(this.adoptSinceMs, this.reconciledExecMs - RECONCILE_OVERLAP_MS);
    const { tradeRows, ...state } = await queryVenueState(this.rest, this.caller, this.symbol, this.clock, sinceMs);
    if (this.adoptSinceMs !== undefined) {
      for (const row of tradeRows) if (Number(row.execTime ?? 0) >= this.adoptSinceMs) this.onExecution(row);
      this.reconciledExecMs = this.newestExecMs;
    }
    const a = state.account;
    Object.assign(this.snapshot, {
      walletUsdt: a.walletUsdt,
      equityUsdt: a.equityUsdt,
      availableUsdt: a.availableUsdt,
      asOfMs: state.asOfMs,
    });
    this.snapshot.position = { ...a.position };
    return state;
  }

  /**
   * Restart (LIVE.md §5, issue 15). The event sequence continues after the restored engine's; the
   * fills and acceptances the journal holds are known, so their re-deliveries are dropped. Every
   * order the engine still tracks is looked up by orderLinkId before anything is resent: found, it
   * is accepted; then the Trade executions in [sinceMs, untilMs] the journal lacks are adopted,
   * oldest first (position TP/SL fills included), and only then the found orders' ends
   * (cancelled, expired), so a partial fill comes before its cancel. An order never accepted and
   * absent stays in doubt: the usual lookups settle it, and it is resent once only after answered
   * lookups found nothing. A failed lookup or query throws: nothing is read as absent.
   */
  async resume(r: {
    lastEventSeq: number;
    knownExecIds: Iterable<string>;
    acceptedIds: Iterable<string>;
    orders: { order: OrderRequest; accepted: boolean; cumQty: number }[];
    sinceMs: number;
    untilMs: number;
  }): Promise<{ lookedUp: number; adoptedFills: number; inDoubt: string[] }> {
    this.seq = Math.max(this.seq, r.lastEventSeq);
    for (const id of r.knownExecIds) this.execIds.add(id);
    for (const id of r.acceptedIds) this.acceptedIds.add(id);
    const ends: Row[] = [];
    for (const { order, accepted, cumQty } of r.orders) {
      const found = await lookupOrder(this.rest, this.caller, this.symbol, order.clientId);
      if (found.kind === 'failed')
        throw new VenueError('VENUE_NETWORK', `resume: looking up order ${order.clientId}: ${found.why}`, { clientId: order.clientId });
      if (order.trailingDistance !== undefined && cumQty === 0) this.trailingAfterFill.set(order.clientId, order.trailingDistance);
      if (found.kind === 'found') {
        if (found.row.orderStatus !== 'Rejected') this.accept(order.clientId, String(found.row.orderId ?? ''));
        if (cumQty > 0) this.cumByOrderId.set(String(found.row.orderId ?? ''), cumQty);
        ends.push(found.row);
      } else if (!accepted) this.doubtful.set(order.clientId, { order, params: createParams(this.grid, order), resent: false });
    }
    let adoptedFills = 0;
    for (const row of await executionsSince(this.rest, this.caller, this.symbol, r.sinceMs, r.untilMs)) {
      if (!this.execIds.has(String(row.execId ?? ''))) adoptedFills++;
      this.onExecution(row);
    }
    // Every execution up to untilMs is known now: the next reconcile reads from there.
    this.reconciledExecMs = Math.max(this.newestExecMs, r.untilMs);
    for (const row of ends) this.emitEnd(row, parseOrderStatus(row));
    const inDoubt = this.inDoubt();
    await this.resolveInDoubt();
    return { lookedUp: r.orders.length, adoptedFills, inDoubt };
  }

  /** Looks up every in-doubt order again (after a reconnect or a failed round of lookups). */
  async resolveInDoubt(): Promise<void> {
    for (const [clientId, d] of [...this.doubtful]) {
      if (this.settling.has(clientId)) continue; // the queue is settling it already
      this.settling.add(clientId);
      try {
        await this.settleCreate(d, undefined);
      } finally {
        this.settling.delete(clientId);
      }
    }
  }

  /** Start-up: the instrument, isolated margin, leverage (LIVE.md §6). */
  async setup(leverage: number): Promise<Instrument> {
    const ins = await this.readInstrument();
    await this.setIsolatedMargin();
    await this.setLeverage(leverage);
    return ins;
  }

  readInstrument(): Promise<Instrument> {
    return readInstrument(this.restBaseUrl, this.symbol);
  }

  setIsolatedMargin(): Promise<void> {
    return setIsolatedMargin(this.rest, this.caller);
  }

  /** Sets the disconnect-cancel window given in the options (none: resolves at once). */
  async setDcpWindow(): Promise<number | undefined> {
    if (this.dcpWindowS === undefined) return undefined;
    await setDcpWindow(this.rest, this.caller, this.dcpWindowS);
    return this.dcpWindowS;
  }

  setLeverage(leverage: number): Promise<void> {
    return setLeverage(this.rest, this.caller, this.symbol, leverage);
  }

  /** Clock resyncs done after retCode 10002. */
  get clockResyncs(): number {
    return this.caller.clockResyncs;
  }

  private async work(): Promise<void> {
    while (this.queue.length > 0 && !this.timers.isClosed) {
      const task = this.queue.shift() as VenueCommand;
      try {
        await this.run(task);
      } catch (e) {
        this.unexpected(task, e);
      }
    }
    this.working = undefined;
  }

  /**
   * A bug or a malformed answer while running a command. A create that may have been sent stays in
   * doubt (never resent on its own); anything else is reported as a reject with code -1.
   */
  private unexpected(task: VenueCommand, e: unknown): void {
    const why = e instanceof Error ? e.message : String(e);
    if (task.kind === 'submit') {
      const o = task.order;
      if (!this.acceptedIds.has(o.clientId)) this.doubtful.set(o.clientId, { order: o, params: createParams(this.grid, o), resent: true });
      return;
    }
    this.emit({ kind: 'rejected', clientId: '', code: -1, reason: `${task.kind}: internal error: ${why}`, retryable: false });
  }

  private onConnection(up: boolean): void {
    this.emit({ kind: 'connection', up });
    // Back after a gap: orders still in doubt are looked up again (a private row may have been lost).
    if (up && this.doubtful.size > 0) void this.resolveInDoubt().catch((e) => this.unexpected({ kind: 'cancel_all' }, e));
  }

  private async run(task: VenueCommand): Promise<void> {
    switch (task.kind) {
      case 'submit':
        return this.submit(task.order);
      case 'cancel': {
        const out = await this.caller.query('order/cancel', () => this.rest.cancelOrder(cancelParams(this.grid, task.clientId)));
        return this.report(`cancel ${task.clientId}`, out, CANCEL_ALREADY_ENDED);
      }
      case 'cancel_all': {
        const out = await this.caller.query('order/cancel-all', () => this.rest.cancelAllOrders(cancelAllParams(this.grid)));
        return this.report('cancel-all', out, NOTHING_FINE);
      }
      case 'set_protection': {
        const out = await this.caller.query('position/trading-stop', () => this.rest.setTradingStop(tradingStopParams(this.grid, task)));
        return this.report('trading-stop', out, PROTECTION_UNCHANGED);
      }
    }
  }

  /**
   * The outcome of a cancel, cancel-all or trading-stop: nothing on success (the private rows say
   * what changed); otherwise a reject with clientId '' naming the command, retryable when no answer
   * could be relied on (the runner reconciles and may send it again).
   */
  private report(what: string, out: Outcome<unknown>, fine: ReadonlySet<number>): void {
    if (out.kind === 'ok' || (out.kind === 'rejected' && fine.has(out.retCode))) return;
    if (out.kind === 'rejected')
      this.emit({ kind: 'rejected', clientId: '', code: out.retCode, reason: `${what}: ${out.retMsg}`, retryable: false });
    else if (out.kind === 'ambiguous')
      this.emit({ kind: 'rejected', clientId: '', code: out.retCode, reason: `${what}: no answer (${out.why})`, retryable: true });
  }

  private async submit(order: OrderRequest): Promise<void> {
    let params: ReturnType<typeof createParams>;
    try {
      params = createParams(this.grid, order);
    } catch (e) {
      this.emit({ kind: 'rejected', clientId: order.clientId, code: 10001, reason: (e as Error).message, retryable: false });
      return;
    }
    if (order.trailingDistance !== undefined) this.trailingAfterFill.set(order.clientId, order.trailingDistance);
    this.settling.add(order.clientId);
    try {
      const out = await this.caller.send('order/create', () => this.rest.submitOrder(params));
      this.afterCreateAnswer?.(order.clientId);
      await this.settleCreate({ order, params, resent: false }, out);
    } finally {
      this.settling.delete(order.clientId);
    }
  }

  /** Settles a create (create-settle.ts) from its answer, or, with `out` undefined, another round of lookups. */
  private async settleCreate(d: InDoubtOrder, out: Outcome<{ orderId: string }> | undefined): Promise<void> {
    const clientId = d.order.clientId;
    const s = await settleOrderCreate(
      {
        rest: this.rest,
        caller: this.caller,
        timers: this.timers,
        symbol: this.symbol,
        lookupAttempts: this.lookupAttempts,
        stillInDoubt: () => this.doubtful.has(clientId),
        onDoubt: (resent) => this.doubtful.set(clientId, { ...d, resent }),
      },
      d.params,
      d.resent,
      out,
    );
    switch (s.kind) {
      case 'placed':
        this.doubtful.delete(clientId);
        this.accept(clientId, s.orderId);
        return;
      case 'rejected':
        this.doubtful.delete(clientId);
        this.trailingAfterFill.delete(clientId);
        this.emit({ kind: 'rejected', clientId, code: s.retCode, reason: s.retMsg, retryable: false });
        return;
      case 'found':
        this.settleFromRow(s.row);
        return;
      case 'unknown':
        // No answer to rely on yet: ask again later, in the background (the command queue and the
        // bars go on meanwhile). It is never read as "not placed".
        if (!this.timers.isClosed && this.doubtful.has(clientId)) this.retryLater();
        return;
      case 'settled_elsewhere':
        return;
    }
  }

  /** Looks up the orders still in doubt again after the longest backoff (one timer at a time). */
  private retryLater(): void {
    if (this.retryScheduled) return;
    this.retryScheduled = true;
    void this.timers
      .sleep(this.caller.backoffMs(Number.MAX_SAFE_INTEGER))
      .then(() => {
        this.retryScheduled = false;
        if (!this.timers.isClosed && this.doubtful.size > 0) return this.resolveInDoubt();
      })
      .catch((e) => this.unexpected({ kind: 'cancel_all' }, e));
  }

  /** An order row of an in-doubt order: it exists, so it is accepted, plus whatever its status says. */
  private settleFromRow(row: Row): void {
    const clientId = String(row.orderLinkId ?? '');
    this.doubtful.delete(clientId);
    if (row.orderStatus === 'Rejected') {
      this.trailingAfterFill.delete(clientId);
      this.emitEnd(row, parseOrderStatus(row));
      return;
    }
    this.accept(clientId, String(row.orderId ?? ''));
    this.emitEnd(row, parseOrderStatus(row));
  }

  private accept(clientId: string, venueOrderId: string): void {
    if (!this.acceptedIds.add(clientId)) return;
    this.emit({ kind: 'accepted', clientId, venueOrderId });
  }

  private emit(body: EventBody): void {
    this.pending.push({ ...body, seq: ++this.seq, tsMs: this.clock.nowMs() } as VenueEvent);
  }

  private onRows(topic: string, rows: Row[]): void {
    for (const r of rows) {
      if (topic !== 'wallet' && r.symbol !== undefined && r.symbol !== this.symbol) continue;
      if (topic === 'order') this.onOrder(r);
      else if (topic === 'execution') this.onExecution(r);
      else if (topic === 'position') this.onPosition(r);
      else if (topic === 'wallet') this.onWallet(r);
    }
  }

  private onOrder(r: Row): void {
    const clientId = String(r.orderLinkId ?? '');
    if (clientId !== '' && (this.doubtful.has(clientId) || this.settling.has(clientId))) {
      this.settleFromRow(r);
      return;
    }
    const ev = parseOrderStatus(r);
    // Status rows of orders Bybit made (position TP/SL, trailing) matter only when they trigger.
    if (clientId === '' && ev?.kind !== 'triggered') return;
    this.emitEnd(r, ev);
  }

  /** Emits an order's status event once per order and status (duplicates are dropped). */
  private emitEnd(r: Row, ev: EventBody | undefined): void {
    if (!ev) return;
    if (!this.endedKeys.add(`${ev.kind}:${String(r.orderId ?? '')}:${String(r.orderLinkId ?? '')}`)) return;
    if (ev.kind === 'cancelled' || ev.kind === 'expired' || ev.kind === 'rejected') this.trailingAfterFill.delete(ev.clientId);
    this.emit(ev);
  }

  private onExecution(r: Row): void {
    this.newestExecMs = Math.max(this.newestExecMs, Number(r.execTime ?? 0) || 0);
    const execId = String(r.execId ?? '');
    if (execId === '' || !this.execIds.add(execId)) return;
    const orderId = String(r.orderId ?? '');
    const parsed = parseExecution(r, this.cumByOrderId.get(orderId) ?? 0);
    if (parsed.kind === 'funding') {
      this.emit(parsed.body);
      return;
    }
    if (parsed.kind !== 'fill') return;
    const f = parsed.fill;
    if (f.leavesQty > 0) this.cumByOrderId.set(orderId, roundQty(f.cumQty));
    else this.cumByOrderId.delete(orderId);
    if (f.clientId !== '' && (this.doubtful.has(f.clientId) || this.settling.has(f.clientId))) {
      // the create's answer is late or lost: the fill proves the order exists, accepted comes first
      this.doubtful.delete(f.clientId);
      this.accept(f.clientId, orderId);
    }
    this.emit(f);
    if (f.source === 'liquidation') this.emit({ kind: 'liquidation', price: f.price, qty: f.qty });
    const trail = this.trailingAfterFill.get(f.clientId);
    if (trail !== undefined) {
      this.trailingAfterFill.delete(f.clientId);
      this.execute({ kind: 'set_protection', trailingDistance: trail });
    }
  }

  private onPosition(r: Row): void {
    const p = parsePosition(r);
    this.snapshot.position = p;
    this.snapshot.asOfMs = this.clock.nowMs();
    this.emit({ kind: 'position', position: { ...p } });
  }

  private onWallet(r: Row): void {
    const w = parseWallet(r);
    if (!w) return;
    Object.assign(this.snapshot, w, { asOfMs: this.clock.nowMs() });
    this.emit({ kind: 'wallet', walletUsdt: w.walletUsdt, availableUsdt: w.availableUsdt });
  }
}
