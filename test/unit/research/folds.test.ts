// Walk-forward folds: rolling and anchored training windows, test windows right after them,
// no fold past the window end, and a window too short for one fold refused.
import { describe, expect, test } from 'bun:test';
import { walkForwardFolds } from '../../../src/research/folds';

const D = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

describe('walkForwardFolds', () => {
  test('rolling: fixed-length training windows moving by the step', () => {
    const f = walkForwardFolds({ fromMs: T0, toMs: T0 + 200 * D, trainMs: 90 * D, testMs: 30 * D, stepMs: 30 * D, anchored: false });
    expect(f.map((x) => [(x.trainFromMs - T0) / D, (x.trainToMs - T0) / D, (x.testFromMs - T0) / D, (x.testToMs - T0) / D])).toEqual([
      [0, 90, 90, 120],
      [30, 120, 120, 150],
      [60, 150, 150, 180],
    ]);
  });
  test('anchored: every training window starts at the window start', () => {
    const f = walkForwardFolds({ fromMs: T0, toMs: T0 + 180 * D, trainMs: 90 * D, testMs: 30 * D, stepMs: 30 * D, anchored: true });
    expect(f.map((x) => [(x.trainFromMs - T0) / D, (x.trainToMs - T0) / D, (x.testFromMs - T0) / D, (x.testToMs - T0) / D])).toEqual([
      [0, 90, 90, 120],
      [0, 120, 120, 150],
      [0, 150, 150, 180],
    ]);
  });
  test('a step shorter than the test overlaps test windows; no test bar is ever in its own training window', () => {
    const f = walkForwardFolds({ fromMs: T0, toMs: T0 + 20 * D, trainMs: 10 * D, testMs: 4 * D, stepMs: 2 * D, anchored: false });
    expect(f.length).toBe(4);
    for (const x of f) {
      expect(x.trainToMs).toBe(x.testFromMs);
      expect(x.testToMs).toBeLessThanOrEqual(T0 + 20 * D);
    }
  });
  test('too short a window is a usage error naming it', () => {
    expect(() =>
      walkForwardFolds({ fromMs: T0, toMs: T0 + 100 * D, trainMs: 90 * D, testMs: 30 * D, stepMs: 30 * D, anchored: false }),
    ).toThrow(
      'walkforward: the window 2024-01-01T00:00:00.000Z .. 2024-04-10T00:00:00.000Z is shorter than --train plus --test (120 days)',
    );
  });
});
