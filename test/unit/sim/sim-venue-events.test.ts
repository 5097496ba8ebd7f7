// SimVenue's port events and reconcile() (LIVE.md §2), driven bar by bar on BTCUSDT (one risk tier,
// 1000 USDT, 10x, taker 0.055%, maker 0.02%, no slippage): a resting limit entry is accepted,
// listed by reconcile with its leavesQty, cancelled with leavesQty and the core's reason; a market
// entry fills at the next open; its position stop loss is reported as `triggered` (clientId '',
// the venue's own order) before its fill; a limit fill is a maker fill. Every event carries a
// strictly increasing seq. Expected numbers are computed by hand in the comments.
import { afterEach, describe, expect, test } from 'bun:test';
import type { Bar1m, OrderRequest, PositionSnapshot, VenueEvent } from '../../../src/engine';
import { SimVenue } from '../../../src/sim';

const venues: SimVenue[] = [];
afterEach(() => {
  for (const v of venues.splice(0)) v.free();
});

function venue(): SimVenue {
  const v = new SimVenue({
    instrument: {
      symbol: 'BTCUSDT',
      tickSize: 0.1,
      qtyStep: 0.001,
      minQty: 0.001,
      minNotional: 5,
      maxLeverage: 100,
      fundingIntervalMin: 480,
      tiers: [{ riskLimitUsdt: 2_000_000, maxLeverage: 100, mmr: 0.005, mmDeductionUsdt: 0 }],
      source: 'test',
    },
    makerFeeRate: 0.0002,
    takerFeeRate: 0.00055,
    slippageBps: 0,
    startingWalletUsdt: 1000,
    leverage: 10,
    intrabar: 'path',
    funding: { tsMs: new Float64Array(0), rate: new Float64Array(0) },
  });
  venues.push(v);
  return v;
}

const bar = (tsMs: number, open: number, high: number, low: number, close: number): Bar1m => ({ tsMs, open, high, low, close, volume: 1 });

const limitBuy = (clientId: string, qty: number, price: number): OrderRequest => ({
  clientId,
  side: 'buy',
  type: 'limit',
  qty,
  price,
  reduceOnly: false,
  timeInForce: 'GTC',
});

function drained(v: SimVenue): VenueEvent[] {
  const out: VenueEvent[] = [];
  v.drain(out);
  return out;
}

const FLAT: PositionSnapshot = { side: 'flat', qty: 0, entryPrice: 0, unrealizedPnlUsdt: 0, liqPrice: 0 };

describe('SimVenue events and reconcile', () => {
  test('a resting limit entry: accepted, listed by reconcile with its leavesQty; a cancel reports leavesQty and USER_CANCEL, and it leaves reconcile', async () => {
    const v = venue();
    v.onBar(bar(0, 60000, 60000, 60000, 60000));
    v.execute({ kind: 'submit', order: limitBuy('r1-L1', 0.01, 59000) });
    // 59500 is the minute's low: the 59000 limit does not fill.
    v.onBar(bar(60_000, 60000, 60100, 59500, 59800));
    expect(drained(v)).toEqual([{ kind: 'accepted', clientId: 'r1-L1', venueOrderId: '1', seq: 1, tsMs: 60_000 }]);
    const working = await v.reconcile();
    expect(working.asOfMs).toBe(120_000);
    expect(working.orders).toEqual([
      { clientId: 'r1-L1', side: 'buy', type: 'limit', qty: 0.01, leavesQty: 0.01, price: 59000, reduceOnly: false },
    ]);
    expect(working.recentFills).toEqual([]);
    expect(working.account.position).toEqual(FLAT);
    // The working order holds margin: 590 / 10 = 59 plus fees 590 × 0.00055 + 590 × 0.9 × 0.00055 = 0.61655
    expect(working.account.availableUsdt).toBeCloseTo(1000 - 59.61655, 9);

    v.execute({ kind: 'cancel', clientId: 'r1-L1' });
    expect(drained(v)).toEqual([{ kind: 'cancelled', clientId: 'r1-L1', leavesQty: 0.01, reason: 'USER_CANCEL', seq: 2, tsMs: 120_000 }]);
    const after = await v.reconcile();
    expect(after.orders).toEqual([]);
    expect(after.account.availableUsdt).toBe(1000);
    // A cancel of an order that has already ended says nothing (the engine heard its outcome).
    v.execute({ kind: 'cancel', clientId: 'r1-L1' });
    expect(drained(v)).toEqual([]);
  });

  test('a market entry fills at the next open; its stop loss is triggered (the venue order, clientId "") then filled; reconcile lists both fills', async () => {
    const v = venue();
    v.onBar(bar(0, 60000, 60000, 60000, 60000));
    v.execute({
      kind: 'submit',
      order: {
        clientId: 'r1-L1',
        side: 'buy',
        type: 'market',
        qty: 0.01,
        reduceOnly: false,
        timeInForce: 'IOC',
        stopLoss: 59000,
        takeProfit: 61000,
      },
    });
    expect(drained(v)).toEqual([{ kind: 'accepted', clientId: 'r1-L1', venueOrderId: '1', seq: 1, tsMs: 60_000 }]);

    // Fills at 60000 (the open): taker fee 600 × 0.00055 = 0.33. IM 60 + 600 × 0.9 × 0.00055 = 60.297,
    // LP (600 − 60.297 + 3.297) / 0.01 = 54300; uPnL at the 60200 close = 2.
    v.onBar(bar(60_000, 60000, 60300, 59800, 60200));
    expect(drained(v)).toEqual([
      {
        kind: 'fill',
        execId: 'sim-e1',
        clientId: 'r1-L1',
        source: 'order',
        side: 'buy',
        qty: 0.01,
        cumQty: 0.01,
        leavesQty: 0,
        price: 60000,
        feeUsdt: 0.33,
        realisedPnlUsdt: 0,
        isMaker: false,
        ambiguous: false,
        seq: 2,
        tsMs: 60_000,
      },
      {
        kind: 'position',
        position: { side: 'long', qty: 0.01, entryPrice: 60000, unrealizedPnlUsdt: 2, liqPrice: 54300 },
        seq: 3,
        tsMs: 120_000,
      },
      { kind: 'wallet', walletUsdt: 999.67, availableUsdt: 939.373, seq: 4, tsMs: 120_000 },
    ]);
    const open = await v.reconcile();
    expect(open.orders).toEqual([]);
    expect(open.account).toEqual({
      walletUsdt: 999.67,
      equityUsdt: 1001.67,
      availableUsdt: 939.373,
      position: { side: 'long', qty: 0.01, entryPrice: 60000, unrealizedPnlUsdt: 2, liqPrice: 54300 },
    });
    expect(open.recentFills).toEqual([
      { execId: 'sim-e1', clientId: 'r1-L1', side: 'buy', qty: 0.01, price: 60000, feeUsdt: 0.33, tsMs: 60_000 },
    ]);

    // The low 58900 crosses the 59000 stop: loss 10, fee 590 × 0.00055 = 0.3245; wallet 999.67 − 10.3245.
    v.onBar(bar(120_000, 60200, 60300, 58900, 59100));
    expect(drained(v)).toEqual([
      { kind: 'triggered', clientId: '', source: 'stop_loss', seq: 5, tsMs: 120_000 },
      {
        kind: 'fill',
        execId: 'sim-e2',
        clientId: '',
        source: 'stop_loss',
        side: 'sell',
        qty: 0.01,
        cumQty: 0.01,
        leavesQty: 0,
        price: 59000,
        feeUsdt: 0.3245,
        realisedPnlUsdt: -10,
        isMaker: false,
        ambiguous: false,
        seq: 6,
        tsMs: 120_000,
      },
      { kind: 'position', position: FLAT, seq: 7, tsMs: 180_000 },
      { kind: 'wallet', walletUsdt: 989.3455, availableUsdt: 989.3455, seq: 8, tsMs: 180_000 },
    ]);
    const closed = await v.reconcile();
    expect([closed.asOfMs, closed.account.position, closed.account.walletUsdt, closed.orders]).toEqual([180_000, FLAT, 989.3455, []]);
    expect(closed.recentFills.map((f) => [f.execId, f.clientId, f.side, f.price])).toEqual([
      ['sim-e1', 'r1-L1', 'buy', 60000],
      ['sim-e2', '', 'sell', 59000],
    ]);
  });

  test('a take profit is triggered with its source; a resting limit fills as maker with cumQty and leavesQty 0', async () => {
    const v = venue();
    v.onBar(bar(0, 60000, 60000, 60000, 60000));
    v.execute({ kind: 'submit', order: { ...limitBuy('r1-L1', 0.01, 59500), takeProfit: 60500 } });
    // Open 60000 is nearer the high: O → H (60100) → L (59400, fills the limit) → C.
    // Maker fee 595 × 0.0002 = 0.119.
    v.onBar(bar(60_000, 60000, 60100, 59400, 59600));
    const entry = drained(v).filter((e) => e.kind === 'accepted' || e.kind === 'fill');
    expect(entry).toMatchObject([
      { kind: 'accepted', clientId: 'r1-L1' },
      {
        kind: 'fill',
        clientId: 'r1-L1',
        source: 'order',
        price: 59500,
        qty: 0.01,
        cumQty: 0.01,
        leavesQty: 0,
        feeUsdt: 0.119,
        isMaker: true,
      },
    ]);
    // The high 60600 crosses the 60500 take profit: gain 10, taker fee 605 × 0.00055 = 0.33275.
    v.onBar(bar(120_000, 59600, 60600, 59550, 60400));
    const exit = drained(v);
    expect(exit.map((e) => e.kind)).toEqual(['triggered', 'fill', 'position', 'wallet']);
    expect(exit[0]).toEqual({ kind: 'triggered', clientId: '', source: 'take_profit', seq: 5, tsMs: 120_000 });
    expect(exit[1]).toMatchObject({
      clientId: '',
      source: 'take_profit',
      side: 'sell',
      price: 60500,
      realisedPnlUsdt: 10,
      feeUsdt: 0.33275,
    });
    // seq is strictly increasing across every event so far
    expect(exit.map((e) => e.seq)).toEqual([5, 6, 7, 8]);
    expect((await v.reconcile()).account.walletUsdt).toBeCloseTo(1000 - 0.119 + 10 - 0.33275, 9);
  });
});
