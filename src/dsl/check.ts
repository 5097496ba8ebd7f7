// Type checker and name resolution for rule ASTs. Two types: number and condition. Resolves each
// ref in place (`res`) to a bar field of a timeframe, a feature output, a state built-in or a
// constant; unknown names, outputs and timeframes are errors that list the valid names.
import {
  BAR_FIELDS,
  type BarField,
  CONSTANTS,
  closest,
  error,
  listNames,
  meanClause,
  type PlayIssue,
  STATE_BUILTINS,
  type StateBuiltin,
} from '../play';
import { children, type Loc, type Node, type NodeType } from './ast';
import type { FeatureSymbol, Symbols } from './symbols';

const BOOL_STATE: ReadonlySet<string> = new Set(['in_position']);

/** Checks `node` expecting `want`; pushes issues; returns false when anything is wrong. */
export function checkRule(node: Node, want: NodeType, syms: Symbols, issues: PlayIssue[]): boolean {
  const before = issues.length;
  expect(node, want, syms, issues);
  return issues.length === before;
}

function at(loc: Loc, message: string): PlayIssue {
  return error(loc.path, message, loc.index === undefined ? {} : { charIndex: loc.index });
}

function expect(n: Node, want: NodeType, syms: Symbols, issues: PlayIssue[]): void {
  const got = typeOf(n, syms, issues);
  if (got === undefined || got === want) return;
  if (want === 'bool') issues.push(at(n.loc, 'expected a condition here, got a number (compare it, e.g. x > 0)'));
  else issues.push(at(n.loc, 'expected a number here, got a condition'));
}

/** The node's type, or undefined when an error below it was already reported. */
function typeOf(n: Node, syms: Symbols, issues: PlayIssue[]): NodeType | undefined {
  const before = issues.length;
  let t: NodeType;
  switch (n.k) {
    case 'num':
      return 'num';
    case 'ref':
      return resolveRef(n, syms, issues);
    case 'neg':
    case 'arith':
    case 'fn':
      for (const c of children(n)) expect(c, 'num', syms, issues);
      t = 'num';
      break;
    case 'cmp':
    case 'cross':
    case 'between':
    case 'near':
      for (const c of children(n)) expect(c, 'num', syms, issues);
      t = 'bool';
      break;
    case 'and':
    case 'or':
    case 'not':
      for (const c of children(n)) expect(c, 'bool', syms, issues);
      t = 'bool';
      break;
    case 'window':
      expect(n.x, 'bool', syms, issues);
      if (!syms.tfs.includes(n.per)) {
        issues.push(
          at(
            n.perLoc,
            `window timeframe must be a declared timeframe (got '${n.per}'${meanClause(n.per, syms.tfs) || ';'} declared: ${listNames(syms.tfs)})`,
          ),
        );
      }
      t = n.op === 'count_true' ? 'num' : 'bool';
      break;
  }
  return issues.length === before ? t : undefined;
}

type Ref = Extract<Node, { k: 'ref' }>;

function resolveRef(n: Ref, syms: Symbols, issues: PlayIssue[]): NodeType | undefined {
  const [p0, p1] = n.parts as [string, string | undefined];
  const fail = (i: number, message: string) => {
    issues.push(at(n.partLocs[i] ?? n.loc, message));
    return undefined;
  };
  if (syms.tfs.includes(p0)) {
    if (p1 === undefined) return fail(0, `'${p0}' is a timeframe: name one of its fields, e.g. ${p0}.close`);
    if ((BAR_FIELDS as readonly string[]).includes(p1)) {
      if (n.parts.length > 2) return fail(2, `${p0}.${p1} has no part '${n.parts[2]}'`);
      n.res = { k: 'bar', tf: p0, field: p1 as BarField };
      return 'num';
    }
    const f = syms.features.get(p1);
    if (f === undefined) {
      const onTf = [...syms.features.values()].filter((s) => s.tf === p0).map((s) => s.id);
      const names = [...BAR_FIELDS, ...onTf];
      return fail(1, `timeframe '${p0}' has no field or feature '${p1}' (${suggest(p1, names)}expected one of ${listNames(names)})`);
    }
    if (f.tf !== p0) return fail(1, `feature '${p1}' is computed on timeframe '${f.tf}', not '${p0}' (write ${p1})`);
    return resolveFeature(n, f, 2, fail);
  }
  const f = syms.features.get(p0);
  if (f) return resolveFeature(n, f, 1, fail);
  if ((BAR_FIELDS as readonly string[]).includes(p0)) {
    if (p1 !== undefined) return fail(1, `'${p0}' has no part '${p1}' (write ${p0}, or <timeframe>.${p0})`);
    n.res = { k: 'bar', tf: 'exec', field: p0 as BarField };
    return 'num';
  }
  const isState = (STATE_BUILTINS as readonly string[]).includes(p0);
  if (isState || p0 in CONSTANTS) {
    if (p1 !== undefined) return fail(1, `'${p0}' has no part '${p1}'`);
    if (n.offset !== 0) return fail(0, `'${p0}' takes no [offset]: it is the current ${isState ? 'state' : 'constant'}`);
    n.res = isState ? { k: 'state', name: p0 as StateBuiltin } : { k: 'const', v: CONSTANTS[p0 as keyof typeof CONSTANTS] };
    return BOOL_STATE.has(p0) ? 'bool' : 'num';
  }
  const features = [...syms.features.keys()];
  const all = [...features, ...syms.tfs, ...BAR_FIELDS, ...STATE_BUILTINS, ...Object.keys(CONSTANTS)];
  return fail(0, `unknown name '${p0}' (${suggest(p0, all)}features: ${listNames(features)}; timeframes: ${listNames(syms.tfs)})`);
}

function resolveFeature(n: Ref, f: FeatureSymbol, i: number, fail: (i: number, m: string) => undefined): NodeType | undefined {
  const out = n.parts[i];
  if (n.parts.length > i + 1) return fail(i + 1, `'${n.parts.slice(0, i + 1).join('.')}' has no part '${n.parts[i + 1]}'`);
  if (f.outputs === null) {
    n.res = { k: 'feature', tf: f.tf, feature: f.id, output: out ?? 'value' };
    return 'num';
  }
  if (out === undefined) {
    if (f.outputs.length !== 1) {
      return fail(
        0,
        `'${f.id}' (${f.name}) has several outputs: name one, e.g. ${f.id}.${f.outputs[0]} (outputs: ${listNames(f.outputs)})`,
      );
    }
    n.res = { k: 'feature', tf: f.tf, feature: f.id, output: f.outputs[0] as string };
    return 'num';
  }
  if (!f.outputs.includes(out)) {
    return fail(i, `'${f.id}' (${f.name}) has no output '${out}' (${suggest(out, f.outputs)}outputs: ${listNames(f.outputs)})`);
  }
  n.res = { k: 'feature', tf: f.tf, feature: f.id, output: out };
  return 'num';
}

/** "did you mean 'x'? " or "" — the start of a parenthesised hint. */
function suggest(word: string, names: readonly string[]): string {
  const c = closest(word, names);
  return c === undefined ? '' : `did you mean '${c}'? `;
}
