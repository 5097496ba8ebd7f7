// Renders zod issues as PlayIssues in the house format: "<path> must be ≥ 1 (got 0)". The value
// shown is read from the raw input at the issue's path; unknown keys get a did-you-mean against
// the keys the schema declares at that path.
import type { z } from 'zod';
import { describeValue, error, type PathSeg, type PlayIssue } from './issues';
import { didYouMean, listNames, meanClause } from './suggest';

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

export function zodIssues(issues: readonly Issue[], input: unknown, schema: AnySchema, prefix: readonly PathSeg[] = []): PlayIssue[] {
  const out: PlayIssue[] = [];
  for (const issue of issues) convert(issue, input, schema, prefix, out);
  return dropRequiredWhenMisspelled(out);
}

/** `risks:` yields "risks is not a known key (did you mean 'risk'?)"; "risk is required" would only repeat it. */
function dropRequiredWhenMisspelled(issues: PlayIssue[]): PlayIssue[] {
  const meant = new Set<string>();
  for (const i of issues) {
    const m = /^is not a known key \(did you mean '([^']+)'\?\)$/.exec(i.message);
    if (m) meant.add(JSON.stringify([...i.path.slice(0, -1), m[1]]));
  }
  return issues.filter((i) => !(i.message === 'is required' && meant.has(JSON.stringify(i.path))));
}

function convert(issue: Issue, input: unknown, schema: AnySchema, prefix: readonly PathSeg[], out: PlayIssue[]): void {
  const rel = issue.path as PathSeg[];
  const path = [...prefix, ...rel];
  const value = valueAt(input, rel);
  const got = ` (got ${describeValue(value)})`;
  switch (issue.code) {
    case 'invalid_type': {
      if (path.length === 0)
        out.push(error(path, `a Play must be a map of fields (id, symbol, timeframes, features, actions, risk, ...)${got}`));
      else if (value === undefined) out.push(error(path, 'is required'));
      else if (typeof value === 'number' && !Number.isFinite(value)) out.push(error(path, `must be a finite number${got}`));
      else out.push(error(path, `must be ${typeName(issue.expected)}${got}`));
      return;
    }
    case 'too_small':
    case 'too_big': {
      out.push(error(path, `${bound(issue)}${typeof value === 'number' ? got : ''}`));
      return;
    }
    case 'invalid_format':
      out.push(error(path, `${issue.message}${got}`));
      return;
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      const hint = typeof value === 'string' ? meanClause(value, allowed) : '';
      const expected = allowed.length === 1 ? `'${allowed[0]}'` : `one of ${listNames(allowed)}`;
      out.push(error(path, `must be ${expected} (got ${describeValue(value)}${hint})`));
      return;
    }
    case 'unrecognized_keys': {
      const known = knownKeys(schema, rel);
      for (const key of issue.keys) {
        const hint = didYouMean(key, known);
        const text = hint ? `is not a known key${hint}` : `is not a known key (expected ${listNames(known)})`;
        out.push(error([...path, key], text, { at: 'key' }));
      }
      return;
    }
    case 'invalid_union': {
      const branch = pickBranch(issue.errors);
      if (branch) for (const sub of branch) convert({ ...sub, path: [...rel, ...sub.path] } as Issue, input, schema, prefix, out);
      else out.push(error(path, `must be a list or a map${got}`));
      return;
    }
    case 'custom': {
      const at = (issue.params as { at?: 'key' } | undefined)?.at;
      out.push(error(path, issue.message, at ? { at } : {}));
      return;
    }
    default:
      out.push(error(path, `${issue.message}${got}`));
  }
}

function bound(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum);
  if (issue.origin === 'array')
    return small ? `must have at least ${limit} item${limit === 1 ? '' : 's'}` : `must have at most ${limit} items`;
  if (issue.origin === 'string') return small ? 'must not be empty' : `must be at most ${limit} characters`;
  const op = small ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
  return `must be ${op} ${limit}`;
}

function typeName(expected: string): string {
  const names: Record<string, string> = {
    number: 'a number',
    int: 'an integer',
    string: 'a string',
    object: 'a map',
    record: 'a map',
    array: 'a list',
    boolean: 'true or false',
  };
  return names[expected] ?? expected;
}

/** A union's most plausible branch: the first whose issues are not a type mismatch at its root. */
function pickBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  return branches.find((b) => !b.some((i) => i.path.length === 0 && i.code === 'invalid_type'));
}

export function valueAt(input: unknown, path: readonly PathSeg[]): unknown {
  let v = input;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

interface Def {
  type: string;
  shape?: Record<string, AnySchema>;
  valueType?: AnySchema;
  element?: AnySchema;
  innerType?: AnySchema;
  in?: AnySchema;
  options?: AnySchema[];
}

function def(s: AnySchema): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

/** Keys an object schema declares at `path` (following records, arrays, wrappers and unions). */
export function knownKeys(schema: AnySchema, path: readonly PathSeg[]): string[] {
  const found = schemaAt(schema, path);
  return found ? Object.keys(def(found).shape ?? {}) : [];
}

function schemaAt(schema: AnySchema | undefined, path: readonly PathSeg[]): AnySchema | undefined {
  let s = unwrap(schema, typeof path[0] === 'number');
  for (let i = 0; i < path.length && s; i++) {
    const d = def(s);
    const seg = path[i];
    if (d.type === 'object') s = d.shape?.[String(seg)];
    else if (d.type === 'record') s = d.valueType;
    else if (d.type === 'array') s = d.element;
    else return undefined;
    s = unwrap(s, typeof path[i + 1] === 'number');
  }
  return s;
}

/** Strips optional/default/pipe wrappers; picks the array or object branch of a union. */
function unwrap(s: AnySchema | undefined, wantArray: boolean): AnySchema | undefined {
  while (s) {
    const d = def(s);
    if (d.innerType) s = d.innerType;
    else if (d.type === 'pipe' && d.in) s = d.in;
    else if (d.type === 'union' && d.options) {
      s = d.options.find((o) => (def(unwrap(o, wantArray) as AnySchema).type === 'array') === wantArray) ?? d.options[0];
    } else return s;
  }
  return s;
}
