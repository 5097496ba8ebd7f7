// The WebSocket side through the real bybit-api WebsocketClient and WebsocketAPIClient (raw
// WebSocket only for protocol edge cases): klines forming then confirm:true, tickers snapshot then
// deltas, private order -> execution -> position -> wallet after a fill, trade ops with reqId, both
// pong formats, duplicate auth, private topics refused before auth, and a dropped socket that the
// client reconnects and resubscribes.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { WebsocketAPIClient, WebsocketClient } from 'bybit-api';
import { hmacHex } from '../../../src/emulator';
import { KEY, type Rig, rig, SECRET } from './helpers';

let r: Rig;
const clients: { closeAll(force?: boolean): void }[] = [];
const silent = { trace: () => {}, info: () => {}, error: () => {} };

beforeAll(async () => {
  r = await rig();
});
afterAll(async () => {
  for (const c of clients) c.closeAll(true);
  await r.close();
});

async function until(pred: () => boolean, what: string, maxMs = 5000): Promise<void> {
  for (let waited = 0; !pred(); waited += 5) {
    if (waited > maxMs) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(5);
  }
}

type Msg = Record<string, unknown> & { topic?: string; data?: unknown };

function raw(url: string): Promise<{ ws: WebSocket; got: Msg[] }> {
  const ws = new WebSocket(url);
  const got: Msg[] = [];
  ws.onmessage = (e) => got.push(JSON.parse(String(e.data)));
  return new Promise((resolve) => {
    ws.onopen = () => resolve({ ws, got });
  });
}

describe('public topics', () => {
  test('kline.1 pushes the forming bar at each path point, then confirm:true once per minute, in order; tickers snapshot then deltas', async () => {
    const ws = new WebsocketClient({ wsUrl: r.emu.wsPublicUrl }, silent);
    clients.push(ws);
    const got: Msg[] = [];
    ws.on('update', (m: Msg) => got.push(m));
    ws.subscribeV5(['kline.1.BTCUSDT', 'kline.5.BTCUSDT', 'tickers.BTCUSDT'], 'linear');
    await until(() => got.some((m) => m.topic === 'tickers.BTCUSDT'), 'the ticker snapshot');
    r.emu.replay?.step(5);
    const k1 = () => got.filter((m) => m.topic === 'kline.1.BTCUSDT').map((m) => (m.data as { start: number; confirm: boolean }[])[0]!);
    await until(() => k1().filter((k) => k.confirm).length === 5, 'five confirms');
    const confirms = k1()
      .filter((k) => k.confirm)
      .map((k) => k.start);
    const t0 = r.emu.replay?.opts.fromMs as number;
    expect(confirms).toEqual([0, 1, 2, 3, 4].map((i) => t0 + i * 60_000));
    expect(
      k1()
        .slice(0, 5)
        .map((k) => k.confirm),
    ).toEqual([false, false, false, false, true]);
    const k5 = got
      .filter((m) => m.topic === 'kline.5.BTCUSDT')
      .map((m) => (m.data as { start: number; end: number; confirm: boolean }[])[0]!);
    expect(k5.filter((k) => k.confirm).map((k) => [k.start, k.end])).toEqual([[t0, t0 + 5 * 60_000 - 1]]);
    const tick = got.filter((m) => m.topic === 'tickers.BTCUSDT');
    expect(tick[0]?.type).toBe('snapshot');
    expect(tick.slice(1).every((m) => m.type === 'delta')).toBe(true);
    expect(typeof (tick[1]?.data as { lastPrice: string }).lastPrice).toBe('string');
  });
});

describe('private topics and the trade path', () => {
  test('after a fill: order, execution, position, wallet, in that order; nothing on dcp.future', async () => {
    const ws = new WebsocketClient({ key: KEY, secret: SECRET, wsUrl: r.emu.wsPrivateUrl }, silent);
    clients.push(ws);
    const got: Msg[] = [];
    ws.on('update', (m: Msg) => got.push(m));
    const acks: Msg[] = [];
    ws.on('response', (m: Msg) => acks.push(m));
    ws.subscribeV5(['order', 'execution', 'position', 'wallet', 'dcp.future'], 'linear');
    await until(() => acks.some((a) => a.op === 'subscribe' && a.success === true), 'the subscribe ack');
    expect(r.emu.hub.connections().find((c) => c.subs.includes('dcp.future'))?.subs.length).toBe(5);
    const res = await r.rest.submitOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Market',
      qty: '0.01',
      orderLinkId: 'ws-1',
    });
    expect(res.retCode).toBe(0);
    await until(() => got.length >= 2, 'the New order message');
    expect(got.map((m) => m.topic)).toEqual(['order', 'wallet']);
    expect((got[0]?.data as { orderStatus: string }[])[0]?.orderStatus).toBe('New');
    r.emu.replay?.step(1);
    await until(() => got.length >= 6, 'the fill messages');
    expect(got.slice(2).map((m) => m.topic)).toEqual(['order', 'execution', 'position', 'wallet']);
    // dcp is a lifeline, not a feed (bybit-v5.md §4.7): a later create's order + wallet follow the fill
    // on the same socket with nothing on dcp in between.
    const later = await r.rest.submitOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.01',
      price: '40000',
    });
    expect(later.retCode).toBe(0);
    await until(() => got.length >= 8, 'the later order and wallet');
    expect(got.map((m) => m.topic)).toEqual(['order', 'wallet', 'order', 'execution', 'position', 'wallet', 'order', 'wallet']);
    expect((await r.rest.cancelAllOrders({ category: 'linear', symbol: 'BTCUSDT' })).retCode).toBe(0);
    const pos = (got[4]?.data as Record<string, unknown>[])[0];
    expect([pos?.category, pos?.size, typeof pos?.entryPrice]).toEqual(['linear', '0.01', 'string']);
  });

  test('WebsocketAPIClient order.create answers with reqId and the order ids', async () => {
    const api = new WebsocketAPIClient({ key: KEY, secret: SECRET, wsUrl: r.emu.wsTradeUrl, attachEventListeners: false }, silent);
    const res = await api.submitNewOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Sell',
      orderType: 'Limit',
      qty: '0.01',
      price: '90000',
      orderLinkId: 'wsapi-1',
    });
    expect([res.retCode, res.op, res.data.orderLinkId]).toEqual([0, 'order.create', 'wsapi-1']);
    const cancelled = await api.cancelOrder({ category: 'linear', symbol: 'BTCUSDT', orderLinkId: 'wsapi-1' });
    expect(cancelled.retCode).toBe(0);
    await expect(api.cancelOrder({ category: 'linear', symbol: 'BTCUSDT', orderLinkId: 'wsapi-1' })).rejects.toMatchObject({
      retCode: 110008,
    });
    api.getWSClient().closeAll(true);
  });
});

describe('protocol', () => {
  test('pong formats, duplicate auth, private topics refused before auth', async () => {
    const pub = await raw(r.emu.wsPublicUrl);
    pub.ws.send('{"op":"ping","req_id":"p1"}');
    const priv = await raw(r.emu.wsPrivateUrl);
    priv.ws.send('{"op":"subscribe","req_id":"s0","args":["order"]}');
    priv.ws.send('{"op":"ping"}');
    const expires = Date.now() + 5000;
    const auth = JSON.stringify({ op: 'auth', req_id: 'a', args: [KEY, expires, hmacHex(SECRET, `GET/realtime${expires}`)] });
    priv.ws.send(auth);
    priv.ws.send(auth);
    priv.ws.send('{"op":"subscribe","req_id":"s1","args":["order"]}');
    await until(() => pub.got.length >= 1 && priv.got.length >= 5, 'the replies');
    const pong = pub.got[0] as Msg;
    expect([pong.success, pong.ret_msg, pong.op, pong.req_id]).toEqual([true, 'pong', 'ping', 'p1']);
    expect(priv.got.map((m) => [m.op, m.success ?? null])).toEqual([
      ['subscribe', false],
      ['pong', null],
      ['auth', true],
      ['auth', true],
      ['subscribe', true],
    ]);
    expect(Array.isArray(priv.got[1]?.args)).toBe(true);
    const bad = await raw(r.emu.wsPrivateUrl);
    bad.ws.send(JSON.stringify({ op: 'auth', args: [KEY, expires, 'deadbeef'] }));
    await until(() => bad.got.length >= 1, 'the auth failure');
    expect(bad.got[0]?.success).toBe(false);
    for (const c of [pub, priv, bad]) c.ws.close();
  });

  test('a dropped socket: the client reconnects and resubscribes, klines flow again', async () => {
    const ws = new WebsocketClient({ wsUrl: r.emu.wsPublicUrl, reconnectTimeout: 50 }, silent);
    clients.push(ws);
    const got: Msg[] = [];
    ws.on('update', (m: Msg) => got.push(m));
    ws.subscribeV5(['kline.1.BTCUSDT'], 'linear');
    await until(() => r.emu.hub.connections().some((c) => c.subs.includes('kline.1.BTCUSDT')), 'the subscription');
    const old = new Set(r.emu.hub.connections().map((c) => c.connId));
    const res = await fetch(`${r.emu.url}/admin/fault`, { method: 'POST', body: JSON.stringify({ fault: 'drop' }) });
    expect(((await res.json()) as { result: { dropped: number } }).result.dropped).toBeGreaterThanOrEqual(1);
    const resubscribed = () => r.emu.hub.connections().some((c) => !old.has(c.connId) && c.subs.includes('kline.1.BTCUSDT'));
    await until(resubscribed, 'the resubscription on a new connection', 10_000);
    r.emu.replay?.step(1);
    await until(() => got.some((m) => (m.data as { confirm: boolean }[])[0]?.confirm), 'a confirm after the reconnect');
  }, 20_000);
});
