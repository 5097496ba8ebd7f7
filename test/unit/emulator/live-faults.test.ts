// Run-time faults through POST /admin/fault (and refused without admin): clock skew -> 10002, HTTP
// 5xx on a share of requests, the next N orders rejected with a code, private 10006 bursts, a stalled
// socket (no pong), delayed and duplicated private messages, a market halt (no klines), withheld tickers, a position
// changed from outside, and funding rows at the stored settlement time.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { WebsocketClient } from 'bybit-api';
import { DAY_MS, KEY, type Rig, rig, SECRET } from './helpers';

let r: Rig;
const silent = { trace: () => {}, info: () => {}, error: () => {} };
const L = { category: 'linear' as const, symbol: 'BTCUSDT' };

beforeAll(async () => {
  r = await rig();
});
afterAll(async () => {
  await r.close();
});

async function fault(body: Record<string, unknown>, e = r): Promise<{ status: number; retCode: number; result: unknown }> {
  const res = await fetch(`${e.emu.url}/admin/fault`, { method: 'POST', body: JSON.stringify(body) });
  const j = (await res.json()) as { retCode: number; result: unknown };
  return { status: res.status, retCode: j.retCode, result: j.result };
}

async function until(pred: () => boolean, what: string, maxMs = 5000): Promise<void> {
  for (let waited = 0; !pred(); waited += 5) {
    if (waited > maxMs) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(5);
  }
}

describe('request faults', () => {
  test('admin is refused unless started with admin on', async () => {
    const closed = await rig({ admin: false });
    try {
      expect((await fault({ fault: 'skew', ms: 1 }, closed)).status).toBe(403);
    } finally {
      await closed.close();
    }
  });

  test('clock skew: signed requests fall outside the window (10002) until cleared', async () => {
    await fault({ fault: 'skew', ms: 10_000 });
    expect((await r.rest.getPositionInfo(L)).retCode).toBe(10002);
    await fault({ fault: 'skew', ms: 0 });
    expect((await r.rest.getPositionInfo(L)).retCode).toBe(0);
  });

  test('HTTP 5xx on half the requests (every second one, deterministically)', async () => {
    await fault({ fault: 'http5xx', share: 0.5, status: 502 });
    const out: (number | string)[] = [];
    for (let i = 0; i < 4; i++) {
      try {
        out.push((await r.rest.getPositionInfo(L)).retCode);
      } catch (e) {
        out.push(`http ${(e as { code: number }).code}`);
      }
    }
    await fault({ fault: 'http5xx', share: 0 });
    expect(out).toEqual([0, 'http 502', 0, 'http 502']);
  });

  test('reject the next N orders with code C; private 10006 burst', async () => {
    await fault({ fault: 'reject', count: 1, retCode: 110007 });
    const a = await r.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Limit', qty: '0.01', price: '40000' });
    const b = await r.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Limit', qty: '0.01', price: '40000' });
    expect([a.retCode, b.retCode]).toEqual([110007, 0]);
    await fault({ fault: 'burst10006', count: 2 });
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await r.rest.getActiveOrders(L)).retCode);
    expect(codes).toEqual([10006, 10006, 0]);
    await r.rest.cancelAllOrders(L);
  });

  test('an unknown fault is 10001 naming the kinds', async () => {
    const f = await fault({ fault: 'meteor' });
    expect(f.retCode).toBe(10001);
  });
});

describe('socket and market faults', () => {
  test('stall: no pong and no data until unstalled', async () => {
    const ws = new WebSocket(r.emu.wsPublicUrl);
    const got: string[] = [];
    ws.onmessage = (e) => got.push(String(e.data));
    await new Promise((res) => {
      ws.onopen = res;
    });
    await until(() => r.emu.hub.connections().length > 0, 'the connection');
    await fault({ fault: 'stall' });
    ws.send('{"op":"ping"}');
    await Bun.sleep(50);
    expect(got).toEqual([]);
    await fault({ fault: 'unstall' });
    ws.send('{"op":"ping"}');
    await until(() => got.length === 1, 'the pong');
    ws.close();
  });

  test('delay and duplicate private messages; a position changed from outside the bot', async () => {
    const ws = new WebsocketClient({ key: KEY, secret: SECRET, wsUrl: r.emu.wsPrivateUrl }, silent);
    const got: { topic: string; at: number }[] = [];
    ws.on('update', (m: { topic: string }) => got.push({ topic: m.topic, at: Date.now() }));
    ws.subscribeV5(['order', 'position'], 'linear');
    await until(() => r.emu.hub.connections().some((c) => c.subs.includes('position')), 'the subscription');
    await fault({ fault: 'delay', ms: 120 });
    await fault({ fault: 'duplicate' });
    const sent = Date.now();
    const ext = await fault({ fault: 'position', key: KEY, side: 'Buy', qty: '0.01' });
    expect(ext.retCode).toBe(0);
    await until(() => got.length >= 2, 'the delayed order messages');
    expect(got.map((g) => g.topic)).toEqual(['order', 'order']);
    expect((got[0]?.at as number) - sent).toBeGreaterThanOrEqual(100);
    await fault({ fault: 'clear' });
    r.emu.replay?.step(1);
    await until(() => got.some((g) => g.topic === 'position'), 'the position message');
    expect((await r.rest.getPositionInfo(L)).result.list[0]?.size).toBe('0.01');
    const own = (await r.rest.getActiveOrders({ ...L, openOnly: 1 })).result.list[0];
    expect([own?.orderLinkId, own?.createType]).toEqual(['', 'CreateByUser']);
    ws.closeAll(true);
  });

  test('halt: no klines for N minutes, and REST serves those minutes as a gap', async () => {
    const ws = new WebsocketClient({ wsUrl: r.emu.wsPublicUrl }, silent);
    const starts: number[] = [];
    ws.on('update', (m: { data: { start: number; confirm: boolean }[] }) => {
      if (m.data[0]?.confirm) starts.push(m.data[0].start);
    });
    ws.subscribeV5(['kline.1.BTCUSDT'], 'linear');
    await until(() => r.emu.hub.connections().some((c) => c.subs.includes('kline.1.BTCUSDT')), 'the subscription');
    const t = r.emu.replay?.marketNowMs as number;
    await fault({ fault: 'halt', minutes: 2 });
    r.emu.replay?.step(4);
    await until(() => starts.length === 2, 'two confirms');
    expect(starts).toEqual([t + 2 * 60_000, t + 3 * 60_000]);
    const k = await r.rest.getKline({ category: 'linear', symbol: 'BTCUSDT', interval: '1', start: t, end: t + 3 * 60_000 });
    expect(k.result.list.map((row) => Number(row[0]))).toEqual([t + 3 * 60_000, t + 2 * 60_000]);
    ws.closeAll(true);
  });

  test('tickers off: no ticker snapshot or delta while klines go on; on again, deltas come back', async () => {
    await fault({ fault: 'tickers', on: false });
    const ws = new WebsocketClient({ wsUrl: r.emu.wsPublicUrl }, silent);
    const got: string[] = [];
    ws.on('update', (m: { topic: string; type: string; data: { confirm?: boolean }[] }) => {
      if (m.topic.startsWith('tickers.')) got.push(`ticker ${m.type}`);
      else if (m.data[0]?.confirm) got.push('confirm');
    });
    ws.subscribeV5(['kline.1.BTCUSDT', 'tickers.BTCUSDT'], 'linear');
    await until(() => r.emu.hub.connections().some((c) => c.subs.includes('tickers.BTCUSDT')), 'the subscription');
    r.emu.replay?.step(1);
    await until(() => got.includes('confirm'), 'the confirm');
    expect(got).toEqual(['confirm']);
    await fault({ fault: 'tickers' });
    r.emu.replay?.step(1);
    await until(() => got.length > 1 && got.at(-1) === 'confirm', 'the second confirm');
    expect(got).toEqual(['confirm', 'ticker delta', 'ticker delta', 'ticker delta', 'ticker delta', 'confirm']);
    ws.closeAll(true);
  });
});

test('funding: an execution of execType Funding at the stored settlement time, longs pay a positive rate', async () => {
  const f = await rig({
    replay: { symbol: 'BTCUSDT', fromMs: DAY_MS + 478 * 60_000, toMs: DAY_MS + 483 * 60_000, speed: 0, decisionMs: 0 },
  });
  try {
    await f.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Market', qty: '0.01' });
    f.emu.replay?.step(4);
    const rows = (await f.rest.getExecutionList({ ...L, execType: 'Funding' })).result.list;
    const rate = await f.store.db.rows<{ rate: number }>('SELECT rate FROM funding WHERE symbol = $1 AND ts_ms = CAST($2 AS BIGINT)', [
      'BTCUSDT',
      DAY_MS + 480 * 60_000,
    ]);
    expect(rows.length).toBe(1);
    expect(rows[0]?.execTime).toBe(String(DAY_MS + 480 * 60_000));
    const fee = 0.01 * Number(rows[0]?.execPrice) * (rate[0]?.rate as number);
    expect(Number(rows[0]?.execFee)).toBeCloseTo(fee, 8);
    expect((await f.rest.getExecutionList({ ...L, execType: 'Trade' })).result.list.length).toBe(1);
  } finally {
    await f.close();
  }
});
