// Sizing: hand-computed quantities for each plan, rounding down to the qty step, min checks.
import { describe, expect, test } from 'bun:test';
import { entryCostRate, floorToStep, roundToTick, sizePosition } from '../../../src/engine/sizing';

const rules = { qtyStep: 0.001, minQty: 0.001, minNotionalUsdt: 5, tickSize: 0.1 };
const base = { equityUsdt: 10_000, entryPrice: 50_000, leverage: 10, maxNotionalUsdt: undefined, availableUsdt: 10_000, rules };

describe('sizing', () => {
  test('risk 1% of 10,000 USDT to a 500 USDT stop = 0.2 BTC', () => {
    expect(sizePosition({ ...base, plan: { kind: 'risk_pct', pct: 1 }, stopDistance: 500 }).qty).toBe(0.2);
  });
  test('notional 1,234 USDT at 50,000 = 0.02468 -> 0.024 (rounded down)', () => {
    expect(sizePosition({ ...base, plan: { kind: 'notional', usdt: 1234 }, stopDistance: undefined }).qty).toBe(0.024);
  });
  test('equity 10% at 10x leverage = 10,000 USDT notional = 0.2 BTC', () => {
    expect(sizePosition({ ...base, plan: { kind: 'equity_pct', pct: 10 }, stopDistance: undefined }).qty).toBe(0.2);
  });
  test('max notional caps the size', () => {
    expect(sizePosition({ ...base, plan: { kind: 'fixed_qty', qty: 1 }, stopDistance: undefined, maxNotionalUsdt: 5_000 }).qty).toBe(0.1);
  });
  test('available margin caps the size: 1,000 USDT at 10x = 0.2 BTC', () => {
    expect(sizePosition({ ...base, plan: { kind: 'fixed_qty', qty: 1 }, stopDistance: undefined, availableUsdt: 1000 }).qty).toBe(0.2);
  });
  test('below min notional gives 0 with a reason', () => {
    const r = sizePosition({ ...base, plan: { kind: 'notional', usdt: 4 }, stopDistance: undefined, entryPrice: 1000 });
    expect(r.qty).toBe(0);
    expect(r.reason).toBe('below_min_notional');
    expect(r.detail).toContain('below min');
  });
  test('risk sizing without a stop is refused', () => {
    const r = sizePosition({ ...base, plan: { kind: 'risk_pct', pct: 1 }, stopDistance: undefined });
    expect(r.reason).toBe('no_stop_distance');
    expect(r.detail).toContain('stop distance');
  });
  test('the order cost (margin + open fee + close fee at bankruptcy) must fit: Bybit order cost formula', () => {
    // long 10x, taker 0.055%: 1/10 + 0.00055 + 0.00055 * 0.9 = 0.101045 per USDT of notional
    expect(entryCostRate('long', 10, 0.00055)).toBeCloseTo(0.101045, 12);
    expect(entryCostRate('short', 10, 0.00055)).toBeCloseTo(0.101155, 12);
    // 1,000 USDT at 10x and 1,000 USDT/BTC buys 1000 / (1000 * 0.101045) = 9.8966 BTC, floored to 9.896
    const r = sizePosition({
      ...base,
      plan: { kind: 'fixed_qty', qty: 50 },
      stopDistance: undefined,
      entryPrice: 1000,
      availableUsdt: 1000,
      costRate: entryCostRate('long', 10, 0.00055),
    });
    expect(r.qty).toBe(9.896);
  });
  test('a size capped by margin below the minimum says insufficient_margin', () => {
    const r = sizePosition({ ...base, plan: { kind: 'fixed_qty', qty: 1 }, stopDistance: undefined, availableUsdt: 0.01 });
    expect(r.qty).toBe(0);
    expect(r.reason).toBe('insufficient_margin');
  });
  test('step and tick rounding are exact in decimal', () => {
    expect(floorToStep(0.30000000000000004, 0.1)).toBe(0.3);
    expect(floorToStep(0.0299999, 0.001)).toBe(0.029);
    expect(roundToTick(60766.66, 0.1)).toBe(60766.7);
  });
});
