// Recursive-descent parser for rule strings. Precedence, loosest first:
//   or < and < not < comparison (> >= < <= == != cross_above cross_below between near_pct near_abs)
//   < + - < * / < unary - < postfix [offset] < primary (number, name.path, f(...), ( ... ))
// Comparisons do not chain. `x between lo and hi` takes its bounds at + - level, so the `and`
// inside it is not the boolean one. Positions are char indices inside the string. Nesting is
// capped at MAX_RULE_DEPTH (every later pass recurses over the tree): 100,000 parentheses are one
// syntax error, not a stack overflow.
import type { PathSeg } from '../play';
import type { ArithOp, CmpOp, Loc, Node, WindowOp } from './ast';
import { DslSyntaxError, type Token, tokenize } from './lexer';

const CMP_OPS = new Set(['>', '>=', '<', '<=', '==', '!=']);
const WINDOW_FNS = new Set(['holds_for', 'occurred_within', 'count_true']);
const MATH_FNS = new Set(['abs', 'min', 'max']);
export const MAX_BARS = 100_000;
/** Deepest rule tree: each (, not, unary -, function call and each further operand of a + - * / chain is one level. */
export const MAX_RULE_DEPTH = 64;

/** Parses one rule string; throws DslSyntaxError with the char index of the problem. */
export function parseRule(text: string, path: readonly PathSeg[]): Node {
  return new Parser(text, path).parseAll();
}

class Parser {
  private readonly toks: Token[];
  private pos = 0;
  private depth = 0;

  constructor(
    readonly text: string,
    private readonly path: readonly PathSeg[],
  ) {
    this.toks = tokenize(text);
  }

  parseAll(): Node {
    if (this.peek().kind === 'end') throw new DslSyntaxError('is empty: expected a condition', 0);
    const n = this.parseOr();
    const t = this.peek();
    if (t.kind !== 'end') {
      const hint = CMP_OPS.has(t.text) ? " (comparisons do not chain: use 'between' or 'and')" : '';
      throw new DslSyntaxError(`unexpected '${t.text}'${hint}`, t.start);
    }
    return n;
  }

  private peek(ahead = 0): Token {
    return this.toks[Math.min(this.pos + ahead, this.toks.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (this.pos < this.toks.length - 1) this.pos++;
    return t;
  }

  private isWord(word: string): boolean {
    const t = this.peek();
    return t.kind === 'name' && t.text === word;
  }

  private expectOp(op: string, what: string): Token {
    const t = this.peek();
    if (t.kind !== 'op' || t.text !== op) throw this.unexpected(t, what);
    return this.next();
  }

  private expectWord(word: string, what: string): Token {
    if (!this.isWord(word)) throw this.unexpected(this.peek(), what);
    return this.next();
  }

  private unexpected(t: Token, expected: string): DslSyntaxError {
    const got = t.kind === 'end' ? 'the end' : `'${t.text}'`;
    return new DslSyntaxError(`expected ${expected}, got ${got}`, t.start);
  }

  /** One level deeper at token `t` (undone by `this.depth -= n` when the level is parsed). */
  private deeper(t: Token): void {
    if (++this.depth > MAX_RULE_DEPTH) {
      throw new DslSyntaxError(
        `nests more than ${MAX_RULE_DEPTH} levels deep (each '(', not, unary '-', function call and chained + - * / counts)`,
        t.start,
      );
    }
  }

  private loc(start: number, end: number): Loc {
    return { path: this.path, index: start, end };
  }

  private span(a: Node, b: Node): Loc {
    return this.loc(a.loc.index ?? 0, b.loc.end ?? 0);
  }

  private parseOr(): Node {
    const first = this.parseAnd();
    const xs = [first];
    while (this.isWord('or')) {
      this.next();
      xs.push(this.parseAnd());
    }
    return xs.length === 1 ? first : { k: 'or', xs, loc: this.span(first, xs[xs.length - 1] as Node) };
  }

  private parseAnd(): Node {
    const first = this.parseNot();
    const xs = [first];
    while (this.isWord('and')) {
      this.next();
      xs.push(this.parseNot());
    }
    return xs.length === 1 ? first : { k: 'and', xs, loc: this.span(first, xs[xs.length - 1] as Node) };
  }

  private parseNot(): Node {
    if (this.isWord('not')) {
      const t = this.next();
      this.deeper(t);
      const x = this.parseNot();
      this.depth--;
      return { k: 'not', x, loc: this.loc(t.start, x.loc.end ?? t.end) };
    }
    return this.parseComparison();
  }

  private parseComparison(): Node {
    const a = this.parseSum();
    const t = this.peek();
    if (t.kind === 'op' && CMP_OPS.has(t.text)) {
      this.next();
      const b = this.parseSum();
      const op = t.text as CmpOp;
      if ((op === '==' || op === '!=') && this.isWord('within')) {
        this.next();
        const tol = this.parseSum();
        return { k: 'cmp', op, a, b, tol, loc: this.span(a, tol) };
      }
      return { k: 'cmp', op, a, b, loc: this.span(a, b) };
    }
    if (t.kind !== 'name') return a;
    if (t.text === 'cross_above' || t.text === 'cross_below') {
      this.next();
      const b = this.parseSum();
      return { k: 'cross', dir: t.text === 'cross_above' ? 'above' : 'below', a, b, loc: this.span(a, b) };
    }
    if (t.text === 'between') {
      this.next();
      const lo = this.parseSum();
      this.expectWord('and', "'and' between the bounds (x between lo and hi)");
      const hi = this.parseSum();
      return { k: 'between', x: a, lo, hi, loc: this.span(a, hi) };
    }
    if (t.text === 'near_pct' || t.text === 'near_abs') {
      this.next();
      const b = this.parseSum();
      this.expectWord('within', `'within <tolerance>' after ${t.text} (a ${t.text} b within t)`);
      const tol = this.parseSum();
      return { k: 'near', unit: t.text === 'near_pct' ? 'pct' : 'abs', a, b, tol, loc: this.span(a, tol) };
    }
    return a;
  }

  private parseSum(): Node {
    let a = this.parseProduct();
    const depth = this.depth;
    while (this.peek().kind === 'op' && (this.peek().text === '+' || this.peek().text === '-')) {
      this.deeper(this.peek());
      const op = this.next().text as ArithOp;
      const b = this.parseProduct();
      a = { k: 'arith', op, a, b, loc: this.span(a, b) };
    }
    this.depth = depth;
    return a;
  }

  private parseProduct(): Node {
    let a = this.parseUnary();
    const depth = this.depth;
    while (this.peek().kind === 'op' && (this.peek().text === '*' || this.peek().text === '/')) {
      this.deeper(this.peek());
      const op = this.next().text as ArithOp;
      const b = this.parseUnary();
      a = { k: 'arith', op, a, b, loc: this.span(a, b) };
    }
    this.depth = depth;
    return a;
  }

  private parseUnary(): Node {
    const t = this.peek();
    if (t.kind === 'op' && t.text === '-') {
      this.next();
      this.deeper(t);
      const x = this.parseUnary();
      this.depth--;
      const loc = this.loc(t.start, x.loc.end ?? t.end);
      return x.k === 'num' ? { k: 'num', v: -x.v, loc } : { k: 'neg', x, loc };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Node {
    const t = this.peek();
    if (t.kind === 'num') {
      this.next();
      return { k: 'num', v: t.value, loc: this.loc(t.start, t.end) };
    }
    if (t.kind === 'op' && t.text === '(') {
      this.next();
      this.deeper(t);
      const inner = this.parseOr();
      this.expectOp(')', "')'");
      this.depth--;
      return inner;
    }
    if (t.kind === 'name') {
      if (this.peek(1).kind === 'op' && this.peek(1).text === '(') {
        this.deeper(t);
        const call = this.parseCall();
        this.depth--;
        return call;
      }
      return this.parseRef();
    }
    throw this.unexpected(t, 'a value');
  }

  private parseRef(): Node {
    const first = this.next();
    const parts = [first.text];
    const partLocs = [this.loc(first.start, first.end)];
    let end = first.end;
    while (this.peek().kind === 'op' && this.peek().text === '.') {
      this.next();
      const t = this.peek();
      if (t.kind !== 'name') throw this.unexpected(t, "a name after '.'");
      this.next();
      parts.push(t.text);
      partLocs.push(this.loc(t.start, t.end));
      end = t.end;
    }
    let offset = 0;
    if (this.peek().kind === 'op' && this.peek().text === '[') {
      this.next();
      const t = this.peek();
      if (t.kind !== 'num' || !Number.isInteger(t.value) || t.value > MAX_BARS) {
        throw new DslSyntaxError(`offset must be a whole number of bars from 0 to ${MAX_BARS}`, t.start);
      }
      this.next();
      offset = t.value;
      end = this.expectOp(']', "']'").end;
    }
    return { k: 'ref', parts, partLocs, offset, loc: this.loc(first.start, end) };
  }

  private parseCall(): Node {
    const name = this.next();
    this.next();
    if (!MATH_FNS.has(name.text) && !WINDOW_FNS.has(name.text)) {
      throw new DslSyntaxError(
        `unknown function '${name.text}' (functions: abs, min, max, holds_for, occurred_within, count_true)`,
        name.start,
      );
    }
    if (WINDOW_FNS.has(name.text)) return this.parseWindowCall(name);
    const args = [this.parseSum()];
    while (this.peek().text === ',' && this.peek().kind === 'op') {
      this.next();
      args.push(this.parseSum());
    }
    const close = this.expectOp(')', "',' or ')'");
    const fn = name.text as 'abs' | 'min' | 'max';
    if (fn === 'abs' && args.length !== 1) throw new DslSyntaxError(`abs takes 1 argument (got ${args.length})`, name.start);
    if (fn !== 'abs' && args.length < 2) throw new DslSyntaxError(`${fn} takes 2 or more arguments (got ${args.length})`, name.start);
    return { k: 'fn', fn, args, loc: this.loc(name.start, close.end) };
  }

  /** holds_for(N, cond[, tf]) / occurred_within(N, cond[, tf]) / count_true(N, cond[, tf]). */
  private parseWindowCall(name: Token): Node {
    const nTok = this.peek();
    if (nTok.kind !== 'num' || !Number.isInteger(nTok.value) || nTok.value < 1 || nTok.value > MAX_BARS) {
      throw new DslSyntaxError(`${name.text} needs a bar count from 1 to ${MAX_BARS} first`, nTok.start);
    }
    this.next();
    this.expectOp(',', `',' then a condition (${name.text}(N, condition))`);
    const x = this.parseOr();
    let per = 'exec';
    let perLoc: Loc = this.loc(name.start, name.end);
    if (this.peek().kind === 'op' && this.peek().text === ',') {
      this.next();
      const t = this.peek();
      if (t.kind !== 'name') throw this.unexpected(t, 'a timeframe name');
      this.next();
      per = t.text;
      perLoc = this.loc(t.start, t.end);
    }
    const close = this.expectOp(')', "')'");
    return { k: 'window', op: name.text as WindowOp, n: nTok.value, per, perLoc, x, loc: this.loc(name.start, close.end) };
  }
}
