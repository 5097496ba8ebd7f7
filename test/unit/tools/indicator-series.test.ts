// indicator-series: param parsing and validation against the registry, warm-up blanking, and the
// CSV / JSON shapes printed by `trade indicator` and `trade structure`.
import { describe, expect, test } from 'bun:test';
import type { OhlcvColumns } from '../../../src/core';
import { computeSeries, findSeriesSpec, formatSeriesCsv, formatSeriesJson, parseParamAssignments, parseSource } from '../../../src/tools';

function cols(close: number[], high = close, low = close): OhlcvColumns {
  return {
    tsMs: Float64Array.from(close, (_, i) => Date.UTC(2024, 0, 1) + i * 60_000),
    open: Float64Array.from(close),
    high: Float64Array.from(high),
    low: Float64Array.from(low),
    close: Float64Array.from(close),
    volume: Float64Array.from(close, () => 1),
  };
}

describe('parseParamAssignments', () => {
  test('accepts known names in range and reports every problem at once', () => {
    const spec = findSeriesSpec('structure', 'zones');
    expect(parseParamAssignments('structure', spec, ['left=3', 'impulse_atr=0.5'])).toEqual({ left: 3, impulse_atr: 0.5 });
    expect(() => parseParamAssignments('structure', spec, ['left=2.5', 'width=3', 'right', 'max_zones=0'])).toThrow(
      "zones.left must be an integer in [1, 1000] (got '2.5'); structure zones has no param 'width' (expected one of left, right, impulse_atr, atr_length, impulse_pct, max_zones); --param 'right' (expected name=value); zones.max_zones must be an integer in [1, 100] (got '0')",
    );
  });

  test('source only for source indicators', () => {
    expect(parseSource('indicator', findSeriesSpec('indicator', 'sma'), 'hl2')).toBe('hl2');
    expect(() => parseSource('indicator', findSeriesSpec('indicator', 'sma'), 'hl3')).toThrow("--source 'hl3' (expected one of open");
    expect(() => parseSource('structure', findSeriesSpec('structure', 'swing'), 'close')).toThrow(
      'structure swing reads high, low; it takes no --source',
    );
    expect(() => findSeriesSpec('indicator', 'swing')).toThrow("unknown indicator 'swing' (expected one of sma, ema");
  });
});

describe('formatting', () => {
  test('sma(3): empty before warm-up, values after', () => {
    const r = computeSeries({ kind: 'indicator', name: 'sma', params: { length: 3 } }, cols([1, 2, 3, 4, 10]));
    expect(r.warmup).toBe(2);
    expect(formatSeriesCsv(r)).toBe(
      [
        'ts,value',
        '2024-01-01T00:00:00.000Z,',
        '2024-01-01T00:01:00.000Z,',
        '2024-01-01T00:02:00.000Z,2',
        '2024-01-01T00:03:00.000Z,3',
        `2024-01-01T00:04:00.000Z,${17 / 3}`,
      ].join('\n'),
    );
    const j = formatSeriesJson(r);
    expect(j.params).toEqual({ length: 3 });
    expect(j.source).toBe('close');
    expect(j.rows[1]).toEqual({ ts: '2024-01-01T00:01:00.000Z', value: null });
    expect(j.rows[3]).toEqual({ ts: '2024-01-01T00:03:00.000Z', value: 3 });
  });

  test('rolling_window(2): every output column, NaN-free after warm-up; flat range gives position 0.5', () => {
    const r = computeSeries({ kind: 'structure', name: 'rolling_window', params: { length: 2 } }, cols([5, 5, 7], [6, 5, 8], [4, 5, 6]));
    // bar 1: high max(6,5)=6, low min(4,5)=4, mid 5, position (5-4)/2 = 0.5; bar 2: high 8, low 5, position (7-5)/3
    expect(formatSeriesCsv(r).split('\n')).toEqual([
      'ts,high,low,mid,position',
      '2024-01-01T00:00:00.000Z,,,,',
      '2024-01-01T00:01:00.000Z,6,4,5,0.5',
      `2024-01-01T00:02:00.000Z,8,5,6.5,${2 / 3}`,
    ]);
    expect(formatSeriesJson(r).source).toBeNull();
  });
});
