// The WebSocket side (bybit-v5.md §4): one hub for /v5/public/linear, /v5/private and /v5/trade on
// the server's port. Subscriptions are tracked per connection, so a connection on any path may take
// public topics; private topics need that connection's `auth` first (a duplicate auth is answered
// again). Pongs in both §4.2 formats, compact JSON. Private messages go to the account's
// authenticated connections subscribed to the topic (or `topic.linear`), through the delay /
// duplicate / reorder faults. A stalled connection gets nothing, not even pongs. `trade` ops
// (order.create / amend / cancel) run the REST handlers and answer with reqId. dcp subscriptions are
// the account's lifelines for disconnect-cancel-all (dcp-watch.ts).
import type { ServerWebSocket } from 'bun';
import type { Account } from '../accounts';
import { authenticateWs } from '../auth';
import type { LiveFaults } from '../live-faults';
import { ApiError } from '../params';
import { Answer, PRIVATE_ROUTES, type PrivateContext } from '../private';
import type { Push } from '../private/records';
import { DCP_FUTURE_TOPICS, DCP_TOPICS, type DcpWatch } from './dcp-watch';

export type WsPath = 'public' | 'private' | 'trade';

export interface WsData {
  path: WsPath;
  connId: string;
  subs: Set<string>;
  account: Account | undefined;
  stalled: boolean;
}

export type Socket = ServerWebSocket<WsData>;

/** Private data topics; each also as `topic.linear` (bybit-v5.md §4.3). */
const PRIVATE_TOPICS = new Set(['order', 'execution', 'position', 'wallet']);
const KLINE_RE = /^kline\.(1|3|5|15|30|60|120|240|360|720|D)\.([A-Z0-9]+)$/;
const TICKER_RE = /^tickers\.([A-Z0-9]+)$/;
const TRADE_OPS: Record<string, string> = {
  'order.create': '/v5/order/create',
  'order.amend': '/v5/order/amend',
  'order.cancel': '/v5/order/cancel',
};

export function isPrivateTopic(t: string): boolean {
  return PRIVATE_TOPICS.has(t) || PRIVATE_TOPICS.has(t.replace(/\.linear$/, '')) || DCP_TOPICS.has(t);
}

export interface HubDeps {
  accounts: ReadonlyMap<string, Account>;
  serverNow(): number;
  marketNow(): number;
  faults: LiveFaults;
  /** Public topics served (kline of the replayed symbol, tickers); a snapshot to send on subscribe, if any. */
  publicTopic(topic: string): { ok: boolean; snapshot?: unknown };
  privateContext(account: Account): PrivateContext;
  dcp: DcpWatch;
}

export class Hub {
  readonly sockets = new Set<Socket>();
  private nextConn = 1;
  /** Private messages held back by the reorder fault, per connection. */
  private readonly held = new Map<Socket, string>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  messagesSent = 0;

  constructor(private readonly d: HubDeps) {}

  newData(path: WsPath): WsData {
    return { path, connId: `emu-${this.nextConn++}`, subs: new Set(), account: undefined, stalled: false };
  }

  open(ws: Socket): void {
    this.sockets.add(ws);
  }

  close(ws: Socket): void {
    this.sockets.delete(ws);
    this.held.delete(ws);
    const acct = ws.data.account;
    if (acct && [...ws.data.subs].some((t) => DCP_FUTURE_TOPICS.has(t))) this.d.dcp.released(acct, ws.data.connId, true);
  }

  send(ws: Socket, msg: unknown): void {
    if (ws.data.stalled) return;
    ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
    this.messagesSent++;
  }

  message(ws: Socket, raw: string | Buffer): void {
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(String(raw));
    } catch {
      this.send(ws, {
        success: false,
        ret_msg: `error: request is not JSON: ${String(raw).slice(0, 40)}`,
        conn_id: ws.data.connId,
        op: '',
      });
      return;
    }
    const op = typeof m.op === 'string' ? m.op : '';
    const reqId = typeof m.req_id === 'string' ? m.req_id : '';
    if (ws.data.stalled) return;
    if (op === 'ping') this.pong(ws, reqId);
    else if (op === 'pong') return;
    else if (op === 'auth') this.auth(ws, m.args, reqId);
    else if (op === 'subscribe' || op === 'unsubscribe') this.subscribe(ws, op, m.args, reqId);
    else if (op in TRADE_OPS) this.trade(ws, op, m);
    else this.send(ws, { success: false, ret_msg: `error: unknown op '${op}'`, conn_id: ws.data.connId, req_id: reqId, op });
  }

  private pong(ws: Socket, reqId: string): void {
    const conn_id = ws.data.connId;
    if (ws.data.path === 'public') this.send(ws, { success: true, ret_msg: 'pong', conn_id, req_id: reqId, op: 'ping' });
    else this.send(ws, { req_id: reqId, op: 'pong', args: [String(this.d.serverNow())], conn_id });
  }

  /**
   * Auth acks in the path's format: public/private `{success, ret_msg, op, conn_id, req_id}` (§1.3),
   * trade `{retCode, retMsg, op, connId}` (Bybit's WS trade guideline).
   */
  private auth(ws: Socket, args: unknown, reqId: string): void {
    const got = authenticateWs(args, this.d.serverNow(), this.d.accounts);
    const failed = typeof got === 'string';
    if (!failed && ws.data.account !== got) {
      // A connection re-authenticated as another account moves its dcp lifeline with it.
      const lifeline = [...ws.data.subs].some((t) => DCP_FUTURE_TOPICS.has(t));
      if (lifeline && ws.data.account) this.d.dcp.released(ws.data.account, ws.data.connId, false);
      ws.data.account = got;
      if (lifeline) this.d.dcp.subscribed(got, ws.data.connId);
    }
    const connId = ws.data.connId;
    if (ws.data.path === 'trade') {
      this.send(ws, failed ? { retCode: 10004, retMsg: got, op: 'auth', connId } : { retCode: 0, retMsg: 'OK', op: 'auth', connId });
      return;
    }
    this.send(ws, { success: !failed, ret_msg: failed ? got : '', op: 'auth', conn_id: connId, req_id: reqId });
  }

  private subscribe(ws: Socket, op: 'subscribe' | 'unsubscribe', args: unknown, reqId: string): void {
    const topics = Array.isArray(args) ? args.filter((t): t is string => typeof t === 'string') : [];
    const conn_id = ws.data.connId;
    const fail = (ret_msg: string): void => this.send(ws, { success: false, ret_msg, conn_id, req_id: reqId, op });
    if (topics.length === 0) {
      fail('error: args must list topics');
      return;
    }
    if (op === 'unsubscribe') {
      for (const t of topics) ws.data.subs.delete(t);
      const acct = ws.data.account;
      if (acct && topics.some((t) => DCP_FUTURE_TOPICS.has(t)) && ![...ws.data.subs].some((t) => DCP_FUTURE_TOPICS.has(t)))
        this.d.dcp.released(acct, ws.data.connId, false);
      this.send(ws, { success: true, ret_msg: '', conn_id, req_id: reqId, op });
      return;
    }
    const snapshots: unknown[] = [];
    for (const t of topics) {
      if (isPrivateTopic(t)) {
        if (!ws.data.account) {
          fail(`Request not authorized: topic ${t} needs auth first`);
          return;
        }
        continue;
      }
      const got = KLINE_RE.test(t) || TICKER_RE.test(t) ? this.d.publicTopic(t) : { ok: false };
      if (!got.ok) {
        fail(`error:handler not found,topic:${t}`);
        return;
      }
      if (got.snapshot && !(this.d.faults.tickersOff && TICKER_RE.test(t))) snapshots.push(got.snapshot);
    }
    for (const t of topics) ws.data.subs.add(t);
    if (ws.data.account && topics.some((t) => DCP_FUTURE_TOPICS.has(t))) this.d.dcp.subscribed(ws.data.account, ws.data.connId);
    this.send(ws, { success: true, ret_msg: '', conn_id, req_id: reqId, op });
    for (const s of snapshots) this.send(ws, s);
  }

  private trade(ws: Socket, op: string, m: Record<string, unknown>): void {
    const reqId = typeof m.reqId === 'string' ? m.reqId : '';
    const header = { 'X-Bapi-Limit': '10', 'X-Bapi-Limit-Status': '9', 'X-Bapi-Limit-Reset-Timestamp': String(this.d.serverNow()) };
    const base = { reqId, op, header: { ...header, Timenow: String(this.d.serverNow()) }, connId: ws.data.connId };
    const acct = ws.data.account;
    if (!acct) {
      this.send(ws, { ...base, retCode: 10003, retMsg: 'Request not authorized: auth first', data: {} });
      return;
    }
    const route = PRIVATE_ROUTES.get(TRADE_OPS[op] as string);
    const params = Array.isArray(m.args) && typeof m.args[0] === 'object' && m.args[0] ? (m.args[0] as Record<string, unknown>) : {};
    try {
      const result = route?.handler(params, this.d.privateContext(acct));
      const data = result instanceof Answer ? result.result : result;
      this.send(ws, { ...base, retCode: 0, retMsg: 'OK', data, retExtInfo: {} });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.send(ws, { ...base, retCode: e.retCode, retMsg: e.message, data: {}, retExtInfo: {} });
    }
  }

  publish(topic: string, msg: unknown): void {
    if (this.d.faults.tickersOff && TICKER_RE.test(topic)) return;
    let text: string | undefined;
    for (const ws of this.sockets) {
      if (!ws.data.subs.has(topic)) continue;
      text ??= JSON.stringify(msg);
      this.send(ws, text);
      if (this.d.faults.duplicatePublic) {
        this.send(ws, text);
        this.d.faults.served.publicDuplicated++;
      }
    }
  }

  hasSubscriber(topic: string): boolean {
    for (const ws of this.sockets) if (ws.data.subs.has(topic)) return true;
    return false;
  }

  /** Private messages for `account`, in order, through the delay / duplicate / reorder faults. */
  deliver(account: Account, pushes: readonly Push[], creationMs: number): void {
    for (const p of pushes) {
      const msg = {
        id: `${account.key}-${creationMs}-${p.topic}-${this.messagesSent}`,
        topic: p.topic,
        creationTime: creationMs,
        data: p.data,
      };
      const text = JSON.stringify(msg);
      for (const ws of this.sockets) {
        if (ws.data.account !== account || !(ws.data.subs.has(p.topic) || ws.data.subs.has(`${p.topic}.linear`))) continue;
        this.faulty(ws, text);
      }
    }
  }

  /**
   * One private message through the faults: delayed by `delayMs`, sent twice with `duplicate`, and with
   * `reorder` held back per connection until the next one has gone out (so each pair arrives swapped).
   * A message still held when reorder is switched off goes out ahead of the next one.
   */
  private faulty(ws: Socket, text: string): void {
    const f = this.d.faults;
    const out = (t: string) => {
      const emit = () => {
        if (!this.sockets.has(ws)) return;
        this.send(ws, t);
        if (f.duplicate) this.send(ws, t);
      };
      if (f.delayMs <= 0) return emit();
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        emit();
      }, f.delayMs);
      this.timers.add(timer);
    };
    const held = this.held.get(ws);
    if (f.reorder && held === undefined) {
      this.held.set(ws, text);
      return;
    }
    this.held.delete(ws);
    if (f.reorder) {
      out(text);
      out(held as string);
      return;
    }
    if (held !== undefined) out(held);
    out(text);
  }

  /** Drops every connection, or the one with `connId`; returns how many were closed. */
  drop(connId?: string): number {
    let n = 0;
    for (const ws of [...this.sockets]) {
      if (connId && ws.data.connId !== connId) continue;
      ws.terminate();
      n++;
    }
    return n;
  }

  stall(connId: string | undefined, on: boolean): number {
    let n = 0;
    for (const ws of this.sockets) {
      if (connId && ws.data.connId !== connId) continue;
      ws.data.stalled = on;
      n++;
    }
    return n;
  }

  connections(): { connId: string; path: WsPath; subs: string[]; account: string | null; stalled: boolean }[] {
    return [...this.sockets].map((ws) => ({
      connId: ws.data.connId,
      path: ws.data.path,
      subs: [...ws.data.subs],
      account: ws.data.account?.key ?? null,
      stalled: ws.data.stalled,
    }));
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
