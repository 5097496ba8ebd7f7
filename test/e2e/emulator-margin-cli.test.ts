// Issue 12 item 6 (margin and liquidation) from dist/trade: a position's IM, MM and liquidation price
// against Bybit's June-2024 capture (bybit-v5.md §6.3: long 0.001 BTCUSDT @ 60766.7, 10x, tier 1,
// IM 6.10674952, MM 0.33391302, positionValue 60.7667, curRealisedPnl -0.03342169), then the price
// falling through the liquidation price: closed at the bankruptcy price 54690.03 with a BustTrade
// execution (createType CreateByLiq, empty orderLinkId). A short beside it: side Sell, liquidation
// above the entry, and reduce-only with qty "0" closing the whole position. The four minutes are a
// CSV imported with `trade data import`; one account each.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { RestClientV5 } from 'bybit-api';
import { type Sandbox, sandbox } from './cli-harness';
import { type EmulatorProcess, L, startEmulatorProcess } from './emulator-process';

const T0 = Date.UTC(2024, 5, 24, 0, 0);
/** open, high, low, close: the entry minute opens at the capture's entry price; minute 3 falls through the liquidation. */
const BARS: [number, number, number, number][] = [
  [60766.7, 60830, 60760, 60822.5],
  [60822.5, 60900, 60800, 60850],
  [60850, 60860, 54000, 54500],
  [54500, 54600, 54400, 54550],
];
const sb: Sandbox = sandbox('trade-e2e-emu-margin-');
let emu: EmulatorProcess;
let long: RestClientV5;
let short: RestClientV5;
let big: RestClientV5;

beforeAll(async () => {
  const csv = ['timestamp,open,high,low,close,volume,turnover'].concat(
    BARS.map(([o, h, l, c], i) => `${new Date(T0 + i * 60_000).toISOString()},${o},${h},${l},${c},1,${o}`),
  );
  const file = sb.file('capture.csv', `${csv.join('\n')}\n`);
  const db = `${sb.dir}/capture.duckdb`;
  const imp = sb.run('data', 'import', file, '--symbol', 'BTCUSDT', '--tf', '1m', '--keep-last', '--db', db, '--json');
  expect([imp.code, JSON.parse(imp.out).files[0].rowsAdded]).toEqual([0, 4]);
  emu = await startEmulatorProcess(sb, [
    ...['--db', db, '--admin', '--account', 'long:long-s:1000', '--account', 'short:short-s:1000', '--account', 'big:big-s:10000000'],
    ...['--symbol', 'BTCUSDT', '--from', new Date(T0).toISOString(), '--to', new Date(T0 + 4 * 60_000).toISOString(), '--speed', '0'],
  ]);
  long = emu.rest('long', 'long-s');
  short = emu.rest('short', 'short-s');
  big = emu.rest('big', 'big-s');
}, 60_000);
afterAll(async () => {
  expect(await emu.stop()).toBe(0);
  sb.cleanup();
}, 60_000);

test('IM, MM, position value and the opening fee match the June-2024 capture to the digit; a short is Sell with its liquidation above', async () => {
  expect((await long.submitOrder({ ...L, side: 'Buy', orderType: 'Market', qty: '0.001' })).retCode).toBe(0);
  expect((await short.submitOrder({ ...L, side: 'Sell', orderType: 'Market', qty: '0.002', orderLinkId: 's-1' })).retCode).toBe(0);
  expect((await big.submitOrder({ ...L, side: 'Buy', orderType: 'Market', qty: '40', orderLinkId: 'b-1' })).retCode).toBe(0);
  expect(await emu.step(1)).toBe(1);
  const p = (await long.getPositionInfo(L)).result.list[0];
  expect([p?.side, p?.avgPrice, p?.leverage, p?.positionIM, p?.positionMM, p?.positionValue, p?.curRealisedPnl]).toEqual([
    'Buy',
    '60766.7',
    '10',
    '6.10674952',
    '0.33391302',
    '60.7667',
    '-0.03342169',
  ]);
  // Isolated: liq = entry x (1 - 1/leverage + MMR).
  expect(Number(p?.liqPrice)).toBeCloseTo(60766.7 * (1 - 0.1 + 0.005), 6);
  // Marked at the minute's close 60822.5: 0.001 x (60822.5 - 60766.7).
  expect(p?.unrealisedPnl).toBe('0.0558');
  const s = (await short.getPositionInfo(L)).result.list[0];
  expect([s?.side, s?.size, s?.avgPrice]).toEqual(['Sell', '0.002', '60766.7']);
  expect(Number(s?.liqPrice)).toBeCloseTo(60766.7 * (1 + 0.1 - 0.005), 6);
});

test('a position above the first risk limit takes tier 2 (bybit-v5.md §6.4: 2.6M, MMR 0.56 %, deduction 1,200)', async () => {
  // Opened in the first test's minute (step 1 filled it at 60766.7): 40 BTC = 2,430,668 USDT, above
  // tier 1's 2,000,000 and within tier 2's 2,600,000.
  const p = (await big.getPositionInfo(L)).result.list[0];
  const value = 40 * 60766.7;
  const closeFee = value * (1 - 1 / 10) * 0.00055;
  expect([p?.side, p?.size, p?.avgPrice, p?.riskId, p?.riskLimitValue]).toEqual(['Buy', '40', '60766.7', 2, '2600000']);
  expect(Number(p?.positionValue)).toBeCloseTo(value, 6);
  expect(Number(p?.positionIM)).toBeCloseTo(value / 10 + closeFee, 6);
  expect(Number(p?.positionMM)).toBeCloseTo(value * 0.0056 - 1200 + closeFee, 6);
  // Isolated long: LP = entry x (1 - 1/leverage + MMR) - deduction / size (the close fee cancels).
  expect(Number(p?.liqPrice)).toBeCloseTo(60766.7 * (1 - 0.1 + 0.0056) - 1200 / 40, 4);
});

test('reduce-only with qty "0" closes the whole short at the next open', async () => {
  expect(
    (await short.submitOrder({ ...L, side: 'Buy', orderType: 'Market', qty: '0', reduceOnly: true, orderLinkId: 's-close' })).retCode,
  ).toBe(0);
  expect(await emu.step(1)).toBe(1);
  const x = (await short.getExecutionList({ ...L, orderLinkId: 's-close' })).result.list[0];
  expect([x?.execQty, x?.execPrice, x?.closedSize]).toEqual(['0.002', String(BARS[1]?.[0]), '0.002']);
  expect((await short.getPositionInfo(L)).result.list[0]?.size).toBe('0');
  const pnl = (await short.getClosedPnL(L)).result.list[0];
  expect(Number(pnl?.closedPnl)).toBeCloseTo(0.002 * (60766.7 - 60822.5) - 0.002 * 60766.7 * 0.00055 - 0.002 * 60822.5 * 0.00055, 7);
});

test('liquidation at the bankruptcy price: BustTrade, CreateByLiq, empty orderLinkId, the margin lost', async () => {
  expect(await emu.step(1)).toBe(1);
  expect((await long.getPositionInfo(L)).result.list[0]?.size).toBe('0');
  const x = (await long.getExecutionList(L)).result.list[0] as unknown as Record<string, string>;
  expect([x.execType, x.createType, x.orderLinkId, x.side, x.execPrice, x.execQty]).toEqual([
    'BustTrade',
    'CreateByLiq',
    '',
    'Sell',
    '54690.03',
    '0.001',
  ]);
  const w = (await long.getWalletBalance({ accountType: 'UNIFIED' })).result.list[0];
  // wallet = 1000 - the opening fee - IM (the margin, its fee-to-close included, is lost)
  expect(Number(w?.totalWalletBalance)).toBeCloseTo(1000 - 0.03342169 - 6.10674952, 6);
  const state = await emu.state();
  expect(state.accounts[0]?.executions.map((e) => e.execType)).toEqual(['Trade', 'BustTrade']);
});
