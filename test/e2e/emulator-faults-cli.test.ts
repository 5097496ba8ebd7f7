// Issue 12 item 7 from dist/trade: every run-time fault, first from `--fault JSON` at start (skew,
// burst10006, reject, lost, http5xx, timeout with `processed`, reorder, delay, duplicate, halt; the
// socket and position faults refused there as usage errors), then each through POST /admin/fault
// (drop all / one, stall / unstall, lost, delay, duplicate, reorder, burst10006, skew, http5xx,
// timeout, reject, halt, position, clear), GET /admin/state, and /admin/* refused without --admin.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { RestClientV5, WebsocketClient } from 'bybit-api';
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
} from './emulator-process';

const sb: Sandbox = sandbox('trade-e2e-emu-faults-');
let db = '';
const REPLAY = ['--symbol', 'BTCUSDT', '--from', '2024-08-05T00:00Z', '--to', '2024-08-05T03:00Z', '--speed', '0'];
const BASE = ['--admin', '--rate-limit-scale', '100', '--account', `${KEY}:${SECRET}`, ...REPLAY];
const CLIENT_TIMEOUT_MS = 300;
const HOLD_MS = 2000;

beforeAll(() => {
  db = sampleStore(sb);
}, 60_000);
afterAll(() => sb.cleanup());

const fault = (f: Record<string, unknown>) => ['--fault', JSON.stringify(f)];

/** A call's retCode, or `http <status>` / the axios code when the client throws. */
async function outcome(p: Promise<{ retCode: number }>): Promise<number | string> {
  try {
    return (await p).retCode;
  } catch (e) {
    const err = e as { code?: string | number; message?: string };
    return typeof err.code === 'number' ? `http ${err.code}` : `${err.code}`;
  }
}

const limit = (orderLinkId: string) => ({
  ...L,
  side: 'Buy' as const,
  orderType: 'Limit' as const,
  qty: '0.01',
  price: '40000',
  orderLinkId,
});

type Msg = { topic: string; data: Record<string, unknown>[] };

function privateClient(emu: EmulatorProcess, topics: string[]): { ws: WebsocketClient; got: Msg[] } {
  const ws = new WebsocketClient({ key: KEY, secret: SECRET, wsUrl: emu.urls.ws_private }, SILENT);
  const got: Msg[] = [];
  ws.on('update', (m: Msg) => got.push(m));
  ws.subscribeV5(topics, 'linear');
  return { ws, got };
}

const hasSub = (emu: EmulatorProcess, topic: string) => async () => (await emu.state()).connections.some((c) => c.subs.includes(topic));

describe('faults from --fault at start', () => {
  test('skew (10002 and the skewed market/time), burst10006, reject with a code, lost creates (504 with the order booked)', async () => {
    const emu = await startEmulatorProcess(sb, [
      ...['--db', db, ...BASE],
      ...fault({ fault: 'skew', ms: 10_000 }),
      ...fault({ fault: 'burst10006', count: 2 }),
      ...fault({ fault: 'reject', count: 1, retCode: 110007 }),
      ...fault({ fault: 'lost', count: 1 }),
    ]);
    try {
      const rest = emu.rest();
      const before = Date.now();
      expect((await rest.getPositionInfo(L)).retCode).toBe(10002);
      expect(Number((await rest.getServerTime()).result.timeNano) / 1e6).toBeGreaterThanOrEqual(before + 10_000);
      expect((await emu.fault({ fault: 'skew', ms: 0 })).retCode).toBe(0);
      expect([
        await outcome(rest.getActiveOrders(L)),
        await outcome(rest.getActiveOrders(L)),
        await outcome(rest.getActiveOrders(L)),
      ]).toEqual([10006, 10006, 0]);
      expect(await outcome(rest.submitOrder(limit('rej')))).toBe(110007);
      expect(await outcome(rest.submitOrder(limit('lost')))).toBe('http 504');
      expect(await outcome(rest.submitOrder(limit('after')))).toBe(0);
      expect((await rest.getActiveOrders(L)).result.list.map((o) => [o.orderLinkId, o.orderStatus])).toEqual([
        ['after', 'New'],
        ['lost', 'New'],
      ]);
      expect((await emu.state()).faults.served).toMatchObject({ private10006: 2, rejected: 1, lost: 1 });
    } finally {
      expect(await emu.stop()).toBe(0);
    }
  }, 30_000);

  test('timeout (processed) and http5xx on shares of requests, deterministically; reorder of private messages', async () => {
    const emu = await startEmulatorProcess(sb, [
      ...['--db', db, ...BASE],
      ...fault({ fault: 'timeout', share: 0.5, ms: HOLD_MS, processed: true }),
      ...fault({ fault: 'http5xx', share: 0.5, status: 503 }),
      ...fault({ fault: 'reorder' }),
    ]);
    try {
      const quick = emu.rest(KEY, SECRET, CLIENT_TIMEOUT_MS);
      // Request k hits a share s when floor(k*s) steps up; the timeout is checked first.
      const out = [];
      for (const id of ['t-1', 't-2', 't-3', 't-4']) out.push(await outcome(quick.submitOrder(limit(id))));
      expect(out).toEqual([0, 'ECONNABORTED', 'http 503', 'ECONNABORTED']);
      await emu.fault({ fault: 'timeout', share: 0 });
      await emu.fault({ fault: 'http5xx', share: 0 });
      // processed: the held requests took effect (only their answers were lost); the 503 did not.
      expect((await emu.state()).accounts[0]?.orders.map((o) => o.orderLinkId)).toEqual(['t-1', 't-2', 't-4']);
      expect(await outcome(quick.submitOrder(limit('t-2')))).toBe(110072);
      expect((await emu.state()).faults.served).toMatchObject({ timeouts: 2, http5xx: 1 });
      expect((await emu.rest().cancelAllOrders(L)).retCode).toBe(0);

      const { ws, got } = privateClient(emu, ['order', 'execution', 'position', 'wallet']);
      await until(hasSub(emu, 'wallet'), 'the subscription');
      expect((await emu.rest().submitOrder({ ...L, side: 'Buy', orderType: 'Market', qty: '0.01', orderLinkId: 'ro-1' })).retCode).toBe(0);
      await until(() => got.length >= 2, 'the New pair');
      expect(got.map((m) => m.topic)).toEqual(['wallet', 'order']);
      expect(await emu.step(1)).toBe(1);
      await until(() => got.length >= 6, 'the fill messages');
      expect(got.slice(2).map((m) => m.topic)).toEqual(['execution', 'order', 'wallet', 'position']);
      ws.closeAll(true);
    } finally {
      expect(await emu.stop()).toBe(0);
    }
  }, 30_000);

  test('delay and duplicate private messages; a market halt from the replay start (no klines, REST serves a gap)', async () => {
    const emu = await startEmulatorProcess(sb, [
      ...['--db', db, ...BASE],
      ...fault({ fault: 'delay', ms: 150 }),
      ...fault({ fault: 'duplicate' }),
      ...fault({ fault: 'halt', minutes: 2 }),
    ]);
    const pub = new WebsocketClient({ wsUrl: emu.urls.ws_public }, SILENT);
    try {
      const starts: number[] = [];
      pub.on('update', (m: { data: { start: number; confirm: boolean }[] }) => {
        if (m.data[0]?.confirm) starts.push(m.data[0].start);
      });
      pub.subscribeV5(['kline.1.BTCUSDT'], 'linear');
      const { ws, got } = privateClient(emu, ['order']);
      await until(hasSub(emu, 'order'), 'the private subscription');
      await until(hasSub(emu, 'kline.1.BTCUSDT'), 'the public subscription');
      const at: number[] = [];
      ws.on('update', () => at.push(Date.now()));
      const sent = Date.now();
      expect((await emu.rest().submitOrder(limit('dd-1'))).retCode).toBe(0);
      await until(() => got.length >= 2, 'the delayed order messages');
      expect(got.map((m) => [m.topic, m.data[0]?.orderLinkId])).toEqual([
        ['order', 'dd-1'],
        ['order', 'dd-1'],
      ]);
      // A lower bound only: a delayed message cannot arrive before its delay.
      expect((at[0] as number) - sent).toBeGreaterThanOrEqual(140);
      expect(await emu.step(4)).toBe(4);
      await until(() => starts.length === 2, 'two confirms');
      expect(starts).toEqual([DAY_MS + 2 * 60_000, DAY_MS + 3 * 60_000]);
      const k = await emu.rest().getKline({ ...L, interval: '1', start: DAY_MS, end: DAY_MS + 3 * 60_000 });
      expect(k.result.list.map((r) => Number(r[0]))).toEqual([DAY_MS + 3 * 60_000, DAY_MS + 2 * 60_000]);
      ws.closeAll(true);
    } finally {
      pub.closeAll(true);
      expect(await emu.stop()).toBe(0);
    }
  }, 30_000);

  test('socket and position faults act on a running emulator: --fault refuses them (exit 2); bad JSON or an unknown kind too', () => {
    const cases: [string, RegExp][] = [
      ['{"fault":"drop"}', /'drop' acts on the running emulator; send it to POST \/admin\/fault/],
      ['{"fault":"stall"}', /'stall' acts on the running emulator/],
      ['{"fault":"position","key":"k","side":"Buy","qty":"0.01"}', /'position' acts on the running emulator/],
      ['{"fault":"meteor"}', /unknown fault kind 'meteor'/],
      ['skew', /expected a JSON object/],
    ];
    for (const [json, err] of cases) {
      const r = sb.run('emulator', '--db', db, '--fault', json);
      expect([json, r.code, r.err.split('\n').length]).toEqual([json, 2, 2]);
      expect(r.err).toMatch(err);
    }
  }, 30_000);
});

describe('faults through POST /admin/fault', () => {
  let emu: EmulatorProcess;
  let rest: RestClientV5;
  beforeAll(async () => {
    emu = await startEmulatorProcess(sb, ['--db', db, ...BASE]);
    rest = emu.rest();
  }, 60_000);
  afterAll(async () => {
    expect(await emu.stop()).toBe(0);
  }, 60_000);

  test('skew, http5xx, reject, burst10006 and lost, each switched on and off', async () => {
    await emu.fault({ fault: 'skew', ms: -20_000 });
    expect(await outcome(rest.getPositionInfo(L))).toBe(10002);
    await emu.fault({ fault: 'skew', ms: 0 });
    expect(await outcome(rest.getPositionInfo(L))).toBe(0);
    await emu.fault({ fault: 'http5xx', share: 0.5, status: 502 });
    const five = [];
    for (let i = 0; i < 4; i++) five.push(await outcome(rest.getPositionInfo(L)));
    await emu.fault({ fault: 'http5xx', share: 0 });
    expect(five).toEqual([0, 'http 502', 0, 'http 502']);
    await emu.fault({ fault: 'reject', count: 1, retCode: 110004, retMsg: 'Insufficient wallet balance' });
    const rej = await rest.submitOrder(limit('a-rej'));
    expect([rej.retCode, rej.retMsg]).toEqual([110004, 'Insufficient wallet balance']);
    expect(await outcome(rest.submitOrder(limit('a-ok')))).toBe(0);
    await emu.fault({ fault: 'burst10006', count: 1 });
    expect([await outcome(rest.getActiveOrders(L)), await outcome(rest.getActiveOrders(L))]).toEqual([10006, 0]);
    await emu.fault({ fault: 'lost', count: 1 });
    expect(await outcome(rest.submitOrder(limit('a-lost')))).toBe('http 504');
    expect((await rest.getActiveOrders({ ...L, orderLinkId: 'a-lost' })).result.list.map((o) => o.orderStatus)).toEqual(['New']);
    expect((await rest.cancelAllOrders(L)).retCode).toBe(0);
  });

  test('timeout without processed: the held request has no effect', async () => {
    await emu.fault({ fault: 'timeout', share: 0.5, ms: HOLD_MS });
    const quick = emu.rest(KEY, SECRET, CLIENT_TIMEOUT_MS);
    const out = [await outcome(quick.submitOrder(limit('to-1'))), await outcome(quick.submitOrder(limit('to-2')))];
    await emu.fault({ fault: 'clear' });
    expect(out).toEqual([0, 'ECONNABORTED']);
    expect((await rest.getActiveOrders(L)).result.list.map((o) => o.orderLinkId)).toEqual(['to-1']);
    expect((await rest.cancelAllOrders(L)).retCode).toBe(0);
  }, 20_000);

  test('drop one socket, then every socket', async () => {
    const a = await rawSocket(emu.urls.ws_public);
    const b = await rawSocket(emu.urls.ws_public);
    const closed: string[] = [];
    a.ws.addEventListener('close', () => closed.push('a'));
    b.ws.addEventListener('close', () => closed.push('b'));
    a.ws.send('{"op":"ping","req_id":"a"}');
    b.ws.send('{"op":"ping","req_id":"b"}');
    await until(() => a.msgs.length === 1 && b.msgs.length === 1, 'both pongs');
    const aId = a.msgs[0]?.conn_id as string;
    const one = await emu.fault({ fault: 'drop', conn: aId });
    expect(one.result).toEqual({ dropped: 1 });
    await until(() => closed.includes('a'), 'a closed');
    b.ws.send('{"op":"ping","req_id":"b2"}');
    await until(() => b.msgs.length === 2, 'b still answers');
    expect(closed).toEqual(['a']);
    const n = (await emu.state()).connections.length;
    expect((await emu.fault({ fault: 'drop' })).result).toEqual({ dropped: n });
    await until(() => closed.includes('b'), 'b closed');
    await until(async () => (await emu.state()).connections.length === 0, 'no connection left');
  });

  test('stall one socket: no pong and no data while stalled (dropped, not queued); unstall: both flow again', async () => {
    const a = await rawSocket(emu.urls.ws_public);
    const b = await rawSocket(emu.urls.ws_public);
    for (const c of [a, b]) c.ws.send('{"op":"subscribe","req_id":"s","args":["kline.1.BTCUSDT"]}');
    await until(() => a.msgs.length === 1 && b.msgs.length === 1, 'both acks');
    const aId = a.msgs[0]?.conn_id as string;
    expect((await emu.fault({ fault: 'stall', conn: aId })).result).toEqual({ stalled: 1 });
    expect((await emu.state()).connections.find((c) => c.connId === aId)?.stalled).toBe(true);
    a.ws.send('{"op":"ping","req_id":"lost-ping"}');
    const m0 = (await emu.state()).marketNowMs;
    expect(await emu.step(1)).toBe(1);
    await until(() => b.msgs.some((m) => (m.data as { confirm: boolean }[] | undefined)?.[0]?.confirm), "b's confirm");
    expect((await emu.fault({ fault: 'unstall' })).result).toEqual({ stalled: 2 });
    a.ws.send('{"op":"ping","req_id":"p2"}');
    await until(() => a.msgs.length >= 2, "a's pong after the unstall");
    expect(await emu.step(1)).toBe(1);
    await until(() => a.msgs.some((m) => (m.data as { confirm: boolean }[] | undefined)?.[0]?.confirm), "a's confirm");
    // The stall's ping and minute were never sent: a's first messages after the ack are the new pong and the new minute.
    expect(a.msgs[1]).toMatchObject({ op: 'ping', req_id: 'p2' });
    const aStarts = a.msgs.slice(2).map((m) => (m.data as { start: number }[])[0]?.start);
    expect(new Set(aStarts)).toEqual(new Set([m0 + 60_000]));
    for (const c of [a, b]) c.ws.close();
  });

  test('delay, duplicate and a position changed from outside the bot (empty orderLinkId, CreateByUser)', async () => {
    const { ws, got } = privateClient(emu, ['order', 'position']);
    await until(hasSub(emu, 'position'), 'the subscription');
    await emu.fault({ fault: 'delay', ms: 120 });
    await emu.fault({ fault: 'duplicate' });
    const sent = Date.now();
    const ext = await emu.fault({ fault: 'position', key: KEY, side: 'Buy', qty: '0.01' });
    expect(ext.retCode).toBe(0);
    await until(() => got.length >= 2, 'the delayed order messages');
    const at = Date.now();
    expect(got.map((g) => g.topic)).toEqual(['order', 'order']);
    expect(at - sent).toBeGreaterThanOrEqual(110);
    await emu.fault({ fault: 'clear' });
    const minute = (await emu.state()).marketNowMs;
    expect(await emu.step(1)).toBe(1);
    await until(() => got.some((g) => g.topic === 'position'), 'the position message');
    const pos = (await rest.getPositionInfo(L)).result.list[0];
    expect([pos?.size, pos?.avgPrice]).toEqual(['0.01', String(sampleBar(minute).open)]);
    const own = (await rest.getHistoricOrders(L)).result.list[0];
    expect([own?.orderLinkId, own?.createType, own?.orderStatus]).toEqual(['', 'CreateByUser', 'Filled']);
    expect((await emu.fault({ fault: 'position', key: KEY, side: 'Sell', qty: '0.01', reduceOnly: true })).retCode).toBe(0);
    expect(await emu.step(1)).toBe(1);
    expect((await rest.getPositionInfo(L)).result.list[0]?.size).toBe('0');
    expect((await emu.fault({ fault: 'position', key: 'nobody', side: 'Buy', qty: '0.01' })).retCode).toBe(10001);
    ws.closeAll(true);
  });

  test('reorder: private messages swapped in pairs; a held message goes out ahead of the next once off', async () => {
    const { ws, got } = privateClient(emu, ['order', 'wallet']);
    await until(hasSub(emu, 'wallet'), 'the subscription');
    await emu.fault({ fault: 'reorder' });
    expect((await rest.submitOrder(limit('ro-a'))).retCode).toBe(0);
    await until(() => got.length >= 2, 'the pair');
    expect(got.map((m) => m.topic)).toEqual(['wallet', 'order']);
    expect((await rest.cancelOrder({ ...L, orderLinkId: 'ro-a' })).retCode).toBe(0);
    await until(() => got.length >= 4, 'the cancel pair');
    expect(got.slice(2).map((m) => [m.topic, m.data[0]?.orderStatus])).toEqual([
      ['wallet', undefined],
      ['order', 'Cancelled'],
    ]);
    await emu.fault({ fault: 'reorder', on: false });
    expect((await rest.submitOrder(limit('ro-b'))).retCode).toBe(0);
    await until(() => got.length >= 6, 'the in-order pair');
    expect(got.slice(4).map((m) => m.topic)).toEqual(['order', 'wallet']);
    expect((await rest.cancelAllOrders(L)).retCode).toBe(0);
    ws.closeAll(true);
  });

  test('halt: no klines or tickers for N minutes from the next one, and those minutes are a REST gap', async () => {
    const pub = new WebsocketClient({ wsUrl: emu.urls.ws_public }, SILENT);
    const starts: number[] = [];
    pub.on('update', (m: { data: { start: number; confirm: boolean }[] }) => {
      if (m.data[0]?.confirm) starts.push(m.data[0].start);
    });
    pub.subscribeV5(['kline.1.BTCUSDT'], 'linear');
    await until(hasSub(emu, 'kline.1.BTCUSDT'), 'the subscription');
    const t = (await emu.state()).marketNowMs;
    expect((await emu.fault({ fault: 'halt', minutes: 2 })).retCode).toBe(0);
    expect(await emu.step(4)).toBe(4);
    await until(() => starts.length === 2, 'two confirms');
    expect(starts).toEqual([t + 2 * 60_000, t + 3 * 60_000]);
    const k = await rest.getKline({ ...L, interval: '1', start: t, end: t + 3 * 60_000 });
    expect(k.result.list.map((row) => Number(row[0]))).toEqual([t + 3 * 60_000, t + 2 * 60_000]);
    pub.closeAll(true);
  });

  test('clear resets every fault; an unknown fault is 10001 naming the kinds', async () => {
    await emu.fault({ fault: 'skew', ms: 50_000 });
    await emu.fault({ fault: 'delay', ms: 500 });
    await emu.fault({ fault: 'reject', count: 5, retCode: 110007 });
    expect((await emu.state()).faults).toMatchObject({ skewMs: 50_000, delayMs: 500 });
    expect((await emu.fault({ fault: 'clear' })).retCode).toBe(0);
    expect((await emu.state()).faults).toMatchObject({
      skewMs: 0,
      delayMs: 0,
      duplicate: false,
      reorder: false,
      lostCreates: 0,
      halts: [],
    });
    expect(await outcome(rest.submitOrder(limit('after-clear')))).toBe(0);
    const badPaths = await emu.fault({ fault: 'http5xx', share: 1, paths: ['order/create'] });
    expect([badPaths.retCode, badPaths.retMsg]).toEqual([
      10001,
      `fault: paths '["order/create"]' must be a non-empty array of REST paths like "/v5/order/realtime"`,
    ]);
    const unknown = await emu.fault({ fault: 'meteor' });
    expect(unknown.retCode).toBe(10001);
    expect(unknown.retMsg).toContain(
      'drop, stall, unstall, position, skew, http5xx, timeout, burst10006, reject, lost, delay, duplicate, reorder, tickers, halt, clear',
    );
    expect((await rest.cancelAllOrders(L)).retCode).toBe(0);
  });

  test('GET /admin/state: clocks, replay progress, faults with served counts, connections, accounts with position, orders, executions, DCP', async () => {
    const s = await emu.state();
    expect(Object.keys(s)).toEqual(['serverNowMs', 'marketNowMs', 'replay', 'faults', 'requests', 'rateLimit', 'connections', 'accounts']);
    // The per-key limiter: what it counted per path (requests an HTTP fault answered never reach it),
    // and no refusal of its own (the injected 10006 is a fault, not the budget).
    expect(s.rateLimit.windowMs).toBe(1_000);
    expect(s.rateLimit.refused).toEqual({});
    expect(s.rateLimit.admitted['/v5/order/create']).toBeGreaterThanOrEqual(4);
    expect(s.rateLimit.admitted['/v5/order/create']).toBeLessThanOrEqual(s.requests['/v5/order/create']!);
    // this very request is counted before it is answered
    expect(s.requests['/admin/state']).toBeGreaterThanOrEqual(1);
    expect(s.requests['/v5/order/create']).toBeGreaterThanOrEqual(4);
    expect(Math.abs(s.serverNowMs - Date.now())).toBeLessThan(60_000);
    // 8 minutes stepped, 2 of them halted (never confirmed).
    expect(s.replay).toEqual({ confirmed: 6, minutes: 180, finished: false });
    expect(s.marketNowMs).toBe(DAY_MS + 8 * 60_000);
    expect(s.faults.served).toMatchObject({ http5xx: 2, timeouts: 1, private10006: 1, rejected: 1, lost: 1 });
    const a = s.accounts[0];
    expect([a?.key, a?.position?.size, a?.dcp.windowS]).toEqual([KEY, '0', 0]);
    expect(a?.executions.map((x) => x.execType)).toEqual(['Trade', 'Trade']);
    expect(a?.orders.some((o) => o.orderLinkId === 'a-lost' && o.orderStatus === 'Cancelled')).toBe(true);
  });
});

describe('admin refused without --admin', () => {
  test('/admin/fault, /admin/state, /admin/step and /admin/speed answer HTTP 403 with retCode 10005', async () => {
    const emu = await startEmulatorProcess(sb, ['--db', db, '--account', `${KEY}:${SECRET}`, ...REPLAY]);
    try {
      const calls: [string, string][] = [
        ['POST', '/admin/fault'],
        ['GET', '/admin/state'],
        ['POST', '/admin/step'],
        ['POST', '/admin/speed'],
      ];
      const got = [];
      for (const [method, path] of calls) {
        const res = await fetch(`${emu.urls.rest}${path}`, { method, body: method === 'POST' ? '{"fault":"skew","ms":60000}' : undefined });
        got.push([path, res.status, ((await res.json()) as { retCode: number }).retCode]);
      }
      expect(got).toEqual(calls.map(([, p]) => [p, 403, 10005]));
      // Nothing was applied: signed requests are still inside the window.
      expect((await new RestClientV5({ key: KEY, secret: SECRET, baseUrl: emu.urls.rest }).getPositionInfo(L)).retCode).toBe(0);
    } finally {
      expect(await emu.stop()).toBe(0);
    }
  }, 30_000);
});
