// The private WebSocket of one account (bybit-v5.md §4.3, §4.6, LIVE.md §10): its own
// WebsocketClient with `wsUrl` at the private URL, subscribed to order, execution, position and
// wallet. `start` resolves once Bybit acknowledges the subscription and rejects with a one-line
// error when auth or the subscription is refused or no ack comes in time. bybit-api re-auths and
// resubscribes by itself after `reconnected`; the venue reports connection down on the first
// `reconnect` and up again when the resubscription is acknowledged (the runner reconciles then:
// rows missed in the gap are gone).
// The client's logger is silenced: its lines may carry request payloads.

import type { WebsocketClient } from 'bybit-api';
import { VenueError } from '../errors';
import { bybitSdk } from './sdk';
import type { Row } from './venue-events';

export const PRIVATE_TOPICS = ['order', 'execution', 'position', 'wallet'] as const;

export interface PrivateStreamOptions {
  key: string;
  secret: string;
  wsUrl: string;
  demo: boolean;
  /** Topics beyond order, execution, position and wallet (dcp.future with a DCP window). */
  extraTopics?: readonly string[];
  /** Hides the key and secret in any text passed on. */
  redact(text: string): string;
}

export interface PrivateStreamHandlers {
  rows(topic: string, rows: Row[]): void;
  connection(up: boolean): void;
}

const SILENT = { trace: () => {}, info: () => {}, error: () => {} };

export class PrivateStream {
  private readonly ws: WebsocketClient;
  private up = false;
  private closed = false;
  private barriers = 0;
  private readonly redact: (text: string) => string;
  private readonly topics: string[];

  constructor(
    opts: PrivateStreamOptions,
    private readonly on: PrivateStreamHandlers,
  ) {
    this.redact = opts.redact;
    this.topics = [...PRIVATE_TOPICS, ...(opts.extraTopics ?? [])];
    this.ws = new (bybitSdk().WebsocketClient)({ key: opts.key, secret: opts.secret, wsUrl: opts.wsUrl, demoTrading: opts.demo }, SILENT);
    this.ws.on('update', (m: { topic?: unknown; data?: unknown }) => {
      if (typeof m.topic !== 'string' || !Array.isArray(m.data)) return;
      this.on.rows(m.topic, m.data as Row[]);
    });
    this.ws.on('reconnect', () => this.setUp(false));
    // Up again only once the resubscription is acknowledged: rows before that would be missed.
    this.ws.on('response', (m: { op?: unknown; success?: unknown }) => {
      if (m.op === 'subscribe' && m.success !== false) this.setUp(true);
    });
    // After start, a refused re-auth or resubscribe leaves the connection reported down (no `up`
    // follows), which is what the runner acts on; the listener only keeps the emitter from throwing.
    this.ws.on('exception', () => {});
  }

  get connected(): boolean {
    return this.up;
  }

  /** Connects, authenticates and subscribes; resolves on the subscribe ack. */
  start(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const fail = (why: string) => {
        cleanup();
        reject(new VenueError('VENUE_NETWORK', `private WebSocket: ${why}`, { topics: [...this.topics] }));
      };
      const timer = setTimeout(() => fail(`no subscribe ack for ${this.topics.join(',')} within ${timeoutMs} ms`), timeoutMs);
      const onResponse = (m: { op?: unknown; success?: unknown }) => {
        if (m.op !== 'subscribe' || m.success === false) return;
        cleanup();
        resolve();
      };
      const onException = (m: { op?: unknown; ret_msg?: unknown }) => {
        const op = typeof m.op === 'string' ? m.op : 'request';
        const msg = typeof m.ret_msg === 'string' ? m.ret_msg : 'refused';
        fail(`${op} refused: ${this.redact(msg.replace(/\s+/g, ' ')).slice(0, 120)}`);
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.ws.off('response', onResponse);
        this.ws.off('exception', onException);
      };
      this.ws.on('response', onResponse);
      this.ws.on('exception', onException);
      // The ack is awaited through the 'response' event; a request promise may reject on close.
      for (const p of this.ws.subscribeV5([...this.topics], 'linear')) Promise.resolve(p).catch(() => {});
    });
  }

  /**
   * Resolves once every private message the venue sent before this call has been handled: a ping
   * with its own req_id goes out on the private connection and its pong, which the venue sends
   * after everything before it on that ordered connection, comes back. bybit-api swallows pongs,
   * so the answer is read on its socket (the client's store of sockets, bybit-api 4.7.7 pinned).
   * Bounded by `timeoutMs`; a timeout or a missing socket rejects.
   */
  barrier(timeoutMs: number): Promise<void> {
    const raw = (this.ws as unknown as { wsStore?: { getWs(key: string): WebSocket | undefined } }).wsStore?.getWs('v5Private');
    if (!this.up || !raw || raw.readyState !== 1)
      return Promise.reject(new VenueError('VENUE_NETWORK', 'private WebSocket: not connected, no barrier'));
    const reqId = `barrier-${++this.barriers}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        raw.removeEventListener('message', onMessage);
        reject(new VenueError('VENUE_NETWORK', `private WebSocket: no pong to ${reqId} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (ev: MessageEvent) => {
        if (!String(ev.data).includes(`"${reqId}"`)) return;
        clearTimeout(timer);
        raw.removeEventListener('message', onMessage);
        resolve();
      };
      raw.addEventListener('message', onMessage);
      raw.send(JSON.stringify({ op: 'ping', req_id: reqId }));
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.ws.closeAll(true);
    this.ws.removeAllListeners();
  }

  private setUp(up: boolean): void {
    if (this.closed || up === this.up) return;
    this.up = up;
    this.on.connection(up);
  }
}
