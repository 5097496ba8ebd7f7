// Compares two streams of decisions exactly: the action, the case that fired, every input the
// rules read (NaN equals NaN; nothing else is tolerated) and the commands issued. Returns the
// first difference, naming the field and both values; also the largest relative gap of the
// numeric inputs (the warm-up audit reports how far features drifted, not only where).
import type { Decision } from '../engine';

export interface DecisionDifference {
  /** Index in both streams. */
  index: number;
  /** Close time of the bar the decision answered, ms. */
  tsMs: number;
  /** `action`, `case`, `commands`, `missing`, or the input's key (a feature or bar field). */
  field: string;
  a: string;
  b: string;
}

const same = (x: number, y: number) => x === y || (Number.isNaN(x) && Number.isNaN(y));
const num = (x: number | undefined) => (x === undefined ? 'absent' : Number.isNaN(x) ? 'unknown (NaN)' : String(x));

/** The first difference of decision `i` of each stream, or undefined when they are identical. */
export function diffDecision(i: number, a: Decision, b: Decision): DecisionDifference | undefined {
  const at = (field: string, x: string, y: string): DecisionDifference => ({ index: i, tsMs: a.tsMs, field, a: x, b: y });
  if (a.tsMs !== b.tsMs) return at('time', String(a.tsMs), String(b.tsMs));
  const keys = [...new Set([...Object.keys(a.inputs), ...Object.keys(b.inputs)])].sort();
  for (const k of keys) if (!same(a.inputs[k] as number, b.inputs[k] as number)) return at(k, num(a.inputs[k]), num(b.inputs[k]));
  if (a.action !== b.action) return at('action', a.action, b.action);
  if (a.caseIndex !== b.caseIndex) return at('case', String(a.caseIndex), String(b.caseIndex));
  const ca = JSON.stringify(a.commands);
  const cb = JSON.stringify(b.commands);
  if (ca !== cb) return at('commands', ca, cb);
  return undefined;
}

/** The first difference among the first `n` decisions of both streams (a missing one counts). */
export function firstDifference(a: readonly Decision[], b: readonly Decision[], n: number): DecisionDifference | undefined {
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (!x || !y) {
      const d = x ?? y;
      return { index: i, tsMs: d?.tsMs ?? 0, field: 'missing', a: x ? 'present' : 'absent', b: y ? 'present' : 'absent' };
    }
    const d = diffDecision(i, x, y);
    if (d) return d;
  }
  return undefined;
}

/** Decisions whose action, case or commands differ (inputs aside): the ones that change trades. */
export function actionDifferences(a: readonly Decision[], b: readonly Decision[]): number {
  let n = Math.abs(a.length - b.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.action !== y.action || x.caseIndex !== y.caseIndex || JSON.stringify(x.commands) !== JSON.stringify(y.commands)) n++;
  }
  return n;
}

/** The first decision whose action, case or commands differ (inputs aside), or undefined. */
export function firstActionDifference(a: readonly Decision[], b: readonly Decision[]): DecisionDifference | undefined {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    const at = (field: string, p: string, q: string) => ({ index: i, tsMs: x.tsMs, field, a: p, b: q });
    if (x.action !== y.action) return at('action', x.action, y.action);
    if (x.caseIndex !== y.caseIndex) return at('case', String(x.caseIndex), String(y.caseIndex));
    const cx = JSON.stringify(x.commands);
    const cy = JSON.stringify(y.commands);
    if (cx !== cy) return at('commands', cx, cy);
  }
  if (a.length !== b.length)
    return { index: Math.min(a.length, b.length), tsMs: 0, field: 'missing', a: String(a.length), b: String(b.length) };
  return undefined;
}

/** The largest |a − b| / |b| over every numeric input both streams know, and where it is. */
export function largestInputGap(a: readonly Decision[], b: readonly Decision[]): { relative: number; field: string; tsMs: number } {
  let best = { relative: 0, field: '', tsMs: 0 };
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    for (const [k, x] of Object.entries(a[i]!.inputs)) {
      const y = b[i]!.inputs[k];
      if (y === undefined || !Number.isFinite(x) || !Number.isFinite(y) || x === y) continue;
      const rel = Math.abs(x - y) / Math.max(Math.abs(y), 1e-12);
      if (rel > best.relative) best = { relative: rel, field: k, tsMs: a[i]!.tsMs };
    }
  }
  return best;
}
