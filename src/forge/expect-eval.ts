// Evaluates parsed expectations against the facts of a run. A missing fact (no entry, no exit)
// makes an expectation fail, except for the no_entry_before / no_entry_after forms, which hold
// when there is no entry at all.
import type { FactValue } from './expect-facts';
import type { Expectation, Operand } from './expect-parse';

export interface ExpectationResult {
  text: string;
  pass: boolean;
  /** What was expected, with the right side's value: `<= 2005 (event_bar + 5)`. */
  expected: string;
  /** The left side's value. */
  actual: string;
}

function value(o: Operand, facts: Record<string, FactValue>): FactValue {
  let sum = 0;
  for (const [k, t] of o.terms.entries()) {
    const v = t.kind === 'fact' ? (facts[t.name] ?? null) : t.value;
    if (o.terms.length === 1) return v;
    if (typeof v !== 'number') return null;
    sum += (o.signs[k] as number) * v;
  }
  return sum;
}

const show = (v: FactValue): string =>
  v === null ? 'none' : Array.isArray(v) ? `[${v.join(', ')}]` : typeof v === 'number' ? String(Number(v.toFixed(6))) : String(v);

function holds(op: Expectation['op'], a: FactValue, b: FactValue): boolean {
  if (a === null || b === null) return false;
  if (op === 'contains') return Array.isArray(a) && a.includes(b as string);
  if (op === 'not_contains') return Array.isArray(a) && !a.includes(b as string);
  if (op === '==') return a === b;
  if (op === '!=') return a !== b;
  if (typeof a !== 'number' || typeof b !== 'number') return false;
  return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
}

export function evaluateExpectation(e: Expectation, facts: Record<string, FactValue>): ExpectationResult {
  const a = value(e.left, facts);
  const b = value(e.right, facts);
  const pass = a === null && e.noneIsTrue ? true : holds(e.op, a, b);
  const literal = e.right.terms.length === 1 && e.right.terms[0]?.kind !== 'fact';
  const expected = `${e.left.text} ${e.op} ${show(b)}${literal ? '' : ` (${e.right.text})`}`;
  const none = a === null ? (e.left.text.includes('entry') ? ' (no entry)' : e.left.text.includes('exit') ? ' (no exit)' : '') : '';
  return { text: e.text, pass, expected, actual: `${show(a)}${none}` };
}
