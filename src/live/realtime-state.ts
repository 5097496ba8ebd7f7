// What the live session knows about its market data (LIVE.md §6): the public socket's state, the
// age of the last closed 1m bar and of the last ticker. New entries stop (fail closed) while the
// data behind a decision is not fresh: the socket is down, the ticker was older than 10 s when the
// bar arrived, the bar came more than 90 s after the previous one, or it is more than 90 s of
// market time older than the newest bar (fetched over REST to fill a gap: a late bar). Each bar is judged by what was known when it arrived, so a session that
// works through a backlog judges each bar as it would have on time. A reconnect asks for a
// reconciliation before the next decision.

export const BAR_STALE_MS = 90_000;
export const TICKER_STALE_MS = 10_000;

export type Connection = 'connecting' | 'up' | 'down';

export class RealtimeState {
  connection: Connection = 'connecting';
  /** Close time of the last closed bar processed, and when it was received (wall ms). */
  lastBarCloseMs = Number.NaN;
  lastBarRecvMs = Number.NaN;
  lastTickerMs = Number.NaN;
  lastPrice = Number.NaN;
  /** Set by a reconnect; cleared once the venue has been reconciled. */
  reconcileDue = false;
  reconnects = 0;
  /** The last reconcile failed. */
  private unreconciled = false;
  /** Why the bar being decided on is not fresh (set by `judgeBar`), or undefined. */
  private barBlock: string | undefined;
  private prevBarRecvMs = Number.NaN;

  constructor(private readonly nowMs: () => number) {}

  onConnection(state: 'up' | 'down' | 'reconnected'): void {
    if (state === 'down') {
      this.connection = 'down';
      return;
    }
    if (state === 'reconnected') {
      this.reconnects++;
      this.reconcileDue = true;
    }
    this.connection = 'up';
  }

  onBar(closeMs: number, recvMs: number): void {
    this.lastBarCloseMs = closeMs;
    this.lastBarRecvMs = recvMs;
  }

  onTicker(price: number, recvMs: number): void {
    this.lastPrice = price;
    this.lastTickerMs = recvMs;
  }

  /** Seconds since the last closed bar arrived (wall), NaN before the first. */
  barAgeMs(): number {
    return this.nowMs() - this.lastBarRecvMs;
  }

  tickerAgeMs(): number {
    return this.nowMs() - this.lastTickerMs;
  }

  /**
   * Judges the bar about to be decided on: `tickerRecvMs` is when the last ticker before it
   * arrived, `lateMs` how much older (market time) it is than the newest bar received,
   * `afterExchangeGap` that minutes the venue does not have come just before it.
   */
  judgeBar(recvMs: number, tickerRecvMs: number, lateMs: number, afterExchangeGap = false): void {
    const gapMs = recvMs - this.prevBarRecvMs;
    this.prevBarRecvMs = recvMs;
    if (afterExchangeGap) this.barBlock = 'stale_exchange_gap';
    else if (lateMs > BAR_STALE_MS) this.barBlock = 'stale_late_bar';
    else if (gapMs > BAR_STALE_MS) this.barBlock = 'stale_no_bar';
    else if (!(recvMs - tickerRecvMs <= TICKER_STALE_MS)) this.barBlock = 'stale_ticker';
    else this.barBlock = undefined;
  }

  /** A reconcile answered (true) or failed (false: it stays due, and entries stop until one succeeds). */
  reconciled(ok: boolean): void {
    this.reconcileDue = !ok;
    this.unreconciled = !ok;
  }

  /** Why the bar just judged was not fresh (late, after a silence, after an exchange gap, old ticker), or undefined. */
  get barStale(): string | undefined {
    return this.barBlock;
  }

  /** Why a decision on the current bar may not enter (socket down, unreconciled, or the bar was not fresh). */
  entryBlock(): string | undefined {
    if (this.connection !== 'up') return 'stale_socket_down';
    if (this.unreconciled) return 'stale_unreconciled';
    return this.barBlock;
  }

  /**
   * Why entries must stop now, as a reason code, or undefined when the data is fresh. Ages are
   * measured from when this process received the data (wall), so a replayed market works too.
   */
  staleReason(): string | undefined {
    if (this.connection !== 'up') return 'stale_socket_down';
    if (this.barAgeMs() > BAR_STALE_MS) return 'stale_no_bar';
    if (!(this.tickerAgeMs() <= TICKER_STALE_MS)) return 'stale_ticker';
    return undefined;
  }
}
