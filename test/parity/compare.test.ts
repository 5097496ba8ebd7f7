// The parity comparator must fail on each kind of divergence: a shifted first valid index, one
// ulp in exact mode, a relative error above 1e-9, a NaN after warm-up; and pass a zero-crossing
// value whose error is tiny against the series' typical magnitude.
import { describe, expect, test } from 'bun:test';
import { compareSeries, firstNonNaN } from './compare';

const nextUp = (x: number): number => {
  const b = new Float64Array([x]);
  const u = new BigUint64Array(b.buffer);
  u[0] = (u[0] as bigint) + 1n;
  return b[0] as number;
};

describe('compareSeries', () => {
  const ref = new Float64Array([10, 11, 12, 13]);
  const ours = new Float64Array([Number.NaN, Number.NaN, 10, 11, 12, 13]);

  test('passes identical values from the same first index, in both modes', () => {
    expect(compareSeries(ours, ref, 2, { exact: true }).problems).toEqual([]);
    expect(compareSeries(ours, ref, 2, { exact: false }).problems).toEqual([]);
  });

  test('fails when our first valid index differs from begIndex', () => {
    const early = new Float64Array([Number.NaN, 9, 10, 11, 12, 13]);
    const r = compareSeries(early, ref, 2, { exact: false });
    expect(r.firstValid).toBe(1);
    expect(r.problems[0]).toBe('first valid index 1, reference begIndex 2');
  });

  test('exact mode fails on one ulp; tolerance mode accepts it', () => {
    const off = Float64Array.from(ours);
    off[4] = nextUp(12);
    expect(compareSeries(off, ref, 2, { exact: true }).failures).toBe(1);
    const tol = compareSeries(off, ref, 2, { exact: false });
    expect(tol.problems).toEqual([]);
    expect(tol.bitDiffs).toBe(1);
  });

  test('tolerance mode fails above 1e-9 relative and on NaN after warm-up', () => {
    const off = Float64Array.from(ours);
    off[3] = 11 * (1 + 3e-9);
    off[5] = Number.NaN;
    const r = compareSeries(off, ref, 2, { exact: false });
    expect(r.failures).toBe(2);
    expect(r.problems[0]).toStartWith('2 of 4 bars differ by more than 1e-9 relative');
  });

  test('a value near zero is judged against the series scale, not itself', () => {
    const osc = new Float64Array([100, -100, 1e-12, 50]);
    const mine = Float64Array.from(osc);
    mine[2] = 2e-12;
    expect(compareSeries(mine, osc, 0, { exact: false }).problems).toEqual([]);
    mine[2] = 1e-6;
    expect(compareSeries(mine, osc, 0, { exact: false }).failures).toBe(1);
  });

  test('a length mismatch is reported', () => {
    expect(compareSeries(ours.subarray(1), ref, 2, { exact: false }).problems[0]).toBe('length 5, expected 6 (begIndex 2 + 4 values)');
  });

  test('firstNonNaN is -1 for an all-NaN column', () => {
    expect(firstNonNaN(new Float64Array([Number.NaN, Number.NaN]))).toBe(-1);
  });
});
