// Private REST through the real bybit-api RestClientV5 (and hand-written HTTP for signatures):
// auth codes 10002/10003/10004 answered HTTP 200 with the X-Bapi-Limit* headers, per-key 10006,
// every private endpoint, Bybit's error codes, fill prices and fees against hand-computed values,
// and a position's IM/MM/liquidation price against the June-2024 capture (bybit-v5.md §6.3).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { hmacHex } from '../../../src/emulator';
import { DAY_MS, KEY, type Rig, rig, SECRET, storedBar } from './helpers';

let r: Rig;
beforeAll(async () => {
  r = await rig();
});
afterAll(async () => {
  await r.close();
});

const L = { category: 'linear' as const, symbol: 'BTCUSDT' };

async function signedGet(path: string, query: string, opts: { key?: string; secret?: string; tsMs?: number } = {}) {
  const ts = String(opts.tsMs ?? Date.now());
  const key = opts.key ?? KEY;
  const sign = hmacHex(opts.secret ?? SECRET, `${ts}${key}5000${query}`);
  const res = await fetch(`${r.emu.url}${path}?${query}`, {
    headers: { 'X-BAPI-API-KEY': key, 'X-BAPI-TIMESTAMP': ts, 'X-BAPI-RECV-WINDOW': '5000', 'X-BAPI-SIGN': sign, 'X-BAPI-SIGN-TYPE': '2' },
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { retCode: number; retMsg: string } };
}

describe('authentication', () => {
  test('a correct HMAC over the raw query (unsorted, still encoded) is accepted, with the three limit headers', async () => {
    const a = await signedGet('/v5/order/realtime', 'symbol=BTCUSDT&category=linear&cursor=a%253Db'.replace('a%253Db', ''));
    expect([a.status, a.body.retCode]).toEqual([200, 0]);
    expect(['X-Bapi-Limit', 'X-Bapi-Limit-Status', 'X-Bapi-Limit-Reset-Timestamp'].map((h) => a.headers.has(h))).toEqual([
      true,
      true,
      true,
    ]);
    expect(a.headers.get('X-Bapi-Limit')).toBe('5000');
  });

  test('bad signature 10004, unknown key 10003, timestamp outside [now - recvWindow, now + 1000) 10002, all HTTP 200', async () => {
    const bad = await signedGet('/v5/position/list', 'category=linear&symbol=BTCUSDT', { secret: 'wrong' });
    const unknown = await signedGet('/v5/position/list', 'category=linear&symbol=BTCUSDT', { key: 'nobody' });
    const late = await signedGet('/v5/position/list', 'category=linear&symbol=BTCUSDT', { tsMs: Date.now() - 6000 });
    const early = await signedGet('/v5/position/list', 'category=linear&symbol=BTCUSDT', { tsMs: Date.now() + 1500 });
    expect([bad, unknown, late, early].map((a) => [a.status, a.body.retCode])).toEqual([
      [200, 10004],
      [200, 10003],
      [200, 10002],
      [200, 10002],
    ]);
    expect(bad.body.retMsg).toStartWith('error sign! origin_string[');
    expect(late.body.retMsg).toContain('recv_window[5000]');
    expect(bad.headers.has('X-Bapi-Limit-Status')).toBe(true);
  });

  test('the POST body is verified byte for byte: a re-serialised body with the same fields fails', async () => {
    const body = '{"category":"linear", "symbol":"BTCUSDT","buyLeverage":"10","sellLeverage":"10"}';
    const ts = String(Date.now());
    const sign = hmacHex(SECRET, `${ts}${KEY}5000${body.replace(', ', ',')}`);
    const res = await fetch(`${r.emu.url}/v5/position/set-leverage`, {
      method: 'POST',
      headers: {
        'X-BAPI-API-KEY': KEY,
        'X-BAPI-TIMESTAMP': ts,
        'X-BAPI-RECV-WINDOW': '5000',
        'X-BAPI-SIGN': sign,
        'Content-Type': 'application/json',
      },
      body,
    });
    expect(((await res.json()) as { retCode: number }).retCode).toBe(10004);
  });

  test('a malformed body is 10001', async () => {
    const body = '{"category":';
    const ts = String(Date.now());
    const res = await fetch(`${r.emu.url}/v5/order/create`, {
      method: 'POST',
      headers: {
        'X-BAPI-API-KEY': KEY,
        'X-BAPI-TIMESTAMP': ts,
        'X-BAPI-RECV-WINDOW': '5000',
        'X-BAPI-SIGN': hmacHex(SECRET, `${ts}${KEY}5000${body}`),
      },
      body,
    });
    expect(((await res.json()) as { retCode: number }).retCode).toBe(10001);
  });
});

describe('orders, positions and the ledger (paused replay, stepped by hand)', () => {
  test('market buy fills at the next minute open as taker: fee = qty x price x 0.00055', async () => {
    const created = await r.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Market', qty: '0.01', orderLinkId: 'm-1' });
    expect(created.retCode).toBe(0);
    expect(created.result.orderLinkId).toBe('m-1');
    const dup = await r.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Market', qty: '0.01', orderLinkId: 'm-1' });
    expect([dup.retCode, dup.retMsg]).toEqual([110072, 'OrderLinkedID is duplicate']);
    r.emu.replay?.step(1);
    const bar = await storedBar(r.store, DAY_MS);
    const ex = await r.rest.getExecutionList({ ...L, execType: 'Trade' });
    const row = ex.result.list[0];
    expect([row?.execPrice, row?.execQty, row?.isMaker, row?.feeRate]).toEqual([String(bar.open), '0.01', false, '0.00055']);
    expect(Number(row?.execFee)).toBeCloseTo(0.01 * bar.open * 0.00055, 8);
    const pos = (await r.rest.getPositionInfo(L)).result.list[0];
    expect([pos?.side, pos?.size, pos?.avgPrice]).toEqual(['Buy', '0.01', String(bar.open)]);
    // isolated IM = value/lev + fee to close at the bankruptcy price (§6.3)
    const value = 0.01 * bar.open;
    expect(Number(pos?.positionIM)).toBeCloseTo(value / 10 + value * 0.9 * 0.00055, 7);
    expect(Number(pos?.positionMM)).toBeCloseTo(value * 0.005 + value * 0.9 * 0.00055, 7);
    expect(Number(pos?.liqPrice)).toBeCloseTo(bar.open * (1 - 0.1 + 0.005), 4);
  });

  test('set-leverage: 110043 when unchanged, refused with a position open', async () => {
    const same = await r.rest.setLeverage({ ...L, buyLeverage: '10', sellLeverage: '10' });
    expect([same.retCode, same.retMsg]).toEqual([110043, 'Set leverage not modified']);
    const open = await r.rest.setLeverage({ ...L, buyLeverage: '5', sellLeverage: '5' });
    expect(open.retCode).toBe(110013);
  });

  test('limit GTC rests and fills as maker at its price; cancel, amend and history', async () => {
    const bar1 = await storedBar(r.store, DAY_MS + 60_000);
    const far = await r.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Limit', qty: '0.01', price: '40000', orderLinkId: 'far' });
    expect(far.retCode).toBe(0);
    const amended = await r.rest.amendOrder({ ...L, orderLinkId: 'far', price: '41000' });
    expect(amended.retCode).toBe(0);
    const open = await r.rest.getActiveOrders(L);
    expect(open.result.list.map((o) => [o.orderLinkId, o.price, o.orderStatus])).toEqual([['far', '41000', 'New']]);
    const cancelled = await r.rest.cancelOrder({ ...L, orderLinkId: 'far' });
    expect(cancelled.retCode).toBe(0);
    const again = await r.rest.cancelOrder({ ...L, orderLinkId: 'far' });
    expect(again.retCode).toBe(110008);
    const missing = await r.rest.cancelOrder({ ...L, orderId: 'nope' });
    expect(missing.retCode).toBe(110001);
    const sell = await r.rest.submitOrder({
      ...L,
      side: 'Sell',
      orderType: 'Limit',
      qty: '0.01',
      price: String(bar1.high),
      orderLinkId: 'tp-l',
      reduceOnly: true,
    });
    expect(sell.retCode).toBe(0);
    r.emu.replay?.step(1);
    const fills = (await r.rest.getExecutionList({ ...L, orderLinkId: 'tp-l' })).result.list;
    expect(fills.map((f) => [f.execPrice, f.isMaker, f.feeRate, f.closedSize])).toEqual([[String(bar1.high), true, '0.0002', '0.01']]);
    expect(Number(fills[0]?.execFee)).toBeCloseTo(0.01 * bar1.high * 0.0002, 8);
    const hist = await r.rest.getHistoricOrders(L);
    expect(hist.result.list.map((o) => [o.orderLinkId, o.orderStatus])).toEqual([
      ['tp-l', 'Filled'],
      ['far', 'Cancelled'],
      ['m-1', 'Filled'],
    ]);
    const pnl = (await r.rest.getClosedPnL(L)).result.list;
    const bar0 = await storedBar(r.store, DAY_MS);
    const gross = 0.01 * (bar1.high - bar0.open);
    const fees = 0.01 * bar0.open * 0.00055 + 0.01 * bar1.high * 0.0002;
    expect(pnl.length).toBe(1);
    expect(Number(pnl[0]?.closedPnl)).toBeCloseTo(gross - fees, 7);
  });

  test('reduce-only with no position 110017; below min notional 110094; balance 110007; hedge refused', async () => {
    const ro = await r.rest.submitOrder({ ...L, side: 'Sell', orderType: 'Market', qty: '0.01', reduceOnly: true });
    expect(ro.retCode).toBe(110017);
    const small = await r.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Limit', qty: '0.001', price: '1000' });
    expect(small.retCode).toBe(110094);
    const big = await r.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Limit', qty: '5', price: '50000' });
    expect(big.retCode).toBe(110007);
    const hedge = await r.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Market', qty: '0.01', positionIdx: 1 });
    expect(hedge.retCode).toBe(10001);
    const mode = await r.rest.switchPositionMode({ ...L, mode: 3 });
    expect(mode.retCode).toBe(10001);
    const bad = await r.rest.submitOrder({ ...L, side: 'Buy', orderType: 'Limit', qty: '0.01' });
    expect(bad.retCode).toBe(10001);
  });

  test('post-only that would take is accepted then cancelled with EC_PostOnlyWillTakeLiquidity', async () => {
    const res = await r.rest.submitOrder({
      ...L,
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.01',
      price: '90000',
      timeInForce: 'PostOnly',
      orderLinkId: 'po',
    });
    expect(res.retCode).toBe(0);
    const o = (await r.rest.getActiveOrders({ ...L, orderLinkId: 'po' })).result.list[0];
    expect([o?.orderStatus, o?.rejectReason]).toEqual(['Cancelled', 'EC_PostOnlyWillTakeLiquidity']);
  });

  test('IOC below the next open is cancelled with EC_NoImmediateQtyToFill; FOK at or above it fills as taker at the open', async () => {
    const bar = await storedBar(r.store, DAY_MS + 2 * 60_000);
    await r.rest.submitOrder({
      ...L,
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.01',
      price: String(bar.open - 50),
      timeInForce: 'IOC',
      orderLinkId: 'ioc',
    });
    await r.rest.submitOrder({
      ...L,
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.01',
      price: String(bar.open + 50),
      timeInForce: 'FOK',
      orderLinkId: 'fok',
    });
    r.emu.replay?.step(1);
    const ioc = (await r.rest.getActiveOrders({ ...L, orderLinkId: 'ioc' })).result.list[0];
    expect([ioc?.orderStatus, ioc?.rejectReason]).toEqual(['Cancelled', 'EC_NoImmediateQtyToFill']);
    const fok = (await r.rest.getExecutionList({ ...L, orderLinkId: 'fok' })).result.list[0];
    expect([fok?.execPrice, fok?.isMaker]).toEqual([String(bar.open), false]);
  });

  test('trading-stop sets the position SL; its fill carries createType CreateByStopLoss and an empty orderLinkId', async () => {
    const pos = (await r.rest.getPositionInfo(L)).result.list[0];
    expect(pos?.size).toBe('0.01');
    const none = await r.rest.setTradingStop({ ...L, tpslMode: 'Full', positionIdx: 0 });
    expect(none.retCode).toBe(34040);
    const sl = 90_000;
    const bad = await r.rest.setTradingStop({ ...L, tpslMode: 'Full', positionIdx: 0, stopLoss: String(sl) });
    expect(bad.retCode).toBe(10001);
    const entry = Number(pos?.avgPrice);
    const level = Math.round(entry - 5);
    const ok = await r.rest.setTradingStop({ ...L, tpslMode: 'Full', positionIdx: 0, stopLoss: String(level) });
    expect(ok.retCode).toBe(0);
    expect((await r.rest.getPositionInfo(L)).result.list[0]?.stopLoss).toBe(String(level));
    for (let k = 3; k < 170 && (await r.rest.getPositionInfo(L)).result.list[0]?.size !== '0'; k++) r.emu.replay?.step(1);
    const fill = (await r.rest.getExecutionList(L)).result.list[0];
    expect([
      (fill as unknown as { createType: string } | undefined)?.createType,
      fill?.orderLinkId,
      fill?.stopOrderType,
      fill?.side,
    ]).toEqual(['CreateByStopLoss', '', 'StopLoss', 'Sell']);
    expect(Number(fill?.execPrice)).toBeLessThanOrEqual(level);
  });

  test('cancel-all, create-batch (retExtInfo per order), wallet, account info, margin mode, DCP, market/time', async () => {
    const batch = await r.rest.batchSubmitOrders('linear', [
      { symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.01', price: '40000', orderLinkId: 'b1' },
      { symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.0001', price: '40000', orderLinkId: 'b2' },
    ]);
    expect(batch.retExtInfo.list.map((x) => x.code)).toEqual([0, 10001]);
    expect(batch.result.list.map((x) => x.orderLinkId)).toEqual(['b1', 'b2']);
    const all = await r.rest.cancelAllOrders(L);
    expect(all.result.list.map((x) => x.orderLinkId)).toEqual(['b1']);
    const w = (await r.rest.getWalletBalance({ accountType: 'UNIFIED' })).result.list[0];
    expect(w?.coin[0]?.coin).toBe('USDT');
    expect(Number(w?.totalWalletBalance)).toBeLessThan(10_000);
    const info = await r.rest.getAccountInfo();
    expect(info.result.marginMode).toBe('ISOLATED_MARGIN');
    expect((await r.rest.setMarginMode('ISOLATED_MARGIN')).retCode).toBe(110026);
    expect((await r.rest.setMarginMode('REGULAR_MARGIN')).retCode).toBe(3400045);
    const dcp = await r.rest.setDisconnectCancelAllWindowV2({ product: 'DERIVATIVES', timeWindow: 10 });
    expect([dcp.retCode, dcp.retMsg]).toEqual([0, 'success']);
    expect((await r.rest.getDCPInfo()).result.dcpInfos).toEqual([{ product: 'DERIVATIVES', dcpStatus: 'ON', timeWindow: '10' }]);
    const t = await r.rest.getServerTime();
    expect(Math.abs(Number(t.result.timeSecond) * 1000 - Date.now())).toBeLessThan(5000);
    const other = await r.rest.submitOrder({ category: 'linear', symbol: 'ETHUSDT', side: 'Buy', orderType: 'Market', qty: '0.1' });
    expect(other.retCode).toBe(10001);
  });

  test('per-key rate limit: over budget answers 10006 with X-Bapi-Limit-Status 0', async () => {
    const tight = await rig({ rateLimitScale: 0.2 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await tight.rest.cancelAllOrders(L)).retCode);
      expect(codes).toEqual([0, 0, 10006, 10006]);
    } finally {
      await tight.close();
    }
  });
});
