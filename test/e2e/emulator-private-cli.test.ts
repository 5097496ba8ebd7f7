// Issue 12 items 3 and 6 from dist/trade, through RestClientV5: every private endpoint (order create,
// amend, cancel, cancel-all, realtime, history, create-batch; execution/list Trade and Funding;
// position list, set-leverage, trading-stop, closed-pnl; account set-margin-mode, info,
// wallet-balance; disconnected-cancel-all, query-dcp-info; market/time), hedge mode refused and
// Bybit's error codes; and the matching: market (taker at the next open), limit GTC (maker at its
// price), IOC, FOK, PostOnly, a conditional stop with triggerDirection, position SL / TP / trailing
// stop through trading-stop (createType, empty orderLinkId), reduce-only and funding, every price
// and fee hand-computed from the bundled sample file. One paused replay (2024-08-05 07:50-10:50),
// stepped with POST /admin/step; several accounts so the scenarios run side by side.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { RestClientV5 } from 'bybit-api';
import { ROOT, type Sandbox, sandbox } from './cli-harness';
import { type Bar, type EmulatorProcess, KEY, L, SECRET, sampleBar, sampleStore, startEmulatorProcess } from './emulator-process';

const T0 = Date.UTC(2024, 7, 5, 7, 50);
const FUNDING_MS = Date.UTC(2024, 7, 5, 8, 0);
const END_MS = T0 + 180 * 60_000;
const TAKER = 0.00055;
const MAKER = 0.0002;
const sb: Sandbox = sandbox('trade-e2e-emu-private-');
let emu: EmulatorProcess;
let main: RestClientV5;
const acct: Record<'tp' | 'tr' | 'cond' | 'fund' | 'lev', RestClientV5> = {} as never;

beforeAll(async () => {
  const db = sampleStore(sb);
  const accounts = [`${KEY}:${SECRET}`, 'tp:tp-s', 'tr:tr-s', 'cond:cond-s', 'fund:fund-s', 'lev:lev-s'].flatMap((a) => ['--account', a]);
  emu = await startEmulatorProcess(sb, [
    ...['--db', db, '--admin', '--rate-limit-scale', '100', ...accounts],
    ...['--symbol', 'BTCUSDT', '--from', new Date(T0).toISOString(), '--to', new Date(END_MS).toISOString(), '--speed', '0'],
  ]);
  main = emu.rest();
  for (const k of ['tp', 'tr', 'cond', 'fund', 'lev'] as const) acct[k] = emu.rest(k, `${k}-s`);
  // Longs opened at the first minute's open for the TP, trailing and funding scenarios.
  for (const k of ['tp', 'tr', 'fund'] as const)
    expect((await acct[k].submitOrder({ ...L, side: 'Buy', orderType: 'Market', qty: '0.01' })).retCode).toBe(0);
}, 60_000);
afterAll(async () => {
  expect(await emu.stop()).toBe(0);
  sb.cleanup();
}, 60_000);

/** The close of the last minute the replay confirmed (the last price). */
async function lastClose(): Promise<number> {
  return sampleBar((await emu.state()).marketNowMs - 60_000).close;
}

/** The minute's path as the simulator walks it: O→H→L→C when the open is nearer the high, else O→L→H→C. */
function path(b: Bar): number[] {
  return b.high - b.open <= b.open - b.low ? [b.open, b.high, b.low, b.close] : [b.open, b.low, b.high, b.close];
}

/** Market ms of path point k of a minute (the replay publishes points at +0, +15, +30 and +45 s). */
const POINT_MS = [0, 15_000, 30_000, 45_000];

interface Exit {
  tsMs: number;
  price: number;
}

/**
 * Hand-computed fill of a trigger at `level` from minute `fromMs` on: at the open when the open is
 * already past it (a gap), else at `level` on the first path segment that reaches it, stamped with
 * that segment's end point.
 */
function triggerFill(fromMs: number, level: number, past: (price: number) => boolean): Exit {
  for (let t = fromMs; t < END_MS; t += 60_000) {
    const pts = path(sampleBar(t));
    if (past(pts[0] as number)) return { tsMs: t, price: pts[0] as number };
    const k = pts.findIndex((p) => past(p));
    if (k > 0) return { tsMs: t + (POINT_MS[k] as number), price: level };
  }
  throw new Error('the trigger is never reached in the window');
}

/** Hand-computed trailing stop of a long: peak from `startPrice`, ratcheted at each path point; fires at peak − distance. */
function trailingExit(fromMs: number, startPrice: number, distance: number): Exit {
  let peak = startPrice;
  for (let t = fromMs; t < END_MS; t += 60_000) {
    const pts = path(sampleBar(t));
    if ((pts[0] as number) <= peak - distance) return { tsMs: t, price: pts[0] as number };
    peak = Math.max(peak, pts[0] as number);
    for (let k = 1; k < 4; k++) {
      const p = pts[k] as number;
      if (p <= peak - distance) return { tsMs: t + (POINT_MS[k] as number), price: peak - distance };
      peak = Math.max(peak, p);
    }
  }
  throw new Error('the trailing stop never fires in the window');
}

async function stepUntil(pred: () => Promise<boolean>, what: string): Promise<void> {
  for (let k = 0; !(await pred()); k++) {
    if (k > 180) throw new Error(`replay ended before ${what}`);
    expect(await emu.step(1)).toBe(1);
  }
}

const flat = (c: RestClientV5) => async () => (await c.getPositionInfo(L)).result.list[0]?.size === '0';

describe('orders, fills and fees', () => {
  test('market buy: taker at the next open, fee qty x price x 0.00055; orderLinkId unique (110072); IM, MM, liq', async () => {
    const created = await main.submitOrder({ ...L, side: 'Buy', orderType: 'Market', qty: '0.01', orderLinkId: 'm-1' });
    expect([created.retCode, created.result.orderLinkId, typeof created.result.orderId]).toEqual([0, 'm-1', 'string']);
    const dup = await main.submitOrder({ ...L, side: 'Buy', orderType: 'Market', qty: '0.01', orderLinkId: 'm-1' });
    expect([dup.retCode, dup.retMsg]).toEqual([110072, 'OrderLinkedID is duplicate']);
    expect(await emu.step(1)).toBe(1);
    const bar = sampleBar(T0);
    const row = (await main.getExecutionList({ ...L, execType: 'Trade' })).result.list[0];
    expect([row?.execPrice, row?.execQty, row?.isMaker, row?.feeRate, row?.orderLinkId, row?.execType]).toEqual([
      String(bar.open),
      '0.01',
      false,
      '0.00055',
      'm-1',
      'Trade',
    ]);
    expect(Number(row?.execFee)).toBeCloseTo(0.01 * bar.open * TAKER, 8);
    const pos = (await main.getPositionInfo(L)).result.list[0];
    expect([pos?.side, pos?.size, pos?.avgPrice, pos?.leverage]).toEqual(['Buy', '0.01', String(bar.open), '10']);
    const value = 0.01 * bar.open;
    // Isolated, tier 1 (MMR 0.5%): IM = value/10 + the fee to close at the bankruptcy price (bybit-v5.md §6.3).
    expect(Number(pos?.positionIM)).toBeCloseTo(value / 10 + value * 0.9 * TAKER, 7);
    expect(Number(pos?.positionMM)).toBeCloseTo(value * 0.005 + value * 0.9 * TAKER, 7);
    expect(Number(pos?.liqPrice)).toBeCloseTo(bar.open * (1 - 0.1 + 0.005), 4);
  });

  test('set-leverage: 110043 when unchanged, 110013 with a position open', async () => {
    const same = await main.setLeverage({ ...L, buyLeverage: '10', sellLeverage: '10' });
    expect([same.retCode, same.retMsg]).toEqual([110043, 'Set leverage not modified']);
    expect((await main.setLeverage({ ...L, buyLeverage: '5', sellLeverage: '5' })).retCode).toBe(110013);
  });

  test('limit GTC: amend, realtime, cancel (110008 twice, 110001 unknown); a reduce-only limit fills as maker at its price; history; closed PnL', async () => {
    const bar1 = sampleBar(T0 + 60_000);
    expect(
      (await main.submitOrder({ ...L, side: 'Buy', orderType: 'Limit', qty: '0.01', price: '40000', orderLinkId: 'far' })).retCode,
    ).toBe(0);
    expect((await main.amendOrder({ ...L, orderLinkId: 'far', price: '41000' })).retCode).toBe(0);
    const open = (await main.getActiveOrders(L)).result.list;
    expect(open.map((o) => [o.orderLinkId, o.price, o.orderStatus, o.timeInForce])).toEqual([['far', '41000', 'New', 'GTC']]);
    expect((await main.cancelOrder({ ...L, orderLinkId: 'far' })).retCode).toBe(0);
    expect((await main.cancelOrder({ ...L, orderLinkId: 'far' })).retCode).toBe(110008);
    expect((await main.amendOrder({ ...L, orderLinkId: 'far', price: '42000' })).retCode).toBe(110008);
    expect((await main.cancelOrder({ ...L, orderId: 'nope' })).retCode).toBe(110001);
    const sell = { ...L, side: 'Sell' as const, orderType: 'Limit' as const, qty: '0.01', price: String(bar1.high), reduceOnly: true };
    expect((await main.submitOrder({ ...sell, orderLinkId: 'tp-l' })).retCode).toBe(0);
    expect(await emu.step(1)).toBe(1);
    const fills = (await main.getExecutionList({ ...L, orderLinkId: 'tp-l' })).result.list;
    expect(fills.map((f) => [f.execPrice, f.isMaker, f.feeRate, f.closedSize])).toEqual([[String(bar1.high), true, '0.0002', '0.01']]);
    expect(Number(fills[0]?.execFee)).toBeCloseTo(0.01 * bar1.high * MAKER, 8);
    const hist = (await main.getHistoricOrders(L)).result.list;
    expect(hist.map((o) => [o.orderLinkId, o.orderStatus, o.reduceOnly])).toEqual([
      ['tp-l', 'Filled', true],
      ['far', 'Cancelled', false],
      ['m-1', 'Filled', false],
    ]);
    const pnl = (await main.getClosedPnL(L)).result.list;
    const bar0 = sampleBar(T0);
    const fees = 0.01 * bar0.open * TAKER + 0.01 * bar1.high * MAKER;
    expect(pnl.map((p) => [p.side, p.qty, p.avgEntryPrice, p.avgExitPrice])).toEqual([
      ['Sell', '0.01', String(bar0.open), String(bar1.high)],
    ]);
    expect(Number(pnl[0]?.closedPnl)).toBeCloseTo(0.01 * (bar1.high - bar0.open) - fees, 7);
  });

  test("Bybit's codes: 110017 reduce-only flat, 110094 min notional, 110007 balance, 110003 price, 10001 params / hedge / other symbol", async () => {
    const codes = [
      await main.submitOrder({ ...L, side: 'Sell', orderType: 'Market', qty: '0.01', reduceOnly: true }),
      await main.submitOrder({ ...L, side: 'Buy', orderType: 'Limit', qty: '0.001', price: '1000' }),
      await main.submitOrder({ ...L, side: 'Buy', orderType: 'Limit', qty: '5', price: '50000' }),
      await main.submitOrder({ ...L, side: 'Buy', orderType: 'Limit', qty: '0.01', price: '50000.05' }),
      await main.submitOrder({ ...L, side: 'Buy', orderType: 'Limit', qty: '0.01' }),
      await main.submitOrder({ ...L, side: 'Buy', orderType: 'Market', qty: '0.01', positionIdx: 1 }),
      await main.submitOrder({ category: 'linear', symbol: 'ETHUSDT', side: 'Buy', orderType: 'Market', qty: '0.1' }),
      await main.switchPositionMode({ ...L, mode: 3 }),
    ].map((a) => a.retCode);
    expect(codes).toEqual([110017, 110094, 110007, 110003, 10001, 10001, 10001, 10001]);
  });

  test('PostOnly that would take: accepted, then Cancelled with EC_PostOnlyWillTakeLiquidity', async () => {
    const po = { ...L, side: 'Buy' as const, orderType: 'Limit' as const, qty: '0.01', price: '90000', timeInForce: 'PostOnly' as const };
    expect((await main.submitOrder({ ...po, orderLinkId: 'po' })).retCode).toBe(0);
    const o = (await main.getActiveOrders({ ...L, orderLinkId: 'po' })).result.list[0];
    expect([o?.orderStatus, o?.rejectReason, o?.timeInForce]).toEqual(['Cancelled', 'EC_PostOnlyWillTakeLiquidity', 'PostOnly']);
  });

  test('IOC below the next open: Cancelled EC_NoImmediateQtyToFill; FOK at or above it: filled whole at the open as taker', async () => {
    const bar = sampleBar(T0 + 2 * 60_000);
    const lim = { ...L, side: 'Buy' as const, orderType: 'Limit' as const, qty: '0.01' };
    expect((await main.submitOrder({ ...lim, price: String(bar.open - 50), timeInForce: 'IOC', orderLinkId: 'ioc' })).retCode).toBe(0);
    expect((await main.submitOrder({ ...lim, price: String(bar.open + 50), timeInForce: 'FOK', orderLinkId: 'fok' })).retCode).toBe(0);
    expect(await emu.step(1)).toBe(1);
    const ioc = (await main.getActiveOrders({ ...L, orderLinkId: 'ioc' })).result.list[0];
    expect([ioc?.orderStatus, ioc?.rejectReason]).toEqual(['Cancelled', 'EC_NoImmediateQtyToFill']);
    const fok = (await main.getExecutionList({ ...L, orderLinkId: 'fok' })).result.list[0];
    expect([fok?.execPrice, fok?.execQty, fok?.isMaker]).toEqual([String(bar.open), '0.01', false]);
    expect(Number(fok?.execFee)).toBeCloseTo(0.01 * bar.open * TAKER, 8);
  });

  test('conditional stop: triggerDirection 1 (rise) Untriggered until reached, then taker at the trigger (or the open it gapped to); a wrong direction 110092', async () => {
    const c = acct.cond;
    const last = await lastClose();
    const trigger = Math.round(last + 15);
    const stop = { ...L, side: 'Buy' as const, orderType: 'Market' as const, qty: '0.01', triggerDirection: 1 as const };
    expect((await c.submitOrder({ ...stop, triggerPrice: String(Math.round(last - 15)), orderLinkId: 'wrong' })).retCode).toBe(110092);
    expect((await c.submitOrder({ ...stop, triggerPrice: String(trigger), orderLinkId: 'stop' })).retCode).toBe(0);
    const o = (await c.getActiveOrders({ ...L, orderLinkId: 'stop' })).result.list[0];
    expect([o?.orderStatus, o?.triggerPrice, o?.triggerDirection, o?.stopOrderType]).toEqual(['Untriggered', String(trigger), 1, 'Stop']);
    const from = (await emu.state()).marketNowMs;
    const want = triggerFill(from, trigger, (p) => p >= trigger);
    await stepUntil(async () => (await c.getPositionInfo(L)).result.list[0]?.size === '0.01', 'the stop triggers');
    const x = (await c.getExecutionList({ ...L, orderLinkId: 'stop' })).result.list[0];
    expect([x?.execTime, Number(x?.execPrice), x?.isMaker, x?.stopOrderType]).toEqual([String(want.tsMs), want.price, false, 'Stop']);
    expect(Number(x?.execFee)).toBeCloseTo(0.01 * want.price * TAKER, 8);
    expect((await c.getHistoricOrders({ ...L, orderLinkId: 'stop' })).result.list[0]?.orderStatus).toBe('Filled');
  });

  test('stop-limit: triggerDirection 2 (fall), marketable at the trigger: taker at the trigger (or the open it gapped to), capped at its limit', async () => {
    const c = acct.cond;
    const last = await lastClose();
    const trigger = Math.round(last - 15);
    const limitPrice = trigger - 300;
    const stopLimit = {
      ...L,
      side: 'Sell' as const,
      orderType: 'Limit' as const,
      qty: '0.01',
      price: String(limitPrice),
      reduceOnly: true,
    };
    expect((await c.submitOrder({ ...stopLimit, triggerPrice: String(trigger), triggerDirection: 2, orderLinkId: 'sl-lim' })).retCode).toBe(
      0,
    );
    const o = (await c.getActiveOrders({ ...L, orderLinkId: 'sl-lim' })).result.list[0];
    expect([o?.orderStatus, o?.orderType, o?.triggerDirection, o?.price]).toEqual(['Untriggered', 'Limit', 2, String(limitPrice)]);
    const want = triggerFill((await emu.state()).marketNowMs, trigger, (p) => p <= trigger);
    expect(want.price).toBeGreaterThanOrEqual(limitPrice);
    await stepUntil(flat(c), 'the stop-limit fills');
    const x = (await c.getExecutionList({ ...L, orderLinkId: 'sl-lim' })).result.list[0];
    expect([x?.execTime, Number(x?.execPrice), x?.isMaker, x?.side]).toEqual([String(want.tsMs), want.price, false, 'Sell']);
  });
});

describe('position TP/SL and trailing stop through trading-stop', () => {
  test('SL, TP and a trailing stop close their longs at the hand-computed price: createType, stopOrderType, empty orderLinkId', async () => {
    expect((await main.getPositionInfo(L)).result.list[0]?.size).toBe('0.01');
    expect((await main.setTradingStop({ ...L, tpslMode: 'Full', positionIdx: 0 })).retCode).toBe(34040);
    expect((await main.setTradingStop({ ...L, tpslMode: 'Full', positionIdx: 0, stopLoss: '90000' })).retCode).toBe(10001);
    const last = await lastClose();
    const sl = Math.floor(last - 5);
    const tp = Math.ceil(last + 5);
    const distance = 10;
    expect((await main.setTradingStop({ ...L, tpslMode: 'Full', positionIdx: 0, stopLoss: String(sl) })).retCode).toBe(0);
    expect((await acct.tp.setTradingStop({ ...L, tpslMode: 'Full', positionIdx: 0, takeProfit: String(tp) })).retCode).toBe(0);
    expect((await acct.tr.setTradingStop({ ...L, tpslMode: 'Full', positionIdx: 0, trailingStop: String(distance) })).retCode).toBe(0);
    expect([
      (await main.getPositionInfo(L)).result.list[0]?.stopLoss,
      (await acct.tp.getPositionInfo(L)).result.list[0]?.takeProfit,
    ]).toEqual([String(sl), String(tp)]);
    expect((await acct.tr.getPositionInfo(L)).result.list[0]?.trailingStop).toBe(String(distance));
    const from = (await emu.state()).marketNowMs;
    const want = {
      sl: triggerFill(from, sl, (p) => p <= sl),
      tp: triggerFill(from, tp, (p) => p >= tp),
      tr: trailingExit(from, last, distance),
    };
    await stepUntil(async () => (await flat(main)()) && (await flat(acct.tp)()) && (await flat(acct.tr)()), 'all three close');
    const exits = [
      ['sl', main, 'CreateByStopLoss', 'StopLoss'],
      ['tp', acct.tp, 'CreateByTakeProfit', 'TakeProfit'],
      ['tr', acct.tr, 'CreateByTrailingStop', 'TrailingStop'],
    ] as const;
    for (const [name, c, createType, stopOrderType] of exits) {
      const x = (await c.getExecutionList(L)).result.list[0] as unknown as Record<string, string | boolean>;
      expect([name, x.createType, x.stopOrderType, x.orderLinkId, x.side, x.execTime, x.isMaker]).toEqual([
        name,
        createType,
        stopOrderType,
        '',
        'Sell',
        String(want[name].tsMs),
        false,
      ]);
      expect([name, Number(x.execPrice)]).toEqual([name, expect.closeTo(want[name].price, 6) as unknown as number]);
      const o = (await c.getHistoricOrders({ ...L, orderId: x.orderId as string })).result.list[0];
      expect([name, o?.createType, o?.orderLinkId, o?.orderStatus]).toEqual([name, createType, '', 'Filled']);
    }
  });
});

describe('funding', () => {
  test('execution/list Funding at the stored settlement: size x mark (the last close) x the stored rate, signed as Bybit (+ paid, − received)', async () => {
    await stepUntil(async () => (await emu.state()).marketNowMs > FUNDING_MS, 'the 08:00 settlement');
    const text = gunzipSync(readFileSync(join(ROOT, 'data/sample/bybit_linear_BTCUSDT_funding8h_2024-08.csv.gz'))).toString();
    const rate = Number(
      text
        .split('\n')
        .find((l) => l.startsWith(`${FUNDING_MS},`))
        ?.split(',')[1],
    );
    expect(rate).not.toBe(0);
    const mark = sampleBar(FUNDING_MS - 60_000).close;
    const rows = (await acct.fund.getExecutionList({ ...L, execType: 'Funding' })).result.list;
    expect(rows.map((r) => [r.execType, r.execTime, r.side, Number(r.execPrice), r.execQty])).toEqual([
      ['Funding', String(FUNDING_MS), 'Buy', mark, '0.01'],
    ]);
    // A long pays a positive rate; this settlement's rate is negative, so the long receives (execFee < 0).
    expect(Number(rows[0]?.execFee)).toBeCloseTo(0.01 * mark * rate, 8);
    const all = (await acct.fund.getExecutionList(L)).result.list.map((r) => r.execType);
    expect(all).toEqual(['Funding', 'Trade']);
    const w = (await acct.fund.getWalletBalance({ accountType: 'UNIFIED' })).result.list[0];
    const openFee = 0.01 * sampleBar(T0).open * TAKER;
    expect(Number(w?.totalWalletBalance)).toBeCloseTo(10_000 - openFee - 0.01 * mark * rate, 6);
  });
});

describe('the other endpoints', () => {
  test('create-batch (retExtInfo per order), cancel-all, wallet, account info, set-margin-mode, DCP window and info, market/time', async () => {
    const batch = await main.batchSubmitOrders('linear', [
      { symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.01', price: '40000', orderLinkId: 'b1' },
      { symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.0001', price: '40000', orderLinkId: 'b2' },
      { symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.01', price: '40001', orderLinkId: 'b3' },
    ]);
    expect(batch.retExtInfo.list.map((x) => x.code)).toEqual([0, 10001, 0]);
    expect(batch.result.list.map((x) => x.orderLinkId)).toEqual(['b1', 'b2', 'b3']);
    const w = (await main.getWalletBalance({ accountType: 'UNIFIED' })).result.list[0];
    // Two orders of 0.01 hold their order cost: available < wallet.
    expect(Number(w?.totalAvailableBalance)).toBeLessThan(Number(w?.totalWalletBalance));
    const all = await main.cancelAllOrders(L);
    expect([all.result.list.map((x) => x.orderLinkId).sort(), (all.result as { success?: string }).success]).toEqual([['b1', 'b3'], '1']);
    expect((await main.getActiveOrders(L)).result.list).toEqual([]);
    const wallet = (await main.getWalletBalance({ accountType: 'UNIFIED' })).result.list[0];
    expect([wallet?.coin[0]?.coin, wallet?.totalAvailableBalance]).toEqual(['USDT', wallet?.totalWalletBalance]);
    const info = await main.getAccountInfo();
    expect([info.result.marginMode, info.result.unifiedMarginStatus]).toEqual(['ISOLATED_MARGIN', expect.any(Number)]);
    expect((await main.setMarginMode('ISOLATED_MARGIN')).retCode).toBe(110026);
    expect((await main.setMarginMode('REGULAR_MARGIN')).retCode).toBe(3400045);
    const dcp = await main.setDisconnectCancelAllWindowV2({ product: 'DERIVATIVES', timeWindow: 10 });
    expect([dcp.retCode, dcp.retMsg]).toEqual([0, 'success']);
    expect((await main.setDisconnectCancelAllWindowV2({ product: 'DERIVATIVES', timeWindow: 2 })).retCode).toBe(10001);
    expect((await main.getDCPInfo()).result.dcpInfos).toEqual([{ product: 'DERIVATIVES', dcpStatus: 'ON', timeWindow: '10' }]);
    const before = Date.now();
    const t = await main.getServerTime();
    expect(Number(t.result.timeNano) / 1e6).toBeGreaterThanOrEqual(before - 1);
    expect(Math.floor(Number(t.result.timeNano) / 1e9)).toBe(Number(t.result.timeSecond));
  });
});

describe('leverage and the rest of §2.10', () => {
  test('set-leverage when flat applies (IM and liq at 5x, hand-computed); 110090, 110093, 110009, 110025, 10017', async () => {
    const c = acct.lev;
    expect((await c.setLeverage({ ...L, buyLeverage: '100', sellLeverage: '100' })).retCode).toBe(0);
    expect((await c.submitOrder({ ...L, side: 'Buy', orderType: 'Limit', qty: '100', price: '50000' })).retCode).toBe(110090);
    expect((await c.setLeverage({ ...L, buyLeverage: '5', sellLeverage: '5' })).retCode).toBe(0);
    expect((await c.setLeverage({ ...L, buyLeverage: '5', sellLeverage: '5' })).retCode).toBe(110043);
    expect((await c.getPositionInfo(L)).result.list[0]?.leverage).toBe('5');
    expect((await c.submitOrder({ ...L, side: 'Buy', orderType: 'Market', qty: '0.01' })).retCode).toBe(0);
    const minute = (await emu.state()).marketNowMs;
    expect(await emu.step(1)).toBe(1);
    const entry = sampleBar(minute).open;
    const pos = (await c.getPositionInfo(L)).result.list[0];
    const value = 0.01 * entry;
    expect([pos?.leverage, pos?.avgPrice]).toEqual(['5', String(entry)]);
    // Bankruptcy price of a 5x long: entry x (1 - 1/5); IM = value/5 + the fee to close there.
    expect(Number(pos?.positionIM)).toBeCloseTo(value / 5 + value * 0.8 * TAKER, 7);
    expect(Number(pos?.liqPrice)).toBeCloseTo(entry * (1 - 0.2 + 0.005), 4);
    const last = await lastClose();
    const fall = { ...L, side: 'Sell' as const, orderType: 'Market' as const, qty: '0.01', triggerDirection: 2 as const, reduceOnly: true };
    expect((await c.submitOrder({ ...fall, triggerPrice: String(Math.round(last + 500)) })).retCode).toBe(110093);
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await c.submitOrder({ ...fall, triggerPrice: String(Math.round(last - 2000 - i)) })).retCode);
    expect(codes).toEqual([...Array(10).fill(0), 110009]);
    expect((await c.cancelAllOrders({ ...L, orderFilter: 'StopOrder' })).result.list.length).toBe(10);
    expect((await c.switchPositionMode({ ...L, mode: 0 })).retCode).toBe(110025);
    const res = await fetch(`${emu.urls.rest}/v5/no/such/route`);
    expect([res.status, ((await res.json()) as { retCode: number }).retCode]).toEqual([404, 10017]);
  });
});
