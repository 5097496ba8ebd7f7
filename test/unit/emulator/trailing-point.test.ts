// A trailing stop's fill is stamped (and pushed) at the path point after the peak that set its level.
// 2024-08-05 07:54 walks O 52526 → H 52566.2 → L 52413 → C 52553.4; a long's trailing stop of 10
// set at the last close 52526 ratchets to 52556.2 at the high and fires on the way down to the low,
// so its execution is at +30 s (the low's point), not +15 s: the rising segment O→H also contains
// 52556.2, which is where the emulator once placed it.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { KEY, type Rig, rig, SECRET } from './helpers';

const L = { category: 'linear' as const, symbol: 'BTCUSDT' };
const T0 = Date.UTC(2024, 7, 5, 7, 50);
let r: Rig;
beforeAll(async () => {
  r = await rig({
    accounts: [{ key: KEY, secret: SECRET, balanceUsdt: 10_000 }],
    replay: { symbol: 'BTCUSDT', fromMs: T0, toMs: T0 + 10 * 60_000, speed: 0, decisionMs: 0 },
  });
});
afterAll(async () => {
  await r.close();
});

test('the trailing stop fires after the high that set its level: execTime +30 s, price peak − distance', async () => {
  expect((await r.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Market', qty: '0.01' })).retCode).toBe(0);
  r.emu.replay?.step(4);
  expect((await r.rest.setTradingStop({ ...L, tpslMode: 'Full', positionIdx: 0, trailingStop: '10' })).retCode).toBe(0);
  r.emu.replay?.step(1);
  const x = (await r.rest.getExecutionList(L)).result.list[0] as unknown as Record<string, string>;
  expect([x.createType, x.execPrice, x.execTime]).toEqual(['CreateByTrailingStop', '52556.2', String(T0 + 4 * 60_000 + 30_000)]);
});
