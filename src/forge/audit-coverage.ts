// The coverage audit: what a Play uses (rule operators, indicators and structures, order types,
// stop kinds) and what a run on the audit's data exercises (which rule cases fired, which exit
// reasons occurred). It is a report, not a gate (`pass` is always true): a case that never decides
// an evaluation is either dead (ema-cross's exits: the opposite cross reverses first) or untested
// on this data, and only the author can tell which. Operators are read from the canonical rule text.
import { compileRules } from '../dsl';
import { runOnWindow, type WindowRunInput } from './run-window';

export interface CoverageReport {
  check: 'coverage';
  /** Always true: coverage informs, it does not fail a run. */
  pass: true;
  operators: string[];
  features: string[];
  orderTypes: string[];
  stops: string[];
  /** Every case as `block[index] emit (tag)` with how many evaluations it fired. */
  cases: { name: string; fired: number }[];
  exitReasons: Record<string, number>;
}

/** Operators of the rule language, as they appear in canonical rule text. */
const OPERATORS: readonly [string, RegExp][] = [
  ['cross_above', /\bcross_above\b/],
  ['cross_below', /\bcross_below\b/],
  ['between', /\bbetween\b/],
  ['near_pct', /\bnear_pct\b/],
  ['near_abs', /\bnear_abs\b/],
  ['within', /\bwithin\b/],
  ['holds_for', /\bholds_for\(/],
  ['occurred_within', /\boccurred_within\(/],
  ['count_true', /\bcount_true\(/],
  ['and', /\band\b/],
  ['or', /\bor\b/],
  ['not', /\bnot\b/],
  ['abs', /\babs\(/],
  ['min', /\bmin\(/],
  ['max', /\bmax\(/],
  ['==', / == /],
  ['!=', / != /],
  ['<', / < /],
  ['<=', / <= /],
  ['>', / > /],
  ['>=', / >= /],
  ['+', / \+ /],
  ['-', / - /],
  ['*', / \* /],
  ['/', / \/ /],
  ['offset [n]', /\[\d+\]/],
];

/** Every `when` string (and risk level expression) under `v`. */
function ruleTexts(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) ruleTexts(x, out);
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'tag' && k !== 'emit') ruleTexts(x, out);
  return out;
}

export function auditCoverage(input: WindowRunInput): CoverageReport {
  const { play } = input.checked;
  const texts = ruleTexts(play.actions).join('\n');
  const operators = OPERATORS.filter(([, re]) => re.test(texts)).map(([name]) => name);
  const features = Object.values(play.features)
    .map((f) => ('indicator' in f ? `indicator ${f.indicator}` : `structure ${(f as { structure: string }).structure}`))
    .filter((x, i, a) => a.indexOf(x) === i)
    .sort();
  const entry = play.execution.entry;
  const orderTypes = [entry.type === 'limit' ? `limit entry (${entry.time_in_force ?? 'gtc'})` : 'market entry', 'market exit'];
  const risk = play.risk as Record<string, unknown>;
  const stops = ['stop_loss', 'take_profit', 'trailing_stop']
    .filter((k) => risk[k] !== undefined)
    .map(
      (k) =>
        `${k} ${Object.keys(risk[k] as object)
          .filter((x) => x !== 'mult' && x !== 'activate_pct')
          .join('/')}`,
    );
  const run = runOnWindow(input);
  const compiled = compileRules(input.checked.rules).cases;
  const fired = new Array<number>(compiled.length).fill(0);
  for (const d of run.decisions) if (d.caseIndex >= 0) fired[d.caseIndex] = (fired[d.caseIndex] ?? 0) + 1;
  const cases = compiled.map((c, k) => ({ name: `${c.block}[${c.index}] ${c.emit}${c.tag ? ` (${c.tag})` : ''}`, fired: fired[k] ?? 0 }));
  const exitReasons: Record<string, number> = {};
  for (const t of run.sim.trades) exitReasons[t.exitReason] = (exitReasons[t.exitReason] ?? 0) + 1;
  return { check: 'coverage', pass: true, operators, features, orderTypes, stops, cases, exitReasons };
}
