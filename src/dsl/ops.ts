// Closures for operators. Conditions return 1 (true), 0 (false) or NaN (unknown: some value is
// still warming up). Comparisons with a NaN operand are NaN, `not` keeps NaN, `and` is false if
// any part is false, `or` true if any part is true (Kleene logic); a case fires only on exactly 1,
// so a warming-up value can never make a rule true. Division by zero is NaN.
import type { ArithOp, CmpOp } from './ast';
import type { Fn } from './leaves';

const NaN_ = Number.NaN;

export function arith(op: ArithOp, a: Fn, b: Fn): Fn {
  switch (op) {
    case '+':
      return () => a() + b();
    case '-':
      return () => a() - b();
    case '*':
      return () => a() * b();
    case '/':
      return () => {
        const x = a();
        const y = b();
        return y === 0 ? NaN_ : x / y;
      };
  }
}

export function neg(x: Fn): Fn {
  return () => -x();
}

export function mathFn(fn: 'abs' | 'min' | 'max', args: Fn[]): Fn {
  const [a, b] = args as [Fn, Fn];
  if (fn === 'abs') return () => Math.abs(a());
  const pick = fn === 'min' ? Math.min : Math.max;
  if (args.length === 2) return () => pick(a(), b());
  return () => {
    let r = args[0]!();
    for (let i = 1; i < args.length; i++) r = pick(r, args[i]!());
    return r;
  };
}

export function compare(op: CmpOp, a: Fn, b: Fn): Fn {
  switch (op) {
    case '>':
      return () => {
        const x = a();
        const y = b();
        return x > y ? 1 : x <= y ? 0 : NaN_;
      };
    case '>=':
      return () => {
        const x = a();
        const y = b();
        return x >= y ? 1 : x < y ? 0 : NaN_;
      };
    case '<':
      return () => {
        const x = a();
        const y = b();
        return x < y ? 1 : x >= y ? 0 : NaN_;
      };
    case '<=':
      return () => {
        const x = a();
        const y = b();
        return x <= y ? 1 : x > y ? 0 : NaN_;
      };
    case '==':
      return () => {
        const x = a();
        const y = b();
        return x === y ? 1 : Number.isNaN(x) || Number.isNaN(y) ? NaN_ : 0;
      };
    case '!=':
      return () => {
        const x = a();
        const y = b();
        return x === y ? 0 : Number.isNaN(x) || Number.isNaN(y) ? NaN_ : 1;
      };
  }
}

/** a == b within tol: |a - b| <= tol (tol absolute, in the operands' unit); != is its negation. */
export function equalWithin(negate: boolean, a: Fn, b: Fn, tol: Fn): Fn {
  return () => {
    const d = Math.abs(a() - b());
    const t = tol();
    const r = d <= t ? 1 : d > t ? 0 : NaN_;
    return negate && !Number.isNaN(r) ? 1 - r : r;
  };
}

/** near_pct: |a - b| <= |b| * tol / 100; near_abs: |a - b| <= tol. */
export function near(unit: 'pct' | 'abs', a: Fn, b: Fn, tol: Fn): Fn {
  if (unit === 'abs') return equalWithin(false, a, b, tol);
  return () => {
    const y = b();
    const d = Math.abs(a() - y);
    const t = (Math.abs(y) * tol()) / 100;
    return d <= t ? 1 : d > t ? 0 : NaN_;
  };
}

/** lo <= x <= hi (both bounds inclusive). */
export function between(x: Fn, lo: Fn, hi: Fn): Fn {
  return () => {
    const v = x();
    const l = lo();
    const h = hi();
    if (Number.isNaN(v) || Number.isNaN(l) || Number.isNaN(h)) return NaN_;
    return v >= l && v <= h ? 1 : 0;
  };
}

/** Cross from columns: above = prev a <= prev b and a > b; below = prev a >= prev b and a < b. */
export function crossFromColumns(above: boolean, a: Fn, b: Fn, aPrev: Fn, bPrev: Fn): Fn {
  return () => {
    const d = a() - b();
    const p = aPrev() - bPrev();
    if (Number.isNaN(d) || Number.isNaN(p)) return NaN_;
    return (above ? p <= 0 && d > 0 : p >= 0 && d < 0) ? 1 : 0;
  };
}

export function not(x: Fn): Fn {
  return () => {
    const v = x();
    return v === 1 ? 0 : v === 0 ? 1 : NaN_;
  };
}

export function and(xs: Fn[]): Fn {
  if (xs.length === 2) {
    const [p, q] = xs as [Fn, Fn];
    return () => {
      const u = p();
      if (u === 0) return 0;
      const v = q();
      if (v === 0) return 0;
      return u === 1 && v === 1 ? 1 : NaN_;
    };
  }
  const n = xs.length;
  return () => {
    let r = 1;
    for (let i = 0; i < n; i++) {
      const v = xs[i]!();
      if (v === 0) return 0;
      if (v !== 1) r = NaN_;
    }
    return r;
  };
}

export function or(xs: Fn[]): Fn {
  const n = xs.length;
  return () => {
    let r = 0;
    for (let i = 0; i < n; i++) {
      const v = xs[i]!();
      if (v === 1) return 1;
      if (v !== 0) r = NaN_;
    }
    return r;
  };
}
