// Stateful operators over evaluation slots (see runtime.ts): holds_for, occurred_within,
// count_true and cross over values that are not all exec columns. Each returns an `update` (run
// once per evaluation before the rules, children first, so short-circuits never skip history), a
// `read` of the current result, and a `reset`.
//
// Slot = cursors[t] (no slot before the TF's first closed bar: the result is unknown). A slot keeps
// the value of its last evaluation. A non-consecutive slot restarts the history. The window of N
// covers this slot and the N - 1 before it, with Kleene logic over it: holds_for is false if any
// slot in the window was false, else unknown if any was unknown or the history is shorter than
// the window, else true; occurred_within is the dual; count_true is NaN unless all N are known.
import { DslError } from '../errors';
import type { Fn } from './leaves';

export interface Stateful {
  update: () => void;
  read: Fn;
  reset: () => void;
  /** Everything the operator remembers, as plain numbers (NaN and ±Infinity included). */
  save: () => number[];
  /** Restores what `save` returned (same operator shape), so a rebound evaluator keeps its window. */
  load: (xs: readonly number[], at: number) => number;
}

const NaN_ = Number.NaN;
const NONE = Number.NEGATIVE_INFINITY;

/** Committed history of a condition over consecutive slots: the last slot of each truth value. */
class History {
  last = NaN_;
  cur = NaN_;
  first = NaN_;
  lastTrue = NONE;
  lastFalse = NONE;
  lastUnknown = NONE;

  /** Moves to slot s (committing the previous slot's value) and records v; false if s < 0. */
  enter(s: number, v: number): boolean {
    if (s < 0) return false;
    if (s !== this.last) {
      if (s === this.last + 1) {
        const c = this.cur;
        if (c === 1) this.lastTrue = this.last;
        else if (c === 0) this.lastFalse = this.last;
        else this.lastUnknown = this.last;
      } else {
        this.first = s;
        this.lastTrue = NONE;
        this.lastFalse = NONE;
        this.lastUnknown = NONE;
      }
      this.last = s;
    }
    this.cur = v;
    return true;
  }

  reset(): void {
    this.last = NaN_;
    this.cur = NaN_;
    this.first = NaN_;
    this.lastTrue = NONE;
    this.lastFalse = NONE;
    this.lastUnknown = NONE;
  }

  save(out: number[]): void {
    out.push(this.last, this.cur, this.first, this.lastTrue, this.lastFalse, this.lastUnknown);
  }

  /** Reads 6 numbers from xs[at...]; returns the index after them. */
  load(xs: readonly number[], at: number): number {
    this.last = num(xs, at);
    this.cur = num(xs, at + 1);
    this.first = num(xs, at + 2);
    this.lastTrue = num(xs, at + 3);
    this.lastFalse = num(xs, at + 4);
    this.lastUnknown = num(xs, at + 5);
    return at + 6;
  }
}

function num(xs: readonly number[], i: number): number {
  const v = xs[i];
  if (typeof v !== 'number') throw new DslError('STATE', `rule state: entry ${i} is ${String(v)}, expected a number`);
  return v;
}

/**
 * holds_for and occurred_within over the last n slots (this one included), in Kleene logic: one
 * `decisive` value in the window settles the answer (false for holds_for, true for
 * occurred_within); otherwise any unknown or missing slot makes it unknown; else the other value.
 */
function windowCondition(x: Fn, n: number, cursors: Int32Array, t: number, decisive: 0 | 1): Stateful {
  const h = new History();
  let out = NaN_;
  return {
    update: () => {
      const s = cursors[t] as number;
      const v = x();
      if (!h.enter(s, v)) {
        out = NaN_;
        return;
      }
      const w = s - (n - 1);
      const lastDecisive = decisive === 0 ? h.lastFalse : h.lastTrue;
      if (v === decisive || lastDecisive >= w) out = decisive;
      else if (v !== 1 - decisive || h.lastUnknown >= w || h.first > w) out = NaN_;
      else out = 1 - decisive;
    },
    read: () => out,
    reset: () => {
      h.reset();
      out = NaN_;
    },
    save: () => {
      const xs = [out];
      h.save(xs);
      return xs;
    },
    load: (xs, at) => {
      out = num(xs, at);
      return h.load(xs, at + 1);
    },
  };
}

/** True when the condition is true now and in the previous n - 1 slots. */
export function holdsFor(x: Fn, n: number, cursors: Int32Array, t: number): Stateful {
  return windowCondition(x, n, cursors, t, 0);
}

/** True when the condition was true in any of the last n slots (this one included). */
export function occurredWithin(x: Fn, n: number, cursors: Int32Array, t: number): Stateful {
  return windowCondition(x, n, cursors, t, 1);
}

/** How many of the last n slots (this one included) the condition was true; NaN unless all are known. */
export function countTrue(x: Fn, n: number, cursors: Int32Array, t: number): Stateful {
  const h = new History();
  const width = Math.max(1, n - 1);
  const ring = new Uint8Array(width);
  let pos = 0;
  let count = 0;
  let out = NaN_;
  const clear = () => {
    ring.fill(0);
    pos = 0;
    count = 0;
  };
  return {
    update: () => {
      const s = cursors[t] as number;
      const prevLast = h.last;
      const prevCur = h.cur;
      const v = x();
      if (!h.enter(s, v)) {
        out = NaN_;
        return;
      }
      if (s !== prevLast) {
        if (s !== prevLast + 1) clear();
        else if (n > 1) {
          const add = prevCur === 1 ? 1 : 0;
          count += add - (ring[pos] as number);
          ring[pos] = add;
          pos = pos + 1 === width ? 0 : pos + 1;
        }
      }
      const w = s - (n - 1);
      out = v !== 0 && v !== 1 ? NaN_ : h.lastUnknown >= w || h.first > w ? NaN_ : count + v;
    },
    read: () => out,
    reset: () => {
      h.reset();
      clear();
      out = NaN_;
    },
    save: () => {
      const xs = [out, pos, count, ...ring];
      h.save(xs);
      return xs;
    },
    load: (xs, at) => {
      out = num(xs, at);
      pos = num(xs, at + 1);
      count = num(xs, at + 2);
      for (let k = 0; k < width; k++) ring[k] = num(xs, at + 3 + k);
      return h.load(xs, at + 3 + width);
    },
  };
}

/** Cross against the previous slot's (a - b): above = prev <= 0 and now > 0; below = prev >= 0 and now < 0. */
export function crossOverSlots(above: boolean, a: Fn, b: Fn, cursors: Int32Array, t: number): Stateful {
  let last = NaN_;
  let curD = NaN_;
  let prevD = NaN_;
  let out = NaN_;
  return {
    update: () => {
      const s = cursors[t] as number;
      const d = a() - b();
      if (s !== last) {
        prevD = s === last + 1 ? curD : NaN_;
        last = s;
      }
      curD = d;
      if (Number.isNaN(d) || Number.isNaN(prevD)) out = NaN_;
      else out = (above ? prevD <= 0 && d > 0 : prevD >= 0 && d < 0) ? 1 : 0;
    },
    read: () => out,
    reset: () => {
      last = NaN_;
      curD = NaN_;
      prevD = NaN_;
      out = NaN_;
    },
    save: () => [last, curD, prevD, out],
    load: (xs, at) => {
      last = num(xs, at);
      curD = num(xs, at + 1);
      prevD = num(xs, at + 2);
      out = num(xs, at + 3);
      return at + 4;
    },
  };
}
