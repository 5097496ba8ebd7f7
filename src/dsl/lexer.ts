// Tokenizer for rule strings: numbers, names, operators, each with its char span. Common slips
// from other languages (=, &&, ||, !) get a message saying what to write instead.

export type TokenKind = 'num' | 'name' | 'op' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  value: number;
  start: number;
  end: number;
}

export class DslSyntaxError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

const TWO_CHAR_OPS = new Set(['>=', '<=', '==', '!=']);
const ONE_CHAR_OPS = new Set(['>', '<', '+', '-', '*', '/', '(', ')', '[', ']', ',', '.']);
const SLIPS: Record<string, string> = {
  '&&': "use 'and'",
  '||': "use 'or'",
  '=': "use '==' to compare",
  '!': "use 'not' or '!='",
  '&': "use 'and'",
  '|': "use 'or'",
};

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c)) {
      i = scanNumber(text, i);
      const t = text.slice(start, i);
      out.push({ kind: 'num', text: t, value: Number(t), start, end: i });
      continue;
    }
    if (isNameStart(c)) {
      while (i < text.length && isNameChar(text[i] as string)) i++;
      out.push({ kind: 'name', text: text.slice(start, i), value: Number.NaN, start, end: i });
      continue;
    }
    const two = text.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) {
      out.push({ kind: 'op', text: two, value: Number.NaN, start, end: i + 2 });
      i += 2;
      continue;
    }
    const slip = SLIPS[two] ?? SLIPS[c];
    if (slip) throw new DslSyntaxError(`unexpected '${SLIPS[two] ? two : c}': ${slip}`, start);
    if (ONE_CHAR_OPS.has(c)) {
      out.push({ kind: 'op', text: c, value: Number.NaN, start, end: i + 1 });
      i++;
      continue;
    }
    throw new DslSyntaxError(`unexpected character '${c}'`, start);
  }
  out.push({ kind: 'end', text: '', value: Number.NaN, start: text.length, end: text.length });
  return out;
}

function scanNumber(text: string, i: number): number {
  const start = i;
  while (i < text.length && isDigit(text[i] as string)) i++;
  if (text[i] === '.' && isDigit(text[i + 1] ?? '')) {
    i++;
    while (i < text.length && isDigit(text[i] as string)) i++;
  }
  if ((text[i] === 'e' || text[i] === 'E') && /^[eE][+-]?\d/.test(text.slice(i, i + 3))) {
    i += text[i + 1] === '+' || text[i + 1] === '-' ? 2 : 1;
    while (i < text.length && isDigit(text[i] as string)) i++;
  }
  if (i < text.length && isNameChar(text[i] as string)) {
    let j = i;
    while (j < text.length && isNameChar(text[j] as string)) j++;
    throw new DslSyntaxError(`malformed number '${text.slice(start, j)}'`, start);
  }
  return i;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isNameChar(c: string): boolean {
  return isNameStart(c) || isDigit(c);
}
