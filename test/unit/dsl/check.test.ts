// Type checker and name resolution: resolved refs, canonical text, and the messages that list the
// valid names. Through checkPlaySource so paths and columns are real.
import { describe, expect, test } from 'bun:test';
import { checkPlaySource, type Node, parseRule, printRule } from '../../../src/dsl';
import { FAKE_CATALOG } from '../play/fake-catalog';
import { check, playText } from './harness';

function errorsOf(rule: string): string[] {
  const text = playText(`  e:\n    - when: ${JSON.stringify(rule)}\n      emit: enter_long`);
  return checkPlaySource(text, 'c.yml', FAKE_CATALOG)
    .issues.filter((i) => i.severity === 'error')
    .map((i) => `${i.col - 14}: ${i.message}`); // the rule string starts at column 14, after its quote
}

function canonical(rule: string): string {
  const c = check(playText(`  e:\n    - when: ${JSON.stringify(rule)}\n      emit: enter_long`));
  return c.play.actions.e?.cases[0]?.when as string;
}

describe('resolution', () => {
  test('names resolve to exec bar fields, TF bar fields, feature outputs, state and constants', () => {
    expect(canonical('close > a and htf.close > t and bb.upper > b[2] and side == short and in_position')).toBe(
      '((exec.close > a.value) and (htf.close > t.value) and (bb.upper > b.value[2]) and (side == -1) and in_position)',
    );
    expect(canonical('htf.t.value > 1 and exec.a > 1 and exec.hl2 > 1')).toBe('((t.value > 1) and (a.value > 1) and (exec.hl2 > 1))');
  });

  test('the canonical text parses back to the same canonical text', () => {
    const rules = [
      'not (a cross_below b[1]) or hour_utc between 8 and 16',
      'holds_for(3, close > a, htf) and count_true(5, close > open) >= 3',
      'abs(close - a) / atr < 0.5 and close near_pct b within 0.2 and a == b within 1e-3',
      '-(a - b) > -1',
    ];
    for (const r of rules) {
      const once = canonical(r);
      expect(canonical(once)).toBe(once);
    }
  });
});

describe('errors list the valid names', () => {
  const cases: [string, string][] = [
    ['clse > 1', "0: unknown name 'clse' (did you mean 'close'? features: a, b, t, bb, atr; timeframes: exec, htf)"],
    ['bb > 1', "0: 'bb' (bbands) has several outputs: name one, e.g. bb.upper (outputs: upper, middle, lower, percent_b, bandwidth)"],
    ['bb.uper > 1', "3: 'bb' (bbands) has no output 'uper' (did you mean 'upper'? outputs: upper, middle, lower, percent_b, bandwidth)"],
    ['a.value.x > 1', "8: 'a.value' has no part 'x'"],
    [
      'htf.clos > 1',
      "4: timeframe 'htf' has no field or feature 'clos' (did you mean 'close'? expected one of open, high, low, close, volume, hl2, hlc3, ohlc4, t)",
    ],
    ['htf.a > 1', "4: feature 'a' is computed on timeframe 'exec', not 'htf' (write a)"],
    ['htf > 1', "0: 'htf' is a timeframe: name one of its fields, e.g. htf.close"],
    ['close.x > 1', "6: 'close' has no part 'x' (write close, or <timeframe>.close)"],
    ['side[1] == long', "0: 'side' takes no [offset]: it is the current state"],
    ['long[1] == 1', "0: 'long' takes no [offset]: it is the current constant"],
    ['a', '0: expected a condition here, got a number (compare it, e.g. x > 0)'],
    ['a + (b > 1) > 0', '5: expected a number here, got a condition'],
    ['in_position > 0', '0: expected a number here, got a condition'],
    ['not a', '4: expected a condition here, got a number (compare it, e.g. x > 0)'],
    ['holds_for(2, a > 1, daily)', "20: window timeframe must be a declared timeframe (got 'daily'; declared: exec, htf)"],
    ['count_true(2, a > 1)', '0: expected a condition here, got a number (compare it, e.g. x > 0)'],
  ];
  for (const [rule, expected] of cases) test(rule, () => expect(errorsOf(rule)).toEqual([expected]));

  test('several problems in one rule are all reported', () => {
    expect(errorsOf('clse > 1 and bb.uper > 2')).toHaveLength(2);
  });
});

describe('printRule', () => {
  test('fully parenthesises and spells resolved names', () => {
    const n: Node = parseRule('1 + 2 * 3 > 4', []);
    expect(printRule(n)).toBe('((1 + (2 * 3)) > 4)');
  });
});
