// holds_for / occurred_within / count_true and the state kept by cross, against hand-computed
// sequences; the same answers when evaluated once per exec bar or several times per exec bar
// (every 1m); gaps, rewinds and reset(); updates are never skipped by short-circuits.
import { describe, expect, test } from 'bun:test';
import { STATE } from '../../../src/dsl';
import { bind, check, F, playText, T, type Truth, truthHarness, truths, U } from './harness';

/** close > 0 is true where the sign is +1. */
const signs = (xs: number[]) => ({ 'exec:close': xs });

describe('windows over exec bars', () => {
  test('holds_for 3: true now and in the 2 bars before; unknown until 2 bars of history', () => {
    const cols = signs([1, 1, 1, -1, 1, 1, 1]);
    expect(truths('holds_for(3, close > 0)', cols, 7)).toEqual([U, U, T, F, F, F, T]);
  });

  test('occurred_within 3: true in any of the last 3 bars', () => {
    const cols = signs([-1, -1, 1, -1, -1, -1]);
    expect(truths('occurred_within(3, close > 0)', cols, 6)).toEqual([U, U, T, T, T, F]);
  });

  test('count_true(4, c) >= 2 and the YAML form with at_least', () => {
    const cols = signs([1, -1, 1, -1, -1, -1]);
    const expected: Truth[] = [U, U, U, T, F, F];
    expect(truths('count_true(4, close > 0) >= 2', cols, 6)).toEqual(expected);
    const yaml = playText('  e:\n    - when: { count_true: 4, at_least: 2, when: close > 0 }\n      emit: enter_long');
    const h = bind(check(yaml), cols);
    expect([0, 1, 2, 3, 4, 5].map((i) => h.at(i))).toEqual([0, 0, 0, 1, 0, 0]);
  });

  test('count_true is a number: exact counts', () => {
    const cols = signs([1, 1, -1, 1, 1]);
    expect(truths('count_true(3, close > 0) == 2', cols, 5)).toEqual([U, U, T, T, T]);
    expect(truths('count_true(3, close > 0) == 3', cols, 5)).toEqual([U, U, F, F, F]);
  });

  test('an unknown bar in the window makes the result unknown unless a known bar decides it', () => {
    const cols = signs([Number.NaN, 1, 1, Number.NaN, -1]);
    expect(truths('holds_for(2, close > 0)', cols, 5)).toEqual([U, U, T, U, F]);
    expect(truths('occurred_within(2, close > 0)', cols, 5)).toEqual([U, T, T, T, U]);
    expect(truths('count_true(2, close > 0) >= 1', cols, 5)).toEqual([U, U, T, U, U]);
    expect(truths('not holds_for(2, close > 0)', cols, 5)).toEqual([U, U, F, U, T]);
  });

  test('per: htf counts htf bars (holds_for 2 over the htf close)', () => {
    // htf cursor = floor((exec + 1) / 4) - 1: htf bars close at exec 3, 7, 11.
    const cols = { 'htf:close': [1, 1, -1] };
    const got = truths('holds_for(2, htf.close > 0, htf)', cols, 12);
    expect(got).toEqual([U, U, U, U, U, U, U, T, T, T, T, F]);
  });
});

describe('evaluation cadence', () => {
  test('exec-only rules give the same answer when evaluated several times per exec bar', () => {
    const rules = ['holds_for(3, close > 0)', 'occurred_within(2, close > 0)', 'count_true(3, close > 0) >= 2', 'close cross_above 0'];
    const cols = signs([1, -1, 1, 1, 1, -1, -1, 1]);
    for (const rule of rules) {
      const once = truths(rule, cols, 8);
      const { truth } = truthHarness(rule, cols);
      const many: Truth[] = [];
      for (let i = 0; i < 8; i++) {
        truth(i);
        truth(i);
        many.push(truth(i));
      }
      expect(`${rule}: ${many.join(',')}`).toBe(`${rule}: ${once.join(',')}`);
    }
  });

  test('a slot keeps the value of its last evaluation (every-1m evaluation of last_price)', () => {
    const { h, truth } = truthHarness('holds_for(2, last_price > 100)', {});
    const lp = (price: number, exec: number) => {
      h.state[STATE.lastPrice] = price;
      return truth(exec);
    };
    expect(lp(101, 0)).toBe(U);
    expect(lp(99, 0)).toBe(F); // slot 0 ends false
    expect(lp(101, 1)).toBe(F); // previous slot false
    expect(lp(101, 1)).toBe(F);
    expect(lp(101, 2)).toBe(T); // slot 1 ended true
    expect(lp(99, 2)).toBe(F);
  });

  test('a cross kept in state compares with the previous slot, not the previous evaluation', () => {
    const { h, truth } = truthHarness('last_price cross_above 100', {});
    const lp = (price: number, exec: number) => {
      h.state[STATE.lastPrice] = price;
      return truth(exec);
    };
    expect(lp(99, 0)).toBe(U);
    expect(lp(98, 0)).toBe(U);
    expect(lp(101, 1)).toBe(T); // previous slot ended at 98
    expect(lp(102, 1)).toBe(T); // still against slot 0
    expect(lp(103, 2)).toBe(F); // slot 1 ended above
  });
});

describe('history', () => {
  test('a cursor jump restarts the history; a rewind resets it; reset() forgets it', () => {
    const cols = signs([1, 1, 1, 1, 1, 1, 1, 1, 1]);
    const { h, truth } = truthHarness('holds_for(2, close > 0)', cols);
    expect([0, 1, 2].map((i) => truth(i))).toEqual([U, T, T]);
    expect(truth(5)).toBe(U); // jumped over 3 and 4
    expect(truth(6)).toBe(T);
    expect(truth(2)).toBe(U); // rewind
    expect(truth(3)).toBe(T);
    h.ev.reset();
    expect(truth(4)).toBe(U);
  });

  test('updates run before the rules: a short-circuited window still records every bar', () => {
    const cols = signs([50, 150]);
    // At bar 0 `close > 100` is false, so `and` never reads holds_for; its history must still hold bar 0.
    expect(truths('close > 100 and holds_for(2, close > 0)', cols, 2)).toEqual([F, T]);
    const text = playText(`  e:
    - { when: close > 0, emit: enter_short }
    - { when: 'occurred_within(2, close > 100)', emit: enter_long }`);
    const h = bind(check(text), { 'exec:close': [150, 150, -1] });
    expect([h.at(0), h.at(1), h.at(2)]).toEqual([2, 2, 1]); // first match hides case 2 at bars 0-1
  });

  test('nested windows: occurred_within over holds_for', () => {
    const cols = signs([1, 1, -1, -1, -1, -1]);
    expect(truths('occurred_within(3, holds_for(2, close > 0))', cols, 6)).toEqual([U, T, T, T, F, F]);
  });
});
