// The expectation language of `validation.expect`. Each item is a string
//   <operand> <op> <operand>      op: == != < <= > >= contains not_contains
//   operand: a fact, a number or a word, or a sum of them: `event_bar + 5`
// or a one-key map: `no_entry_before: <operand>` / `no_entry_after: <operand>` (true when there
// is no entry, or the first / last entry's bar is at or after / at or before it).
// Parsing checks names and types, so every problem is reported before anything runs.
import { didYouMean } from '../play';
import { FACT_TYPES, type FactType, WORDS } from './expect-facts';

export const COMPARE_OPS = ['==', '!=', '<=', '>=', '<', '>'] as const;
export const SET_OPS = ['contains', 'not_contains'] as const;
export type ExpectOp = (typeof COMPARE_OPS)[number] | (typeof SET_OPS)[number];

export type Term = { kind: 'fact'; name: string } | { kind: 'number'; value: number } | { kind: 'word'; value: string };

export interface Operand {
  /** Terms joined by + or -: signs[0] is always +1. */
  terms: Term[];
  signs: number[];
  type: FactType;
  text: string;
}

export interface Expectation {
  /** The expectation as written (maps as `key: value`). */
  text: string;
  left: Operand;
  op: ExpectOp;
  right: Operand;
  /** no_entry_before / no_entry_after: true when the left fact does not exist. */
  noneIsTrue: boolean;
}

export type ParsedExpectation = { ok: true; expectation: Expectation } | { ok: false; message: string };

const TOKEN_RE = /\s*(?:(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)|([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?)|(==|!=|<=|>=|<|>|\+|-))/iy;
const MAP_FORMS: Record<string, { fact: string; op: ExpectOp }> = {
  no_entry_before: { fact: 'first_entry.bar', op: '>=' },
  no_entry_after: { fact: 'last_entry.bar', op: '<=' },
};

function tokenize(text: string): string[] | string {
  const out: string[] = [];
  TOKEN_RE.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (text.slice(at).trim() === '') break;
    TOKEN_RE.lastIndex = at;
    const m = TOKEN_RE.exec(text);
    if (!m) return `unexpected '${text.slice(at).trim().split(/\s+/)[0]}' at column ${at + 1}`;
    out.push((m[1] ?? m[2] ?? m[3]) as string);
    at = TOKEN_RE.lastIndex;
  }
  return out;
}

function term(tok: string): Term | string {
  if (/^-?\d/.test(tok)) return { kind: 'number', value: Number(tok) };
  if (FACT_TYPES[tok] !== undefined) return { kind: 'fact', name: tok };
  if ((WORDS as readonly string[]).includes(tok)) return { kind: 'word', value: tok };
  if (/^[=!<>+-]/.test(tok) || (SET_OPS as readonly string[]).includes(tok)) return `expected a value, got the operator '${tok}'`;
  const hint = didYouMean(tok, [...Object.keys(FACT_TYPES), ...WORDS]);
  if (hint !== '') return `unknown name '${tok}'${hint}`;
  return `unknown name '${tok}' (expected a number, a fact: ${Object.keys(FACT_TYPES).join(' ')}; or a word: ${WORDS.join(' ')})`;
}

const termType = (t: Term): FactType => (t.kind === 'fact' ? (FACT_TYPES[t.name] as FactType) : t.kind === 'number' ? 'number' : 'word');

function operand(tokens: readonly string[]): Operand | string {
  if (tokens.length === 0) return 'a value is missing';
  const terms: Term[] = [];
  const signs: number[] = [];
  // Values at even positions, + or - at odd ones, a value last.
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k] as string;
    if (k % 2 === 1) {
      if (tok !== '+' && tok !== '-') return `expected + or - between values, got '${tok}'`;
      if (k === tokens.length - 1) return `a value is missing after '${tok}'`;
      continue;
    }
    const t = term(tok);
    if (typeof t === 'string') return t;
    terms.push(t);
    signs.push(k === 0 || tokens[k - 1] === '+' ? 1 : -1);
  }
  const types = new Set(terms.map(termType));
  if (terms.length > 1 && (types.size > 1 || !types.has('number')))
    return `only numbers can be added or subtracted (in '${tokens.join(' ')}')`;
  return { terms, signs, type: termType(terms[0] as Term), text: tokens.join(' ') };
}

function typeCheck(left: Operand, op: ExpectOp, right: Operand): string | undefined {
  if (op === 'contains' || op === 'not_contains') {
    if (left.type !== 'set') return `'${op}' needs a set on the left (exit_reasons, entry_sides), got '${left.text}'`;
    if (right.type !== 'word') return `'${op}' needs a word on the right (${WORDS.join(', ')}), got '${right.text}'`;
    return undefined;
  }
  if (left.type === 'set' || right.type === 'set') return `a set is tested with contains / not_contains, not '${op}'`;
  if (left.type !== right.type) return `'${left.text}' is a ${left.type} and '${right.text}' a ${right.type}: they cannot be compared`;
  if (left.type === 'word' && op !== '==' && op !== '!=') return `words are compared with == or !=, not '${op}'`;
  return undefined;
}

/** One `expect` item (a string or a one-key map). */
export function parseExpectation(item: unknown): ParsedExpectation {
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    const entries = Object.entries(item);
    const form = entries.length === 1 ? MAP_FORMS[entries[0]![0]] : undefined;
    if (!form)
      return {
        ok: false,
        message: `expected a string like 'trades >= 1' or one of ${Object.keys(MAP_FORMS)
          .map((k) => `'${k}: <value>'`)
          .join(', ')}`,
      };
    const [key, value] = entries[0]!;
    const r = parseExpectation(`${form.fact} ${form.op} ${String(value)}`);
    if (!r.ok) return r;
    return { ok: true, expectation: { ...r.expectation, text: `${key}: ${String(value)}`, noneIsTrue: true } };
  }
  if (typeof item !== 'string' || item.trim() === '')
    return { ok: false, message: `expected a string like 'trades >= 1' (got ${JSON.stringify(item)})` };
  const tokens = tokenize(item);
  if (typeof tokens === 'string') return { ok: false, message: tokens };
  const at = tokens.findIndex((t) => (COMPARE_OPS as readonly string[]).includes(t) || (SET_OPS as readonly string[]).includes(t));
  if (at < 0) return { ok: false, message: `expected an operator (${[...COMPARE_OPS, ...SET_OPS].join(' ')}) in '${item}'` };
  const op = tokens[at] as ExpectOp;
  const left = operand(tokens.slice(0, at));
  if (typeof left === 'string') return { ok: false, message: left };
  const right = operand(tokens.slice(at + 1));
  if (typeof right === 'string') return { ok: false, message: right };
  const bad = typeCheck(left, op, right);
  if (bad) return { ok: false, message: bad };
  return { ok: true, expectation: { text: item.trim(), left, op, right, noneIsTrue: false } };
}
