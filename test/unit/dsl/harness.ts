// Test harness: builds a small Play around rules, checks it against the fake catalog, compiles
// it and binds it to columns given as plain arrays. `truth` reads a condition's three-valued result
// through two blocks (X → enter_long, not X → exit): true, false or unknown (warming up).
import { type CheckedPlay, checkPlaySource, compileRules, type Evaluator, STATE, STATE_SIZE } from '../../../src/dsl';
import { formatIssue } from '../../../src/play';
import { FAKE_CATALOG } from '../play/fake-catalog';

export const FEATURES = `
  a: { indicator: ema, params: { length: 3 } }
  b: { indicator: sma, params: { length: 3 } }
  t: { indicator: ema, params: { length: 2 }, tf: htf }
  bb: { indicator: bbands }
  atr: { indicator: atr, params: { length: 3 } }`;

export function playText(actions: string, extra = ''): string {
  return `id: t\nsymbol: BTCUSDT\ntimeframes: { exec: 15m, htf: 1h }\nfeatures:${FEATURES}\nactions:\n${actions}\nrisk:\n  sizing: { notional_usdt: 100 }\n${extra}`;
}

export function check(text: string): CheckedPlay {
  const r = checkPlaySource(text, 't.yml', FAKE_CATALOG);
  if (!r.checked) throw new Error(r.issues.map(formatIssue).join('\n'));
  return r.checked;
}

export interface Harness {
  ev: Evaluator;
  cursors: Int32Array;
  state: Float64Array;
  /** Sets the exec cursor (and htf = floor((exec + 1) / 4) - 1, 4 exec bars per htf bar) and evaluates. */
  at(exec: number, htf?: number): number;
}

export function bind(checked: CheckedPlay, columns: Record<string, number[]>): Harness {
  const compiled = compileRules(checked.rules);
  const cursors = new Int32Array(compiled.tfNames.length);
  const state = new Float64Array(STATE_SIZE);
  state[STATE.entryPrice] = Number.NaN;
  const ev = compiled.bind({
    cursors,
    state,
    column: (need) => {
      const c = columns[need.key];
      if (!c) throw new Error(`test: no column ${need.key}`);
      return Float64Array.from(c);
    },
  });
  return {
    ev,
    cursors,
    state,
    at(exec, htf) {
      cursors[0] = exec;
      if (cursors.length > 1) cursors[1] = htf ?? Math.floor((exec + 1) / 4) - 1;
      return ev.evaluate();
    },
  };
}

export type Truth = 'true' | 'false' | 'unknown';

/** A harness whose evaluate() result decodes to the truth of `rule`. */
export function truthHarness(
  rule: string,
  columns: Record<string, number[]>,
): { h: Harness; truth: (exec: number, htf?: number) => Truth } {
  const q = JSON.stringify(rule);
  const h = bind(
    check(playText(`  a:\n    - { when: ${q}, emit: enter_long }\n  b:\n    - { when: ${JSON.stringify(`not (${rule})`)}, emit: exit }`)),
    columns,
  );
  const decode = (bits: number): Truth => {
    if (bits === 1) return 'true';
    if (bits === 16) return 'false';
    if (bits === 0) return 'unknown';
    throw new Error(`rule and its negation both fired (${bits})`);
  };
  return { h, truth: (exec, htf) => decode(h.at(exec, htf)) };
}

/** Truth of `rule` at each exec cursor 0..n-1. */
export function truths(rule: string, columns: Record<string, number[]>, n: number): Truth[] {
  const { truth } = truthHarness(rule, columns);
  return Array.from({ length: n }, (_, i) => truth(i));
}

export const T = 'true';
export const F = 'false';
export const U = 'unknown';
