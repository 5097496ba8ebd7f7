// The timeout and reorder faults through the real clients: RestClientV5 with a short axios timeout
// gives up on the requests the fault holds, and /admin/state plus order/realtime show whether the
// order was placed (`processed` false: not; true: placed, only the answer lost); WebsocketClient
// receives each pair of private messages swapped, and a message still held when the fault is
// switched off arrives ahead of the next one.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { RestClientV5, WebsocketClient } from 'bybit-api';
import { adminFault, adminState, KEY, type Rig, rig, SECRET, SILENT, until } from './helpers';

const L = { category: 'linear' as const, symbol: 'BTCUSDT' };
const CLIENT_TIMEOUT_MS = 300;
const HOLD_MS = 2000;

let r: Rig;
let quick: RestClientV5;
beforeAll(async () => {
  r = await rig();
  quick = new RestClientV5({ key: KEY, secret: SECRET, baseUrl: r.emu.url }, { timeout: CLIENT_TIMEOUT_MS });
});
afterAll(async () => {
  await r.close();
});

/** Places a limit order through the quick client: 'ok' with the retCode, or the axios error code. */
async function place(orderLinkId: string): Promise<string> {
  try {
    const res = await quick.submitOrder({ ...L, side: 'Buy', orderType: 'Limit', qty: '0.01', price: '40000', orderLinkId });
    return `ok ${res.retCode}`;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return `${err.code} ${err.message}`;
  }
}

async function placedLinks(): Promise<string[]> {
  const acct = (await adminState(r.emu)).accounts[0];
  return (acct?.orders ?? []).map((o) => o.orderLinkId);
}

describe('timeout', () => {
  test('every second request is held past the client timeout; not processed: the order was not placed', async () => {
    expect((await adminFault(r.emu, { fault: 'timeout', share: 0.5, ms: HOLD_MS })).retCode).toBe(0);
    const out = [await place('t-1'), await place('t-2'), await place('t-3')];
    await adminFault(r.emu, { fault: 'clear' });
    expect(out).toEqual(['ok 0', `ECONNABORTED timeout of ${CLIENT_TIMEOUT_MS}ms exceeded`, 'ok 0']);
    expect(await placedLinks()).toEqual(['t-1', 't-3']);
    const open = (await r.rest.getActiveOrders(L)).result.list.map((o) => o.orderLinkId);
    expect(open).toEqual(['t-3', 't-1']);
    const served = (await adminState(r.emu)).faults.served as { timeouts: number };
    expect(served.timeouts).toBe(1);
    expect((await r.rest.cancelAllOrders(L)).retCode).toBe(0);
  });

  test('processed: the held request takes effect, only its answer is lost; a retry with the same orderLinkId is 110072', async () => {
    await adminFault(r.emu, { fault: 'timeout', share: 0.5, ms: HOLD_MS, processed: true });
    const out = [await place('p-1'), await place('p-2')];
    await adminFault(r.emu, { fault: 'clear' });
    expect(out).toEqual(['ok 0', `ECONNABORTED timeout of ${CLIENT_TIMEOUT_MS}ms exceeded`]);
    expect((await placedLinks()).filter((l) => l.startsWith('p-'))).toEqual(['p-1', 'p-2']);
    const mine = await r.rest.getActiveOrders({ ...L, orderLinkId: 'p-2' });
    expect(mine.result.list.map((o) => [o.orderLinkId, o.orderStatus])).toEqual([['p-2', 'New']]);
    expect(await place('p-2')).toBe('ok 110072');
    expect((await r.rest.cancelAllOrders(L)).retCode).toBe(0);
  });
});

describe('reorder', () => {
  test('private messages arrive swapped in pairs; a held message goes out ahead of the next once the fault is off', async () => {
    const ws = new WebsocketClient({ key: KEY, secret: SECRET, wsUrl: r.emu.wsPrivateUrl }, SILENT);
    const got: { topic: string; data: Record<string, unknown>[] }[] = [];
    ws.on('update', (m: { topic: string; data: Record<string, unknown>[] }) => got.push(m));
    ws.subscribeV5(['order', 'execution', 'position', 'wallet'], 'linear');
    await until(async () => (await adminState(r.emu)).connections.some((c) => c.subs.includes('wallet')), 'the subscription');
    await adminFault(r.emu, { fault: 'reorder' });
    const buy = await r.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Market', qty: '0.01', orderLinkId: 'ro-1' });
    expect(buy.retCode).toBe(0);
    await until(() => got.length >= 2, 'the New order pair');
    // Produced order, wallet; delivered wallet, order.
    expect(got.map((m) => m.topic)).toEqual(['wallet', 'order']);
    expect(got[1]?.data[0]?.orderStatus).toBe('New');
    r.emu.replay?.step(1);
    await until(() => got.length >= 6, 'the fill messages');
    // Produced order, execution, position, wallet; delivered in swapped pairs.
    expect(got.slice(2).map((m) => m.topic)).toEqual(['execution', 'order', 'wallet', 'position']);
    expect(got[3]?.data[0]?.orderStatus).toBe('Filled');
    // trading-stop produces one message (position): held, as it has no partner yet.
    expect((await r.rest.setTradingStop({ ...L, tpslMode: 'Full', positionIdx: 0, stopLoss: '30000' })).retCode).toBe(0);
    await adminFault(r.emu, { fault: 'reorder', on: false });
    const limit = await r.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Limit', qty: '0.01', price: '40000', orderLinkId: 'ro-2' });
    expect(limit.retCode).toBe(0);
    await until(() => got.length >= 9, 'the held message and the new pair');
    expect(got.slice(6).map((m) => m.topic)).toEqual(['position', 'order', 'wallet']);
    expect(got[6]?.data[0]?.stopLoss).toBe('30000');
    ws.closeAll(true);
  });
});
