// Canonical text of a resolved rule: every name spelled out in full (exec.close, ema_fast.value,
// constants as numbers), every compound node parenthesised, numbers in shortest round-trip form.
// Two rules with the same meaning as written (spacing, 1.0 vs 1, all: list vs `and`) print the same,
// which is what play_hash covers. The output parses back to the same tree.

import { DslError } from '../errors';
import type { Node } from './ast';

export function printRule(n: Node): string {
  switch (n.k) {
    case 'num':
      return Object.is(n.v, -0) ? '0' : String(n.v);
    case 'ref':
      return printRef(n);
    case 'neg':
      return `(-${printRule(n.x)})`;
    case 'arith':
      return `(${printRule(n.a)} ${n.op} ${printRule(n.b)})`;
    case 'fn':
      return `${n.fn}(${n.args.map(printRule).join(', ')})`;
    case 'cmp':
      return `(${printRule(n.a)} ${n.op} ${printRule(n.b)}${n.tol ? ` within ${printRule(n.tol)}` : ''})`;
    case 'cross':
      return `(${printRule(n.a)} cross_${n.dir} ${printRule(n.b)})`;
    case 'between':
      return `(${printRule(n.x)} between ${printRule(n.lo)} and ${printRule(n.hi)})`;
    case 'near':
      return `(${printRule(n.a)} near_${n.unit} ${printRule(n.b)} within ${printRule(n.tol)})`;
    case 'and':
    case 'or':
      return `(${n.xs.map(printRule).join(` ${n.k} `)})`;
    case 'not':
      return `(not ${printRule(n.x)})`;
    case 'window':
      return `${n.op}(${n.n}, ${printRule(n.x)}, ${n.per})`;
  }
}

function printRef(n: Extract<Node, { k: 'ref' }>): string {
  const r = n.res;
  if (!r) throw new DslError('INTERNAL', `printRule: unresolved ref ${n.parts.join('.')}`);
  const off = n.offset > 0 ? `[${n.offset}]` : '';
  switch (r.k) {
    case 'bar':
      return `${r.tf}.${r.field}${off}`;
    case 'feature':
      return `${r.feature}.${r.output}${off}`;
    case 'state':
      return r.name;
    case 'const':
      return String(r.v);
  }
}
