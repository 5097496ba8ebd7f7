// bybit-v5.md §7 (the emulator checklist), the lines other files leave open: the three X-Bapi-Limit*
// headers on every kind of answer (read back by RestClientV5's parseAPIRateLimits), the envelope and
// Bybit's types (strings but for the §2.0 integers and booleans) on REST and WS rows, compact JSON on
// every WS message, the exact pong / auth / subscribe acks, entryPrice on WS vs avgPrice on REST, and
// funding both ways (a long pays and a short receives size x mark x rate). Signing, the window, kline
// order, fees, IM/MM and liquidation are in private-rest, market, websocket and margin-capture tests.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { RestClientV5, WebsocketClient } from 'bybit-api';
import { fixedClock, hmacHex } from '../../../src/emulator';
import { adminFault, adminState, DAY_MS, KEY, type Rig, rig, SECRET, SILENT, until } from './helpers';

const L = { category: 'linear' as const, symbol: 'BTCUSDT' };

/** §2.0: the fields Bybit sends as numbers (tradeMode and risk-limit `id` per the §2.8 / §6.4 captures). */
const INT_FIELDS = new Set([
  'positionIdx',
  'riskId',
  'seq',
  'triggerDirection',
  'adlRankIndicator',
  'autoAddMargin',
  'fundingInterval',
  'isLowestRisk',
  'openTime',
  'symbolId',
  'smpGroup',
  'tradeMode',
  'id',
]);
/** §2.0 booleans, plus wallet-balance's marginCollateral / collateralSwitch and instruments' isPreListing (D field tables). */
const BOOL_FIELDS = new Set([
  'reduceOnly',
  'closeOnTrigger',
  'isMaker',
  'isReduceOnly',
  'unifiedMarginTrade',
  'marginCollateral',
  'collateralSwitch',
  'isPreListing',
]);
/** Null in Bybit's own sample (§2.4). */
const NULL_FIELDS = new Set(['preListingInfo']);

/** Every field of `v` whose JSON type is not Bybit's, as `path: value` lines (all of them, not the first). */
function typeProblems(v: unknown, path: string, out: string[] = []): string[] {
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) typeProblems(x, `${path}[${i}]`, out);
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const p = `${path}.${k}`;
      if (INT_FIELDS.has(k)) {
        if (!Number.isInteger(x)) out.push(`${p}: ${JSON.stringify(x)} (want an integer)`);
      } else if (BOOL_FIELDS.has(k)) {
        if (typeof x !== 'boolean') out.push(`${p}: ${JSON.stringify(x)} (want a boolean)`);
      } else if (NULL_FIELDS.has(k) && x === null) {
      } else if (x !== null && typeof x === 'object') typeProblems(x, p, out);
      else if (typeof x !== 'string') out.push(`${p}: ${JSON.stringify(x)} (want a string)`);
    }
  } else if (typeof v !== 'string') out.push(`${path}: ${JSON.stringify(v)} (want a string)`);
  return out;
}

let r: Rig;
beforeAll(async () => {
  r = await rig();
});
afterAll(async () => {
  await r.close();
});

describe('§7.1 the X-Bapi-Limit* headers on every answer', () => {
  test('success, 10001, 10002, 10003, 10004, 10006, 110001 and a market read: all HTTP 200, all three headers parsed by the client', async () => {
    const opts = { parseAPIRateLimits: true } as const;
    const good = new RestClientV5({ key: KEY, secret: SECRET, baseUrl: r.emu.url, ...opts }, { timeout: 10_000 });
    const unknown = new RestClientV5({ key: 'nobody', secret: SECRET, baseUrl: r.emu.url, ...opts }, { timeout: 10_000 });
    const wrong = new RestClientV5({ key: KEY, secret: 'wrong', baseUrl: r.emu.url, ...opts }, { timeout: 10_000 });
    const answers: { retCode: number; rateLimitApi?: { maxRequests: number; remainingRequests: number; resetAtTimestamp: number } }[] = [];
    answers.push(await good.getPositionInfo(L));
    answers.push(await good.getPositionInfo({ category: 'linear' } as never));
    await adminFault(r.emu, { fault: 'skew', ms: 10_000 });
    answers.push(await good.getPositionInfo(L));
    await adminFault(r.emu, { fault: 'skew', ms: 0 });
    answers.push(await unknown.getPositionInfo(L));
    answers.push(await wrong.getPositionInfo(L));
    await adminFault(r.emu, { fault: 'burst10006', count: 1 });
    answers.push(await good.getPositionInfo(L));
    answers.push(await good.cancelOrder({ ...L, orderId: 'no-such-order' }));
    answers.push(await good.getServerTime());
    expect(answers.map((a) => a.retCode)).toEqual([0, 10001, 10002, 10003, 10004, 10006, 110001, 0]);
    const parsed = answers.map((a) => a.rateLimitApi);
    expect(parsed.filter((p) => p === undefined).length).toBe(0);
    expect(parsed.map((p) => Number.isFinite(p?.maxRequests) && Number.isFinite(p?.resetAtTimestamp) && p?.resetAtTimestamp !== 0)).toEqual(
      answers.map(() => true),
    );
    expect(parsed[5]?.remainingRequests).toBe(0);
  });
});

describe('§7.1 the timestamp window', () => {
  test('exactly [now - recvWindow, now + 1000) on an injected wall clock, recvWindow from its header (default 5000)', async () => {
    const nowMs = Date.UTC(2026, 0, 2, 3, 4, 5);
    const fixed = await rig({ wallClock: fixedClock(nowMs) });
    const query = 'category=linear&symbol=BTCUSDT';
    const codeAt = async (tsMs: number, recvWindow?: string) => {
      const ts = String(tsMs);
      const headers: Record<string, string> = { 'X-BAPI-API-KEY': KEY, 'X-BAPI-TIMESTAMP': ts, 'X-BAPI-SIGN-TYPE': '2' };
      if (recvWindow) headers['X-BAPI-RECV-WINDOW'] = recvWindow;
      headers['X-BAPI-SIGN'] = hmacHex(SECRET, `${ts}${KEY}${recvWindow ?? ''}${query}`);
      const res = await fetch(`${fixed.emu.url}/v5/position/list?${query}`, { headers });
      return `${res.status} ${((await res.json()) as { retCode: number }).retCode}`;
    };
    try {
      const got = [
        await codeAt(nowMs + 999, '5000'),
        await codeAt(nowMs + 1000, '5000'),
        await codeAt(nowMs - 5000, '5000'),
        await codeAt(nowMs - 5001, '5000'),
        await codeAt(nowMs - 5000),
        await codeAt(nowMs - 5001),
        await codeAt(nowMs - 20_000, '20000'),
        await codeAt(nowMs - 20_001, '20000'),
      ];
      expect(got).toEqual(['200 0', '200 10002', '200 0', '200 10002', '200 0', '200 10002', '200 0', '200 10002']);
    } finally {
      await fixed.close();
    }
  });
});

describe('§7.2 the envelope and Bybit types', () => {
  test('REST: {retCode, retMsg, result, retExtInfo, time}; strings except the §2.0 integers and booleans, on every row kind', async () => {
    expect((await r.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Market', qty: '0.01', orderLinkId: 'c-1' })).retCode).toBe(0);
    expect(
      (await r.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Limit', qty: '0.01', price: '40000', orderLinkId: 'c-2' })).retCode,
    ).toBe(0);
    const stop = {
      ...L,
      side: 'Sell' as const,
      orderType: 'Market' as const,
      qty: '0.01',
      triggerPrice: '30000',
      triggerDirection: 2 as const,
    };
    expect((await r.rest.submitOrder({ ...stop, orderLinkId: 'c-3' })).retCode).toBe(0);
    r.emu.replay?.step(1);
    // A round trip (closed PnL), then a position open again.
    expect((await r.rest.submitOrder({ ...L, side: 'Sell', orderType: 'Market', qty: '0.01', orderLinkId: 'c-4' })).retCode).toBe(0);
    r.emu.replay?.step(1);
    expect((await r.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Market', qty: '0.01', orderLinkId: 'c-5' })).retCode).toBe(0);
    r.emu.replay?.step(1);
    const answers = {
      realtime: await r.rest.getActiveOrders(L),
      history: await r.rest.getHistoricOrders(L),
      executions: await r.rest.getExecutionList(L),
      positions: await r.rest.getPositionInfo(L),
      wallet: await r.rest.getWalletBalance({ accountType: 'UNIFIED' }),
      closedPnl: await r.rest.getClosedPnL(L),
      kline: await r.rest.getKline({ ...L, interval: '1', limit: 3 }),
      instruments: await r.rest.getInstrumentsInfo(L),
      riskLimit: await r.rest.getRiskLimit(L),
      funding: await r.rest.getFundingRateHistory({ ...L, endTime: DAY_MS + 60_000 * 600 }),
      time: await r.rest.getServerTime(),
    };
    const problems: string[] = [];
    for (const [name, a] of Object.entries(answers)) {
      const { rateLimitApi: _, ...body } = a as unknown as Record<string, unknown>;
      expect([name, Object.keys(body)]).toEqual([name, ['retCode', 'retMsg', 'result', 'retExtInfo', 'time']]);
      expect([name, typeof body.retCode, typeof body.time, body.retCode]).toEqual([name, 'number', 'number', 0]);
      typeProblems(body.result, name, problems);
    }
    expect(problems).toEqual([]);
    // The walk saw every kind of row.
    expect(
      [answers.realtime, answers.executions, answers.positions, answers.closedPnl, answers.riskLimit].map(
        (a) => (a.result as { list: unknown[] }).list.length > 0,
      ),
    ).toEqual([true, true, true, true, true]);
    expect(answers.positions.result.list[0]?.size).toBe('0.01');
    expect(answers.positions.result.list[0]).toHaveProperty('avgPrice');
    expect(answers.positions.result.list[0]).not.toHaveProperty('entryPrice');
    expect((await r.rest.cancelAllOrders(L)).retCode).toBe(0);
  });
});

type Raw = { ws: WebSocket; texts: string[]; msgs: Record<string, unknown>[] };

async function rawSocket(url: string): Promise<Raw> {
  const ws = new WebSocket(url);
  const texts: string[] = [];
  const msgs: Record<string, unknown>[] = [];
  ws.onmessage = (e) => {
    texts.push(String(e.data));
    msgs.push(JSON.parse(String(e.data)));
  };
  await new Promise((res) => {
    ws.onopen = res;
  });
  return { ws, texts, msgs };
}

function authMessage(reqId: string): string {
  const expires = Date.now() + 5000;
  return JSON.stringify({ op: 'auth', args: [KEY, expires, hmacHex(SECRET, `GET/realtime${expires}`)], req_id: reqId });
}

describe('§7.3-7.5 the WebSocket', () => {
  test('exact pong, auth and subscribe acks on each path, every message compact JSON, kline data an array, ticker data an object', async () => {
    const pub = await rawSocket(r.emu.wsPublicUrl);
    pub.ws.send('{"op":"ping"}');
    pub.ws.send('{"op":"subscribe","req_id":"k1","args":["kline.1.BTCUSDT","tickers.BTCUSDT"]}');
    await until(() => pub.msgs.length >= 3, 'pong, ack and ticker snapshot');
    const pubId = pub.msgs[0]?.conn_id as string;
    expect(pub.msgs[0]).toEqual({ success: true, ret_msg: 'pong', conn_id: pubId, req_id: '', op: 'ping' });
    expect(pub.msgs[1]).toEqual({ success: true, ret_msg: '', conn_id: pubId, req_id: 'k1', op: 'subscribe' });

    const priv = await rawSocket(r.emu.wsPrivateUrl);
    priv.ws.send(authMessage('v5Private-auth'));
    priv.ws.send('{"op":"subscribe","req_id":"order,execution,position,wallet","args":["order","execution","position","wallet"]}');
    priv.ws.send('{"op":"ping","req_id":"p9"}');
    await until(() => priv.msgs.length >= 3, 'auth, ack and pong');
    const privId = priv.msgs[0]?.conn_id as string;
    expect(priv.msgs[0]).toEqual({ success: true, ret_msg: '', op: 'auth', conn_id: privId, req_id: 'v5Private-auth' });
    expect(priv.msgs[1]).toEqual({
      success: true,
      ret_msg: '',
      conn_id: privId,
      req_id: 'order,execution,position,wallet',
      op: 'subscribe',
    });
    const pong = priv.msgs[2] as Record<string, unknown> & { args: string[] };
    expect(pong).toEqual({ req_id: 'p9', op: 'pong', args: [pong.args[0] as string], conn_id: privId });
    expect(pong.args[0]).toMatch(/^\d{13}$/);

    const trade = await rawSocket(r.emu.wsTradeUrl);
    trade.ws.send(authMessage('t'));
    await until(() => trade.msgs.length >= 1, 'the trade auth');
    expect(trade.msgs[0]).toEqual({ retCode: 0, retMsg: 'OK', op: 'auth', connId: trade.msgs[0]?.connId as string });

    expect((await r.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Market', qty: '0.01', orderLinkId: 'w-1' })).retCode).toBe(0);
    r.emu.replay?.step(1);
    await until(() => pub.msgs.some((m) => (m.data as { confirm?: boolean }[] | undefined)?.[0]?.confirm === true), 'a confirm');
    await until(() => priv.msgs.filter((m) => m.topic === 'position').length >= 1, 'the position push');

    const all = [...pub.texts, ...priv.texts, ...trade.texts];
    expect(all.filter((t) => t !== JSON.stringify(JSON.parse(t)))).toEqual([]);
    const klines = pub.msgs.filter((m) => m.topic === 'kline.1.BTCUSDT');
    expect(klines.every((m) => Array.isArray(m.data) && typeof (m.data as { confirm: unknown }[])[0]?.confirm === 'boolean')).toBe(true);
    expect(klines.every((m) => m.type === 'snapshot')).toBe(true);
    const tickers = pub.msgs.filter((m) => m.topic === 'tickers.BTCUSDT');
    expect(tickers.length).toBeGreaterThan(1);
    expect(tickers.map((m) => [m.type, Array.isArray(m.data), typeof m.data])).toEqual(
      tickers.map((_, i) => [i === 0 ? 'snapshot' : 'delta', false, 'object']),
    );
    const privRows = priv.msgs.filter((m) => typeof m.topic === 'string');
    expect(new Set(privRows.map((m) => m.topic))).toEqual(new Set(['order', 'execution', 'position', 'wallet']));
    expect(privRows.map((m) => Object.keys(m))).toEqual(privRows.map(() => ['id', 'topic', 'creationTime', 'data']));
    expect(
      typeProblems(
        privRows.map((m) => m.data),
        'ws',
      ),
    ).toEqual([]);
    const position = (priv.msgs.find((m) => m.topic === 'position')?.data as Record<string, unknown>[])[0];
    expect([position?.category, typeof position?.entryPrice, 'avgPrice' in (position ?? {})]).toEqual(['linear', 'string', false]);
    for (const c of [pub, priv, trade]) c.ws.close();
    expect((await adminState(r.emu)).accounts[0]?.key).toBe(KEY);
  });
});

describe('§7.4 subscriptions per connection', () => {
  test('one WebsocketClient, one wsUrl for public and private topics: two connections, each with its own topics and data', async () => {
    const ws = new WebsocketClient({ key: KEY, secret: SECRET, wsUrl: r.emu.wsPrivateUrl }, SILENT);
    const got: { wsKey: string; topic: string }[] = [];
    ws.on('update', (m: { wsKey: string; topic: string }) => got.push({ wsKey: m.wsKey, topic: m.topic }));
    ws.subscribeV5(['kline.1.BTCUSDT'], 'linear');
    ws.subscribeV5(['order'], 'linear');
    const mine = async () =>
      (await adminState(r.emu)).connections.filter((c) => c.subs.includes('order') || c.subs.includes('kline.1.BTCUSDT'));
    await until(async () => (await mine()).length === 2, 'both connections subscribed');
    expect((await mine()).map((c) => [c.account, c.subs]).sort()).toEqual([
      [null, ['kline.1.BTCUSDT']],
      [KEY, ['order']],
    ]);
    expect(
      (await r.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Limit', qty: '0.01', price: '40000', orderLinkId: 'pc-1' })).retCode,
    ).toBe(0);
    r.emu.replay?.step(1);
    await until(() => got.some((g) => g.topic === 'order') && got.some((g) => g.topic === 'kline.1.BTCUSDT'), 'both feeds');
    const keysByTopic = new Map(got.map((g) => [g.topic, new Set<string>()]));
    for (const g of got) keysByTopic.get(g.topic)?.add(g.wsKey);
    expect([...(keysByTopic.get('order') ?? [])]).toEqual(['v5Private']);
    expect([...(keysByTopic.get('kline.1.BTCUSDT') ?? [])]).toEqual(['v5LinearPublic']);
    expect((await r.rest.cancelAllOrders(L)).retCode).toBe(0);
    ws.closeAll(true);
  });
});

describe('§7.6 funding', () => {
  test('at the stored settlement: the long pays and the short receives size x mark x rate, and the wallets move by it', async () => {
    const f = await rig({
      accounts: [
        { key: KEY, secret: SECRET, balanceUsdt: 10_000 },
        { key: 'short', secret: 'short-secret', balanceUsdt: 10_000 },
      ],
      replay: { symbol: 'BTCUSDT', fromMs: DAY_MS + 478 * 60_000, toMs: DAY_MS + 483 * 60_000, speed: 0, decisionMs: 0 },
    });
    const short = new RestClientV5({ key: 'short', secret: 'short-secret', baseUrl: f.emu.url }, { timeout: 10_000 });
    try {
      expect((await f.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Market', qty: '0.01' })).retCode).toBe(0);
      expect((await short.submitOrder({ ...L, side: 'Sell', orderType: 'Market', qty: '0.02' })).retCode).toBe(0);
      f.emu.replay?.step(1);
      const wallet = async (c: RestClientV5) =>
        Number((await c.getWalletBalance({ accountType: 'UNIFIED' })).result.list[0]?.totalWalletBalance);
      const before = [await wallet(f.rest), await wallet(short)];
      f.emu.replay?.step(2);
      const after = [await wallet(f.rest), await wallet(short)];
      const [rate] = await f.store.db.rows<{ rate: number }>('SELECT rate FROM funding WHERE symbol = $1 AND ts_ms = CAST($2 AS BIGINT)', [
        'BTCUSDT',
        DAY_MS + 480 * 60_000,
      ]);
      expect(rate?.rate).not.toBe(0);
      const rows = [
        (await f.rest.getExecutionList({ ...L, execType: 'Funding' })).result.list,
        (await short.getExecutionList({ ...L, execType: 'Funding' })).result.list,
      ];
      expect(rows.map((x) => [x.length, x[0]?.execTime, x[0]?.side])).toEqual([
        [1, String(DAY_MS + 480 * 60_000), 'Buy'],
        [1, String(DAY_MS + 480 * 60_000), 'Sell'],
      ]);
      const mark = Number(rows[0]?.[0]?.execPrice);
      const longFee = 0.01 * mark * (rate?.rate as number);
      // execFee: + paid, − received (§2.8); the wallet moves by −execFee.
      expect(Number(rows[0]?.[0]?.execFee)).toBeCloseTo(longFee, 8);
      expect(Number(rows[1]?.[0]?.execFee)).toBeCloseTo(-2 * longFee, 8);
      expect((after[0] as number) - (before[0] as number)).toBeCloseTo(-longFee, 6);
      expect((after[1] as number) - (before[1] as number)).toBeCloseTo(2 * longFee, 6);
    } finally {
      await f.close();
    }
  });
});
