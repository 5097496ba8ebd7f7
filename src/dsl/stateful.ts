// Stateful operators over evaluation slots (see runtime.ts): holds_for, occurred_within,
// count_true and cross over values that are not all exec columns. Each returns an `update`
// (run once per evaluation, before the rules, children first, so short-circuits never skip
// history), a `read` of the current result, and a `reset`. Slot = cursors[t]; a slot keeps the
// value of its last evaluation; a non-consecutive slot restarts the history. Past unknown (NaN)
// slots count as false; a result that depends on missing history is NaN (never true).
import type { Fn } from './leaves';

export interface Stateful {
  update: () => void;
  read: Fn;
  reset: () => void;
}

const NaN_ = Number.NaN;

/** True when the condition is true now and in the previous n - 1 slots. */
export function holdsFor(x: Fn, n: number, cursors: Int32Array, t: number): Stateful {
  let last = NaN_;
  let cur = NaN_;
  let run = 0;
  let seen = 0;
  let out = NaN_;
  return {
    update: () => {
      const s = cursors[t] as number;
      const v = x();
      if (s !== last) {
        if (s === last + 1) {
          run = cur === 1 ? run + 1 : 0;
          seen++;
        } else {
          run = 0;
          seen = 0;
        }
        last = s;
      }
      cur = v;
      out = v === 1 ? (run >= n - 1 ? 1 : seen >= n - 1 ? 0 : NaN_) : v === 0 ? 0 : NaN_;
    },
    read: () => out,
    reset: () => {
      last = NaN_;
      cur = NaN_;
      run = 0;
      seen = 0;
      out = NaN_;
    },
  };
}

/** True when the condition was true in any of the last n slots (this one included). */
export function occurredWithin(x: Fn, n: number, cursors: Int32Array, t: number): Stateful {
  let last = NaN_;
  let cur = NaN_;
  let lastTrue = Number.NEGATIVE_INFINITY;
  let seen = 0;
  let out = NaN_;
  return {
    update: () => {
      const s = cursors[t] as number;
      const v = x();
      if (s !== last) {
        if (s === last + 1) {
          if (cur === 1) lastTrue = last;
          seen++;
        } else {
          lastTrue = Number.NEGATIVE_INFINITY;
          seen = 0;
        }
        last = s;
      }
      cur = v;
      out = v === 1 || s - lastTrue <= n - 1 ? 1 : v === 0 && seen >= n - 1 ? 0 : NaN_;
    },
    read: () => out,
    reset: () => {
      last = NaN_;
      cur = NaN_;
      lastTrue = Number.NEGATIVE_INFINITY;
      seen = 0;
      out = NaN_;
    },
  };
}

/** How many of the last n slots (this one included) the condition was true; NaN until n slots seen. */
export function countTrue(x: Fn, n: number, cursors: Int32Array, t: number): Stateful {
  const width = Math.max(1, n - 1);
  const ring = new Uint8Array(width);
  let pos = 0;
  let count = 0;
  let last = NaN_;
  let cur = NaN_;
  let seen = 0;
  let out = NaN_;
  return {
    update: () => {
      const s = cursors[t] as number;
      const v = x();
      if (s !== last) {
        if (s === last + 1) {
          if (n > 1) {
            const add = cur === 1 ? 1 : 0;
            count += add - (ring[pos] as number);
            ring[pos] = add;
            pos = pos + 1 === width ? 0 : pos + 1;
          }
          seen++;
        } else {
          ring.fill(0);
          pos = 0;
          count = 0;
          seen = 0;
        }
        last = s;
      }
      cur = v;
      out = Number.isNaN(v) || seen < n - 1 ? NaN_ : count + (v === 1 ? 1 : 0);
    },
    read: () => out,
    reset: () => {
      ring.fill(0);
      pos = 0;
      count = 0;
      last = NaN_;
      cur = NaN_;
      seen = 0;
      out = NaN_;
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
  };
}
