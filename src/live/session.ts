// A live session (LIVE.md §6): start-up in order, failing closed at each step with one line that
// names the step, the cause and the fix; then the steady state: each confirmed 1m kline is a
// closed bar (duplicates dropped, a missing minute fetched over REST first), journaled, written
// to the store, pushed through IncrementalFeatures and handed to the same PlayEngine a backtest
// runs. Stale data stops new entries; a reconnect reconciles before the next decision. Stopping
// (--until, --bars, Ctrl-C) keeps protection orders, writes a snapshot and returns.
import { BybitMarketClient, PublicStream } from '../bybit';
import { gapsInColumn, loadFunding, loadWindow, type Store, syncInstruments, syncSymbol } from '../data';
import { type Bar1m, type Instrument, isoMs, MINUTE_MS, readBar, TIMEFRAME_MINUTES, type Timeframe } from '../domain';
import { compileRules, playRequirements } from '../dsl';
import {
  type Decision,
  engineConfig,
  IncrementalFeatures,
  PlayEngine,
  PlayStrategy,
  type PositionSnapshot,
  type Venue,
  type VenueState,
} from '../engine';
import { TradeError } from '../errors';
import { SimVenue } from '../sim';
import { Journal } from '../state';
import { JournaledVenue } from './journaled-venue';
import { REDUCING_WHY, REJECTS_TO_REDUCE, STALE_BARS_TO_REDUCE } from './kill-switch-rules';
import { RealtimeState } from './realtime-state';
import { resumeSession, snapshotRecord } from './resume';
import { type ResumePoint, readResumePoint } from './resume-point';
import { commandLine, decisionLine, eventLine } from './session-lines';
import { columnsOf, fetchGap, lastClosedEndMs, settleFunding, storeBars } from './session-market';
import type { ExchangeVenue, SessionOptions, SessionSummary } from './session-types';
import { setUpExchange, stepError } from './startup-exchange';

export { REJECTS_TO_REDUCE, STALE_BARS_TO_REDUCE } from './kill-switch-rules';
export type { ExchangeVenue, SessionOptions, SessionSummary } from './session-types';

/** Live bars are written to the store in batches of this many (they are in the journal at once). */
const STORE_BATCH_BARS = 60;

/** Reconcile with the venue at least this often (LIVE.md §6). */
export const RECONCILE_EVERY_MS = 5 * 60_000;
/** The journal's `realtime` record (what `trade dashboard` shows of the market data) is rewritten at most this often (the session wakes at least once a second). */
export const REALTIME_EVERY_MS = 500;

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

const roundQty8 = (q: number): number => Math.round(q * 1e8) / 1e8;

export class LiveSession {
  private stopReason: string | undefined;
  private wake: (() => void) | undefined;
  /** Closed bars from the socket; or, first after a resume, the minutes closed while it was down. */
  private readonly queue: { bar: Bar1m | undefined; catchUpToMs?: number; recvMs: number; recvPerfMs: number; tickerRecvMs: number }[] = [];
  /** Per live bar that was decided on: ms from its arrival to the end of the decision. */
  private readonly latencyMs: number[] = [];
  private barsLive = 0;
  /**
   * The kill switch (LIVE.md §7): ACTIVE, or HALTED by `trade halt` / `trade panic` until `trade
   * resume`; REDUCING (the engine's daily loss limit) shows between the two.
   */
  private killState: 'ACTIVE' | 'HALTED' = 'ACTIVE';
  private venueWasDown = false;
  /** Live bars waiting for the next store write. */
  private readonly unstored: Bar1m[] = [];
  private store: Store | undefined;
  private journal: Journal | undefined;
  private decisions = 0;
  private orders = 0;
  /** Net position the journal's fills make (signed, from the start account's). */
  private netQty = 0;
  /** Commands journaled by this process (any kind). */
  private commands = 0;
  private fills = 0;

  constructor(private readonly o: SessionOptions) {}

  /** Asks the session to stop after the bar in progress (Ctrl-C). */
  stop(reason: string): void {
    this.stopReason ??= reason;
    this.wake?.();
  }

  /** Runs the session on `store` (open for writing: the live bars are added to it). */
  async run(store: Store): Promise<SessionSummary> {
    const o = { ...this.o, store };
    this.store = store;
    const { play } = o.checked;
    const client = new BybitMarketClient({ baseUrl: o.restUrl });
    const journal = Journal.open(o.journalPath);
    this.journal = journal;
    let point: ResumePoint | undefined;
    let stream: PublicStream | undefined;
    let exchange: ExchangeVenue | undefined;
    let simVenue: SimVenue | undefined;
    let pipeline: IncrementalFeatures | undefined;
    try {
      const step = (name: string, detail: string) => o.print({ type: 'step', step: name, detail });
      if (o.resume) {
        point = readResumePoint(journal);
        if (point.playHash !== o.checked.hash)
          throw new TradeError(
            'STATE',
            `resume ${point.session.id}: the Play changed since the session started (play_hash ${point.playHash.slice(0, 12)}, now ${o.checked.hash.slice(0, 12)}); start a new session with --new-session`,
          );
      }
      // 1. The instrument (tick, qty step, min notional, max leverage, tiers).
      let instrument: Instrument;
      try {
        instrument = (await syncInstruments(o.store, client, [o.symbol]))[0] as Instrument;
      } catch (e) {
        throw stepError('read the instrument', e, `check --endpoint (${o.restUrl}) and the symbol ${o.symbol}`);
      }
      step('instrument', `${o.symbol} tick ${instrument.tickSize} qty step ${instrument.qtyStep} max leverage ${instrument.maxLeverage}`);
      // 2. Isolated margin and leverage (exchange modes).
      if (o.exchange) {
        exchange = o.exchange(instrument);
        await setUpExchange(
          exchange,
          {
            symbol: o.symbol,
            mode: o.mode,
            leverage: play.risk.leverage,
            dcpWindowS: o.dcpWindowS,
            adopt: o.adopt === true,
            resuming: point !== undefined,
          },
          step,
        );
      }
      // 3. The store up to the last closed minute, from the warm start.
      const checked = o.checked;
      const req = playRequirements(checked);
      const largestTfMs = Math.max(...Object.values(play.timeframes).map((tf) => TIMEFRAME_MINUTES[tf as Timeframe] * MINUTE_MS));
      let marketEndMs: number;
      try {
        marketEndMs = await lastClosedEndMs(client, o.symbol);
      } catch (e) {
        throw stepError('sync the store', e, `check that ${o.restUrl} serves /v5/market/kline for ${o.symbol}`);
      }
      // A resumed session keeps its window; its live bars go to the store (some may have missed
      // the hourly write), and the minutes it missed are fetched as the first bar arrives.
      const startMs = point ? point.window.startMs : marketEndMs;
      const warmStartMs = point ? point.window.warmStartMs : Math.floor((startMs - req.warmup1m * MINUTE_MS) / largestTfMs) * largestTfMs;
      try {
        if (point) {
          this.unstored.push(...point.liveBars);
          await this.flushBars();
        } else await syncSymbol(o.store, client, { symbol: o.symbol, fromMs: warmStartMs, toMs: startMs, funding: true });
      } catch (e) {
        throw stepError('sync the store', e, `run trade data sync ${o.symbol} --from ${isoMs(warmStartMs)} to see the cause`);
      }
      // The settlement at the first live minute (if any) closes the warm-up: a backtest of the
      // session's window checks that its funding is known.
      if (!point) await settleFunding(this.marketIo(client), instrument, startMs, undefined);
      step('sync', `store holds ${o.symbol} ${isoMs(warmStartMs)} .. ${isoMs(point ? point.nextMs : startMs)}`);
      // 4. Warm the features from the store (each feature from its own warm start, as a backtest);
      // a resumed session from the warm-up bars it journaled.
      const window = point ? columnsOf(point.warmBars) : await loadWindow(o.store, o.symbol, warmStartMs, startMs);
      const gaps = gapsInColumn(window.tsMs, warmStartMs, startMs);
      if (gaps.length > 0) {
        const g = gaps[0]!;
        throw stepError(
          'warm the features',
          `the store misses ${o.symbol} minutes ${g.start} .. ${g.end} inside the warm-up`,
          'the exchange has no candles there; start later or import them',
        );
      }
      const compiled = compileRules(checked.rules);
      const ownWarmup = new Map(req.features.map((f) => [f.id, f.warmup1m]));
      pipeline = new IncrementalFeatures(play, compiled.tfNames, compiled.needs, {
        featureStartMs: (id) => startMs - (ownWarmup.get(id) ?? 0) * MINUTE_MS,
      });
      const features = pipeline;
      const strategy = new PlayStrategy(play, compiled, features.byTfName, (need) => features.column(need));
      features.onGrow(() => strategy.rebind());
      const bar: Bar1m = { tsMs: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
      for (let k = 0; k < window.tsMs.length; k++) {
        features.push(readBar(window, k, bar));
        if (!point) journal.bar(bar, o.nowMs(), true);
      }
      for (const s of features.engineOrder) while (s.cursor + 1 < s.length && s.tsOpenMs[s.cursor + 1]! + s.tfMs <= startMs) s.cursor++;
      if (!point) {
        journal.setMeta('session', JSON.stringify({ id: o.sessionId, mode: o.mode, play: play.id, symbol: o.symbol, runId: o.runId }));
        journal.setMeta('window', JSON.stringify({ warmStartMs, startMs }));
        journal.setMeta('play', JSON.stringify({ file: checked.file, hash: checked.hash, source: o.playSource ?? null }));
        journal.setMeta('instrument', JSON.stringify(instrument));
      }
      step('warm-up', `${window.tsMs.length} bars from ${isoMs(warmStartMs)}`);
      // 5. The venue, reconciled.
      let inner: Venue;
      if (exchange) inner = exchange;
      else {
        const a = play.account;
        simVenue = new SimVenue({
          instrument,
          makerFeeRate: a.maker_fee_rate,
          takerFeeRate: a.taker_fee_rate,
          slippageBps: a.slippage_bps,
          startingWalletUsdt: point?.startWalletUsdt ?? o.equityUsdt ?? a.starting_equity_usdt,
          leverage: play.risk.leverage,
          intrabar: 'path',
          funding: await loadFunding(o.store, o.symbol, startMs, Number.MAX_SAFE_INTEGER),
        });
        inner = simVenue;
      }
      const rt = new RealtimeState(o.nowMs);
      const venue = new JournaledVenue(inner, journal, o.nowMs, {
        command: (cmd, tsMs) => {
          this.commands++;
          if (cmd.kind === 'submit') this.orders++;
          o.print(commandLine(cmd, tsMs));
        },
        event: (e) => {
          if (e.kind === 'rejected' && !e.retryable) rejectStreak++;
          if (e.kind === 'accepted') rejectStreak = 0;
          if (e.kind === 'fill') {
            this.fills++;
            this.netQty = roundQty8(this.netQty + (e.side === 'buy' ? e.qty : -e.qty));
          }
          // Private messages missed while the venue's socket was down are gone: reconcile.
          if (e.kind === 'connection' && e.up && this.venueWasDown) rt.reconcileDue = true;
          if (e.kind === 'connection') this.venueWasDown = !e.up;
          const line = eventLine(e);
          if (line) o.print(line);
        },
      });
      let openOrders: VenueState['orders'] = [];
      try {
        await exchange?.start();
        const state = await venue.reconcile();
        openOrders = state.orders;
        const p = state.account.position;
        if (!point) {
          // A position the session did not open stops the start unless the user says otherwise.
          if (p.side !== 'flat' && !o.adopt)
            throw new TradeError(
              'STATE',
              `start-up step 'reconcile' failed: the account holds a ${p.side} ${p.qty} ${o.symbol} position this session did not open; close it, or start with --adopt to trade alongside it`,
            );
          journal.setMeta('start_account', JSON.stringify({ walletUsdt: state.account.walletUsdt, position: p }));
          this.netQty = p.side === 'short' ? -p.qty : p.side === 'long' ? p.qty : 0;
        }
        exchange?.adoptFillsSince?.(startMs);
        step('reconcile', `wallet ${state.account.walletUsdt} USDT, position ${p.side} ${p.qty}, ${state.orders.length} open orders`);
      } catch (e) {
        throw stepError('reconcile', e, 'a failed query is never read as flat: fix the cause and start again');
      }
      let muted = false;
      let rejectStreak = 0;
      let staleBars = 0;
      let reconciledPosition: PositionSnapshot | undefined;
      const engine = new PlayEngine(engineConfig(play, instrument, o.runId), strategy, features.engineOrder, venue, {
        record: (d: Decision) => {
          if (muted) return;
          this.decisions++;
          journal.decision(d);
          if (d.action !== 'none') o.print(decisionLine(d));
        },
      });
      let rerunAfterGap = false;
      engine.entryGate = () =>
        muted ? (rerunAfterGap ? 'stale_exchange_gap' : point?.staleStops.get(engine.state.nowMs)) : rt.entryBlock();
      if (point) {
        const r = await resumeSession(point, {
          features,
          engine,
          exchange,
          marketEndMs,
          openOrders,
          mute: (m) => {
            muted = m;
            venue.muted = m;
          },
          setAfterGap: (g) => {
            rerunAfterGap = g;
          },
        }).catch((e) => {
          throw stepError('resume', e, 'the journal is kept as it is; start a new session with --new-session if it cannot resume');
        });
        for (const id of r.cancelled) venue.execute({ kind: 'cancel', clientId: id });
        await exchange?.whenIdle?.();
        journal.setMeta('settled', JSON.stringify({ barMs: point.nextMs - MINUTE_MS, inDoubt: exchange?.inDoubt?.() ?? [] }));
        step('resume', r.detail);
        this.decisions = point.counts.decisions;
        this.orders = point.counts.orders;
        this.fills = point.counts.fills;
        this.netQty = point.netQty;
        this.killState = point.killState;
        engine.halted = point.killState === 'HALTED';
        journal.deleteMeta('stopped');
        // The minutes that closed while it was down are decided first, judged as late as they are.
        if (marketEndMs > point.nextMs)
          this.queue.push({ bar: undefined, catchUpToMs: marketEndMs, recvMs: Number.NaN, recvPerfMs: 0, tickerRecvMs: Number.NaN });
      }
      // 6. Subscribe.
      stream = new PublicStream(
        { wsUrl: o.wsPublicUrl, symbol: o.symbol, nowMs: o.nowMs },
        {
          onBar: (b, recvMs) => {
            this.queue.push({ bar: { ...b }, recvMs, recvPerfMs: performance.now(), tickerRecvMs: rt.lastTickerMs });
            this.wake?.();
          },
          onTicker: (price) => rt.onTicker(price, o.nowMs()),
          onConnection: (s) => {
            rt.onConnection(s);
            o.print({ type: 'connection', ts: isoMs(o.nowMs()), state: s });
          },
          onError: (e) => o.print({ type: 'warning', ts: isoMs(o.nowMs()), message: e.message }),
        },
      );
      try {
        await stream.start();
      } catch (e) {
        throw stepError('subscribe', e, `check that ${o.wsPublicUrl} is reachable`);
      }
      rt.onConnection('up');
      o.print({
        type: 'start',
        session: o.sessionId,
        mode: o.mode,
        play: play.id,
        symbol: o.symbol,
        warmStart: isoMs(warmStartMs),
        start: isoMs(startMs),
        journal: o.journalPath,
      });
      // Steady state.
      let nextMs = point ? point.nextMs : startMs;
      let lastReconcileMs = o.nowMs();
      let skippedJournaled = engine.skipped.length;
      let wasReducing = engine.reducing;
      const exec = features.engineOrder[0]!;
      // Control rows the session applied before a restart are not applied again.
      let controlSeen = point ? (journal.control(0)[point.controlApplied - 1]?.id ?? 0) : 0;
      let panics = point ? point.counts.panics : 0;
      /** Applies panic / halt / resume sent from another terminal (trade panic|halt|resume). */
      const applyControl = () => {
        for (const c of journal.control(controlSeen)) {
          controlSeen = c.id;
          if (c.command === 'panic') {
            // Cancel everything, close the position reduce-only, then send nothing more.
            venue.execute({ kind: 'cancel_all' });
            const p = venue.account().position;
            if (p.side !== 'flat' && p.qty > 0) {
              venue.execute({
                kind: 'submit',
                order: {
                  clientId: `${o.runId}-P${++panics}`,
                  side: p.side === 'long' ? 'sell' : 'buy',
                  type: 'market',
                  qty: p.qty,
                  reduceOnly: true,
                  timeInForce: 'IOC',
                },
              });
            }
          }
          this.killState = c.command === 'resume' ? 'ACTIVE' : 'HALTED';
          if (c.command === 'resume') {
            engine.resume();
            // A person moved it up: the reasons it went down are counted afresh.
            rejectStreak = 0;
            staleBars = 0;
          } else engine.halted = true;
          journal.event({ seq: 0, tsMs: o.nowMs(), kind: 'kill_switch', command: c.command, state: this.killState });
          o.print({ type: 'event', ts: isoMs(o.nowMs()), kind: 'kill_switch', detail: `${c.command}: ${this.killState}` });
        }
      };
      let realtimeAtMs = Number.NEGATIVE_INFINITY;
      /** The market-data state, for a dashboard reading the journal (docs/dashboard.md). */
      const publishRealtime = () => {
        const atMs = o.nowMs();
        if (atMs - realtimeAtMs < REALTIME_EVERY_MS) return;
        realtimeAtMs = atMs;
        const { connection, lastBarRecvMs, lastTickerMs, lastPrice, reconnects } = rt;
        const state = this.killState !== 'ACTIVE' ? this.killState : engine.reducing ? 'REDUCING' : 'ACTIVE';
        const realtime = { atMs, connection, lastBarRecvMs, lastTickerMs, lastPrice, reconnects, state, stale: rt.staleReason() ?? null };
        journal.setMeta('realtime', JSON.stringify(realtime));
      };
      while (this.stopReason === undefined) {
        applyControl();
        publishRealtime();
        const item = this.queue.shift();
        if (!item) {
          await new Promise<void>((resolve) => {
            this.wake = resolve;
            setTimeout(resolve, 1000);
          });
          this.wake = undefined;
          continue;
        }
        if (item.bar === undefined) {
          item.recvMs = o.nowMs();
          item.tickerRecvMs = rt.lastTickerMs;
        } else if (item.bar.tsMs < nextMs) continue; // a duplicate (bybit-api may deliver a confirm twice)
        // Minutes before this bar (or up to the catch-up's end) not decided on yet come over REST.
        const gapEndMs = item.bar ? item.bar.tsMs : (item.catchUpToMs as number);
        const newestMs = item.bar ? item.bar.tsMs : gapEndMs - MINUTE_MS;
        const todo =
          gapEndMs > nextMs ? await fetchGap({ client, symbol: o.symbol, nowMs: o.nowMs, print: o.print }, nextMs, gapEndMs) : [];
        if (item.bar) todo.push(item.bar);
        let afterGap = false;
        for (const x of todo) {
          if ('missingFromMs' in x) {
            // Minutes that never traded: the timeframes drop the buckets that hold them.
            features.skipGap(x.missingFromMs, x.missingToMs);
            journal.event({ seq: 0, tsMs: x.missingFromMs, kind: 'exchange_gap', ...x });
            nextMs = x.missingToMs;
            afterGap = true;
            continue;
          }
          const b = x;
          // What the venue did up to this bar (fills at its open, cancels) is known before deciding.
          if (exchange?.barrier) {
            try {
              await exchange.barrier();
            } catch (e) {
              // The private stream cannot vouch for what happened: ask over REST before deciding.
              rt.reconcileDue = true;
              o.print({ type: 'warning', ts: isoMs(o.nowMs()), message: `venue barrier: ${(e as Error).message}; reconciling` });
            }
          }
          if (o.nowMs() - lastReconcileMs >= (o.reconcileEveryMs ?? RECONCILE_EVERY_MS)) rt.reconcileDue = true;
          if (rt.reconcileDue) {
            lastReconcileMs = o.nowMs();
            try {
              const s = await venue.reconcile();
              rt.reconciled(true);
              reconciledPosition = s.account.position;
              o.print({
                type: 'event',
                ts: isoMs(o.nowMs()),
                kind: 'reconciled',
                detail: `position ${s.account.position.side} ${s.account.position.qty}`,
              });
            } catch (e) {
              // A failed query is never read as flat: entries stop until a reconcile succeeds.
              rt.reconciled(false);
              o.print({
                type: 'warning',
                ts: isoMs(o.nowMs()),
                message: `reconcile failed: ${(e as Error).message}; entries stop until it succeeds`,
              });
            }
          }
          rt.judgeBar(item.recvMs, item.tickerRecvMs, newestMs - b.tsMs, afterGap);
          afterGap = false;
          await settleFunding(this.marketIo(client), instrument, b.tsMs + MINUTE_MS, simVenue);
          const execBefore = exec.length;
          const decisionsBefore = this.decisions;
          const commandsBefore = this.commands;
          // The bar, the events drained for it, its decision, its commands and the snapshot after it
          // commit together (synced when there are commands), all before the venue can send any of
          // them: after a crash the journal holds the bar whole or not at all (restart, issue 15).
          journal.atomic(() => {
            journal.bar(b, item.recvMs);
            // The session's own judgement of this bar (replay checks the bars' arrival against it).
            const stale = rt.barStale;
            if (stale !== undefined) journal.event({ seq: 0, tsMs: b.tsMs, kind: 'bar_stale', barMs: b.tsMs, reason: stale });
            features.push(b);
            rt.onBar(b.tsMs + MINUTE_MS, item.recvMs);
            engine.processBar(b);
            nextMs = b.tsMs + MINUTE_MS;
            // Stale data for this many minutes in a row moves the kill switch down (a person moves it up).
            staleBars = rt.entryBlock()?.startsWith('stale_') ? staleBars + 1 : 0;
            if (staleBars >= STALE_BARS_TO_REDUCE) engine.reduce('reducing_stale_data');
            if (rejectStreak >= REJECTS_TO_REDUCE) engine.reduce('reducing_rejects');
            const why = engine.reducingReason;
            if (why !== undefined && !wasReducing) {
              const command = why === 'daily_loss_limit' ? 'daily_loss' : why;
              journal.event({ seq: 0, tsMs: o.nowMs(), kind: 'kill_switch', command, state: 'REDUCING', barMs: nextMs });
              o.print({
                type: 'event',
                ts: isoMs(o.nowMs()),
                kind: 'kill_switch',
                detail: `${REDUCING_WHY[why] ?? why}: REDUCING (exits and protection only)`,
              });
            }
            wasReducing = engine.reducing;
            // Entries not placed, with their reason (replays honour the session's stale-data stops).
            for (; skippedJournaled < engine.skipped.length; skippedJournaled++) {
              const sk = engine.skipped[skippedJournaled]!;
              journal.event({ seq: 0, tsMs: sk.tsMs, kind: 'skipped', reason: sk.reason, detail: sk.detail });
            }
            // A snapshot after every bar (the hourly ones are kept), so a restart re-runs nothing twice.
            journal.snapshot(nextMs, snapshotRecord(engine, warmStartMs, startMs, nextMs), true);
          });
          if (this.commands > commandsBefore) o.crash?.pass('journaled');
          if (reconciledPosition) {
            // The venue's position against the one the journal's fills make (after this bar drained
            // what the reconcile adopted): a difference is logged with both sides.
            const v = reconciledPosition;
            reconciledPosition = undefined;
            const venueQty = v.side === 'short' ? -v.qty : v.side === 'long' ? v.qty : 0;
            if (Math.abs(venueQty - this.netQty) > 1e-9) {
              const detail = `the venue holds ${v.side} ${v.qty}, the journal's fills make ${this.netQty}`;
              journal.event({ seq: 0, tsMs: o.nowMs(), kind: 'discrepancy', venueQty, journalQty: this.netQty });
              o.print({ type: 'warning', ts: isoMs(o.nowMs()), message: `reconcile: ${detail}` });
            }
          }
          // Latency: from the closed candle's arrival to the decision's commands handed to the venue.
          if (b === item.bar && this.decisions > decisionsBefore) this.latencyMs.push(performance.now() - item.recvPerfMs);
          this.barsLive++;
          // The store gets the bars in hourly batches, after the decision, off the latency path (they
          // are in the journal at once). One write per bar grew DuckDB's memory by ~25 MB a day.
          this.unstored.push({ ...b });
          if (this.unstored.length >= STORE_BATCH_BARS) {
            await this.flushBars();
            // Once an hour, off the decision path: a full collection, so a session that runs for weeks
            // holds its live set, not the garbage of the last hours (RSS stays flat; bench/live.ts).
            Bun.gc(true);
          }
          if (exec.cursor >= 0 && exec.length > execBefore) {
            const a = venue.account();
            o.print({
              type: 'bar',
              ts: isoMs(b.tsMs + MINUTE_MS),
              close: b.close,
              position: a.position.side,
              qty: a.position.qty,
              equityUsdt: a.equityUsdt,
              unrealisedUsdt: a.position.unrealizedPnlUsdt,
              state: this.killState !== 'ACTIVE' ? this.killState : engine.reducing ? 'REDUCING' : (rt.staleReason() ?? 'ACTIVE'),
            });
          }
          await exchange?.whenIdle?.();
          // Every command of this bar was sent and answered, or is in doubt (looked up in the background).
          journal.setMeta('settled', JSON.stringify({ barMs: b.tsMs, inDoubt: exchange?.inDoubt?.() ?? [] }));
          if (b === item.bar) o.onBarDone?.(b.tsMs);
          if (o.bars !== undefined && this.barsLive >= o.bars) this.stop(`${o.bars} bars`);
          if (o.untilMs !== undefined && b.tsMs + MINUTE_MS >= o.untilMs) this.stop(`until ${isoMs(o.untilMs)}`);
          if (this.stopReason !== undefined) break;
        }
      }
      // Stop: new entries end here; protection orders stay with the position on the venue.
      await this.flushBars();
      const snap = engine.snapshot();
      // Stopped before the first live bar: the snapshot is keyed at the session's start.
      const snapMs = Number.isFinite(engine.lastCloseMs) ? engine.lastCloseMs : startMs;
      const digest = journal.snapshot(snapMs, { engine: snap, warmStartMs, startMs, nextMs }, true);
      const a = venue.account();
      journal.setMeta('stopped', JSON.stringify({ reason: this.stopReason, lastBarMs: nextMs - MINUTE_MS }));
      const sorted = [...this.latencyMs].sort((x, y) => x - y);
      const latency = {
        n: sorted.length,
        p50Ms: percentile(sorted, 0.5),
        p99Ms: percentile(sorted, 0.99),
        maxMs: sorted.at(-1) ?? Number.NaN,
      };
      o.print({
        type: 'stop',
        reason: this.stopReason ?? 'stopped',
        bars: this.barsLive,
        decisions: this.decisions,
        orders: this.orders,
        fills: this.fills,
        equityUsdt: a.equityUsdt,
        snapshot: digest.slice(0, 12),
        latency,
      });
      const counts = new Map<string, number>();
      for (const s of engine.skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
      return {
        sessionId: o.sessionId,
        reason: this.stopReason ?? 'stopped',
        warmStartMs,
        startMs,
        bars: this.barsLive,
        decisions: this.decisions,
        orders: this.orders,
        fills: this.fills,
        equityUsdt: a.equityUsdt,
        skipped: [...counts].map(([reason, count]) => ({ reason, count })),
        latency,
      };
    } finally {
      stream?.close();
      await exchange?.close();
      simVenue?.free();
      pipeline?.free();
      journal.close();
    }
  }

  /** Writes the live bars not yet in the store, in one transaction. */
  private async flushBars(): Promise<void> {
    const bars = this.unstored.splice(0);
    if (this.store) await storeBars(this.store, this.o.symbol, bars);
  }

  private marketIo(client: BybitMarketClient) {
    const o = this.o;
    return { client, symbol: o.symbol, nowMs: o.nowMs, print: o.print, store: this.store as Store, journal: this.journal };
  }
}
