import { describe, expect, test } from 'bun:test';
import { bucketStartMs, resample } from '../../../src/data/resample';
import type { CandleColumns } from '../../../src/domain';
import { DataError } from '../../../src/errors';

const T0 = Date.UTC(2024, 0, 1); // a Monday

/** 1m columns from [minuteIndex, o, h, l, c, v, turnover] rows. */
function cols(rows: readonly (readonly number[])[]): CandleColumns {
  const f = (k: number) => Float64Array.from(rows, (r) => (k === 0 ? T0 + (r[0] as number) * 60_000 : (r[k] as number)));
  return { tsMs: f(0), open: f(1), high: f(2), low: f(3), close: f(4), volume: f(5), turnover: f(6) };
}

/** n consecutive flat minutes starting at startMs. */
function flat(startMs: number, n: number): CandleColumns {
  const tsMs = Float64Array.from({ length: n }, (_, i) => startMs + i * 60_000);
  const one = () => new Float64Array(n).fill(1);
  return { tsMs, open: one(), high: one(), low: one(), close: one(), volume: one(), turnover: one() };
}

const TEN = [
  [0, 10, 12, 9, 11, 1, 10],
  [1, 11, 15, 10, 14, 2, 20],
  [2, 14, 14, 7, 8, 3, 30],
  [3, 8, 9, 8, 9, 4, 40],
  [4, 9, 10, 9, 10, 5, 50],
  [5, 10, 10, 5, 6, 0.1, 1],
  [6, 6, 7, 6, 7, 0.2, 2],
  [7, 7, 20, 7, 19, 0.3, 3],
  [8, 19, 19, 18, 18, 0.4, 4],
  [9, 18, 18, 17, 17, 0.5, 5],
];

describe('resample to 5m', () => {
  test('OHLCV by hand: first open, max high, min low, last close, summed volume and turnover', () => {
    const r = resample(cols(TEN), 5);
    expect(Array.from(r.tsMs)).toEqual([T0, T0 + 300_000]);
    expect(Array.from(r.open)).toEqual([10, 10]);
    expect(Array.from(r.high)).toEqual([15, 20]);
    expect(Array.from(r.low)).toEqual([7, 5]);
    expect(Array.from(r.close)).toEqual([10, 17]);
    expect(r.volume[0]).toBe(15);
    expect(r.volume[1]).toBeCloseTo(1.5, 12);
    expect(Array.from(r.turnover)).toEqual([150, 15]);
    expect(Array.from(r.complete)).toEqual([1, 1]);
  });

  test('the still-open bucket (ends after the last minute) is not emitted', () => {
    const r = resample(cols(TEN.slice(0, 8)), 5);
    expect(Array.from(r.tsMs)).toEqual([T0]);
  });

  test('a bucket missing a minute is flagged incomplete, with its minute count', () => {
    const r = resample(cols(TEN.filter((row) => row[0] !== 2)), 5);
    expect(Array.from(r.complete)).toEqual([0, 1]);
    expect(Array.from(r.minutes)).toEqual([4, 5]);
    expect(r.low[0]).toBe(8);
  });

  test('a missing turnover makes the bucket turnover NaN, not a partial sum', () => {
    const rows = TEN.map((r) => [...r]);
    (rows[1] as number[])[6] = Number.NaN;
    const r = resample(cols(rows), 5);
    expect(r.turnover[0]).toBeNaN();
    expect(r.turnover[1]).toBe(15);
  });

  test('input out of order or off the minute is refused', () => {
    expect(() => resample(cols([TEN[1] as number[], TEN[0] as number[]]), 5)).toThrow(DataError);
    const c = cols(TEN);
    c.tsMs[3] = (c.tsMs[3] as number) + 1;
    expect(() => resample(c, 5)).toThrow(/not on the minute/);
  });
});

describe('day and week boundaries', () => {
  test('1d buckets start at 00:00 UTC; a partial first day is incomplete; the open last day is dropped', () => {
    const start = Date.UTC(2024, 0, 1, 23, 0);
    const r = resample(flat(start, 60 + 1440 + 30), 1440);
    expect(Array.from(r.tsMs)).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2)]);
    expect(Array.from(r.complete)).toEqual([0, 1]);
    expect(Array.from(r.minutes)).toEqual([60, 1440]);
  });

  test('1w buckets start on Monday 00:00 UTC', () => {
    // Sunday 2024-01-07 00:00 through Sunday 2024-01-14 23:59: Sunday alone, then the full week of Monday 8th.
    const r = resample(flat(Date.UTC(2024, 0, 7), 8 * 1440), 10080);
    expect(Array.from(r.tsMs)).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 8)]);
    expect(new Date(r.tsMs[1] as number).getUTCDay()).toBe(1);
    expect(Array.from(r.complete)).toEqual([0, 1]);
    expect(r.volume[1]).toBe(10080);
  });

  test('bucketStartMs', () => {
    expect(bucketStartMs(Date.UTC(2024, 5, 5, 13, 7), 240)).toBe(Date.UTC(2024, 5, 5, 12));
    expect(bucketStartMs(Date.UTC(2024, 5, 9, 23, 59), 10080)).toBe(Date.UTC(2024, 5, 3)); // Sunday 9th → Monday 3rd
  });
});
