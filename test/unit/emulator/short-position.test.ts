// A short position through RestClientV5 and the private WebSocket: side "Sell" on REST
// position/list and on the WS position row, the liquidation price above the entry. (The core's
// positionQty is a size; the emulator once read its sign as the side and showed every short as
// "Buy", which a bot then reads as long.)
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { WebsocketClient } from 'bybit-api';
import { KEY, type Rig, rig, SECRET } from './helpers';

const L = { category: 'linear', symbol: 'BTCUSDT' } as const;
let r: Rig;
beforeAll(async () => {
  r = await rig();
});
afterAll(async () => {
  await r.close();
});

test('a short position is side Sell on REST and on the WS position row; closing it leaves it flat', async () => {
  const ws = new WebsocketClient({ key: KEY, secret: SECRET, wsUrl: r.emu.wsPrivateUrl }, { trace() {}, info() {}, error() {} });
  const rows: Record<string, unknown>[] = [];
  const acks: { success?: unknown; ret_msg?: unknown }[] = [];
  ws.on('update', (m: { topic?: string; data?: Record<string, unknown>[] }) => {
    if (m.topic === 'position') rows.push(...(m.data ?? []));
  });
  // The subscription counts once the emulator has acknowledged it (as PrivateStream waits for it):
  // an order filled before that would publish its position row to nobody.
  ws.on('response', (m: { op?: unknown; success?: unknown; ret_msg?: unknown }) => {
    if (m.op === 'subscribe') acks.push(m);
  });
  try {
    await Promise.all(ws.subscribeV5(['position'], 'linear'));
    for (let k = 0; k < 2000 && !acks.some((a) => a.success === true); k++) await Bun.sleep(5);
    expect(acks.map((a) => [a.success, a.ret_msg])).toContainEqual([true, '']);
    expect((await r.rest.submitOrder({ ...L, side: 'Sell', orderType: 'Market', qty: '0.02', orderLinkId: 'short-1' })).retCode).toBe(0);
    r.emu.replay?.step(1);
    const pos = (await r.rest.getPositionInfo(L)).result.list[0];
    expect([pos?.side, pos?.size]).toEqual(['Sell', '0.02']);
    expect(Number(pos?.liqPrice)).toBeGreaterThan(Number(pos?.avgPrice));
    // Bounded wait for the WS row (10 s: a loaded 2-core machine delays the socket, not the outcome).
    for (let k = 0; k < 2000 && !rows.some((x) => x.size === '0.02'); k++) await Bun.sleep(5);
    expect(rows.filter((x) => x.size === '0.02').map((x) => x.side)).toEqual(['Sell']);
    await r.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Market', qty: '0', reduceOnly: true });
    r.emu.replay?.step(1);
    const after = (await r.rest.getPositionInfo(L)).result.list.map((x) => [x.side, x.size]);
    expect(after.length === 0 || (after.length === 1 && after[0]![0] === '' && after[0]![1] === '0')).toBe(true);
  } finally {
    ws.closeAll(true);
  }
}, 20_000); // above the 10 s bounded wait: the default 5 s cut it short once on a loaded machine
