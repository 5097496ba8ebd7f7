// Disconnect-cancel-all (bybit-v5.md §4.7) through RestClientV5 (the window) and WebsocketClient
// (the dcp.future lifeline): the last lifeline gone longer than the window cancels every open order
// with CancelByDCP; a reconnection within the window disarms it; only dcp.future / dcp subscribers
// are lifelines, unsubscribing opts out, and an account without a window never arms.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { WebsocketClient } from 'bybit-api';
import { hmacHex } from '../../../src/emulator';
import { adminFault, adminState, KEY, type Rig, rig, SECRET, SILENT, until } from './helpers';

const OTHER_KEY = 'other-key';
const OTHER_SECRET = 'other-secret';
const WINDOW_S = 3;
const L = { category: 'linear' as const, symbol: 'BTCUSDT' };

let r: Rig;
const clients: { closeAll(force?: boolean): void }[] = [];

beforeAll(async () => {
  r = await rig({
    accounts: [
      { key: KEY, secret: SECRET, balanceUsdt: 10_000 },
      { key: OTHER_KEY, secret: OTHER_SECRET, balanceUsdt: 10_000 },
    ],
  });
  const set = await r.rest.setDisconnectCancelAllWindowV2({ product: 'DERIVATIVES', timeWindow: WINDOW_S });
  expect([set.retCode, set.retMsg]).toEqual([0, 'success']);
});
afterAll(async () => {
  for (const c of clients) c.closeAll(true);
  await r.close();
});

async function dcpOf(key = KEY) {
  const acct = (await adminState(r.emu)).accounts.find((a) => a.key === key);
  if (!acct) throw new Error(`no account ${key} in /admin/state`);
  return acct.dcp;
}

function privateClient(topics: string[], reconnectTimeout = 500): { ws: WebsocketClient; got: Record<string, unknown>[] } {
  const ws = new WebsocketClient({ key: KEY, secret: SECRET, wsUrl: r.emu.wsPrivateUrl, reconnectTimeout }, SILENT);
  clients.push(ws);
  const got: Record<string, unknown>[] = [];
  ws.on('update', (m: Record<string, unknown>) => got.push(m));
  ws.subscribeV5(topics, 'linear');
  return { ws, got };
}

/** A raw private socket, authenticated as `key`, with what it received. */
async function rawPrivate(key = KEY, secret = SECRET): Promise<{ ws: WebSocket; got: Record<string, unknown>[] }> {
  const ws = new WebSocket(r.emu.wsPrivateUrl);
  const got: Record<string, unknown>[] = [];
  ws.onmessage = (e) => got.push(JSON.parse(String(e.data)));
  await new Promise((res) => {
    ws.onopen = res;
  });
  const expires = Date.now() + 5000;
  ws.send(JSON.stringify({ op: 'auth', req_id: 'a', args: [key, expires, hmacHex(secret, `GET/realtime${expires}`)] }));
  await until(() => got.some((m) => m.op === 'auth'), 'the auth ack');
  return { ws, got };
}

async function subscribe(c: { ws: WebSocket; got: Record<string, unknown>[] }, op: string, topics: string[], reqId: string) {
  c.ws.send(JSON.stringify({ op, req_id: reqId, args: topics }));
  await until(() => c.got.some((m) => m.req_id === reqId), `the ${op} ack ${reqId}`);
  return c.got.find((m) => m.req_id === reqId) as Record<string, unknown>;
}

describe('the lifelines', () => {
  test('only dcp.future / dcp subscribers count: closing one of two does not arm, closing the last does; a new one disarms', async () => {
    const a = await rawPrivate();
    const b = await rawPrivate();
    const c = await rawPrivate();
    expect((await subscribe(a, 'subscribe', ['dcp.future'], 'a1')).success).toBe(true);
    expect((await subscribe(b, 'subscribe', ['order', 'dcp.spot', 'dcp.option'], 'b1')).success).toBe(true);
    expect((await subscribe(c, 'subscribe', ['dcp'], 'c1')).success).toBe(true);
    const ids = (await adminState(r.emu)).connections.filter((x) => x.account === KEY).map((x) => x.connId);
    expect((await dcpOf()).lifelines.length).toBe(2);
    a.ws.close();
    await until(async () => (await dcpOf()).lifelines.length === 1, 'the first lifeline gone');
    expect((await dcpOf()).deadlineMs).toBeNull();
    c.ws.close();
    await until(async () => (await dcpOf()).lifelines.length === 0, 'the last lifeline gone');
    const armed = await dcpOf();
    expect([armed.windowS, (armed.deadlineMs as number) - (armed.lostAtMs as number)]).toEqual([WINDOW_S, WINDOW_S * 1000]);
    expect(ids.length).toBe(3);
    expect((await subscribe(b, 'subscribe', ['dcp.future'], 'b2')).success).toBe(true);
    const back = await dcpOf();
    expect([back.lifelines.length, back.deadlineMs, back.lostAtMs]).toEqual([1, null, armed.lostAtMs]);
    expect((await subscribe(b, 'unsubscribe', ['dcp.future'], 'b3')).success).toBe(true);
    const optedOut = await dcpOf();
    expect([optedOut.lifelines.length, optedOut.deadlineMs]).toEqual([0, null]);
    expect(b.got.filter((m) => typeof m.topic === 'string')).toEqual([]);
    b.ws.close();
  });

  test('dcp topics need auth first; an account without a window never arms', async () => {
    const anon = new WebSocket(r.emu.wsPrivateUrl);
    const got: Record<string, unknown>[] = [];
    anon.onmessage = (e) => got.push(JSON.parse(String(e.data)));
    await new Promise((res) => {
      anon.onopen = res;
    });
    anon.send('{"op":"subscribe","req_id":"x","args":["dcp.future"]}');
    await until(() => got.length === 1, 'the refusal');
    expect([got[0]?.success, got[0]?.req_id]).toEqual([false, 'x']);
    anon.close();
    const o = await rawPrivate(OTHER_KEY, OTHER_SECRET);
    await subscribe(o, 'subscribe', ['dcp.future'], 'o1');
    expect((await dcpOf(OTHER_KEY)).lifelines.length).toBe(1);
    o.ws.close();
    await until(async () => (await dcpOf(OTHER_KEY)).lifelines.length === 0, 'the lifeline gone');
    const d = await dcpOf(OTHER_KEY);
    expect([d.windowS, d.lostAtMs, d.deadlineMs]).toEqual([0, null, null]);
  });
  test('a lifeline re-authenticated as another account moves with it, without arming the first', async () => {
    const c = await rawPrivate();
    await subscribe(c, 'subscribe', ['dcp.future'], 'm1');
    expect([(await dcpOf()).lifelines.length, (await dcpOf(OTHER_KEY)).lifelines.length]).toEqual([1, 0]);
    const expires = Date.now() + 5000;
    const auth = { op: 'auth', req_id: 'm2', args: [OTHER_KEY, expires, hmacHex(OTHER_SECRET, `GET/realtime${expires}`)] };
    c.ws.send(JSON.stringify(auth));
    await until(() => c.got.some((m) => m.req_id === 'm2'), 'the second auth');
    const [mine, other] = [await dcpOf(), await dcpOf(OTHER_KEY)];
    expect([mine.lifelines.length, mine.deadlineMs, other.lifelines.length]).toEqual([0, null, 1]);
    c.ws.close();
    await until(async () => (await dcpOf(OTHER_KEY)).lifelines.length === 0, 'the lifeline gone');
  });
});

describe('the timer', () => {
  test('a reconnection within the window disarms it: the orders stay open past the deadline', async () => {
    const life = privateClient(['dcp.future'], 50);
    await until(async () => (await dcpOf()).lifelines.length === 1, 'the lifeline');
    const placed = await r.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Limit', qty: '0.01', price: '40000', orderLinkId: 'keep-1' });
    expect(placed.retCode).toBe(0);
    const [conn] = (await dcpOf()).lifelines;
    expect((await adminFault(r.emu, { fault: 'drop', conn })).result).toEqual({ dropped: 1 });
    await until(async () => {
      const d = await dcpOf();
      return d.lifelines.length === 1 && d.lifelines[0] !== conn;
    }, 'the client back on a new connection');
    const d = await dcpOf();
    expect(d.deadlineMs).toBeNull();
    const lostAtMs = d.lostAtMs as number;
    expect(lostAtMs).toBeGreaterThan(0);
    // Wait past the deadline the drop armed (bounded), then check nothing fired.
    await until(() => Date.now() > lostAtMs + WINDOW_S * 1000 + 300, 'the old deadline to pass', 10_000);
    expect((await dcpOf()).firedAtMs).toBeNull();
    const open = (await r.rest.getActiveOrders(L)).result.list;
    expect(open.map((o) => [o.orderLinkId, o.orderStatus])).toEqual([['keep-1', 'New']]);
    life.ws.closeAll(true);
    await until(async () => (await dcpOf()).deadlineMs !== null, 'the deadline armed by the close');
    // Back within the window (a new client): disarmed again, orders untouched.
    privateClient(['dcp.future']);
    await until(async () => (await dcpOf()).lifelines.length === 1, 'the new lifeline');
    expect((await dcpOf()).deadlineMs).toBeNull();
    expect((await r.rest.cancelAllOrders(L)).result.list.map((o) => o.orderLinkId)).toEqual(['keep-1']);
  }, 20_000);

  test('gone longer than the window: every open order cancelled with CancelByDCP, pushed on order to a connection without dcp', async () => {
    const before = (await dcpOf()).lifelines;
    const watcher = privateClient(['order']);
    privateClient(['dcp.future']);
    await until(async () => (await adminState(r.emu)).connections.some((c) => c.subs.includes('order')), 'the watcher');
    await until(async () => (await dcpOf()).lifelines.length === before.length + 1, 'the new lifeline');
    const limit = await r.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Limit', qty: '0.01', price: '40000', orderLinkId: 'dcp-1' });
    const stop = await r.rest.submitOrder({
      ...L,
      side: 'Buy',
      orderType: 'Market',
      qty: '0.01',
      triggerPrice: '70000',
      triggerDirection: 1,
      orderLinkId: 'dcp-2',
    });
    expect([limit.retCode, stop.retCode]).toEqual([0, 0]);
    expect((await r.rest.getActiveOrders(L)).result.list.map((o) => o.orderStatus).sort()).toEqual(['New', 'Untriggered']);
    for (const c of clients) if (c !== watcher.ws) c.closeAll(true);
    await until(async () => (await dcpOf()).deadlineMs !== null, 'the deadline armed');
    await until(async () => (await dcpOf()).firedAtMs !== null, 'DCP to fire', 15_000);
    const d = await dcpOf();
    expect(d.cancelled).toBe(2);
    expect(d.firedAtMs as number).toBeGreaterThanOrEqual((d.lostAtMs as number) + WINDOW_S * 1000);
    expect((await r.rest.getActiveOrders(L)).result.list).toEqual([]);
    const hist = (await r.rest.getHistoricOrders(L)).result.list.filter((o) => o.orderLinkId.startsWith('dcp-'));
    expect(hist.map((o) => [o.orderLinkId, o.orderStatus, o.cancelType]).sort()).toEqual([
      ['dcp-1', 'Cancelled', 'CancelByDCP'],
      ['dcp-2', 'Deactivated', 'CancelByDCP'],
    ]);
    await until(() => watcher.got.some((m) => (m.data as { cancelType: string }[])[0]?.cancelType === 'CancelByDCP'), 'the order push');
    const pushed = watcher.got.find((m) => (m.data as { cancelType: string }[])[0]?.cancelType === 'CancelByDCP');
    expect((pushed?.data as { orderLinkId: string }[]).map((o) => o.orderLinkId).sort()).toEqual(['dcp-1', 'dcp-2']);
  }, 20_000);
});
