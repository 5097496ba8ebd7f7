// The public market stream of one symbol over Bybit's V5 public WebSocket (or the emulator's):
// `kline.1.SYMBOL` and `tickers.SYMBOL` through bybit-api's WebsocketClient. Only confirmed klines
// are closed bars; forming ones are ignored. Tickers give the last price and its time. Connection
// changes are reported as they happen (bybit-api reconnects and resubscribes by itself; messages
// missed in the gap are gone, so the caller fills gaps over REST). A malformed message is reported
// with the field and value, never guessed.

import type { WebsocketClient } from 'bybit-api';
import type { Bar1m } from '../domain';
import { VenueError } from '../errors';
import { bybitSdk } from './sdk';

export interface PublicStreamHandlers {
  /** A closed 1m bar (the kline's confirm:true message), with the receive time. */
  onBar(bar: Bar1m, recvMs: number): void;
  onTicker(lastPrice: number, tsMs: number): void;
  /** 'up' on the first open, 'down' on a drop, 'reconnected' after bybit-api resubscribed. */
  onConnection(state: 'up' | 'down' | 'reconnected'): void;
  onError(e: VenueError): void;
}

export interface PublicStreamOptions {
  wsUrl: string;
  symbol: string;
  /** Wall clock for receive times (injected). */
  nowMs: () => number;
  /** bybit-api's fixed reconnect delay (ms). */
  reconnectMs?: number;
}

const START_TIMEOUT_MS = 10_000;

type Msg = { topic?: string; data?: unknown; ts?: number };

const num = (topic: string, field: string, v: unknown): number => {
  const x = typeof v === 'string' && v.trim() !== '' ? Number(v) : typeof v === 'number' ? v : Number.NaN;
  if (!Number.isFinite(x))
    throw new VenueError('VENUE_BAD_RESPONSE', `${topic}: field ${field} is ${JSON.stringify(v)}, expected a number`);
  return x;
};

/** The closed bar of a kline message, or undefined while the minute is still forming. */
export function parseKline(topic: string, data: unknown): Bar1m | undefined {
  const row = Array.isArray(data) ? (data[0] as Record<string, unknown> | undefined) : undefined;
  if (!row || typeof row !== 'object')
    throw new VenueError('VENUE_BAD_RESPONSE', `${topic}: data is ${JSON.stringify(data)}, expected [kline]`);
  if (row.confirm !== true) return undefined;
  return {
    tsMs: num(topic, 'start', row.start),
    open: num(topic, 'open', row.open),
    high: num(topic, 'high', row.high),
    low: num(topic, 'low', row.low),
    close: num(topic, 'close', row.close),
    volume: num(topic, 'volume', row.volume),
  };
}

export class PublicStream {
  private ws: WebsocketClient | undefined;
  private opened = false;
  private firstTicker: (() => void) | undefined;

  constructor(
    private readonly opts: PublicStreamOptions,
    private readonly on: PublicStreamHandlers,
  ) {}

  get klineTopic(): string {
    return `kline.1.${this.opts.symbol}`;
  }

  /** Connects and subscribes; resolves once both topics are acknowledged. */
  async start(): Promise<void> {
    const { WebsocketClient } = bybitSdk();
    const silent = { trace() {}, info() {}, error() {} };
    const ws = new WebsocketClient({ wsUrl: this.opts.wsUrl, reconnectTimeout: this.opts.reconnectMs ?? 500 }, silent);
    this.ws = ws;
    const tickerTopic = `tickers.${this.opts.symbol}`;
    ws.on('update', (m: Msg) => {
      try {
        if (m.topic === this.klineTopic) {
          const bar = parseKline(m.topic, m.data);
          if (bar) this.on.onBar(bar, this.opts.nowMs());
        } else if (m.topic === tickerTopic) {
          const d = m.data as Record<string, unknown> | undefined;
          // Deltas may leave lastPrice out: only a message that carries it moves the ticker.
          if (d && d.lastPrice !== undefined) {
            this.on.onTicker(num(m.topic, 'lastPrice', d.lastPrice), num(m.topic, 'ts', m.ts));
            this.firstTicker?.();
            this.firstTicker = undefined;
          }
        }
      } catch (e) {
        this.on.onError(
          e instanceof VenueError ? e : new VenueError('VENUE_BAD_RESPONSE', `${m.topic}: ${String(e)}`, undefined, { cause: e }),
        );
      }
    });
    ws.on('open', () => {
      if (!this.opened) this.on.onConnection('up');
      this.opened = true;
    });
    ws.on('reconnect', () => this.on.onConnection('down'));
    ws.on('close', () => this.on.onConnection('down'));
    ws.on('reconnected', () => this.on.onConnection('reconnected'));
    try {
      // bybit-api resolves one promise per topic request; the stream counts as live once the
      // ticker snapshot Bybit sends on subscribe has arrived (bounded wait).
      const firstTicker = new Promise<void>((resolve, reject) => {
        this.firstTicker = resolve;
        setTimeout(() => reject(new Error(`no ${tickerTopic} snapshot within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS).unref?.();
      });
      await Promise.all(ws.subscribeV5([this.klineTopic, tickerTopic], 'linear'));
      await firstTicker;
    } catch (e) {
      this.close();
      throw new VenueError(
        'VENUE_NETWORK',
        `subscribe ${this.klineTopic}, ${tickerTopic} at ${this.opts.wsUrl}: ${describe(e)}`,
        undefined,
        {
          cause: e,
        },
      );
    }
  }

  close(): void {
    this.ws?.closeAll(true);
    this.ws?.removeAllListeners();
    this.ws = undefined;
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) return e.message;
  const m = (e as { message?: unknown; error?: { message?: unknown } })?.error?.message ?? (e as { message?: unknown })?.message;
  return typeof m === 'string' ? m : (JSON.stringify(e)?.slice(0, 200) ?? String(e));
}
