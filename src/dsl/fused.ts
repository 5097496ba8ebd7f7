// Fused closures for the most common rule shapes: a comparison (> >= < <=) or a cross whose
// operands are column reads or constants. They read the typed arrays directly instead of calling
// one closure per operand: about 1.5x faster on the bench rule (scripts/bench-dsl.ts). `a < b` is
// built as `b > a` and `a <= b` as `b >= a`, so only > and >= need closures. NaN rules as ops.ts.
// Their scans (`fusedCompareScan`, `fusedCrossScan`) find the first exec cursor at which the same
// test gives 1 with a plain loop over the columns (the evaluator's `firstCandidate`).
import type { CmpOp } from './ast';
import type { Fn } from './leaves';

export interface ColumnLeaf {
  col: Float64Array;
  t: number;
  offset: number;
}

/** A column read at cursors[t] - offset, or a constant. */
export type Leaf = ColumnLeaf | { v: number };

const NaN_ = Number.NaN;

export function fusedCompare(op: CmpOp, a: Leaf, b: Leaf, cursors: Int32Array): Fn | undefined {
  if (op === '==' || op === '!=') return undefined;
  const [x, y] = op === '<' || op === '<=' ? [b, a] : [a, b];
  const strict = op === '>' || op === '<';
  if ('col' in x && 'col' in y) return strict ? greaterColCol(x, y, cursors) : greaterEqualColCol(x, y, cursors);
  if ('col' in x && 'v' in y) return strict ? greaterColConst(x, y.v, cursors) : greaterEqualColConst(x, y.v, cursors);
  if ('v' in x && 'col' in y) return strict ? lessColConst(y, x.v, cursors) : lessEqualColConst(y, x.v, cursors);
  return undefined;
}

function greaterColCol(a: ColumnLeaf, b: ColumnLeaf, cursors: Int32Array): Fn {
  const { col: ca, t: ta, offset: oa } = a;
  const { col: cb, t: tb, offset: ob } = b;
  return () => {
    const i = (cursors[ta] as number) - oa;
    const j = (cursors[tb] as number) - ob;
    if (i < 0 || j < 0) return NaN_;
    const x = ca[i] as number;
    const y = cb[j] as number;
    return x > y ? 1 : x <= y ? 0 : NaN_;
  };
}

function greaterEqualColCol(a: ColumnLeaf, b: ColumnLeaf, cursors: Int32Array): Fn {
  const { col: ca, t: ta, offset: oa } = a;
  const { col: cb, t: tb, offset: ob } = b;
  return () => {
    const i = (cursors[ta] as number) - oa;
    const j = (cursors[tb] as number) - ob;
    if (i < 0 || j < 0) return NaN_;
    const x = ca[i] as number;
    const y = cb[j] as number;
    return x >= y ? 1 : x < y ? 0 : NaN_;
  };
}

function greaterColConst(a: ColumnLeaf, y: number, cursors: Int32Array): Fn {
  const { col, t, offset } = a;
  return () => {
    const i = (cursors[t] as number) - offset;
    if (i < 0) return NaN_;
    const x = col[i] as number;
    return x > y ? 1 : x <= y ? 0 : NaN_;
  };
}

function greaterEqualColConst(a: ColumnLeaf, y: number, cursors: Int32Array): Fn {
  const { col, t, offset } = a;
  return () => {
    const i = (cursors[t] as number) - offset;
    if (i < 0) return NaN_;
    const x = col[i] as number;
    return x >= y ? 1 : x < y ? 0 : NaN_;
  };
}

/** const > col, i.e. col < const. */
function lessColConst(a: ColumnLeaf, y: number, cursors: Int32Array): Fn {
  const { col, t, offset } = a;
  return () => {
    const i = (cursors[t] as number) - offset;
    if (i < 0) return NaN_;
    const x = col[i] as number;
    return x < y ? 1 : x >= y ? 0 : NaN_;
  };
}

/** const >= col, i.e. col <= const. */
function lessEqualColConst(a: ColumnLeaf, y: number, cursors: Int32Array): Fn {
  const { col, t, offset } = a;
  return () => {
    const i = (cursors[t] as number) - offset;
    if (i < 0) return NaN_;
    const x = col[i] as number;
    return x <= y ? 1 : x > y ? 0 : NaN_;
  };
}

/** Cross from columns (see ops.crossFromColumns) when `a` is a column and `b` a column or constant. */
export function fusedCross(above: boolean, a: Leaf, b: Leaf, cursors: Int32Array): Fn | undefined {
  if (!('col' in a)) return undefined;
  const { col: ca, t: ta, offset: oa } = a;
  if ('v' in b) {
    const y = b.v;
    return () => {
      const i = (cursors[ta] as number) - oa;
      if (i < 1) return NaN_;
      const d = (ca[i] as number) - y;
      const p = (ca[i - 1] as number) - y;
      if (Number.isNaN(d) || Number.isNaN(p)) return NaN_;
      return (above ? p <= 0 && d > 0 : p >= 0 && d < 0) ? 1 : 0;
    };
  }
  const { col: cb, t: tb, offset: ob } = b;
  return () => {
    const i = (cursors[ta] as number) - oa;
    const j = (cursors[tb] as number) - ob;
    if (i < 1 || j < 1) return NaN_;
    const d = (ca[i] as number) - (cb[j] as number);
    const p = (ca[i - 1] as number) - (cb[j - 1] as number);
    if (Number.isNaN(d) || Number.isNaN(p)) return NaN_;
    return (above ? p <= 0 && d > 0 : p >= 0 && d < 0) ? 1 : 0;
  };
}

/**
 * The first exec cursor in [from, to) at which a test gives 1, or `to`; or, for a candidate scan
 * (an `and`), a cursor at or before the first one (the cursors before it give no 1).
 */
export type Scan = (from: number, to: number) => number;

const onExec = (l: Leaf, execT: number): boolean => !('col' in l) || l.t === execT;

/**
 * The cursors at which `fusedCompare(op, a, b)` gives 1, scanned over the columns (both operands
 * on the exec timeframe, whose cursor is the scan's index). Undefined where no fused test exists.
 */
export function fusedCompareScan(op: CmpOp, a: Leaf, b: Leaf, execT: number): Scan | undefined {
  if (op === '==' || op === '!=' || !onExec(a, execT) || !onExec(b, execT)) return undefined;
  const [x, y] = op === '<' || op === '<=' ? [b, a] : [a, b];
  const strict = op === '>' || op === '<';
  if ('col' in x && 'col' in y) {
    const { col: cx, offset: ox } = x;
    const { col: cy, offset: oy } = y;
    const lo = Math.max(ox, oy);
    return (from, to) => {
      for (let c = Math.max(from, lo); c < to; c++) {
        const u = cx[c - ox] as number;
        const v = cy[c - oy] as number;
        if (strict ? u > v : u >= v) return c;
      }
      return to;
    };
  }
  // x > const, or const > y (y < const): one column against a constant.
  const colLeaf = 'col' in x ? x : 'col' in y ? y : undefined;
  if (colLeaf === undefined) return undefined;
  const k = 'v' in y ? y.v : (x as { v: number }).v;
  const above = colLeaf === x;
  const { col, offset } = colLeaf;
  return (from, to) => {
    for (let c = Math.max(from, offset); c < to; c++) {
      const u = col[c - offset] as number;
      if (above ? (strict ? u > k : u >= k) : strict ? u < k : u <= k) return c;
    }
    return to;
  };
}

/** The cursors at which `fusedCross(above, a, b)` gives 1 (operands on the exec timeframe). */
export function fusedCrossScan(above: boolean, a: Leaf, b: Leaf, execT: number): Scan | undefined {
  if (!('col' in a) || !onExec(a, execT) || !onExec(b, execT)) return undefined;
  const { col: ca, offset: oa } = a;
  if ('v' in b) {
    const y = b.v;
    return (from, to) => {
      for (let c = Math.max(from, oa + 1); c < to; c++) {
        const d = (ca[c - oa] as number) - y;
        const p = (ca[c - oa - 1] as number) - y;
        // A NaN fails every comparison, as the test's NaN answer is not 1.
        if (above ? p <= 0 && d > 0 : p >= 0 && d < 0) return c;
      }
      return to;
    };
  }
  const { col: cb, offset: ob } = b;
  const lo = Math.max(oa, ob) + 1;
  return (from, to) => {
    for (let c = Math.max(from, lo); c < to; c++) {
      const d = (ca[c - oa] as number) - (cb[c - ob] as number);
      const p = (ca[c - oa - 1] as number) - (cb[c - ob - 1] as number);
      if (above ? p <= 0 && d > 0 : p >= 0 && d < 0) return c;
    }
    return to;
  };
}
