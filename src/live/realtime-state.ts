// What the live session knows about its market data right now (LIVE.md §6): the public socket's
// state, the age of the last closed 1m bar and of the last ticker. No closed bar for 90 s, a
// ticker older than 10 s or a socket that is down stops new entries (fail closed) until the data
// is fresh again; a reconnect asks for a reconciliation before the next decision.

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
