// The expectation language: parsing (names, operators, types) and evaluation against facts.
import { describe, expect, test } from 'bun:test';
import { evaluateExpectation, type FactValue, parseExpectation } from '../../../src/forge';

const FACTS: Record<string, FactValue> = {
  trades: 3,
  event_bar: 400,
  'first_entry.bar': 402,
  'first_entry.side': 'short',
  'last_entry.bar': 410,
  exit_reasons: ['stop_loss', 'take_profit'],
  max_drawdown_pct: 4.2,
  liquidations: 0,
};

function run(item: unknown, facts = FACTS) {
  const p = parseExpectation(item);
  if (!p.ok) throw new Error(p.message);
  return evaluateExpectation(p.expectation, facts);
}

describe('expectations', () => {
  test('comparisons, sums, sets and words', () => {
    expect(run('trades >= 1').pass).toBe(true);
    expect(run('first_entry.side == short').pass).toBe(true);
    expect(run('first_entry.bar <= event_bar + 5')).toEqual({
      text: 'first_entry.bar <= event_bar + 5',
      pass: true,
      expected: 'first_entry.bar <= 405 (event_bar + 5)',
      actual: '402',
    });
    expect(run('exit_reasons contains take_profit').pass).toBe(true);
    expect(run('exit_reasons not_contains liquidation').pass).toBe(true);
    expect(run('max_drawdown_pct < 4').pass).toBe(false);
    expect(run('liquidations == 0').pass).toBe(true);
  });

  test('a failure carries the expected and the actual value', () => {
    expect(run('first_entry.side == long')).toMatchObject({ pass: false, expected: 'first_entry.side == long', actual: 'short' });
  });

  test('no_entry_before holds without an entry; a plain comparison on a missing fact fails', () => {
    expect(run({ no_entry_before: 'event_bar' }).pass).toBe(true);
    expect(run({ no_entry_before: 'event_bar + 3' }).pass).toBe(false);
    const none = { ...FACTS, 'first_entry.bar': null };
    expect(run({ no_entry_before: 'event_bar' }, none).pass).toBe(true);
    expect(run('first_entry.bar <= event_bar + 5', none)).toMatchObject({ pass: false, actual: 'none (no entry)' });
  });

  test('bad expressions are refused with a reason', () => {
    const msg = (item: unknown) => {
      const p = parseExpectation(item);
      return p.ok ? 'ok' : p.message;
    };
    expect(msg('trades >> 1')).toBe("expected a value, got the operator '>'");
    expect(msg('trade >= 1')).toBe("unknown name 'trade' (did you mean 'trades'?)");
    expect(msg('trades 1')).toMatch(/^expected an operator/);
    expect(msg('first_entry.side < long')).toBe("words are compared with == or !=, not '<'");
    expect(msg('trades contains long')).toMatch(/needs a set on the left/);
    expect(msg('first_entry.side == 3')).toMatch(/cannot be compared/);
    expect(msg({ sometimes: 1 })).toMatch(/^expected a string like/);
    expect(msg('trades >= 1 $')).toMatch(/^unexpected '\$'/);
    expect(msg('first_entry.bar <= event_bar -5')).toBe("expected + or - between values, got '-5'");
    expect(msg('first_entry.bar <= event_bar +')).toBe("a value is missing after '+'");
    expect(msg('first_entry.bar <= event_bar + 2 3')).toBe("expected + or - between values, got '3'");
  });
});
