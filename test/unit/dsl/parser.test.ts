// Parser: precedence, spans, the canonical printer's round trip, and syntax errors at exact indices.
import { describe, expect, test } from 'bun:test';
import { DslSyntaxError, type Node, parseRule } from '../../../src/dsl';

/** Compact structural rendering of an unresolved tree (refs as written, with offsets). */
function show(n: Node): string {
  switch (n.k) {
    case 'num':
      return String(n.v);
    case 'ref':
      return n.parts.join('.') + (n.offset ? `[${n.offset}]` : '');
    case 'neg':
      return `(- ${show(n.x)})`;
    case 'arith':
    case 'cmp':
      return `(${n.op} ${show(n.a)} ${show(n.b)}${n.k === 'cmp' && n.tol ? ` ~${show(n.tol)}` : ''})`;
    case 'fn':
      return `(${n.fn} ${n.args.map(show).join(' ')})`;
    case 'cross':
      return `(cross_${n.dir} ${show(n.a)} ${show(n.b)})`;
    case 'between':
      return `(between ${show(n.x)} ${show(n.lo)} ${show(n.hi)})`;
    case 'near':
      return `(near_${n.unit} ${show(n.a)} ${show(n.b)} ${show(n.tol)})`;
    case 'and':
    case 'or':
      return `(${n.k} ${n.xs.map(show).join(' ')})`;
    case 'not':
      return `(not ${show(n.x)})`;
    case 'window':
      return `(${n.op} ${n.n} ${show(n.x)} ${n.per})`;
  }
}

const p = (s: string) => show(parseRule(s, []));

function syntaxError(s: string): [string, number] {
  try {
    parseRule(s, []);
  } catch (e) {
    if (e instanceof DslSyntaxError) return [e.message, e.index];
    throw e;
  }
  throw new Error(`parsed: ${s}`);
}

describe('precedence', () => {
  test('or < and < not < comparison < + - < * / < unary', () => {
    expect(p('a > 1 or b > 2 and not c > 3')).toBe('(or (> a 1) (and (> b 2) (not (> c 3))))');
    expect(p('a + b * c - d / 2 > -e')).toBe('(> (- (+ a (* b c)) (/ d 2)) (- e))');
    expect(p('(a + b) * c >= 1')).toBe('(>= (* (+ a b) c) 1)');
    expect(p('a - -2 == 1')).toBe('(== (- a -2) 1)');
  });

  test('between takes its bounds at + - level, so its `and` is not boolean', () => {
    expect(p('rsi between 30 and 70 and close > 1')).toBe('(and (between rsi 30 70) (> close 1))');
    expect(p('x between a - 1 and b + 1')).toBe('(between x (- a 1) (+ b 1))');
  });

  test('cross, near, within, offsets, dotted refs, functions, windows', () => {
    expect(p('ema_fast cross_above ema_slow.value[1]')).toBe('(cross_above ema_fast ema_slow.value[1])');
    expect(p('close near_pct vwap within 0.5')).toBe('(near_pct close vwap 0.5)');
    expect(p('a == b within 0.01')).toBe('(== a b ~0.01)');
    expect(p('htf.close[2] > max(a, b, 3)')).toBe('(> htf.close[2] (max a b 3))');
    expect(p('holds_for(3, close > open, htf)')).toBe('(holds_for 3 (> close open) htf)');
    expect(p('count_true(10, close > open) >= 7')).toBe('(>= (count_true 10 (> close open) exec) 7)');
    expect(p('1e3 < volume and 2.5E-1 < x')).toBe('(and (< 1000 volume) (< 0.25 x))');
  });

  test('spans: every node knows its char range inside the string', () => {
    const n = parseRule('close > ema_slow[1]', ['w']);
    expect(n.loc).toEqual({ path: ['w'], index: 0, end: 19 });
    if (n.k !== 'cmp') throw new Error('not a cmp');
    expect(n.b.loc).toEqual({ path: ['w'], index: 8, end: 19 });
  });
});

describe('syntax errors at exact indices', () => {
  const cases: [string, string, number][] = [
    ['', 'is empty: expected a condition', 0],
    ['close >', 'expected a value, got the end', 7],
    ['close > > 1', "expected a value, got '>'", 8],
    ['1 < x < 2', "unexpected '<' (comparisons do not chain: use 'between' or 'and')", 6],
    ['x = 1', "unexpected '=': use '==' to compare", 2],
    ['a && b', "unexpected '&&': use 'and'", 2],
    ['a || b', "unexpected '||': use 'or'", 2],
    ['!a', "unexpected '!': use 'not' or '!='", 0],
    ['x > 15m', "malformed number '15m'", 4],
    ['x > $', "unexpected character '$'", 4],
    ['(a > 1', "expected ')', got the end", 6],
    ['x[1.5] > 1', 'offset must be a whole number of bars from 0 to 100000', 2],
    ['x[1 > 1', "expected ']', got '>'", 4],
    ['foo(1) > 1', "unknown function 'foo' (functions: abs, min, max, holds_for, occurred_within, count_true)", 0],
    ['abs(a, b) > 1', 'abs takes 1 argument (got 2)', 0],
    ['min(a) > 1', 'min takes 2 or more arguments (got 1)', 0],
    ['holds_for(0, a > 1)', 'holds_for needs a bar count from 1 to 100000 first', 10],
    ['holds_for(3 a > 1)', "expected ',' then a condition (holds_for(N, condition)), got 'a'", 12],
    ['x between 1 2', "expected 'and' between the bounds (x between lo and hi), got '2'", 12],
    ['x near_abs y 3', "expected 'within <tolerance>' after near_abs (a near_abs b within t), got '3'", 13],
    ['x. > 1', "expected a name after '.', got '>'", 3],
    ['a > 1 b', "unexpected 'b'", 6],
  ];
  for (const [src, message, index] of cases) {
    test(JSON.stringify(src), () => expect(syntaxError(src)).toEqual([message, index]));
  }
});
