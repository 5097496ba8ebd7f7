// A position's IM, MM and liquidation against Bybit's June-2024 capture (bybit-v5.md §6.3): long
// 0.001 BTCUSDT @ 60766.7, 10x, tier 1 (MMR 0.5%), taker 0.055%: IM 6.10674952, MM 0.33391302,
// positionValue 60.7667, curRealisedPnl -0.03342169 (the opening fee). Then the price falls through
// the isolated liquidation price (entry x (1 - 1/10 + 0.005) = 54993.8635): the position is closed at
// the bankruptcy price 54690.03 with a BustTrade execution whose order has createType CreateByLiq.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { RestClientV5 } from 'bybit-api';
import { ensureDefaultInstruments, insertCandles, type Store } from '../../../src/data';
import { allocCandles } from '../../../src/domain';
import { type Emulator, startEmulator } from '../../../src/emulator';
import { tempDir, tempStore } from '../data/helpers';

const T0 = Date.UTC(2024, 5, 24, 0, 0);
const BARS: [number, number, number, number][] = [
  [60766.7, 60830, 60760, 60822.5],
  [60822.5, 60900, 60800, 60850],
  [60850, 60860, 54000, 54500],
  [54500, 54600, 54400, 54550],
];
const tmp = tempDir();
let store: Store;
let emu: Emulator;
let rest: RestClientV5;

beforeAll(async () => {
  store = await tempStore(tmp.dir);
  await ensureDefaultInstruments(store);
  const c = allocCandles(BARS.length);
  BARS.forEach(([o, h, l, cl], i) => {
    c.tsMs[i] = T0 + i * 60_000;
    c.open[i] = o;
    c.high[i] = h;
    c.low[i] = l;
    c.close[i] = cl;
    c.volume[i] = 1;
    c.turnover[i] = o;
  });
  await insertCandles(store, 'BTCUSDT', c, { name: 'test:capture', sha256: 'capture' });
  emu = await startEmulator({
    store,
    accounts: [{ key: 'k', secret: 's', balanceUsdt: 1000 }],
    replay: { symbol: 'BTCUSDT', fromMs: T0, toMs: T0 + BARS.length * 60_000, speed: 0, decisionMs: 0 },
  });
  rest = new RestClientV5({ key: 'k', secret: 's', baseUrl: emu.url });
});
afterAll(async () => {
  await emu.stop();
  store.close();
  tmp.cleanup();
});

test('IM, MM, position value and the opening fee match the June-2024 capture exactly', async () => {
  expect((await rest.submitOrder({ category: 'linear', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: '0.001' })).retCode).toBe(
    0,
  );
  emu.replay?.step(1);
  const p = (await rest.getPositionInfo({ category: 'linear', symbol: 'BTCUSDT' })).result.list[0];
  expect([p?.avgPrice, p?.leverage, p?.positionIM, p?.positionMM, p?.positionValue, p?.curRealisedPnl]).toEqual([
    '60766.7',
    '10',
    '6.10674952',
    '0.33391302',
    '60.7667',
    '-0.03342169',
  ]);
  expect(Number(p?.liqPrice)).toBeCloseTo(60766.7 * (1 - 0.1 + 0.005), 6);
  expect(p?.unrealisedPnl).toBe('0.0558');
});

test('liquidation at the bankruptcy price: BustTrade, CreateByLiq, the position margin lost', async () => {
  emu.replay?.step(2);
  const p = (await rest.getPositionInfo({ category: 'linear', symbol: 'BTCUSDT' })).result.list[0];
  expect(p?.size).toBe('0');
  const x = (await rest.getExecutionList({ category: 'linear', symbol: 'BTCUSDT' })).result.list[0];
  expect([x?.execType, (x as unknown as { createType: string } | undefined)?.createType, x?.orderLinkId, x?.side, x?.execPrice]).toEqual([
    'BustTrade',
    'CreateByLiq',
    '',
    'Sell',
    '54690.03',
  ]);
  const w = (await rest.getWalletBalance({ accountType: 'UNIFIED' })).result.list[0];
  // wallet = 1000 - opening fee - IM (the margin, fee-to-close included, is lost)
  expect(Number(w?.totalWalletBalance)).toBeCloseTo(1000 - 0.03342169 - 6.10674952 + 0.03007952 - 0.03007952, 6);
});
