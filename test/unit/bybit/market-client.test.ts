// BybitMarketClient: the real bybit-api RestClientV5 over loopback HTTP (the emulator, or a tiny
// Bun.serve for answers the emulator never gives). Retry rules, bounded attempts, typed errors.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { BybitMarketClient, normalizeRestUrl } from '../../../src/bybit';
import { importSample, type Store } from '../../../src/data';
import { type Emulator, startEmulator } from '../../../src/emulator';
import { type TradeError, VenueError } from '../../../src/errors';
import { tempDir, tempStore } from '../data/helpers';

const NOW = Date.UTC(2024, 7, 20, 12, 34, 30);
const tmp = tempDir();
let store: Store;
const emulators: Emulator[] = [];

beforeAll(async () => {
  store = await tempStore(tmp.dir);
  await importSample(store);
});
afterAll(async () => {
  for (const e of emulators) await e.stop();
  store.close();
  tmp.cleanup();
});

async function emulator(faults = {}): Promise<Emulator> {
  const e = await startEmulator({ store, nowMs: NOW, faults });
  emulators.push(e);
  return e;
}

function recording(baseUrl: string, retry = {}) {
  const slept: number[] = [];
  const client = new BybitMarketClient({ baseUrl, retry, sleep: async (ms) => void slept.push(ms) });
  return { client, slept };
}

describe('BybitMarketClient', () => {
  test('server time and a kline page parse to numbers, newest first', async () => {
    const e = await emulator();
    const { client } = recording(e.url);
    expect(await client.serverTimeMs()).toBe(NOW);
    const end = Date.UTC(2024, 7, 2);
    const page = await client.klinePage('BTCUSDT', end - 120_000, end);
    expect(Array.from(page.cols.tsMs)).toEqual([end, end - 60_000, end - 120_000]);
    expect(page.label).toBe(`GET /v5/market/kline?category=linear&symbol=BTCUSDT&interval=1&start=${end - 120_000}&end=${end}&limit=1000`);
    expect(page.serverTimeMs).toBe(NOW);
    expect(client.stats.requests).toBe(2);
  });

  test('a 403 burst longer than the attempts: exponential bounded backoff, then VENUE_RATE_LIMITED naming the request', async () => {
    const e = await emulator({ burst403: 10 });
    const { client, slept } = recording(e.url, { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 250 });
    const err = await client.fundingPage('BTCUSDT', 1, 2).catch((x) => x);
    expect(err).toBeInstanceOf(VenueError);
    expect([err.code, err.message]).toEqual([
      'VENUE_RATE_LIMITED',
      'GET /v5/market/funding/history?category=linear&symbol=BTCUSDT&startTime=1&endTime=2&limit=200: gave up after 4 attempts; last answer: HTTP 403 Forbidden (access too frequent)',
    ]);
    expect(slept).toEqual([100, 200, 250]);
    expect([client.stats.requests, client.stats.forbidden]).toEqual([4, 3]);
  });

  test('10006 waits until the reset header relative to the server time', async () => {
    const e = await emulator({ burst10006: 2, resetAheadMs: 40 });
    const { client, slept } = recording(e.url);
    const spec = await client.instrument('BTCUSDT');
    expect(spec).toMatchObject({
      symbol: 'BTCUSDT',
      tickSize: 0.1,
      qtyStep: 0.001,
      minQty: 0.001,
      minNotional: 5,
      maxLeverage: 100,
      fundingIntervalMin: 480,
    });
    expect(slept).toEqual([40, 40]);
    expect(client.stats.rateLimited).toBe(2);
  });

  test('10006 without the limit headers falls back to exponential backoff', async () => {
    let calls = 0;
    const server = Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      fetch: () => {
        calls++;
        const body =
          calls <= 2
            ? { retCode: 10006, retMsg: 'Too many visits!', result: {}, retExtInfo: {}, time: NOW }
            : {
                retCode: 0,
                retMsg: 'OK',
                result: { timeSecond: '1', timeNano: '1500000000' },
                retExtInfo: {},
                time: NOW,
              };
        return Response.json(body);
      },
    });
    try {
      const { client, slept } = recording(`http://127.0.0.1:${server.port}`, { baseDelayMs: 10 });
      expect(await client.serverTimeMs()).toBe(1500);
      expect(slept).toEqual([10, 20]);
    } finally {
      await server.stop(true);
    }
  });

  test('another retCode is VENUE_REJECTED naming the request, retCode and retMsg, without retrying', async () => {
    const e = await emulator();
    const { client } = recording(e.url);
    const err = await client.klinePage('DOGEUSDT', 0, 1).catch((x) => x);
    expect([err.code, err.details.retCode]).toEqual(['VENUE_REJECTED', 10001]);
    expect(err.message).toBe(
      "GET /v5/market/kline?category=linear&symbol=DOGEUSDT&interval=1&start=0&end=1&limit=1000: retCode 10001 params error: symbol 'DOGEUSDT' is invalid (not in the emulator's store)",
    );
    expect(client.stats.requests).toBe(1);
  });

  test('a refused connection is retried, then VENUE_NETWORK', async () => {
    const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response('') });
    const port = server.port;
    await server.stop(true);
    const { client, slept } = recording(`http://127.0.0.1:${port}`, { maxAttempts: 3, baseDelayMs: 1 });
    const err = await client.serverTimeMs().catch((x) => x);
    expect(err.code).toBe('VENUE_NETWORK');
    expect(err.message).toStartWith('GET /v5/market/time: gave up after 3 attempts; last answer: network error: ');
    expect(slept).toEqual([1, 2]);
  });

  test('a malformed kline row names the row, time and field', async () => {
    const server = Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      fetch: () =>
        Response.json({ retCode: 0, retMsg: 'OK', result: { list: [['60000', '1', '2', '0.5', '1', 'x', '3']] }, retExtInfo: {}, time: 1 }),
    });
    try {
      const err = await recording(`http://127.0.0.1:${server.port}`)
        .client.klinePage('BTCUSDT', 0, 60_000)
        .catch((x) => x);
      expect([err.code, err.message]).toEqual([
        'VENUE_BAD_RESPONSE',
        `GET /v5/market/kline?category=linear&symbol=BTCUSDT&interval=1&start=0&end=60000&limit=1000: row 1 (1970-01-01T00:01:00.000Z): field 'volume' = "x" is not a number`,
      ]);
    } finally {
      await server.stop(true);
    }
  });

  test('normalizeRestUrl drops a trailing slash and refuses non-http URLs with a USAGE error', () => {
    expect(normalizeRestUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
    expect(normalizeRestUrl('https://api.bybit.com')).toBe('https://api.bybit.com');
    for (const bad of ['ftp://x', 'not a url', 'http://h/?q=1']) {
      const err = (() => {
        try {
          normalizeRestUrl(bad);
        } catch (e) {
          return e as TradeError;
        }
      })();
      expect(err?.code).toBe('USAGE');
      expect(err?.message).toStartWith(`--rest-url '${bad}': expected an http(s) URL`);
    }
  });
});
