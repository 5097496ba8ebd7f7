// The pure parts of BybitVenue: engine orders as Bybit parameters (tick/step formatting without
// float noise, tpslMode Full, no TP/SL on reduce-only), trading-stop levels (null removes), and
// private rows as events (fill sources by createType, Funding never a fill, order statuses,
// position and wallet figures), plus the ambiguity classification of answers and failures.
import { describe, expect, test } from 'bun:test';
import { classifyAnswer, classifyFailure, describeFailure } from '../../../src/bybit/ambiguity';
import { createParams, decimalsOf, formatToStep, tradingStopParams } from '../../../src/bybit/order-requests';
import { RateLimiter } from '../../../src/bybit/rate-limiter';
import { fillSource, parseExecution, parseOrderStatus, parsePosition, parseWallet } from '../../../src/bybit/venue-events';

const G = { symbol: 'BTCUSDT', tickSize: 0.1, qtyStep: 0.001 };

describe('order-requests', () => {
  test('formatting to the step: no float noise, step decimals, exponent steps', () => {
    expect(formatToStep(0.1 + 0.2, 0.1)).toBe('0.3');
    expect(formatToStep(0.30000000000000004, 0.001)).toBe('0.300');
    expect(formatToStep(60766.74999, 0.1)).toBe('60766.7');
    expect(formatToStep(0.0000003, 1e-7)).toBe('0.0000003');
    expect(decimalsOf(5)).toBe(0);
    expect(decimalsOf(2.5e-8)).toBe(9);
    expect(() => decimalsOf(0)).toThrow('step 0 must be a positive finite number');
  });

  test('create: limit with TP/SL carries tpslMode Full; market is IOC; reduce-only drops TP/SL', () => {
    const limit = createParams(G, {
      clientId: 'r-e1',
      side: 'buy',
      type: 'limit',
      qty: 0.1 + 0.2,
      price: 60000.05000001,
      reduceOnly: false,
      timeInForce: 'PostOnly',
      takeProfit: 61000.04,
      stopLoss: 59000,
    });
    expect(limit).toEqual({
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.300',
      positionIdx: 0,
      orderLinkId: 'r-e1',
      reduceOnly: false,
      price: '60000.1',
      timeInForce: 'PostOnly',
      tpslMode: 'Full',
      takeProfit: '61000.0',
      tpTriggerBy: 'LastPrice',
      stopLoss: '59000.0',
      slTriggerBy: 'LastPrice',
    });
    const exit = createParams(G, {
      clientId: 'r-x1',
      side: 'sell',
      type: 'market',
      qty: 0.01,
      reduceOnly: true,
      timeInForce: 'GTC',
      takeProfit: 1,
    });
    expect([exit.orderType, exit.timeInForce, exit.reduceOnly, exit.tpslMode, exit.takeProfit]).toEqual([
      'Market',
      'IOC',
      true,
      undefined,
      undefined,
    ]);
  });

  test('trading-stop: undefined leaves a level, null removes it ("0")', () => {
    expect(tradingStopParams(G, { takeProfit: null, trailingDistance: 150.04 })).toEqual({
      category: 'linear',
      symbol: 'BTCUSDT',
      tpslMode: 'Full',
      positionIdx: 0,
      takeProfit: '0',
      tpTriggerBy: 'LastPrice',
      trailingStop: '150.0',
    });
  });
});

describe('venue-events', () => {
  const exec = {
    execId: 'x1',
    orderId: 'o1',
    orderLinkId: '',
    side: 'Sell',
    orderQty: '0.010',
    leavesQty: '0',
    execQty: '0.010',
    execPrice: '61000.0',
    execFee: '0.3355',
    execPnl: '12.5',
    isMaker: false,
    execType: 'Trade',
    createType: 'CreateByTakeProfit',
    stopOrderType: 'TakeProfit',
  };

  test('fill sources from createType / execType; venue-made fills have clientId ""', () => {
    expect(fillSource('CreateByUser', 'Trade', 'UNKNOWN')).toBe('order');
    expect(fillSource('CreateByPartialStopLoss', 'Trade', '')).toBe('stop_loss');
    expect(fillSource('CreateByTrailingStop', 'Trade', '')).toBe('trailing');
    expect(fillSource('CreateByLiq', 'Trade', '')).toBe('liquidation');
    expect(fillSource('', 'BustTrade', '')).toBe('liquidation');
    const p = parseExecution(exec, 0);
    expect(p.kind === 'fill' && p.fill).toEqual({
      kind: 'fill',
      execId: 'x1',
      clientId: '',
      source: 'take_profit',
      side: 'sell',
      qty: 0.01,
      cumQty: 0.01,
      leavesQty: 0,
      price: 61000,
      feeUsdt: 0.3355,
      realisedPnlUsdt: 12.5,
      isMaker: false,
      ambiguous: false,
    });
  });

  test('Funding rows are funding payments, never fills', () => {
    const f = parseExecution({ ...exec, execType: 'Funding', feeRate: '0.0001', execFee: '0.061' }, 0);
    expect(f).toEqual({ kind: 'funding', body: { kind: 'funding', rate: 0.0001, paymentUsdt: 0.061 } });
    expect(parseExecution({ ...exec, execType: 'Settle' }, 0).kind).toBe('other');
  });

  test('order statuses: Cancelled (leavesQty), Deactivated, Rejected, Triggered; New says nothing', () => {
    const row = { orderLinkId: 'r-l1', qty: '0.005', cumExecQty: '0.002', cancelType: 'CancelByUser', rejectReason: 'EC_NoError' };
    expect(parseOrderStatus({ ...row, orderStatus: 'Cancelled' })).toEqual({
      kind: 'cancelled',
      clientId: 'r-l1',
      leavesQty: 0.003,
      reason: 'CancelByUser',
    });
    expect(parseOrderStatus({ ...row, orderStatus: 'Deactivated' })).toEqual({ kind: 'expired', clientId: 'r-l1' });
    expect(parseOrderStatus({ ...row, orderStatus: 'Triggered', stopOrderType: 'StopLoss' })).toEqual({
      kind: 'triggered',
      clientId: 'r-l1',
      source: 'stop_loss',
    });
    expect(parseOrderStatus({ ...row, orderStatus: 'Rejected', rejectReason: 'EC_PostOnlyWillTakeLiquidity' })?.kind).toBe('rejected');
    expect(parseOrderStatus({ ...row, orderStatus: 'New' })).toBeUndefined();
  });

  test('position (WS entryPrice / REST avgPrice, flat is NaN) and wallet (isolated available)', () => {
    expect(parsePosition({ side: 'Sell', size: '0.02', entryPrice: '60000', unrealisedPnl: '-3', liqPrice: '65000' })).toEqual({
      side: 'short',
      qty: 0.02,
      entryPrice: 60000,
      unrealizedPnlUsdt: -3,
      liqPrice: 65000,
    });
    const flat = parsePosition({ side: '', size: '0', avgPrice: '0', liqPrice: '' });
    expect([flat.side, flat.qty, Number.isNaN(flat.entryPrice), Number.isNaN(flat.liqPrice)]).toEqual(['flat', 0, true, true]);
    const coin = {
      coin: 'USDT',
      walletBalance: '1000',
      equity: '1005',
      totalPositionIM: '100.5',
      totalOrderIM: '20',
      locked: '0',
      bonus: '0',
    };
    expect(parseWallet({ coin: [coin] })).toEqual({ walletUsdt: 1000, equityUsdt: 1005, availableUsdt: 879.5 });
    expect(parseWallet({ coin: [] })).toBeUndefined();
  });
});

describe('ambiguity', () => {
  test('retCodes: 0 ok, 10002 clock, LIVE.md §6 list ambiguous, the rest definite', () => {
    expect(classifyAnswer({ retCode: 0, retMsg: 'OK', result: { a: 1 }, time: 5 })).toEqual({ kind: 'ok', result: { a: 1 }, timeMs: 5 });
    expect(classifyAnswer({ retCode: 10002, retMsg: 'window', result: {} }).kind).toBe('clock');
    for (const c of [10000, 10006, 10016, 170001, 500000])
      expect(classifyAnswer({ retCode: c, retMsg: 'x', result: {} }).kind).toBe('ambiguous');
    expect(classifyAnswer({ retCode: 110007, retMsg: 'ab not enough', result: {} })).toEqual({
      kind: 'rejected',
      retCode: 110007,
      retMsg: 'ab not enough',
    });
  });

  test('failures: 5xx, 403 and network are ambiguous, other 4xx definite; the client options are never kept', () => {
    const opts = { key: 'K', secret: 'S3CR3T' };
    expect(classifyFailure({ code: 503, message: 'Service Unavailable', body: 'x', requestOptions: opts }).kind).toBe('ambiguous');
    expect(classifyFailure({ code: 403, message: 'Forbidden', body: '' }).kind).toBe('ambiguous');
    expect(classifyFailure({ code: 404, message: 'Not Found', body: '' })).toEqual({
      kind: 'rejected',
      retCode: 404,
      retMsg: 'HTTP 404 Not Found',
    });
    expect(classifyFailure({ code: 'ECONNABORTED', message: 'timeout of 300ms exceeded', config: { headers: opts } })).toEqual({
      kind: 'ambiguous',
      retCode: 0,
      why: 'network error: ECONNABORTED timeout of 300ms exceeded',
    });
    expect(JSON.stringify(describeFailure({ code: 502, message: 'Bad Gateway', body: {}, requestOptions: opts }))).not.toContain('S3CR3T');
  });
});

describe('rate-limiter', () => {
  test('X-Bapi-Limit*: no wait while requests remain; a 10006 waits until the reset stamp (server time), capped', () => {
    let now = 1_000;
    const rl = new RateLimiter({ nowMs: () => now }, 2_000);
    rl.observe('order/create', { remainingRequests: 3, maxRequests: 10, resetAtTimestamp: 50_000 }, 49_000);
    expect(rl.waitMs('order/create')).toBe(0);
    rl.observe('order/create', { remainingRequests: 0, maxRequests: 10, resetAtTimestamp: 50_400 }, 50_000, true);
    expect(rl.waitMs('order/create')).toBe(400);
    expect(rl.waitMs('order/realtime')).toBe(0);
    now += 150;
    expect(rl.waitMs('order/create')).toBe(250);
    now += 250;
    expect(rl.waitMs('order/create')).toBe(0);
    rl.observe('order/cancel', { remainingRequests: 5, maxRequests: 10, resetAtTimestamp: 90_000 }, 50_000, true);
    expect(rl.waitMs('order/cancel')).toBe(2_000);
  });

  test('accepted with status 0 (it took the last slot): the stamp is only roughly now, so a whole window is waited', () => {
    const now = 5_000;
    const rl = new RateLimiter({ nowMs: () => now }, 5_000);
    rl.observe('order/create', { remainingRequests: 0, maxRequests: 1, resetAtTimestamp: 70_000 }, 70_000);
    expect(rl.waitMs('order/create')).toBe(1_000);
    rl.observe('order/amend', { remainingRequests: 0, maxRequests: 1, resetAtTimestamp: 70_003 }, 70_000);
    expect(rl.waitMs('order/amend')).toBe(1_000);
    rl.observe('order/cancel', { remainingRequests: 0, maxRequests: 1, resetAtTimestamp: 71_500 }, 70_000);
    expect(rl.waitMs('order/cancel')).toBe(1_500);
    // A refusal whose stamp is not ahead: a whole window too.
    rl.observe('position/trading-stop', { remainingRequests: 0, maxRequests: 1, resetAtTimestamp: 70_000 }, 70_000, true);
    expect(rl.waitMs('position/trading-stop')).toBe(1_000);
  });

  test('acquire/release: calls go one at a time until an answer tells the budget, then as many as remain', async () => {
    let now = 0;
    const slept: number[] = [];
    const timers = {
      isClosed: false,
      async sleep(ms: number) {
        slept.push(ms);
        now += ms;
      },
    };
    const rl = new RateLimiter({ nowMs: () => now }, 5_000);
    const order: string[] = [];
    const go = (name: string) => rl.acquire('order/create', timers).then(() => order.push(name));
    // No headers yet: the second waits for the first answer.
    const a = go('a');
    const b = go('b');
    await a;
    await Promise.resolve();
    expect(order).toEqual(['a']);
    rl.release('order/create', { remainingRequests: 2, maxRequests: 3, resetAtTimestamp: 100 }, 100);
    await b;
    expect(order).toEqual(['a', 'b']);
    // Budget said 2 left, b took one: c goes at once, d waits for an answer.
    await go('c');
    const d = go('d');
    await Promise.resolve();
    expect(order).toEqual(['a', 'b', 'c']);
    // c's answer says 1 left, but b is still in flight and spends it: d keeps waiting.
    rl.release('order/create', { remainingRequests: 1, maxRequests: 3, resetAtTimestamp: 150 }, 150);
    await Promise.resolve();
    await Promise.resolve();
    expect(order).toEqual(['a', 'b', 'c']);
    // b's answer: status 0 with the stamp at its own time: d waits one window from now, then goes.
    rl.release('order/create', { remainingRequests: 0, maxRequests: 3, resetAtTimestamp: 200 }, 200);
    await d;
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(slept).toEqual([1_000]);
    expect(now).toBe(1_000);
  });
});
