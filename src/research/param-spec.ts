// `--param PATH=SPEC`: a dotted path into the Play YAML and the values it takes. Three SPEC forms:
//   `5..50:5`      a range, both ends inclusive, step 5 (the step must be > 0);
//   `[1,1.5,2]`    a list;
//   `log:1..100:5` 5 values spaced evenly in log scale from 1 to 100 (both ends included).
// Values are rounded to 12 significant digits, so `0.1..0.3:0.1` gives 0.1, 0.2, 0.3 and never
// 0.30000000000000004. A bad option is one line naming the option, the value and what was expected.
import { TradeError } from '../errors';

export interface ParamSpec {
  /** The dotted path as given (e.g. `features.ema_fast.params.length`). */
  path: string;
  /** Its segments; a segment of digits indexes a list. */
  segments: string[];
  values: number[];
}

/** Upper bound of values one SPEC may expand to (a typo like `1..1e9:1` fails instead of hanging). */
export const MAX_VALUES_PER_PARAM = 10_000;

const EXPECTED = "PATH=SPEC with SPEC a range 'A..B:STEP', a list '[X,Y,...]' or a log range 'log:A..B:N'";

function usage(option: string, value: string, expected: string): TradeError {
  return new TradeError('USAGE', `${option} '${value}': expected ${expected}`, { option, value });
}

export function roundValue(x: number): number {
  return Number(x.toPrecision(12));
}

function num(text: string, option: string, value: string, what: string): number {
  const t = text.trim();
  const x = t === '' ? Number.NaN : Number(t);
  if (!Number.isFinite(x)) throw usage(option, value, `${what} to be a finite number (got '${text}')`);
  return x;
}

function expandRange(body: string, option: string, value: string): number[] {
  const m = /^([^:]*)\.\.([^:]*):(.*)$/.exec(body);
  if (!m) throw usage(option, value, EXPECTED);
  const a = num(m[1]!, option, value, 'the range start');
  const b = num(m[2]!, option, value, 'the range end');
  const step = num(m[3]!, option, value, 'the step');
  if (!(step > 0)) throw usage(option, value, `a step > 0 (got ${step})`);
  if (b < a) throw usage(option, value, `the range end ${b} to be >= its start ${a}`);
  const n = Math.floor(roundValue((b - a) / step)) + 1;
  if (n > MAX_VALUES_PER_PARAM) throw usage(option, value, `at most ${MAX_VALUES_PER_PARAM} values (this range has ${n})`);
  return Array.from({ length: n }, (_, i) => roundValue(a + i * step));
}

function expandLog(body: string, option: string, value: string): number[] {
  const m = /^([^:]*)\.\.([^:]*):(.*)$/.exec(body);
  if (!m) throw usage(option, value, "a log range 'log:A..B:N' (A, B > 0, N >= 2 values)");
  const a = num(m[1]!, option, value, 'the log range start');
  const b = num(m[2]!, option, value, 'the log range end');
  const n = num(m[3]!, option, value, 'the value count');
  if (!(a > 0 && b > a)) throw usage(option, value, `0 < A < B in 'log:A..B:N' (got ${a}..${b})`);
  if (!Number.isInteger(n) || n < 2 || n > MAX_VALUES_PER_PARAM)
    throw usage(option, value, `N to be an integer from 2 to ${MAX_VALUES_PER_PARAM} in 'log:A..B:N' (got ${n})`);
  const ratio = Math.log(b / a);
  return Array.from({ length: n }, (_, i) => roundValue(i === n - 1 ? b : a * Math.exp((ratio * i) / (n - 1))));
}

function expandList(body: string, option: string, value: string): number[] {
  const inner = body.slice(1, -1).trim();
  if (inner === '') throw usage(option, value, 'a non-empty list [X,Y,...]');
  return inner.split(',').map((t) => roundValue(num(t, option, value, 'every list item')));
}

/** Parses one `--param PATH=SPEC`. Duplicate values are dropped (first one kept). */
export function parseParam(text: string, option = '--param'): ParamSpec {
  const eq = text.indexOf('=');
  if (eq <= 0) throw usage(option, text, EXPECTED);
  const path = text.slice(0, eq).trim();
  const spec = text.slice(eq + 1).trim();
  const segments = path.split('.');
  if (segments.some((s) => !/^[A-Za-z0-9_-]+$/.test(s)))
    throw usage(option, text, `PATH to be dotted keys like features.ema_fast.params.length (got '${path}')`);
  let values: number[];
  if (spec.startsWith('[') && spec.endsWith(']')) values = expandList(spec, option, text);
  else if (spec.startsWith('log:')) values = expandLog(spec.slice(4), option, text);
  else values = expandRange(spec, option, text);
  return { path, segments, values: [...new Set(values)] };
}

/** Parses every `--param`; the same PATH twice is an error. */
export function parseParams(texts: readonly string[], option = '--param'): ParamSpec[] {
  if (texts.length === 0) throw new TradeError('USAGE', `${option}: give at least one ${option} PATH=SPEC`);
  const out = texts.map((t) => parseParam(t, option));
  const seen = new Set<string>();
  for (const p of out) {
    if (seen.has(p.path)) throw usage(option, p.path, 'each PATH once');
    seen.add(p.path);
  }
  return out;
}
