// The emulator's market endpoints over real HTTP (fetch): the §2.0 envelope and the three
// X-Bapi-Limit* headers on every answer, kline ordering and limit/start/end semantics, 5m built from
// 1m, the open candle, funding's only-startTime error, time, risk-limit paging, faults.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { bars, importSample, loadCandles, type Store } from '../../../src/data';
import { type Emulator, startEmulator } from '../../../src/emulator';
import { tempDir, tempStore } from '../data/helpers';

const NOW = Date.UTC(2024, 7, 20, 12, 34, 30);
const OPEN_MINUTE = Date.UTC(2024, 7, 20, 12, 34);
const tmp = tempDir();
let store: Store;
let emu: Emulator;

beforeAll(async () => {
  store = await tempStore(tmp.dir);
  await importSample(store);
  emu = await startEmulator({ store, nowMs: NOW, riskLimitPageRows: 7 });
});
afterAll(async () => {
  await emu.stop();
  store.close();
  tmp.cleanup();
});

interface Answer {
  status: number;
  headers: Headers;
  body: { retCode: number; retMsg: string; result: Record<string, unknown>; retExtInfo: unknown; time: number };
}

async function get(e: Emulator, path: string): Promise<Answer> {
  const res = await fetch(`${e.url}${path}`);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer['body'] };
}

const kline = (q: string) => get(emu, `/v5/market/kline?category=linear&symbol=BTCUSDT&interval=1&${q}`);
const list = (a: Answer) => a.body.result.list as string[][];
const times = (a: Answer) => list(a).map((r) => Number(r[0]));

function expectHeaders(a: Answer): void {
  for (const h of ['x-bapi-limit', 'x-bapi-limit-status', 'x-bapi-limit-reset-timestamp']) expect(a.headers.get(h)).toMatch(/^\d+$/);
}

describe('envelope and headers', () => {
  test('success: {retCode 0, retMsg OK, result, retExtInfo {}, time = clock} with the three limit headers', async () => {
    const a = await kline('limit=1');
    expect([a.status, a.body.retCode, a.body.retMsg, a.body.retExtInfo, a.body.time]).toEqual([200, 0, 'OK', {}, NOW]);
    expect(Object.keys(a.body)).toEqual(['retCode', 'retMsg', 'result', 'retExtInfo', 'time']);
    expectHeaders(a);
    expect(a.headers.get('x-bapi-limit-reset-timestamp')).toBe(String(NOW));
  });

  test('bad parameters answer 10001 with result {}; unknown routes HTTP 404 with 10017; both keep the headers', async () => {
    const bad = await kline('limit=1001');
    expect([bad.status, bad.body.retCode, bad.body.retMsg, bad.body.result]).toEqual([
      200,
      10001,
      'params error: limit 1001 must be in [1, 1000]',
      {},
    ]);
    expectHeaders(bad);
    const cases = ['interval=7', 'start=abc', 'start=5&end=4'];
    for (const q of cases)
      expect(
        (await get(emu, `/v5/market/kline?category=linear&symbol=BTCUSDT&${q.startsWith('interval') ? q : `interval=1&${q}`}`)).body
          .retCode,
      ).toBe(10001);
    expect((await get(emu, '/v5/market/kline?category=spot&symbol=BTCUSDT&interval=1')).body.retCode).toBe(10001);
    expect((await get(emu, '/v5/market/kline?category=linear&symbol=DOGEUSDT&interval=1')).body.retCode).toBe(10001);
    const none = await get(emu, '/v5/market/nothing');
    expect([none.status, none.body.retCode]).toEqual([404, 10017]);
    expectHeaders(none);
  });
});

describe('GET /v5/market/kline', () => {
  test('7-string rows, newest first, default limit 200 ending at the open candle (close = stored last price)', async () => {
    const a = await kline('');
    const t = times(a);
    expect(t.length).toBe(200);
    expect(t[0]).toBe(OPEN_MINUTE);
    expect(t).toEqual(Array.from({ length: 200 }, (_, i) => OPEN_MINUTE - i * 60_000));
    for (const row of list(a)) expect(row.length === 7 && row.every((c) => typeof c === 'string')).toBe(true);
    const c = await loadCandles(store, 'BTCUSDT', OPEN_MINUTE, OPEN_MINUTE + 60_000);
    expect(list(a)[0]).toEqual([String(OPEN_MINUTE), ...[c.open, c.high, c.low, c.close, c.volume, c.turnover].map((x) => String(x[0]))]);
  });

  test('end anchors the newest row; start and end bound both sides; start alone anchors at start', async () => {
    const end = Date.UTC(2024, 7, 5, 10, 0);
    expect(times(await kline(`end=${end}&limit=3`))).toEqual([end, end - 60_000, end - 120_000]);
    expect(times(await kline(`start=${end - 120_000}&end=${end}&limit=1000`))).toEqual([end, end - 60_000, end - 120_000]);
    expect(times(await kline(`start=${end}&limit=2`))).toEqual([end + 60_000, end]);
    expect(times(await kline(`start=${Date.UTC(2024, 6, 1)}&limit=1`))).toEqual([Date.UTC(2024, 7, 1)]);
    expect(times(await kline(`end=${Date.UTC(2024, 8, 30)}&limit=1`))).toEqual([OPEN_MINUTE]);
    expect(list(await kline('limit=1000')).length).toBe(1000);
  });

  test('interval 5 is built from the 1m minutes on epoch buckets, equal to the data layer resample', async () => {
    const end = Date.UTC(2024, 7, 5, 10, 0);
    const a = await get(emu, `/v5/market/kline?category=linear&symbol=BTCUSDT&interval=5&end=${end}&limit=4`);
    const b = await bars(store, { symbol: 'BTCUSDT', tfMinutes: 5, fromMs: end - 15 * 60_000, toMs: end + 5 * 60_000 });
    const want = Array.from(b.tsMs, (_, i) =>
      [b.tsMs, b.open, b.high, b.low, b.close, b.volume, b.turnover].map((x) => String(x[i])),
    ).reverse();
    expect(list(a)).toEqual(want);
  });

  test('an injected gap is omitted and a bad row is served with high below low', async () => {
    const g0 = Date.UTC(2024, 7, 9, 0, 10);
    const e = await startEmulator({ store, nowMs: NOW, faults: { gapsMs: [[g0, g0 + 120_000]], badRowMs: g0 + 180_000 } });
    try {
      const a = await get(e, `/v5/market/kline?category=linear&symbol=BTCUSDT&interval=1&end=${g0 + 180_000}&limit=3`);
      expect(times(a)).toEqual([g0 + 180_000, g0 + 120_000, g0 - 60_000]);
      const [, , high, low] = (list(a)[0] as string[]).map(Number);
      expect(high).toBe((low as number) - 1);
    } finally {
      await e.stop();
    }
  });
});

describe('GET /v5/market/funding/history', () => {
  const path = '/v5/market/funding/history?category=linear&symbol=BTCUSDT';

  test('startTime alone is error 10001; endTime alone gives the newest up to it; both bound the window; newest first', async () => {
    const only = await get(emu, `${path}&startTime=${Date.UTC(2024, 7, 1)}`);
    expect([only.body.retCode, only.body.result]).toEqual([10001, {}]);
    expectHeaders(only);
    const end = Date.UTC(2024, 7, 3, 8);
    const upTo = (await get(emu, `${path}&endTime=${end}&limit=2`)).body.result.list as Record<string, string>[];
    expect(upTo.map((r) => Number(r.fundingRateTimestamp))).toEqual([end, end - 8 * 3_600_000]);
    expect(Object.keys(upTo[0] as object)).toEqual(['symbol', 'fundingRate', 'fundingRateTimestamp']);
    const both = (await get(emu, `${path}&startTime=${Date.UTC(2024, 7, 1)}&endTime=${Date.UTC(2024, 7, 2)}`)).body.result
      .list as unknown[];
    expect(both.length).toBe(4);
    const latest = (await get(emu, path)).body.result.list as Record<string, string>[];
    expect(Number(latest[0]?.fundingRateTimestamp)).toBe(Date.UTC(2024, 7, 20, 8));
    expect((await get(emu, `${path}&endTime=${end}&limit=201`)).body.retCode).toBe(10001);
    expect((await get(emu, '/v5/market/funding/history?symbol=BTCUSDT')).body.retCode).toBe(10001);
  });
});

describe('time, instruments-info, risk-limit', () => {
  test('/v5/market/time is the clock in seconds and nanoseconds', async () => {
    expect((await get(emu, '/v5/market/time')).body.result).toEqual({ timeSecond: String(NOW / 1000), timeNano: `${NOW}000000` });
  });

  test('instruments-info carries the stored constraints as strings', async () => {
    const item = (
      (await get(emu, '/v5/market/instruments-info?category=linear&symbol=BTCUSDT')).body.result.list as Record<string, unknown>[]
    )[0];
    expect(item?.priceFilter).toMatchObject({ tickSize: '0.1' });
    expect(item?.lotSizeFilter).toMatchObject({ qtyStep: '0.001', minOrderQty: '0.001', minNotionalValue: '5' });
    expect(item?.leverageFilter).toMatchObject({ maxLeverage: '100.00' });
    expect(item?.fundingInterval).toBe(480);
  });

  test('risk-limit: decimal-fraction strings, tier 1 mmDeduction "", pages of 7 rows via nextPageCursor', async () => {
    const rows: Record<string, unknown>[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const r = (await get(emu, `/v5/market/risk-limit?category=linear&symbol=BTCUSDT${cursor ? `&cursor=${cursor}` : ''}`)).body.result;
      rows.push(...(r.list as Record<string, unknown>[]));
      cursor = r.nextPageCursor as string;
      pages++;
    } while (cursor !== '');
    expect([rows.length, pages]).toEqual([20, 3]);
    expect(rows[0]).toEqual({
      id: 1,
      symbol: 'BTCUSDT',
      riskLimitValue: '2000000',
      maintenanceMargin: '0.005',
      initialMargin: '0.01',
      isLowestRisk: 1,
      maxLeverage: '100.00',
      mmDeduction: '',
    });
    expect(rows[19]).toMatchObject({
      id: 20,
      riskLimitValue: '80000000',
      maintenanceMargin: '0.045',
      mmDeduction: '1482000',
      isLowestRisk: 0,
    });
  });
});

describe('fault bursts', () => {
  test('after burstAfter normal answers: N x 10006 (reset a few ms ahead, status 0), then N x HTTP 403, then normal', async () => {
    const e = await startEmulator({ store, nowMs: NOW, faults: { burst10006: 2, burst403: 1, burstAfter: 1, resetAheadMs: 25 } });
    try {
      const q = '/v5/market/kline?category=linear&symbol=BTCUSDT&interval=1&limit=1';
      expect((await get(e, q)).body.retCode).toBe(0);
      expect((await get(e, '/v5/market/time')).body.retCode).toBe(0);
      for (let i = 0; i < 2; i++) {
        const a = await get(e, q);
        expect([a.status, a.body.retCode, a.body.retMsg]).toEqual([200, 10006, 'Too many visits!']);
        expect([a.headers.get('x-bapi-limit-status'), a.headers.get('x-bapi-limit-reset-timestamp')]).toEqual(['0', String(NOW + 25)]);
      }
      const forbidden = await fetch(`${e.url}${q}`);
      expect([forbidden.status, await forbidden.text()]).toEqual([403, 'access too frequent']);
      expect((await get(e, q)).body.retCode).toBe(0);
      expect(e.faults.served).toEqual({ rateLimited: 2, forbidden: 1 });
    } finally {
      await e.stop();
    }
  });
});
