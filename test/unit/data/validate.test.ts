import { describe, expect, test } from 'bun:test';
import { gridLabel, gridShiftMin, timeOrder } from '../../../src/data/validate';

const H = 3_600_000;

describe('funding grid', () => {
  test('a constant offset from the 8 h grid is the file zone, taken in (-4 h, +4 h]', () => {
    const utc = [0, 8 * H, 16 * H, 24 * H];
    expect(gridShiftMin(Float64Array.from(utc), 480)).toBe(0);
    expect(
      gridShiftMin(
        Float64Array.from(utc, (t) => t + 3 * H),
        480,
      ),
    ).toBe(180); // UTC+3 written as local time
    expect(
      gridShiftMin(
        Float64Array.from(utc, (t) => t - 5 * H),
        480,
      ),
    ).toBe(180); // -5 h is +3 h on an 8 h grid
    expect(
      gridShiftMin(
        Float64Array.from(utc, (t) => t + 5 * H),
        480,
      ),
    ).toBe(-180);
    expect(
      gridShiftMin(
        Float64Array.from(utc, (t) => t - 30 * 60_000),
        480,
      ),
    ).toBe(-30);
  });

  test('mixed offsets or no rows give no single zone', () => {
    expect(gridShiftMin(Float64Array.from([0, 8 * H + 60_000]), 480)).toBeUndefined();
    expect(gridShiftMin(new Float64Array(0), 480)).toBeUndefined();
  });

  test('grid labels', () => {
    expect(gridLabel(480)).toBe('00/08/16:00');
    expect(gridLabel(240)).toBe('00/04/08/12/16/20:00');
    expect(gridLabel(90)).toBe('90-minute');
  });
});

describe('timeOrder', () => {
  test('ascending stays, descending (Bybit REST) reverses, anything else sorts stably', () => {
    expect(Array.from(timeOrder(Float64Array.from([1, 2, 3])))).toEqual([0, 1, 2]);
    expect(Array.from(timeOrder(Float64Array.from([3, 2, 1])))).toEqual([2, 1, 0]);
    expect(Array.from(timeOrder(Float64Array.from([2, 1, 2, 0])))).toEqual([3, 1, 0, 2]);
  });
});
