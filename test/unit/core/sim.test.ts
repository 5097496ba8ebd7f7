// Drives the WASM sim through the TypeScript wrapper on BTCUSDT with the full 20-tier risk table
// (bybit-v5.md §6.4). Expected numbers are computed by hand in the comments.
import { describe, expect, test } from 'bun:test';
import { CoreSim, type RiskTier, SIM_EVENT_STRIDE, SimBars, type SimConfig, type SimTradeClosedEvent } from '../../../src/core';
import { CoreError } from '../../../src/errors';

// [risk limit USDT, max leverage, MMR %, MM deduction USDT]
const BTCUSDT_TIERS: RiskTier[] = (
  [
    [2_000_000, 100, 0.5, 0],
    [2_600_000, 90, 0.56, 1_200],
    [3_200_000, 80, 0.63, 3_020],
    [3_800_000, 75, 0.67, 4_300],
    [4_400_000, 70, 0.71, 5_820],
    [5_000_000, 65, 0.77, 8_460],
    [5_600_000, 55, 0.91, 15_460],
    [8_500_000, 50, 1.0, 20_500],
    [10_000_000, 45, 1.3, 46_000],
    [14_000_000, 40, 1.5, 66_000],
    [20_000_000, 35, 1.6, 80_000],
    [28_000_000, 30, 2.0, 160_000],
    [38_000_000, 25, 2.5, 300_000],
    [50_000_000, 20, 2.9, 452_000],
    [55_000_000, 19, 3.0, 502_000],
    [60_000_000, 18, 3.5, 777_000],
    [65_000_000, 17, 3.6, 837_000],
    [70_000_000, 16, 3.8, 967_000],
    [75_000_000, 15, 4.0, 1_107_000],
    [80_000_000, 14, 4.5, 1_482_000],
  ] as const
).map(([riskLimitUsdt, maxLeverage, mmrPct, mmDeductionUsdt]) => ({ riskLimitUsdt, maxLeverage, mmr: mmrPct / 100, mmDeductionUsdt }));

function btcConfig(over: Partial<SimConfig> = {}): SimConfig {
  return {
    tickSize: 0.1,
    qtyStep: 0.001,
    minQty: 0.001,
    minNotionalUsdt: 5,
    makerFeeRate: 0.0002,
    takerFeeRate: 0.00055,
    slippageBps: 0,
    startingWalletUsdt: 1000,
    leverage: 10,
    intrabarMode: 'path',
    riskTiers: BTCUSDT_TIERS,
    ...over,
  };
}

describe('CoreSim', () => {
  test('long with TP, one funding payment, exact ledger', () => {
    const sim = new CoreSim(btcConfig());
    try {
      expect(sim.onBar1m(0, 60000, 60000, 60000, 60000)).toBe(0);
      expect(sim.events()).toEqual([]);
      const id = sim.submit({ kind: 'market', side: 'buy', qty: 0.01, takeProfit: 61000 });
      expect(sim.events()).toEqual([]);
      expect(sim.onBar1m(60_000, 60000, 60300, 59800, 60200)).toBe(1);
      // value 600, taker fee 600 × 0.00055 = 0.33
      expect(sim.events()).toEqual([
        {
          kind: 'fill',
          tsMs: 60_000,
          orderId: id,
          side: 'buy',
          qty: 0.01,
          price: 60000,
          feeUsdt: 0.33,
          isMaker: false,
          reason: 'entry',
          ambiguous: false,
          realisedPnlUsdt: 0,
          valueUsdt: 600,
          positionQtyAfter: 0.01,
        },
      ]);
      const s = sim.state();
      // IM = 60 + 600 × 0.9 × 0.00055 = 60.297; MM = 3 + 0.297; LP = (600 − 60.297 + 3.297) / 0.01 = 54300
      // uPnL at the 60200 close = 2; available = 999.67 − 60.297
      expect(s.walletUsdt).toBe(999.67);
      expect(s.positionMarginUsdt).toBe(60.297);
      expect(s.maintenanceMarginUsdt).toBe(3.297);
      expect(s.liqPrice).toBe(54300);
      expect(s.bankruptcyPrice).toBe(54000);
      expect(s.unrealisedPnlUsdt).toBe(2);
      expect(s.equityUsdt).toBe(1001.67);
      expect(s.availableUsdt).toBe(939.373);
      expect(s.takeProfitPrice).toBe(61000);
      // funding: 0.01 × 60200 × 0.0001 = 0.0602 paid by the long
      sim.applyFunding(120_000, 0.0001, 60200);
      expect(sim.events()).toEqual([
        { kind: 'funding', tsMs: 120_000, rate: 0.0001, markPrice: 60200, paidUsdt: 0.0602, positionQty: 0.01, fromMarginUsdt: 0 },
      ]);
      // TP at 61000: pnl 10, fee 610 × 0.00055 = 0.3355; trade net 10 − 0.6655 − 0.0602 = 9.2743
      expect(sim.onBar1m(120_000, 60200, 61050, 60100, 60900)).toBe(3);
      const [triggered, fill, trade] = sim.events();
      expect(triggered).toEqual({ kind: 'triggered', tsMs: 120_000, orderId: 0, triggerPrice: 61000, source: 'take_profit' });
      expect(fill).toMatchObject({
        kind: 'fill',
        price: 61000,
        feeUsdt: 0.3355,
        reason: 'take_profit',
        realisedPnlUsdt: 10,
        positionQtyAfter: 0,
      });
      expect(trade).toEqual({
        kind: 'trade_closed',
        exitTsMs: 120_000,
        side: 'buy',
        qty: 0.01,
        entryTsMs: 60_000,
        entryPrice: 60000,
        exitPrice: 61000,
        feesUsdt: 0.6655,
        fundingUsdt: 0.0602,
        grossPnlUsdt: 10,
        netPnlUsdt: 9.2743,
        maeUsdt: -2,
        mfeUsdt: 10,
        exitReason: 'take_profit',
        ambiguous: false,
      } satisfies SimTradeClosedEvent);
      const end = sim.state();
      // 1000 + 10 − 0.6655 − 0.0602
      expect([end.walletUsdt, end.realisedPnlUsdt, end.feesUsdt, end.fundingUsdt, end.positionSide]).toEqual([
        1009.2743, 10, 0.6655, 0.0602, 0,
      ]);
    } finally {
      sim.free();
    }
  });

  test('rejections are events with Bybit codes, and the zero-copy view matches', () => {
    const sim = new CoreSim(btcConfig());
    try {
      sim.onBar1m(0, 60000, 60000, 60000, 60000);
      const bad = sim.submit({ kind: 'market', side: 'buy', qty: 0.0005 });
      expect(sim.events()).toEqual([{ kind: 'rejected', tsMs: 60_000, orderId: bad, retCode: 10001, reason: 'QTY_INVALID' }]);
      const view = sim.eventsView();
      expect(view.length).toBe(SIM_EVENT_STRIDE);
      expect([...view.subarray(0, 5)]).toEqual([2, 60_000, bad, 10001, 1]);
      sim.submit({ kind: 'market', side: 'sell', qty: 0.01, reduceOnly: true });
      expect(sim.events()[0]).toMatchObject({ retCode: 110017, reason: 'REDUCE_ONLY_NO_POSITION' });
      sim.submit({ kind: 'limit', side: 'buy', qty: 0.01, price: 60100, postOnly: true });
      expect(sim.events()[0]).toMatchObject({ retCode: 0, reason: 'EC_POST_ONLY_WILL_TAKE_LIQUIDITY' });
      sim.cancel(999);
      expect(sim.events()[0]).toMatchObject({ kind: 'rejected', orderId: 999, retCode: 110001 });
    } finally {
      sim.free();
    }
  });

  test('pessimistic mode takes the stop-loss when TP and SL share a bar', () => {
    const sim = new CoreSim(btcConfig({ intrabarMode: 'pessimistic' }));
    try {
      sim.onBar1m(0, 60000, 60000, 60000, 60000);
      sim.submit({ kind: 'market', side: 'buy', qty: 0.01, takeProfit: 60500, stopLoss: 59500 });
      sim.onBar1m(60_000, 60000, 60000, 60000, 60000);
      sim.onBar1m(120_000, 60000, 60600, 59400, 60000);
      const fill = sim.events().find((e) => e.kind === 'fill');
      expect(fill).toMatchObject({ reason: 'stop_loss', price: 59500, ambiguous: true });
      // (5 − 605 × 0.00055) − (−5 − 595 × 0.00055) = 9.9945
      const s = sim.state();
      expect([s.ambiguousBars, s.ambiguousFills, s.ambiguousPnlUsdt]).toEqual([1, 1, 9.9945]);
    } finally {
      sim.free();
    }
  });

  test('liquidation and cancel events decode', () => {
    const sim = new CoreSim(btcConfig());
    try {
      sim.onBar1m(0, 60000, 60000, 60000, 60000);
      const resting = sim.submit({ kind: 'limit', side: 'buy', qty: 0.01, price: 50000 });
      sim.cancel(resting);
      expect(sim.events()).toEqual([{ kind: 'cancelled', tsMs: 60_000, orderId: resting, retCode: 0, reason: 'USER_CANCEL' }]);
      sim.submit({ kind: 'market', side: 'buy', qty: 0.01 });
      sim.onBar1m(60_000, 60000, 60000, 60000, 60000);
      // LP = (600 − 60.297 + 3.297) / 0.01 = 54300; bankruptcy (600 − 60) / 0.01 = 54000; margin 60.297 lost
      expect(sim.onBar1m(120_000, 59000, 59100, 54000, 54500)).toBe(3);
      const [liq, fill, trade] = sim.events();
      expect(liq).toEqual({
        kind: 'liquidation',
        tsMs: 120_000,
        side: 'buy',
        qty: 0.01,
        bankruptcyPrice: 54000,
        markPrice: 54300,
        marginLostUsdt: 60.297,
        liqPrice: 54300,
      });
      expect(fill).toMatchObject({ kind: 'fill', price: 54000, reason: 'liquidation', realisedPnlUsdt: -60, feeUsdt: 0.297 });
      expect(trade).toMatchObject({ kind: 'trade_closed', exitReason: 'liquidation', grossPnlUsdt: -60, netPnlUsdt: -60.627 });
      // 1000 − 0.33 − 60.297
      expect(sim.state().walletUsdt).toBe(939.373);
    } finally {
      sim.free();
    }
  });

  test('onBars1m stops at the first bar with events', () => {
    const sim = new CoreSim(btcConfig());
    const n = 6;
    const cols = {
      tsMs: Float64Array.from({ length: n }, (_, i) => i * 60_000),
      open: new Float64Array(n).fill(60000),
      high: Float64Array.from({ length: n }, (_, i) => (i === 4 ? 60200 : 60050)),
      low: new Float64Array(n).fill(59950),
      close: new Float64Array(n).fill(60000),
    };
    const bars = SimBars.copy(cols);
    try {
      expect(sim.onBars1m(bars, 0, 1)).toBe(1);
      sim.submit({ kind: 'limit', side: 'sell', qty: 0.01, price: 60100 });
      // bars 1..3 stay below 60100; bar 4 reaches 60200 and fills the resting sell as maker
      expect(sim.onBars1m(bars, 1, 5)).toBe(4);
      expect(sim.events()[0]).toMatchObject({ kind: 'fill', price: 60100, isMaker: true, feeUsdt: 0.1202 });
      expect(sim.onBars1m(bars, 5, 1)).toBe(1);
      expect(() => sim.onBars1m(bars, 5, 2)).toThrow(CoreError);
      expect(sim.state().bars).toBe(6);
    } finally {
      bars.free();
      sim.free();
    }
  });

  test('bad config and bad bars throw CoreError naming the value', () => {
    expect(() => new CoreSim(btcConfig({ leverage: 150 }))).toThrow('sim config[8] leverage = 150: expected <= tier 1 max leverage 100');
    const sim = new CoreSim(btcConfig());
    try {
      expect(() => sim.onBar1m(0, 100, 99, 98, 99)).toThrow('o/h/l/c = 100/99/98/99');
    } finally {
      sim.free();
    }
  });
});
