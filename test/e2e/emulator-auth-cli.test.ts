// Issue 12 item 2 from dist/trade: `--account KEY:SECRET[:USDT]` (repeatable, default 10000), the
// HMAC over the raw query / body checked with hand-written HTTP (10004 bad signature, 10003 unknown
// key, 10002 outside [now - recvWindow, now + 1000), all HTTP 200), the three X-Bapi-Limit* headers
// on every answer (read back by RestClientV5's parseAPIRateLimits), and the per-key, per-endpoint
// 10006 (a create-batch counts one per order, so 11 orders exceed the 10/s order budget at once).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { RestClientV5 } from 'bybit-api';
import { type Sandbox, sandbox } from './cli-harness';
import { type EmulatorProcess, hmacHex, KEY, L, SECRET, sampleStore, startEmulatorProcess } from './emulator-process';

const sb: Sandbox = sandbox('trade-e2e-emu-auth-');
let emu: EmulatorProcess;
const LIMIT_HEADERS = ['X-Bapi-Limit', 'X-Bapi-Limit-Status', 'X-Bapi-Limit-Reset-Timestamp'];

beforeAll(async () => {
  const db = sampleStore(sb);
  emu = await startEmulatorProcess(sb, [
    ...['--db', db, '--admin', '--account', `${KEY}:${SECRET}`, '--account', 'k2:s2:2500'],
    ...['--symbol', 'BTCUSDT', '--from', '2024-08-05T00:00Z', '--to', '2024-08-05T01:00Z', '--speed', '0'],
  ]);
}, 60_000);
afterAll(async () => {
  expect(await emu.stop()).toBe(0);
  sb.cleanup();
}, 60_000);

interface Signed {
  key?: string;
  secret?: string;
  tsMs?: number;
  recvWindow?: string;
}

async function signedGet(path: string, query: string, o: Signed = {}) {
  const ts = String(o.tsMs ?? Date.now());
  const key = o.key ?? KEY;
  const rw = o.recvWindow ?? '5000';
  const headers = {
    'X-BAPI-API-KEY': key,
    'X-BAPI-TIMESTAMP': ts,
    'X-BAPI-RECV-WINDOW': rw,
    'X-BAPI-SIGN': hmacHex(o.secret ?? SECRET, `${ts}${key}${rw}${query}`),
    'X-BAPI-SIGN-TYPE': '2',
  };
  const res = await fetch(`${emu.urls.rest}${path}?${query}`, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { retCode: number; retMsg: string; result: unknown } };
}

async function signedPost(path: string, body: string, signedBody = body) {
  const ts = String(Date.now());
  const res = await fetch(`${emu.urls.rest}${path}`, {
    method: 'POST',
    headers: {
      'X-BAPI-API-KEY': KEY,
      'X-BAPI-TIMESTAMP': ts,
      'X-BAPI-RECV-WINDOW': '5000',
      'X-BAPI-SIGN': hmacHex(SECRET, `${ts}${KEY}5000${signedBody}`),
      'Content-Type': 'application/json',
    },
    body,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { retCode: number; retMsg: string } };
}

describe('accounts', () => {
  test('each --account answers with its own balance; without :USDT the default 10000', async () => {
    const w1 = (await emu.rest().getWalletBalance({ accountType: 'UNIFIED' })).result.list[0];
    const w2 = (await emu.rest('k2', 's2').getWalletBalance({ accountType: 'UNIFIED' })).result.list[0];
    expect([w1?.accountType, w1?.totalWalletBalance, w2?.totalWalletBalance]).toEqual(['UNIFIED', '10000', '2500']);
    expect((await emu.state()).accounts.map((a) => a.key)).toEqual([KEY, 'k2']);
  });
});

describe('signatures and the timestamp window (hand-written HTTP)', () => {
  test('a correct HMAC over the raw, unsorted query is accepted, with the three limit headers', async () => {
    const a = await signedGet('/v5/order/realtime', 'symbol=BTCUSDT&category=linear');
    expect([a.status, a.body.retCode]).toEqual([200, 0]);
    expect(LIMIT_HEADERS.map((h) => a.headers.has(h))).toEqual([true, true, true]);
  });

  test('bad signature 10004, unknown key 10003, 6 s late or 1.5 s early 10002: HTTP 200, Bybit texts, limit headers', async () => {
    const q = 'category=linear&symbol=BTCUSDT';
    const got = [
      await signedGet('/v5/position/list', q, { secret: 'wrong' }),
      await signedGet('/v5/position/list', q, { key: 'nobody' }),
      await signedGet('/v5/position/list', q, { tsMs: Date.now() - 6000 }),
      await signedGet('/v5/position/list', q, { tsMs: Date.now() + 1500 }),
      await signedGet('/v5/position/list', q, { tsMs: Date.now() - 6000, recvWindow: '20000' }),
    ];
    expect(got.map((a) => [a.status, a.body.retCode])).toEqual([
      [200, 10004],
      [200, 10003],
      [200, 10002],
      [200, 10002],
      [200, 0],
    ]);
    expect(got[0]?.body.retMsg).toStartWith('error sign! origin_string[');
    expect(got[1]?.body.retMsg).toBe('API key is invalid.');
    expect(got[2]?.body.retMsg).toMatch(
      /^invalid request, please check your server timestamp or recv_window param\. req_timestamp\[\d+\],server_timestamp\[\d+\],recv_window\[5000\]$/,
    );
    expect(got.slice(0, 4).map((a) => a.body.result)).toEqual([{}, {}, {}, {}]);
    expect(got.map((a) => LIMIT_HEADERS.every((h) => a.headers.has(h)))).toEqual([true, true, true, true, true]);
  });

  test('the POST body is verified byte for byte: the same fields re-serialised fail with 10004; a malformed body is 10001', async () => {
    const body = '{"category":"linear", "symbol":"BTCUSDT","buyLeverage":"10","sellLeverage":"10"}';
    expect((await signedPost('/v5/position/set-leverage', body, body.replace(', ', ','))).body.retCode).toBe(10004);
    expect((await signedPost('/v5/position/set-leverage', body)).body.retCode).toBe(110043);
    expect((await signedPost('/v5/order/create', '{"category":')).body.retCode).toBe(10001);
  });
});

describe('X-Bapi-Limit* on every answer, parsed by RestClientV5', () => {
  test('0, 10001, 10002, 10003, 10004, 10006, 110001 and a market read: all three headers', async () => {
    const opts = { parseAPIRateLimits: true } as const;
    const base = emu.urls.rest;
    const good = new RestClientV5({ key: KEY, secret: SECRET, baseUrl: base, ...opts }, { timeout: 10_000 });
    const unknown = new RestClientV5({ key: 'nobody', secret: SECRET, baseUrl: base, ...opts }, { timeout: 10_000 });
    const wrong = new RestClientV5({ key: KEY, secret: 'wrong', baseUrl: base, ...opts }, { timeout: 10_000 });
    const answers: { retCode: number; rateLimitApi?: { maxRequests: number; remainingRequests: number; resetAtTimestamp: number } }[] = [];
    answers.push(await good.getPositionInfo(L));
    answers.push(await good.getPositionInfo({ category: 'linear' } as never));
    expect((await emu.fault({ fault: 'skew', ms: 10_000 })).retCode).toBe(0);
    answers.push(await good.getPositionInfo(L));
    await emu.fault({ fault: 'skew', ms: 0 });
    answers.push(await unknown.getPositionInfo(L));
    answers.push(await wrong.getPositionInfo(L));
    await emu.fault({ fault: 'burst10006', count: 1 });
    answers.push(await good.getPositionInfo(L));
    answers.push(await good.cancelOrder({ ...L, orderId: 'no-such-order' }));
    answers.push(await good.getServerTime());
    expect(answers.map((a) => a.retCode)).toEqual([0, 10001, 10002, 10003, 10004, 10006, 110001, 0]);
    const parsed = answers.map((a) => a.rateLimitApi);
    expect(parsed.map((p) => p !== undefined && Number.isFinite(p.maxRequests) && p.resetAtTimestamp > 0)).toEqual(answers.map(() => true));
    expect([parsed[0]?.maxRequests, parsed[5]?.remainingRequests]).toEqual([50, 0]);
  });
});

describe('per-key rate limits', () => {
  test('11 orders in one create-batch exceed the 10/s order budget: 10006 for that key only, not for its other endpoints or another key', async () => {
    const order = (i: number) => ({
      symbol: 'BTCUSDT',
      side: 'Buy' as const,
      orderType: 'Limit' as const,
      qty: '0.01',
      price: '40000',
      orderLinkId: `rl-${i}`,
    });
    const eleven = Array.from({ length: 11 }, (_, i) => order(i));
    const over = await emu.rest().batchSubmitOrders('linear', eleven);
    expect([over.retCode, over.retMsg]).toEqual([10006, 'Too many visits!']);
    const raw = await signedPost('/v5/order/create-batch', JSON.stringify({ category: 'linear', request: eleven }));
    expect([raw.body.retCode, raw.headers.get('X-Bapi-Limit'), raw.headers.get('X-Bapi-Limit-Status')]).toEqual([10006, '10', '0']);
    expect(Number(raw.headers.get('X-Bapi-Limit-Reset-Timestamp'))).toBeGreaterThan(0);
    // Same key, another endpoint: its own budget.
    expect((await emu.rest().getActiveOrders(L)).retCode).toBe(0);
    // Another key: its own budget; ten orders fit.
    const ten = await emu.rest('k2', 's2').batchSubmitOrders('linear', eleven.slice(0, 10));
    expect([ten.retCode, ten.retExtInfo.list.map((x) => x.code)]).toEqual([0, Array(10).fill(0)]);
    expect((await emu.rest('k2', 's2').cancelAllOrders(L)).retCode).toBe(0);
  });
});
