// The evaluator's firstCandidate (compile.ts scanOf, fused.ts scans): for stateless rules whose
// cases are comparisons or crosses of exec columns and constants (or and/or of such), the first
// exec cursor some case may match. Checked against evaluating every cursor, on random columns with
// ties and NaN (warm-up): no cursor before the candidate emits anything, and without an `and`
// (whose scan is a necessary condition) the candidate is exactly the first cursor that emits.
import { describe, expect, test } from 'bun:test';
import * as fc from 'fast-check';
import { bind, check, playText } from './harness';

const N = Number.NaN;

/** Exec-only rules: [text, exact] (exact: the scan finds exactly the cursors where the rule gives 1). */
const SCANNABLE: readonly [string, boolean][] = [
  ['a > b', true],
  ['a >= b', true],
  ['a < b', true],
  ['a <= b[1]', true],
  ['a > 2', true],
  ['a >= 2', true],
  ['2 > a', true],
  ['2 >= a', true],
  ['close < 2', true],
  ['a cross_above b', true],
  ['a cross_below b', true],
  ['a cross_above 2', true],
  ['close cross_below a[1]', true],
  ['a > b or close <= 1', true],
  ['a cross_above b or a cross_below b', true],
  ['a > b and close < 3', false],
  ['close > 1 and side == 0', false],
  ['a == b and a > 1', false],
  ['t > 2 and a cross_above b', false],
];

const value = fc.constantFrom(1, 2, 2, 3, N);
const columns = (n: number) => fc.array(value, { minLength: n, maxLength: n });

function entries(r1: string, r2: string): string {
  return `  entries:\n    - { when: ${JSON.stringify(r1)}, emit: enter_long }\n    - { when: ${JSON.stringify(r2)}, emit: enter_short }`;
}

describe('firstCandidate', () => {
  test('no cursor before it emits; exact rules give the first cursor that emits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: SCANNABLE.length - 1 }),
        fc.integer({ min: 0, max: SCANNABLE.length - 1 }),
        columns(24),
        columns(24),
        columns(24),
        columns(6),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: -1, max: 1 }),
        (i1, i2, a, b, close, t, from, side) => {
          const [r1, exact1] = SCANNABLE[i1]!;
          const [r2, exact2] = SCANNABLE[i2]!;
          const h = bind(check(playText(entries(r1, r2))), {
            'exec:a.value': a,
            'exec:b.value': b,
            'exec:close': close,
            'htf:t.value': t,
          });
          h.state[2] = side;
          const cand = h.ev.firstCandidate;
          expect(cand).toBeDefined();
          const got = cand!(from, 24);
          let firstEmit = 24;
          for (let c = from; c < 24; c++) {
            if (h.at(c) !== 0) {
              firstEmit = c;
              break;
            }
          }
          expect(got).toBeLessThanOrEqual(firstEmit);
          expect(got).toBeGreaterThanOrEqual(from);
          if (exact1 && exact2) expect(got).toBe(firstEmit);
        },
      ),
      { numRuns: 3000, seed: 20261207 },
    );
  });

  test('absent when a case cannot be scanned (==, a higher timeframe, a stateful operator, a state read alone)', () => {
    const cols = { 'exec:a.value': [1], 'exec:b.value': [1], 'exec:close': [1], 'htf:t.value': [1] };
    for (const rule of ['a == b', 't > 1', 'holds_for(3, a > b)', 'side == 0', 'not (a > b)', 'a > b and t > 1 or a == b']) {
      const h = bind(check(playText(entries('a > b', rule))), cols);
      expect({ rule, scan: h.ev.firstCandidate === undefined }).toEqual({ rule, scan: true });
    }
  });
});
