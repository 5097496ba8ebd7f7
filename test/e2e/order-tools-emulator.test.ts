// Issue 20 from dist/trade: the tools that had no end-to-end test, each called through `trade tool`
// against a `trade emulator` process and checked on the emulator's own state, not just ok:true:
// position.set_tpsl and position.set_trailing_stop (the position row of GET /admin/state), order.
// stop_limit (the conditional order's row, then its trigger once the replay crosses it),
// market.funding_rate (the emulator's GET /v5/market/funding/history) and data.sync (the emulator's
// GET /v5/market/kline and funding history, read raw, against what the store then holds).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { type Sandbox, sandbox } from './cli-harness';
import { type EmulatorProcess, KEY, SECRET, startSampleDayEmulator } from './emulator-process';

const sb: Sandbox = sandbox('trade-e2e-order-emu-');
let emu: EmulatorProcess;

interface ToolOut {
  ok: boolean;
  data?: Record<string, unknown>;
  error?: { code: string; message: string; details: Record<string, unknown> };
}

/** `trade tool name input`; exchange tools get the emulator as `endpoint`, data tools name a store and take none. */
function tool(name: string, input: Record<string, unknown>): { code: number; out: ToolOut } {
  const r = sb.runEnv(
    { BYBIT_DEMO_API_KEY: KEY, BYBIT_DEMO_API_SECRET: SECRET, TRADE_LIVE: undefined },
    'tool',
    name,
    JSON.stringify(name.startsWith('data.') ? input : { endpoint: emu.urls.rest, ...input }),
    '--json',
  );
  return { code: r.code, out: JSON.parse(r.out) as ToolOut };
}

const tick = (x: number) => Math.round(x * 10) / 10;
const account = async () => (await emu.state()).accounts.find((a) => a.key === KEY);
const position = async () => (await account())?.position ?? {};
const lastPrice = () => (tool('market.price', { symbol: 'BTCUSDT' }).out.data as { price: number }).price;

async function marketJson(path: string, q: Record<string, string | number>): Promise<{ list: Record<string, string>[] }> {
  const qs = new URLSearchParams(Object.entries(q).map(([k, v]): [string, string] => [k, String(v)]));
  const r = (await (await fetch(`${emu.urls.rest}${path}?${qs}`)).json()) as {
    retCode: number;
    result: { list: Record<string, string>[] };
  };
  expect(r.retCode).toBe(0);
  return r.result;
}

beforeAll(async () => {
  emu = await startSampleDayEmulator(sb);
}, 120_000);

afterAll(async () => {
  expect(await emu.stop()).toBe(0);
  sb.cleanup();
}, 60_000);

describe('position protection tools', () => {
  test('set_tpsl sets, moves and removes the position TP/SL; set_trailing_stop sets and removes the trailing stop', async () => {
    const ex = { symbol: 'BTCUSDT' };
    expect(tool('order.market', { ...ex, side: 'buy', qty: 0.01, clientId: 'emu-tpsl-open' }).code).toBe(0);
    await emu.step(1);
    expect(await position()).toMatchObject({ side: 'Buy', size: '0.01' });
    const entry = Number((await position()).avgPrice);
    const tp = tick(entry * 1.1);
    const sl = tick(entry * 0.9);

    const both = tool('position.set_tpsl', { ...ex, takeProfit: tp, stopLoss: sl });
    expect(both.out.data).toMatchObject({ sent: true, request: { takeProfit: tp.toFixed(1), stopLoss: sl.toFixed(1), tpslMode: 'Full' } });
    expect(await position()).toMatchObject({ takeProfit: tp.toFixed(1), stopLoss: sl.toFixed(1) });

    const moved = tool('position.set_tpsl', { ...ex, stopLoss: tick(entry * 0.85) });
    expect(moved.code).toBe(0);
    expect(await position()).toMatchObject({ takeProfit: tp.toFixed(1), stopLoss: tick(entry * 0.85).toFixed(1) });

    expect(tool('position.set_tpsl', { ...ex, takeProfit: null }).code).toBe(0);
    const noTp = await position();
    expect(Number(noTp.takeProfit ?? 0)).toBe(0);
    expect(noTp.stopLoss).toBe(tick(entry * 0.85).toFixed(1));

    const offTick = tool('position.set_tpsl', { ...ex, takeProfit: tp + 0.05 });
    expect(offTick.code).toBe(2);
    expect(offTick.out.error?.code).toBe('VALIDATION');
    expect(offTick.out.error?.message).toMatch(/^takeProfit [\d.]+ is not a multiple of BTCUSDT's tick size 0\.1$/);
    expect(Number((await position()).takeProfit ?? 0)).toBe(0);

    const trail = tool('position.set_trailing_stop', { ...ex, distance: 250, activePrice: tick(entry * 1.01) });
    expect(trail.out.data).toMatchObject({ sent: true, request: { trailingStop: '250.0', activePrice: tick(entry * 1.01).toFixed(1) } });
    expect(Number((await position()).trailingStop)).toBe(250);
    expect(tool('position.set_trailing_stop', { ...ex, distance: 0 }).code).toBe(0);
    expect(Number((await position()).trailingStop)).toBe(0);

    expect(tool('position.close', ex).out.data).toMatchObject({ status: 'placed', closed: true });
    await emu.step(1);
    expect((await position()).size).toBe('0');
  });
});

describe('order.stop_limit', () => {
  test('rests as an untriggered conditional limit order, then triggers when the replay crosses it', async () => {
    const last = lastPrice();
    const trigger = tick(last * 0.999);
    const limit = tick(last * 0.99);
    const r = tool('order.stop_limit', {
      symbol: 'BTCUSDT',
      side: 'sell',
      qty: 0.01,
      price: limit,
      triggerPrice: trigger,
      clientId: 'emu-stop-limit',
    });
    expect(r.code).toBe(0);
    expect(r.out.data).toMatchObject({ status: 'placed', request: { orderType: 'Limit', triggerDirection: 2, triggerBy: 'LastPrice' } });
    const row = (await account())?.orders.find((o) => o.orderLinkId === 'emu-stop-limit');
    expect(row).toMatchObject({
      orderId: (r.out.data as { orderId: string }).orderId,
      orderType: 'Limit',
      side: 'Sell',
      price: limit.toFixed(1),
      triggerPrice: trigger.toFixed(1),
      triggerDirection: 2,
      orderStatus: 'Untriggered',
    });
    // step until the falling replay reaches the trigger (bounded: the rest of the replay day)
    let status = 'Untriggered';
    for (let k = 0; k < 600 && status === 'Untriggered'; k++) {
      await emu.step(1);
      status = (await account())?.orders.find((o) => o.orderLinkId === 'emu-stop-limit')?.orderStatus ?? '?';
    }
    expect(['New', 'PartiallyFilled', 'Filled']).toContain(status);
    expect(tool('order.cancel_all', { symbol: 'BTCUSDT' }).code).toBe(0);
    if ((await position()).size !== '0') {
      expect(tool('position.close', { symbol: 'BTCUSDT' }).code).toBe(0);
      await emu.step(1);
    }
  }, 120_000);
});

describe('market and data tools against the emulator', () => {
  test("market.funding_rate: the emulator's funding history, newest first", async () => {
    const from = '2024-08-01T00:00:00Z';
    const to = '2024-08-04T23:59:59Z';
    const r = tool('market.funding_rate', { symbol: 'BTCUSDT', from, to, limit: 200 });
    expect(r.code).toBe(0);
    const raw = await marketJson('/v5/market/funding/history', {
      category: 'linear',
      symbol: 'BTCUSDT',
      startTime: Date.parse(from),
      endTime: Date.parse(to),
      limit: 200,
    });
    expect(raw.list.length).toBe(12); // 8-hourly settlements over four days
    expect((r.out.data as { funding: unknown[] }).funding).toEqual(
      raw.list.map((x) => ({ ts: new Date(Number(x.fundingRateTimestamp)).toISOString(), rate: Number(x.fundingRate) })),
    );
  });

  test("data.sync: the store then holds the emulator's candles and funding for the window", async () => {
    const db = join(sb.dir, 'synced.duckdb');
    const from = '2024-08-02T00:00:00Z';
    const to = '2024-08-02T06:00:00Z';
    const r = tool('data.sync', { db, symbol: 'BTCUSDT', from, to, restUrl: emu.urls.rest });
    expect(r.code).toBe(0);
    const fromMs = Date.parse(from);
    const toMs = Date.parse(to);
    const kline = await marketJson('/v5/market/kline', {
      category: 'linear',
      symbol: 'BTCUSDT',
      interval: '1',
      start: fromMs,
      end: toMs - 60_000,
      limit: 1000,
    });
    expect(kline.list.length).toBe(360);
    const bars = tool('data.candles', { db, symbol: 'BTCUSDT', tf: '1m', from, to, limit: 10_000 }).out.data as {
      bars: { ts_open_ms: number; open: number; high: number; low: number; close: number; volume: number; turnover: number }[];
    };
    const rows = kline.list as unknown as string[][];
    expect(bars.bars.map((b) => [b.ts_open_ms, b.open, b.high, b.low, b.close, b.volume, b.turnover])).toEqual(
      [...rows].reverse().map((k) => k.slice(0, 7).map(Number)),
    );
    const funding = await marketJson('/v5/market/funding/history', {
      category: 'linear',
      symbol: 'BTCUSDT',
      startTime: fromMs,
      endTime: toMs,
      limit: 200,
    });
    const cov = tool('data.coverage', { db }).out.data as { symbols: { funding: { rows: number } | null; candles1m: { rows: number } }[] };
    expect(cov.symbols[0]?.candles1m.rows).toBe(360);
    expect(cov.symbols[0]?.funding?.rows ?? 0).toBe(funding.list.length);
  });
});
