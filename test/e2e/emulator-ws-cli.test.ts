// Issue 12 item 4 from dist/trade, through the real WebsocketClient and WebsocketAPIClient (raw
// WebSocket for the protocol edges): kline forming bars then confirm:true with the sample's OHLC,
// tickers snapshot then deltas, subscriptions kept per connection, each minute's forming bars
// walking the simulator's path (O→H→L→C when the open is nearer the high, else O→L→H→C), private order → execution → position → wallet after a fill (nothing
// on dcp.future), order.create / amend / cancel on /v5/trade with reqId, both pong formats, exact
// acks, compact JSON, a duplicate auth, private topics refused before auth; a dropped socket that
// the clients reconnect (and re-authenticate) and resubscribe; and disconnect-cancel-all firing.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { RestClientV5 } from 'bybit-api';
import { WebsocketAPIClient, WebsocketClient } from 'bybit-api';
import { type Sandbox, sandbox } from './cli-harness';
import {
  DAY_MS,
  type EmulatorProcess,
  KEY,
  L,
  rawSocket,
  SECRET,
  SILENT,
  sampleBar,
  sampleStore,
  startEmulatorProcess,
  until,
  wsAuth,
} from './emulator-process';

type Msg = Record<string, unknown> & { topic?: string; type?: string; data?: unknown; wsKey?: string };
type Kline = { start: number; end: number; open: string; high: string; low: string; close: string; confirm: boolean };

const sb: Sandbox = sandbox('trade-e2e-emu-ws-');
let emu: EmulatorProcess;
let rest: RestClientV5;
const clients: { closeAll(force?: boolean): void }[] = [];

beforeAll(async () => {
  const db = sampleStore(sb);
  emu = await startEmulatorProcess(sb, [
    ...['--db', db, '--admin', '--rate-limit-scale', '100', '--account', `${KEY}:${SECRET}`],
    ...['--symbol', 'BTCUSDT', '--from', '2024-08-05T00:00Z', '--to', '2024-08-05T06:00Z', '--speed', '0'],
  ]);
  rest = emu.rest();
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.closeAll(true);
  expect(await emu.stop()).toBe(0);
  sb.cleanup();
}, 60_000);

function client(opts: ConstructorParameters<typeof WebsocketClient>[0]): { ws: WebsocketClient; got: Msg[]; acks: Msg[] } {
  const ws = new WebsocketClient(opts, SILENT);
  clients.push(ws);
  const got: Msg[] = [];
  const acks: Msg[] = [];
  ws.on('update', (m: Msg) => got.push(m));
  ws.on('response', (m: Msg) => acks.push(m));
  return { ws, got, acks };
}

const subscribed =
  (topic: string, exclude: Set<string> = new Set()) =>
  async () =>
    (await emu.state()).connections.some((c) => !exclude.has(c.connId) && c.subs.includes(topic));

describe('public topics', () => {
  test('kline.1: four forming bars then confirm:true per minute with the stored OHLC, in order; kline.5 confirms at its end; tickers snapshot then deltas', async () => {
    const { ws, got } = client({ wsUrl: emu.urls.ws_public });
    ws.subscribeV5(['kline.1.BTCUSDT', 'kline.5.BTCUSDT', 'tickers.BTCUSDT'], 'linear');
    await until(() => got.some((m) => m.topic === 'tickers.BTCUSDT'), 'the ticker snapshot');
    const t0 = (await emu.state()).marketNowMs;
    expect(t0).toBe(DAY_MS);
    expect(await emu.step(5)).toBe(5);
    const k1 = () => got.filter((m) => m.topic === 'kline.1.BTCUSDT').map((m) => (m.data as Kline[])[0] as Kline);
    const k5 = () => got.filter((m) => m.topic === 'kline.5.BTCUSDT').map((m) => (m.data as Kline[])[0] as Kline);
    // kline.5's confirm follows kline.1's fifth in its own message: wait for both.
    await until(() => k1().filter((k) => k.confirm).length === 5 && k5().some((k) => k.confirm), 'five confirms and the 5m one');
    expect(k1().map((k) => k.confirm)).toEqual(Array.from({ length: 25 }, (_, i) => i % 5 === 4));
    const confirms = k1().filter((k) => k.confirm);
    expect(confirms.map((k) => [k.start, k.end, Number(k.open), Number(k.high), Number(k.low), Number(k.close)])).toEqual(
      [0, 1, 2, 3, 4].map((i) => {
        const b = sampleBar(t0 + i * 60_000);
        return [t0 + i * 60_000, t0 + i * 60_000 + 59_999, b.open, b.high, b.low, b.close];
      }),
    );
    // The first forming bar is the open alone.
    const b0 = sampleBar(t0);
    expect([k1()[0]?.open, k1()[0]?.high, k1()[0]?.low, k1()[0]?.close].map(Number)).toEqual([b0.open, b0.open, b0.open, b0.open]);
    expect(
      k5()
        .filter((k) => k.confirm)
        .map((k) => [k.start, k.end]),
    ).toEqual([[t0, t0 + 5 * 60_000 - 1]]);
    const tick = got.filter((m) => m.topic === 'tickers.BTCUSDT');
    expect(tick.length).toBeGreaterThan(1);
    expect(tick.map((m) => m.type)).toEqual(tick.map((_, i) => (i === 0 ? 'snapshot' : 'delta')));
    const last = tick.at(-1)?.data as Record<string, string>;
    expect([last.lastPrice, last.markPrice, last.indexPrice].map(Number)).toEqual([
      sampleBar(t0 + 4 * 60_000).close,
      sampleBar(t0 + 4 * 60_000).close,
      sampleBar(t0 + 4 * 60_000).close,
    ]);
    ws.closeAll(true);
  });

  test('subscriptions are per connection: A (kline.1) gets only klines, B (tickers) only tickers, as /admin/state lists them', async () => {
    const a = await rawSocket(emu.urls.ws_public);
    const b = await rawSocket(emu.urls.ws_public);
    a.ws.send(JSON.stringify({ op: 'subscribe', req_id: 'a', args: ['kline.1.BTCUSDT'] }));
    b.ws.send(JSON.stringify({ op: 'subscribe', req_id: 'b', args: ['tickers.BTCUSDT'] }));
    await until(() => a.msgs.length >= 1 && b.msgs.length >= 1, 'both acks');
    expect([a.msgs[0]?.req_id, a.msgs[0]?.success, b.msgs[0]?.req_id, b.msgs[0]?.success]).toEqual(['a', true, 'b', true]);
    const aId = a.msgs[0]?.conn_id as string;
    const bId = b.msgs[0]?.conn_id as string;
    expect(aId).not.toBe(bId);
    const conns = (await emu.state()).connections;
    expect([aId, bId].map((id) => conns.find((c) => c.connId === id)).map((c) => [c?.path, c?.subs])).toEqual([
      ['public', ['kline.1.BTCUSDT']],
      ['public', ['tickers.BTCUSDT']],
    ]);
    expect(await emu.step(2)).toBe(2);
    const topics = (m: { msgs: Record<string, unknown>[] }) => m.msgs.slice(1).map((x) => x.topic);
    const confirms = () => a.msgs.filter((m) => (m.data as Kline[] | undefined)?.[0]?.confirm === true).length;
    const tickers = () => b.msgs.filter((m) => m.topic === 'tickers.BTCUSDT').length;
    await until(() => confirms() === 2 && tickers() >= 9, 'two minutes on each socket');
    // A: 2 × (four forming bars + confirm); B: the snapshot at subscribe, then one delta per path point.
    expect(topics(a)).toEqual(Array(10).fill('kline.1.BTCUSDT'));
    expect(topics(b)).toEqual(Array(9).fill('tickers.BTCUSDT'));
    expect(b.msgs.slice(1).map((m) => m.type)).toEqual(['snapshot', ...Array(8).fill('delta')]);
    a.ws.close();
    b.ws.close();
  });

  test('each minute is walked along the simulator path: forming closes O, H, L, C when the open is nearer the high, else O, L, H, C', async () => {
    const a = await rawSocket(emu.urls.ws_public);
    a.ws.send(JSON.stringify({ op: 'subscribe', req_id: 'path', args: ['kline.1.BTCUSDT'] }));
    await until(() => a.msgs.length >= 1, 'the ack');
    const t0 = (await emu.state()).marketNowMs;
    const MINUTES = 12;
    expect(await emu.step(MINUTES)).toBe(MINUTES);
    await until(() => a.msgs.length === 1 + 5 * MINUTES, 'every forming bar and confirm');
    const klines = a.msgs.slice(1).map((m) => (m.data as (Kline & { timestamp: number })[])[0]!);
    let highFirst = 0;
    let lowFirst = 0;
    for (let i = 0; i < MINUTES; i++) {
      const tsMs = t0 + i * 60_000;
      const b = sampleBar(tsMs);
      // docs/simulator.md: O → H → L → C when |h − o| <= |o − l|, else O → L → H → C.
      const nearHigh = Math.abs(b.high - b.open) <= Math.abs(b.open - b.low);
      const path = nearHigh ? [b.open, b.high, b.low, b.close] : [b.open, b.low, b.high, b.close];
      if (b.high !== b.open && b.low !== b.open) nearHigh ? highFirst++ : lowFirst++;
      const got = klines.slice(5 * i, 5 * i + 5);
      // Point k at +15k s: open, close = the k-th path price, high and low = the extremes seen so far.
      expect(got.map((k) => [k.start, k.timestamp, k.confirm, Number(k.open), Number(k.high), Number(k.low), Number(k.close)])).toEqual([
        ...path.map((px, k) => {
          const seen = path.slice(0, k + 1);
          return [tsMs, tsMs + 15_000 * k, false, b.open, Math.max(...seen), Math.min(...seen), px];
        }),
        [tsMs, tsMs + 59_999, true, b.open, b.high, b.low, b.close],
      ]);
    }
    // The window has minutes of both orders, each with a distinct high and low (the order shows).
    expect([highFirst > 0, lowFirst > 0]).toEqual([true, true]);
    a.ws.close();
  });

  test('every interval 1..720 and D is accepted; an unknown interval or symbol is refused', async () => {
    const pub = await rawSocket(emu.urls.ws_public);
    const intervals = ['1', '3', '5', '15', '30', '60', '120', '240', '360', '720', 'D'];
    pub.ws.send(JSON.stringify({ op: 'subscribe', req_id: 'all', args: intervals.map((i) => `kline.${i}.BTCUSDT`) }));
    pub.ws.send(JSON.stringify({ op: 'subscribe', req_id: 'bad1', args: ['kline.2.BTCUSDT'] }));
    pub.ws.send(JSON.stringify({ op: 'subscribe', req_id: 'bad2', args: ['kline.1.ETHUSDT'] }));
    await until(() => pub.msgs.length >= 3, 'three acks');
    expect(pub.msgs.map((m) => [m.req_id, m.success])).toEqual([
      ['all', true],
      ['bad1', false],
      ['bad2', false],
    ]);
    const conn = (await emu.state()).connections.find((c) => c.subs.includes('kline.D.BTCUSDT'));
    expect(conn?.subs).toEqual(intervals.map((i) => `kline.${i}.BTCUSDT`));
    pub.ws.close();
  });
});

describe('private topics and the trade path', () => {
  test('a create pushes order + wallet; a fill order, execution, position (entryPrice), wallet; nothing on dcp.future', async () => {
    const { ws, got, acks } = client({ key: KEY, secret: SECRET, wsUrl: emu.urls.ws_private });
    ws.subscribeV5(['order', 'execution', 'position', 'wallet', 'dcp.future'], 'linear');
    await until(() => acks.some((a) => a.op === 'subscribe' && a.success === true), 'the subscribe ack');
    expect((await rest.submitOrder({ ...L, side: 'Buy', orderType: 'Market', qty: '0.01', orderLinkId: 'ws-1' })).retCode).toBe(0);
    await until(() => got.length >= 2, 'the New order');
    expect(got.map((m) => m.topic)).toEqual(['order', 'wallet']);
    expect((got[0]?.data as Record<string, unknown>[])[0]?.orderStatus).toBe('New');
    const minute = (await emu.state()).marketNowMs;
    expect(await emu.step(1)).toBe(1);
    await until(() => got.length >= 6, 'the fill messages');
    expect(got.slice(2).map((m) => m.topic)).toEqual(['order', 'execution', 'position', 'wallet']);
    const [order, exec, pos, wallet] = got.slice(2).map((m) => (m.data as Record<string, unknown>[])[0] as Record<string, unknown>);
    const open = sampleBar(minute).open;
    expect([
      order?.orderStatus,
      order?.orderLinkId,
      exec?.execPrice,
      exec?.execQty,
      pos?.size,
      pos?.entryPrice,
      'avgPrice' in (pos ?? {}),
    ]).toEqual(['Filled', 'ws-1', String(open), '0.01', '0.01', String(open), false]);
    expect(Number(wallet?.totalWalletBalance)).toBeCloseTo(10_000 - 0.01 * open * 0.00055, 6);
    expect(got.some((m) => String(m.topic).startsWith('dcp'))).toBe(false);
    ws.closeAll(true);
  });

  test('WebsocketAPIClient order.create, order.amend, order.cancel; a cancel of a closed order rejects with 110008', async () => {
    const api = new WebsocketAPIClient({ key: KEY, secret: SECRET, wsUrl: emu.urls.ws_trade, attachEventListeners: false }, SILENT);
    clients.push(api.getWSClient());
    const o = { ...L, side: 'Sell' as const, orderType: 'Limit' as const, qty: '0.01', price: '90000', orderLinkId: 'wsapi-1' };
    const created = await api.submitNewOrder(o);
    expect([created.retCode, created.op, created.data.orderLinkId]).toEqual([0, 'order.create', 'wsapi-1']);
    const amended = await api.amendOrder({ ...L, orderLinkId: 'wsapi-1', price: '91000' });
    expect([amended.retCode, amended.op]).toEqual([0, 'order.amend']);
    expect((await rest.getActiveOrders({ ...L, orderLinkId: 'wsapi-1' })).result.list[0]?.price).toBe('91000');
    const cancelled = await api.cancelOrder({ ...L, orderLinkId: 'wsapi-1' });
    expect([cancelled.retCode, cancelled.op]).toEqual([0, 'order.cancel']);
    await expect(api.cancelOrder({ ...L, orderLinkId: 'wsapi-1' })).rejects.toMatchObject({ retCode: 110008 });
    api.getWSClient().closeAll(true);
  });

  test('raw /v5/trade: the answer echoes reqId with Bybit fields; before auth an op is refused', async () => {
    const t = await rawSocket(emu.urls.ws_trade);
    const op = (reqId: string) =>
      JSON.stringify({
        reqId,
        header: { 'X-BAPI-TIMESTAMP': String(Date.now()) },
        op: 'order.create',
        args: [{ ...L, side: 'Buy', orderType: 'Limit', qty: '0.01', price: '40000', orderLinkId: `raw-${reqId}` }],
      });
    t.ws.send(op('before'));
    await until(() => t.msgs.length >= 1, 'the refusal');
    expect([t.msgs[0]?.reqId, t.msgs[0]?.retCode === 0]).toEqual(['before', false]);
    t.ws.send(wsAuth('t'));
    t.ws.send(op('r-7'));
    await until(() => t.msgs.length >= 3, 'auth and the answer');
    expect(t.msgs[1]).toEqual({ retCode: 0, retMsg: 'OK', op: 'auth', connId: t.msgs[1]?.connId as string });
    const a = t.msgs[2] as Record<string, unknown>;
    expect([a.reqId, a.retCode, a.op, (a.data as { orderLinkId: string }).orderLinkId, typeof a.header, typeof a.connId]).toEqual([
      'r-7',
      0,
      'order.create',
      'raw-r-7',
      'object',
      'string',
    ]);
    expect((await rest.cancelAllOrders(L)).retCode).toBe(0);
    t.ws.close();
  });
});

describe('protocol', () => {
  test('both pong formats, exact acks, a duplicate auth answered again, private topics refused before auth, a bad auth, compact JSON', async () => {
    const pub = await rawSocket(emu.urls.ws_public);
    pub.ws.send('{"op":"ping"}');
    pub.ws.send('{"op":"subscribe","req_id":"k1","args":["kline.1.BTCUSDT"]}');
    const priv = await rawSocket(emu.urls.ws_private);
    priv.ws.send('{"op":"subscribe","req_id":"s0","args":["order"]}');
    priv.ws.send('{"op":"ping","req_id":"p9"}');
    priv.ws.send(wsAuth('a1'));
    priv.ws.send(wsAuth('a2'));
    priv.ws.send('{"op":"subscribe","req_id":"s1","args":["order"]}');
    await until(() => pub.msgs.length >= 2 && priv.msgs.length >= 5, 'the replies');
    const pubId = pub.msgs[0]?.conn_id as string;
    expect(pub.msgs.slice(0, 2)).toEqual([
      { success: true, ret_msg: 'pong', conn_id: pubId, req_id: '', op: 'ping' },
      { success: true, ret_msg: '', conn_id: pubId, req_id: 'k1', op: 'subscribe' },
    ]);
    const privId = priv.msgs[2]?.conn_id as string;
    const pong = priv.msgs[1] as { args: string[] };
    expect(priv.msgs).toEqual([
      { success: false, ret_msg: expect.any(String), conn_id: privId, req_id: 's0', op: 'subscribe' },
      { req_id: 'p9', op: 'pong', args: [expect.stringMatching(/^\d{13}$/)], conn_id: privId },
      { success: true, ret_msg: '', op: 'auth', conn_id: privId, req_id: 'a1' },
      { success: true, ret_msg: '', op: 'auth', conn_id: privId, req_id: 'a2' },
      { success: true, ret_msg: '', conn_id: privId, req_id: 's1', op: 'subscribe' },
    ]);
    expect(Number(pong.args[0])).toBeGreaterThan(0);
    const bad = await rawSocket(emu.urls.ws_private);
    bad.ws.send(JSON.stringify({ op: 'auth', req_id: 'x', args: [KEY, Date.now() + 5000, 'deadbeef'] }));
    await until(() => bad.msgs.length >= 1, 'the auth failure');
    expect([bad.msgs[0]?.op, bad.msgs[0]?.success]).toEqual(['auth', false]);
    const all = [...pub.texts, ...priv.texts, ...bad.texts];
    expect(all.filter((t) => t !== JSON.stringify(JSON.parse(t)))).toEqual([]);
    for (const c of [pub, priv, bad]) c.ws.close();
  });
});

describe('reconnect', () => {
  test('drop every socket: the public and the private client reconnect, re-authenticate and resubscribe; data flows again', async () => {
    const pub = client({ wsUrl: emu.urls.ws_public, reconnectTimeout: 50 });
    const priv = client({ key: KEY, secret: SECRET, wsUrl: emu.urls.ws_private, reconnectTimeout: 50 });
    pub.ws.subscribeV5(['kline.1.BTCUSDT'], 'linear');
    priv.ws.subscribeV5(['order'], 'linear');
    await until(subscribed('kline.1.BTCUSDT'), 'the public subscription');
    await until(subscribed('order'), 'the private subscription');
    const old = new Set((await emu.state()).connections.map((c) => c.connId));
    const dropped = await emu.fault({ fault: 'drop' });
    expect((dropped.result as { dropped: number }).dropped).toBe(old.size);
    await until(subscribed('kline.1.BTCUSDT', old), 'the public resubscription on a new connection');
    await until(subscribed('order', old), 'the private resubscription on a new connection');
    const fresh = (await emu.state()).connections.filter((c) => !old.has(c.connId));
    expect(fresh.map((c) => [c.path, c.account, c.subs]).sort()).toEqual([
      ['private', KEY, ['order']],
      ['public', null, ['kline.1.BTCUSDT']],
    ]);
    const confirmsBefore = pub.got.filter((m) => (m.data as Kline[])[0]?.confirm).length;
    expect(
      (await rest.submitOrder({ ...L, side: 'Buy', orderType: 'Limit', qty: '0.01', price: '40000', orderLinkId: 'rc-1' })).retCode,
    ).toBe(0);
    expect(await emu.step(1)).toBe(1);
    await until(
      () => pub.got.filter((m) => (m.data as Kline[])[0]?.confirm).length === confirmsBefore + 1,
      'a confirm after the reconnect',
    );
    await until(
      () => priv.got.some((m) => (m.data as { orderLinkId: string }[])[0]?.orderLinkId === 'rc-1'),
      'the order after the reconnect',
    );
    expect((await rest.cancelAllOrders(L)).retCode).toBe(0);
    pub.ws.closeAll(true);
    priv.ws.closeAll(true);
  }, 30_000);
});

describe('disconnect-cancel-all', () => {
  test('the last dcp.future connection closes: timeWindow s later every open order is cancelled with CancelByDCP', async () => {
    expect((await rest.setDisconnectCancelAllWindowV2({ product: 'DERIVATIVES', timeWindow: 3 })).retCode).toBe(0);
    expect((await rest.getDCPInfo()).result.dcpInfos).toEqual([{ product: 'DERIVATIVES', dcpStatus: 'ON', timeWindow: '3' }]);
    const life = await rawSocket(emu.urls.ws_private);
    life.ws.send(wsAuth('d'));
    life.ws.send('{"op":"subscribe","req_id":"dcp","args":["dcp.future"]}');
    await until(() => life.msgs.length >= 2, 'auth and the dcp ack');
    expect(
      (await rest.submitOrder({ ...L, side: 'Buy', orderType: 'Limit', qty: '0.01', price: '40000', orderLinkId: 'dcp-1' })).retCode,
    ).toBe(0);
    const armed = async () => (await emu.state()).accounts[0]?.dcp;
    expect((await armed())?.lifelines.length).toBe(1);
    life.ws.close();
    await until(async () => (await armed())?.firedAtMs != null, 'the DCP deadline', 15_000);
    const dcp = await armed();
    expect([dcp?.cancelled, (dcp?.firedAtMs as number) - (dcp?.deadlineMs as number) >= 0]).toEqual([1, true]);
    const o = (await rest.getHistoricOrders({ ...L, orderLinkId: 'dcp-1' })).result.list[0];
    expect([o?.orderStatus, o?.cancelType as string]).toEqual(['Cancelled', 'CancelByDCP']);
  }, 30_000);
});
