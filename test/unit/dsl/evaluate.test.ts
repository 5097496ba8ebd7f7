// Compiled rules against hand-computed truth tables: comparisons, NaN (warm-up) handling, cross,
// between, near, tolerance, arithmetic, offsets, higher-TF refs, built-ins, Kleene logic, blocks.
import { describe, expect, test } from 'bun:test';
import { STATE } from '../../../src/dsl';
import { bind, check, F, playText, T, truthHarness, truths, U } from './harness';

const N = Number.NaN;

describe('comparisons', () => {
  test('> >= < <= with a warming-up value are unknown, never true', () => {
    const cols = { 'exec:close': [10, 11, N, 10.5] };
    expect(truths('close > 10.5', cols, 4)).toEqual([F, T, U, F]);
    expect(truths('close >= 10.5', cols, 4)).toEqual([F, T, U, T]);
    expect(truths('close < 10.5', cols, 4)).toEqual([T, F, U, F]);
    expect(truths('close <= 10.5', cols, 4)).toEqual([T, F, U, T]);
    expect(truths('10.5 > close', cols, 4)).toEqual([T, F, U, F]);
    expect(truths('10.5 <= close', cols, 4)).toEqual([F, T, U, T]);
  });

  test('== and != (NaN is unknown for both) and == within a tolerance', () => {
    const cols = { 'exec:close': [10, 10.2, N], 'exec:a.value': [10, 10, 10] };
    expect(truths('close == a', cols, 3)).toEqual([T, F, U]);
    expect(truths('close != a', cols, 3)).toEqual([F, T, U]);
    expect(truths('close == a within 0.25', cols, 3)).toEqual([T, T, U]);
    expect(truths('close == a within 0.1', cols, 3)).toEqual([T, F, U]);
    expect(truths('close != a within 0.1', cols, 3)).toEqual([F, T, U]);
  });

  test('between is inclusive; near_pct is relative to the right side; near_abs is absolute', () => {
    const cols = { 'exec:close': [100, 100.4, 99, N], 'exec:a.value': [100.4, 100, 100, 100] };
    expect(truths('close between 99 and 100.4', cols, 4)).toEqual([T, T, T, U]);
    expect(truths('close between 99.5 and 100.2', cols, 4)).toEqual([T, F, F, U]);
    // |100 - 100.4| = 0.4 <= 100.4 * 0.5% = 0.502; <= 100.4 * 0.3% = 0.3012 is false.
    expect(truths('close near_pct a within 0.5', cols, 4)).toEqual([T, T, F, U]);
    expect(truths('close near_pct a within 0.3', cols, 4)).toEqual([F, F, F, U]);
    expect(truths('close near_abs a within 1', cols, 4)).toEqual([T, T, T, U]);
  });

  test('arithmetic, abs/min/max and division by zero (unknown)', () => {
    const cols = { 'exec:close': [10, 0, -4], 'exec:a.value': [4, 2, 2], 'exec:b.value': [6, 0, 8] };
    expect(truths('(a + b) / 2 == 5', cols, 3)).toEqual([T, F, T]);
    expect(truths('a / b > 0', cols, 3)).toEqual([T, U, T]);
    expect(truths('abs(close) == 4', cols, 3)).toEqual([F, F, T]);
    expect(truths('max(a, b, close) == 10', cols, 3)).toEqual([T, F, F]);
    expect(truths('min(a, b) * -1 == -4', cols, 3)).toEqual([T, F, F]);
    expect(truths('-close > 3', cols, 3)).toEqual([F, F, T]);
    expect(truths('close - a * 2 == 2', cols, 3)).toEqual([T, F, F]);
  });

  test('hl2, hlc3 and ohlc4 from the bar columns', () => {
    const cols = { 'exec:open': [1], 'exec:high': [4], 'exec:low': [2], 'exec:close': [3] };
    expect(truths('hl2 == 3 and hlc3 == 3 and ohlc4 == 2.5', cols, 1)).toEqual([T]);
  });
});

describe('cross', () => {
  test('cross_above: previous <=, current >; cross_below: previous >=, current <', () => {
    const cols = { 'exec:a.value': [1, 2, 3, 2, 2], 'exec:b.value': [2, 2, 2, 2.5, 2] };
    expect(truths('a cross_above b', cols, 5)).toEqual([U, F, T, F, F]);
    expect(truths('a cross_below b', cols, 5)).toEqual([U, F, F, T, F]);
    expect(truths('a cross_above 2.5', cols, 5)).toEqual([U, F, T, F, F]);
  });

  test('a NaN previous value makes the cross unknown, not true', () => {
    expect(truths('a cross_above b', { 'exec:a.value': [N, 3, 1], 'exec:b.value': [2, 2, 2] }, 3)).toEqual([U, U, F]);
  });

  test('over arithmetic: previous values shift every column by one bar', () => {
    const cols = { 'exec:close': [10, 10, 12], 'exec:a.value': [9, 10.5, 10.5] };
    // close - 1 vs a: [9 vs 9, 9 vs 10.5, 11 vs 10.5] → crosses above at 2.
    expect(truths('close - 1 cross_above a', cols, 3)).toEqual([U, F, T]);
  });

  test('against a higher timeframe: previous = the value seen at the previous exec bar', () => {
    // 4 exec bars per htf bar; htf cursor = floor((i + 1) / 4) - 1. Exec close rises through
    // the htf value 10 at exec bar 5, while the htf value stays the same bar.
    const cols = { 'exec:close': [1, 1, 1, 9, 9, 11, 11, 11], 'htf:t.value': [10, 10] };
    expect(truths('close cross_above t', cols, 8)).toEqual([U, U, U, U, F, T, F, F]);
  });
});

describe('references', () => {
  test('offsets read earlier bars; before the first bar they are unknown', () => {
    const cols = { 'exec:close': [1, 2, 3], 'exec:a.value': [5, 1, 1] };
    expect(truths('close > a[1]', cols, 3)).toEqual([U, F, T]);
    expect(truths('close[2] == 1', cols, 3)).toEqual([U, U, T]);
  });

  test('higher timeframe refs read the last closed bar of that timeframe', () => {
    const cols = { 'exec:close': [1, 2, 3, 4, 5, 6, 7, 8], 'htf:close': [40, 80] };
    // htf cursor: -1 for exec 0..2, 0 for exec 3..6, 1 for exec 7.
    expect(truths('htf.close > 50', cols, 8)).toEqual([U, U, U, F, F, F, F, T]);
    expect(truths('htf.close[1] == 40', cols, 8)).toEqual([U, U, U, U, U, U, U, T]);
  });

  test('multi-output feature outputs and single-output feature ids', () => {
    const cols = { 'exec:bb.upper': [3], 'exec:bb.lower': [1], 'exec:close': [2], 'exec:a.value': [2] };
    expect(truths('close between bb.lower and bb.upper and a.value == a', cols, 1)).toEqual([T]);
  });

  test('position and time built-ins read the state the engine writes', () => {
    const { h, truth } = truthHarness('in_position and side == long and entry_price < last_price and bars_in_trade >= 2', {});
    h.state[STATE.side] = 0;
    h.state[STATE.lastPrice] = 101;
    expect(truth(0)).toBe(F);
    h.state[STATE.side] = 1;
    h.state[STATE.entryPrice] = 100;
    h.state[STATE.barsInTrade] = 2;
    expect(truth(0)).toBe(T);
    h.state[STATE.side] = -1;
    expect(truth(0)).toBe(F);
  });

  test('hour_utc and day_of_week (1 = Monday … 7 = Sunday) of the evaluation time', () => {
    const { h, truth } = truthHarness('hour_utc == 13 and day_of_week == 1', {});
    h.state[STATE.tsMs] = Date.UTC(2024, 0, 1, 13, 30); // Monday 2024-01-01 13:30 UTC
    expect(truth(0)).toBe(T);
    const sunday = truthHarness('day_of_week == 7 and hour_utc == 0', {});
    sunday.h.state[STATE.tsMs] = Date.UTC(2024, 0, 7, 0, 0);
    expect(sunday.truth(0)).toBe(T);
  });

  test('unrealized_pnl_pct is NaN when flat: unknown', () => {
    const { h, truth } = truthHarness('unrealized_pnl_pct < -1', {});
    h.state[STATE.unrealizedPnlPct] = N;
    expect(truth(0)).toBe(U);
    h.state[STATE.unrealizedPnlPct] = -1.5;
    expect(truth(0)).toBe(T);
  });
});

describe('logic', () => {
  const cols = { 'exec:close': [N, 1, 2] };
  test('and: false wins over unknown; or: true wins over unknown; not keeps unknown', () => {
    expect(truths('close > 0 and 1 > 2', cols, 1)).toEqual([F]);
    expect(truths('close > 0 and 2 > 1', cols, 1)).toEqual([U]);
    expect(truths('close > 0 or 2 > 1', cols, 1)).toEqual([T]);
    expect(truths('close > 0 or 1 > 2', cols, 1)).toEqual([U]);
    expect(truths('not close > 0', cols, 3)).toEqual([U, F, F]);
    expect(truths('not (close > 1) and close > 0', cols, 3)).toEqual([U, T, F]);
    expect(truths('close > 1 or close < 1 or close == 1', cols, 3)).toEqual([U, T, T]);
  });
});

describe('blocks and cases', () => {
  const actions = `  entries:
    - { when: close > 1, emit: enter_long, tag: first }
    - { when: close > 0, emit: enter_short }
  exits:
    match: all
    cases:
      - { when: close > 0, emit: exit_long }
      - { when: close > 0, emit: exit_short }
      - { when: close > 5, emit: exit }`;

  test('first match wins in a block unless it says match: all; caseOf names the case of each emit', () => {
    const h = bind(check(playText(actions)), { 'exec:close': [2, 0.5] });
    expect(h.at(0)).toBe(1 | 4 | 8);
    // caseOf is per emit (enter_long, enter_short, exit_long, exit_short, exit, reverse); cases are
    // numbered across blocks in name order: entries 0-1, exits 2-4.
    expect([...h.ev.caseOf]).toEqual([0, -1, 2, 3, -1, -1]);
    expect(h.at(1)).toBe(2 | 4 | 8);
    expect([...h.ev.caseOf]).toEqual([-1, 1, 2, 3, -1, -1]);
  });

  test('blocks run in name order: caseOf indexes the blocks sorted by name', () => {
    const c = check(playText(actions));
    expect(c.rules.blocks.map((b) => b.name)).toEqual(['entries', 'exits']);
  });

  test('risk values: level expressions and ATR reads', () => {
    const extra = '  stop_loss: { level_long: bb.lower - atr * 0.5, level_short: bb.upper }\n  take_profit: { atr: atr, mult: 2 }\n';
    const text = playText('  e:\n    - { when: close > 0, emit: enter_long }').replace('risk:\n', `risk:\n${extra}`);
    const h = bind(check(text), { 'exec:close': [1], 'exec:bb.lower': [90], 'exec:bb.upper': [110], 'exec:atr.value': [4] });
    h.at(0);
    expect(h.ev.values['stop_loss.level_long']?.()).toBe(88);
    expect(h.ev.values['stop_loss.level_short']?.()).toBe(110);
    expect(h.ev.values['take_profit.atr']?.()).toBe(4);
  });
});
