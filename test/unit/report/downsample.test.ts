// The report's downsampling choice (src/report/downsample.ts): the candle chart keeps the exec
// timeframe while the window has at most MAX_CHART_BARS exec bars, else takes the smallest
// standard timeframe that is a multiple of the exec one and fits; equity is bucketed to the same
// timeframe keeping each bucket's last equity and deepest drawdown.
import { describe, expect, test } from 'bun:test';
import { bucketEquity, bucketMs, chartTfMinutes, MAX_CHART_BARS } from '../../../src/report/downsample';

const MINUTE_MS = 60_000;
const DAY_MS = 1440 * MINUTE_MS;
/** 2024 is a leap year: 366 days, 35,136 15m bars. */
const YEAR_2024_MS = 366 * DAY_MS;

describe('chartTfMinutes', () => {
  test('the cap is 40,000 candles (docs/report.md)', () => {
    expect(MAX_CHART_BARS).toBe(40_000);
  });

  test('a year of 15m is drawn at 15m (35,136 candles fit)', () => {
    expect(chartTfMinutes(15, YEAR_2024_MS)).toBe(15);
  });

  test('a year of 1m is drawn at 15m: 1m, 3m and 5m would exceed the cap', () => {
    expect(YEAR_2024_MS / (5 * MINUTE_MS)).toBeGreaterThan(MAX_CHART_BARS);
    expect(chartTfMinutes(1, YEAR_2024_MS)).toBe(15);
  });

  test('exactly MAX_CHART_BARS exec bars stay at the exec timeframe; one more moves up', () => {
    expect(chartTfMinutes(1, MAX_CHART_BARS * MINUTE_MS)).toBe(1);
    expect(chartTfMinutes(1, (MAX_CHART_BARS + 1) * MINUTE_MS)).toBe(3);
    expect(chartTfMinutes(15, MAX_CHART_BARS * 15 * MINUTE_MS)).toBe(15);
    expect(chartTfMinutes(15, (MAX_CHART_BARS + 1) * 15 * MINUTE_MS)).toBe(30);
  });

  test('only multiples of the exec timeframe: 3m skips 5m for 15m', () => {
    // 150,000 minutes: 50,000 3m bars (too many), 30,000 5m bars (would fit, but 5 is no multiple of 3).
    expect(chartTfMinutes(3, 150_000 * MINUTE_MS)).toBe(15);
    // 5m exec over the same window: 30,000 bars fit as they are.
    expect(chartTfMinutes(5, 150_000 * MINUTE_MS)).toBe(5);
  });

  test('never below the exec timeframe, whatever the window', () => {
    expect(chartTfMinutes(240, DAY_MS)).toBe(240);
    expect(chartTfMinutes(60, 4 * YEAR_2024_MS)).toBe(60);
    // Ten years of 1h: 87,840 bars; 2h 43,920 (too many); 4h 21,960.
    expect(chartTfMinutes(60, 10 * YEAR_2024_MS)).toBe(240);
  });

  test('a window too long even for weekly candles still gets weekly candles', () => {
    expect(chartTfMinutes(1, 10080 * MINUTE_MS * (MAX_CHART_BARS + 1))).toBe(10080);
  });
});

describe('bucketMs and bucketEquity', () => {
  test('buckets are UTC epoch-aligned; weeks bucket by day', () => {
    const t = Date.UTC(2024, 4, 7, 13, 37, 0);
    expect(bucketMs(t, 15)).toBe(Date.UTC(2024, 4, 7, 13, 30));
    expect(bucketMs(t, 240)).toBe(Date.UTC(2024, 4, 7, 12, 0));
    expect(bucketMs(t, 10080)).toBe(Date.UTC(2024, 4, 7));
  });

  test("one point per bucket: its start, the bucket's last equity and its deepest drawdown", () => {
    const start = Date.UTC(2024, 0, 1);
    // 1m points over 0:00..0:31: three 15m buckets, the deepest drawdown in the middle of the first.
    const tsMs = Array.from({ length: 32 }, (_, k) => start + k * MINUTE_MS);
    const equityUsdt = tsMs.map((_, k) => 1000 + k);
    const drawdownPct = tsMs.map((_, k) => (k === 7 ? 9 : k === 20 ? 4 : 1));
    expect(bucketEquity({ tsMs, equityUsdt, drawdownPct }, 15)).toEqual({
      tsMs: [start, start + 15 * MINUTE_MS, start + 30 * MINUTE_MS],
      equityUsdt: [1014, 1029, 1031],
      drawdownPct: [9, 4, 1],
    });
  });

  test('at the exec timeframe nothing is merged', () => {
    const tsMs = [0, 900_000, 1_800_000];
    const e = { tsMs, equityUsdt: [1, 2, 3], drawdownPct: [0, 5, 2] };
    expect(bucketEquity(e, 15)).toEqual({ tsMs, equityUsdt: [1, 2, 3], drawdownPct: [0, 5, 2] });
  });
});
