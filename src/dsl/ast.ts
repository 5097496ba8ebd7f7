// The rule AST. Every node knows where it came from: the YAML path of its scalar and, for nodes
// parsed out of a string, the character span inside that string (so errors land on a column).
// Refs are resolved in place by the checker (`res`); the compiler only reads resolved trees.
import type { BarField, PathSeg, StateBuiltin } from '../play';

export interface Loc {
  path: readonly PathSeg[];
  /** Char index inside the string scalar at `path`; undefined for YAML-structure nodes. */
  index?: number;
  end?: number;
}

export type CmpOp = '>' | '>=' | '<' | '<=' | '==' | '!=';
export type ArithOp = '+' | '-' | '*' | '/';
export type WindowOp = 'holds_for' | 'occurred_within' | 'count_true';

export type Resolved =
  | { k: 'bar'; tf: string; field: BarField }
  | { k: 'feature'; tf: string; feature: string; output: string }
  | { k: 'state'; name: StateBuiltin }
  | { k: 'const'; v: number };

export type Node =
  | { k: 'num'; v: number; loc: Loc }
  | { k: 'ref'; parts: string[]; partLocs: Loc[]; offset: number; loc: Loc; res?: Resolved }
  | { k: 'neg'; x: Node; loc: Loc }
  | { k: 'arith'; op: ArithOp; a: Node; b: Node; loc: Loc }
  | { k: 'fn'; fn: 'abs' | 'min' | 'max'; args: Node[]; loc: Loc }
  | { k: 'cmp'; op: CmpOp; a: Node; b: Node; tol?: Node; loc: Loc }
  | { k: 'cross'; dir: 'above' | 'below'; a: Node; b: Node; loc: Loc }
  | { k: 'between'; x: Node; lo: Node; hi: Node; loc: Loc }
  | { k: 'near'; unit: 'pct' | 'abs'; a: Node; b: Node; tol: Node; loc: Loc }
  | { k: 'and' | 'or'; xs: Node[]; loc: Loc }
  | { k: 'not'; x: Node; loc: Loc }
  /** holds_for / occurred_within are conditions; count_true is a number. N counts bars of `per`. */
  | { k: 'window'; op: WindowOp; n: number; per: string; perLoc: Loc; x: Node; loc: Loc };

export type NodeType = 'num' | 'bool';

/** Children of a node, in evaluation order. */
export function children(n: Node): Node[] {
  switch (n.k) {
    case 'num':
    case 'ref':
      return [];
    case 'neg':
    case 'not':
      return [n.x];
    case 'arith':
    case 'cross':
      return [n.a, n.b];
    case 'cmp':
      return n.tol ? [n.a, n.b, n.tol] : [n.a, n.b];
    case 'near':
      return [n.a, n.b, n.tol];
    case 'between':
      return [n.x, n.lo, n.hi];
    case 'fn':
      return n.args;
    case 'and':
    case 'or':
      return n.xs;
    case 'window':
      return [n.x];
  }
}
