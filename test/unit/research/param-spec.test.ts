// --param SPEC forms, the seeded sample and the ranking order.
import { describe, expect, test } from 'bun:test';
import type { Metrics } from '../../../src/backtest';
import { parseParam, parseParams } from '../../../src/research/param-spec';
import { sampleIndices } from '../../../src/research/prng';
import { rankOrder } from '../../../src/research/rank';
import { combination } from '../../../src/research/variants';

describe('--param SPEC', () => {
  test('range, list and log range', () => {
    expect(parseParam('a.b=5..50:5').values).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
    expect(parseParam('a=0.1..0.3:0.1').values).toEqual([0.1, 0.2, 0.3]);
    expect(parseParam('a=1..2:0.4').values).toEqual([1, 1.4, 1.8]);
    expect(parseParam('a=[1, 1.5,2,1]').values).toEqual([1, 1.5, 2]);
    expect(parseParam('a=log:1..100:5').values).toEqual([1, 3.16227766017, 10, 31.6227766017, 100]);
    expect(parseParam('x.0.y=[3]').segments).toEqual(['x', '0', 'y']);
  });
  test('errors name the option and value', () => {
    expect(() => parseParam('a=5..1:1')).toThrow("--param 'a=5..1:1': expected the range end 1 to be >= its start 5");
    expect(() => parseParam('a=[]')).toThrow("--param 'a=[]': expected a non-empty list [X,Y,...]");
    expect(() => parseParam('a=log:1..10:1')).toThrow("expected N to be an integer from 2 to 10000 in 'log:A..B:N' (got 1)");
    expect(() => parseParams(['a=[1]', 'a=[2]'])).toThrow("--param 'a': expected each PATH once");
  });
  test('combinations: last param fastest', () => {
    const ps = [parseParam('a=[1,2]'), parseParam('b=[10,20,30]')];
    expect([0, 1, 2, 3, 5].map((k) => combination(ps, k))).toEqual([
      { a: 1, b: 10 },
      { a: 1, b: 20 },
      { a: 1, b: 30 },
      { a: 2, b: 10 },
      { a: 2, b: 30 },
    ]);
  });
});

describe('seeded sample', () => {
  test('distinct, in range, the same for the same seed, different for another', () => {
    const a = sampleIndices(1000, 50, 7);
    expect(new Set(a).size).toBe(50);
    expect(a.every((i) => i >= 0 && i < 1000)).toBe(true);
    expect(sampleIndices(1000, 50, 7)).toEqual(a);
    expect(sampleIndices(1000, 50, 8)).not.toEqual(a);
    expect(sampleIndices(5, 10, 1).sort()).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('ranking', () => {
  const m = (sharpe: number | null, trades: number, maxDrawdownPct = 1) => ({ sharpe, trades, maxDrawdownPct }) as unknown as Metrics;
  test('best first, null and too few trades unranked, ties by variant order', () => {
    const ms = [m(1, 10), m(null, 10), m(2, 10), m(1, 10), m(5, 2)];
    expect(rankOrder(ms, 'sharpe', 3)).toEqual([2, 0, 3]);
    expect(rankOrder(ms, 'sharpe', 0)).toEqual([4, 2, 0, 3]);
  });
  test('max_drawdown: lower is better', () => {
    expect(rankOrder([m(0, 1, 5), m(0, 1, 2)], 'max_drawdown', 0)).toEqual([1, 0]);
  });
});
