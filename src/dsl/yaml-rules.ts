// Turns the YAML form of a condition into the AST: a string (parsed), a list (all of), or a map
// with one of all / any / not / holds_for / occurred_within / count_true. Wrappers take `when:`
// (the inner condition) and an optional `per:` (the timeframe whose bars N counts; default exec);
// count_true takes `at_least:`. Problems become PlayIssues at the YAML node or string column.
import { describeValue, didYouMean, error, isRecord, type PathSeg, type PlayIssue } from '../play';
import type { Loc, Node, WindowOp } from './ast';
import { DslSyntaxError } from './lexer';
import { MAX_BARS, parseRule } from './parser';

const FORMS = ['all', 'any', 'not', 'holds_for', 'occurred_within', 'count_true'] as const;
const COMPANIONS: Record<string, readonly string[]> = {
  all: [],
  any: [],
  not: [],
  holds_for: ['when', 'per'],
  occurred_within: ['when', 'per'],
  count_true: ['when', 'per', 'at_least'],
};
const SHAPE = 'a condition: a string, a list (all of) or a map with one of all, any, not, holds_for, occurred_within, count_true';

/** Parses a string (a rule or a value expression) at `path`; syntax errors become issues. */
export function parseString(text: string, path: readonly PathSeg[], issues: PlayIssue[]): Node | undefined {
  try {
    return parseRule(text, path);
  } catch (e) {
    if (!(e instanceof DslSyntaxError)) throw e;
    issues.push(error(path, e.message, { charIndex: e.index }));
    return undefined;
  }
}

export function ruleFromYaml(v: unknown, path: readonly PathSeg[], issues: PlayIssue[]): Node | undefined {
  const loc: Loc = { path };
  if (typeof v === 'string') return parseString(v, path, issues);
  if (Array.isArray(v)) return listOf('and', v, path, issues);
  if (!isRecord(v)) {
    issues.push(error(path, v === undefined ? `is required (${SHAPE})` : `must be ${SHAPE} (got ${describeValue(v)})`));
    return undefined;
  }
  const forms = FORMS.filter((f) => f in v);
  if (forms.length !== 1) {
    const unknown = Object.keys(v).find((k) => !(k in COMPANIONS) && !Object.values(COMPANIONS).some((c) => c.includes(k)));
    if (forms.length === 0 && unknown !== undefined) {
      const hint = didYouMean(unknown, FORMS);
      issues.push(error([...path, unknown], `is not a condition form${hint || ` (expected one of ${FORMS.join(', ')})`}`, { at: 'key' }));
    } else if (forms.length === 0) issues.push(error(path, `must be ${SHAPE}`));
    else issues.push(error([...path, forms[1] as string], `cannot be combined with ${forms[0]} in one map (nest them)`, { at: 'key' }));
    return undefined;
  }
  const form = forms[0] as (typeof FORMS)[number];
  for (const key of Object.keys(v)) {
    if (key !== form && !(COMPANIONS[form] as readonly string[]).includes(key)) {
      const allowed = [form, ...(COMPANIONS[form] as readonly string[])];
      issues.push(
        error([...path, key], `is not a key of a ${form} condition${didYouMean(key, allowed) || ` (expected ${allowed.join(', ')})`}`, {
          at: 'key',
        }),
      );
    }
  }
  if (form === 'all' || form === 'any') {
    const list = v[form];
    if (!Array.isArray(list) || list.length === 0) {
      const got = Array.isArray(list) ? 'an empty list' : describeValue(list);
      issues.push(error([...path, form], `must be a non-empty list of conditions (got ${got})`));
      return undefined;
    }
    return listOf(form === 'all' ? 'and' : 'or', list, [...path, form], issues);
  }
  if (form === 'not') {
    const x = ruleFromYaml(v.not, [...path, 'not'], issues);
    return x && { k: 'not', x, loc };
  }
  return windowFromYaml(form, v, path, issues);
}

function listOf(k: 'and' | 'or', list: unknown[], path: readonly PathSeg[], issues: PlayIssue[]): Node | undefined {
  if (list.length === 0) {
    issues.push(error(path, `must be ${SHAPE} (got an empty list)`));
    return undefined;
  }
  const xs = list.map((item, i) => ruleFromYaml(item, [...path, i], issues));
  if (xs.some((x) => x === undefined)) return undefined;
  return xs.length === 1 ? xs[0] : { k, xs: xs as Node[], loc: { path } };
}

function windowFromYaml(op: WindowOp, v: Record<string, unknown>, path: readonly PathSeg[], issues: PlayIssue[]): Node | undefined {
  const n = barCount(v[op], [...path, op], issues);
  let per = 'exec';
  let perLoc: Loc = { path: [...path, op] };
  if (v.per !== undefined) {
    if (typeof v.per !== 'string') issues.push(error([...path, 'per'], `must be a timeframe name (got ${describeValue(v.per)})`));
    else {
      per = v.per;
      perLoc = { path: [...path, 'per'] };
    }
  }
  let atLeast: number | undefined;
  if (op === 'count_true') {
    atLeast = barCount(v.at_least, [...path, 'at_least'], issues, 0);
    if (atLeast !== undefined && n !== undefined && atLeast > n) {
      issues.push(error([...path, 'at_least'], `must be ≤ the count_true window ${n} (got ${atLeast})`));
    }
  }
  if (v.when === undefined) issues.push(error([...path, op], `needs when: <condition> beside it`, { at: 'key' }));
  const x = v.when === undefined ? undefined : ruleFromYaml(v.when, [...path, 'when'], issues);
  if (n === undefined || x === undefined || (op === 'count_true' && atLeast === undefined)) return undefined;
  const loc: Loc = { path };
  const node: Node = { k: 'window', op, n, per, perLoc, x, loc };
  if (op !== 'count_true') return node;
  return { k: 'cmp', op: '>=', a: node, b: { k: 'num', v: atLeast as number, loc: { path: [...path, 'at_least'] } }, loc };
}

function barCount(v: unknown, path: readonly PathSeg[], issues: PlayIssue[], min = 1): number | undefined {
  if (v === undefined) {
    issues.push(error(path, `is required (a whole number of bars from ${min} to ${MAX_BARS})`));
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > MAX_BARS) {
    issues.push(error(path, `must be a whole number of bars from ${min} to ${MAX_BARS} (got ${describeValue(v)})`));
    return undefined;
  }
  return v;
}
