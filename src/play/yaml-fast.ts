// A fast path for reading a Play's YAML. The `yaml` package lexes through generators, which a fresh
// process runs cold: about 15 ms for a 1 KB Play, most of what loading one costs. Bun's native
// parser reads the same text in well under a millisecond. The two agree on every scalar a Play
// writes (numbers, booleans, nulls, quoted and plain strings, checked by test), and differ in two
// places: Bun merges `<<` keys and keeps the last of two equal keys, where `yaml` (YAML 1.2, unique
// keys) keeps `<<` as a key and refuses the duplicate. So the native parser is used only for text
// this scanner proves plain: block maps and lists with one-line values, one-line flow `{ }` / `[ ]`,
// comments, and no key twice in one map. Anything else (anchors, aliases, tags, `<<`, block
// scalars, multi-line values, compact lists, tabs, directives, a second document, a repeated key,
// deep nesting) returns undefined and takes the `yaml` path, whose messages and positions are the
// reference. Positions are never needed for a valid Play without warnings; load.ts builds them
// only when asked.

/** Deepest nesting (block levels plus flow brackets) the scanner accepts; deeper goes to `yaml`. */
const MAX_FAST_DEPTH = 24;

/** A plain key: what Plays use (identifiers, dotted paths), followed directly by ':'. */
const PLAIN_KEY = /^([A-Za-z_][A-Za-z0-9_.-]*):(?= |$)/;
/** The same inside a flow map, where a value always follows. */
const FLOW_KEY = /^([A-Za-z_][A-Za-z0-9_.-]*):(?= )/;
/** Characters that may start something other than a plain scalar. */
const SPECIAL_START = new Set(['&', '*', '!', '|', '>', '%', '@', '`', '?', '<']);

interface Block {
  indent: number;
  /** Keys of a map; undefined for a list. */
  keys: Set<string> | undefined;
}

/** The value of `text` when it is plain enough for Bun's parser to read exactly as `yaml` does. */
export function fastYamlValue(text: string): { value: unknown } | undefined {
  if (!plainYaml(text)) return undefined;
  try {
    return { value: Bun.YAML.parse(text) };
  } catch {
    return undefined;
  }
}

/** True when every line is in the plain subset and no map holds a key twice. */
export function plainYaml(text: string): boolean {
  if (text.includes('\t') || text.includes('\r') || text.includes('<<') || text.includes('\uFEFF')) return false;
  const blocks: Block[] = [];
  for (const raw of text.split('\n')) {
    const indent = raw.length - raw.trimStart().length;
    let rest = raw.slice(indent);
    if (rest === '' || rest.startsWith('#')) continue;
    if (rest.startsWith('---') || rest.startsWith('...') || rest.startsWith('%')) return false;
    let col = indent;
    if (rest === '-' || rest.startsWith('- ')) {
      // A list item: close what is deeper, then the list at this column (a list at the column of
      // its parent key, "key:\n- a", is valid YAML but not taken here).
      while (blocks.length > 0 && blocks[blocks.length - 1]!.indent > col) blocks.pop();
      const top = blocks[blocks.length - 1];
      if (top !== undefined && top.indent === col && top.keys !== undefined) return false;
      if (top === undefined || top.indent < col) blocks.push({ indent: col, keys: undefined });
      const item = rest.slice(1);
      const pad = item.length - item.trimStart().length;
      rest = item.trimStart();
      col += 1 + pad;
      if (rest === '' || rest.startsWith('#')) continue;
      if (rest === '-' || rest.startsWith('- ')) return false;
    }
    const key = PLAIN_KEY.exec(rest);
    if (key === null) {
      // A scalar or flow value alone on its line: only as a list item.
      const top = blocks[blocks.length - 1];
      if (top === undefined || top.keys !== undefined || col === indent) return false;
      if (!plainValue(rest)) return false;
      continue;
    }
    while (blocks.length > 0 && blocks[blocks.length - 1]!.indent > col) blocks.pop();
    let top = blocks[blocks.length - 1];
    if (top === undefined || top.indent < col) {
      top = { indent: col, keys: new Set() };
      blocks.push(top);
    }
    if (top.indent !== col || top.keys === undefined || top.keys.has(key[1]!)) return false;
    top.keys.add(key[1]!);
    if (blocks.length > MAX_FAST_DEPTH) return false;
    const value = rest.slice(key[0].length).trimStart();
    if (value === '' || value.startsWith('#')) continue;
    if (!plainValue(value)) return false;
  }
  return true;
}

/** A one-line value: a flow collection, a quoted scalar or a plain scalar, then at most a comment. */
function plainValue(text: string): boolean {
  const c = text[0]!;
  if (SPECIAL_START.has(c) || c === ',' || c === ']' || c === '}' || (c === '-' && (text.length === 1 || text[1] === ' '))) return false;
  if (c === '{' || c === '[') {
    const end = flow(text, 0, 0);
    return end >= 0 && trailer(text, end);
  }
  if (c === '"' || c === "'") {
    const end = quoted(text, 0);
    return end >= 0 && trailer(text, end);
  }
  // A plain scalar runs to the end of the line or a comment; ': ' inside one is a `yaml` error.
  const comment = text.indexOf(' #');
  const body = comment < 0 ? text : text.slice(0, comment);
  return !body.includes(': ') && !body.endsWith(':') && !body.includes("'") && !body.includes('"');
}

/** Nothing after `at` but spaces and a comment. */
function trailer(text: string, at: number): boolean {
  const rest = text.slice(at).trimStart();
  return rest === '' || rest.startsWith('#');
}

/** End (exclusive) of the quoted scalar at `at`, or -1 (escapes in double quotes are left to `yaml`). */
function quoted(text: string, at: number): number {
  const q = text[at]!;
  for (let i = at + 1; i < text.length; i++) {
    const c = text[i];
    if (q === '"' && c === '\\') return -1;
    if (c !== q) continue;
    if (q === "'" && text[i + 1] === "'") {
      i++;
      continue;
    }
    return i + 1;
  }
  return -1;
}

/** End (exclusive) of the flow collection at `at`, or -1 when it is not plain or not closed. */
function flow(text: string, at: number, depth: number): number {
  if (depth > MAX_FAST_DEPTH) return -1;
  const isMap = text[at] === '{';
  const close = isMap ? '}' : ']';
  const keys = new Set<string>();
  let i = skip(text, at + 1);
  if (text[i] === close) return i + 1;
  for (;;) {
    if (isMap) {
      const key = FLOW_KEY.exec(text.slice(i));
      if (key === null || keys.has(key[1]!)) return -1;
      keys.add(key[1]!);
      i = skip(text, i + key[0].length);
    }
    i = flowValue(text, i, depth);
    if (i < 0) return -1;
    i = skip(text, i);
    if (text[i] === close) return i + 1;
    if (text[i] !== ',') return -1;
    i = skip(text, i + 1);
    if (text[i] === close) return -1;
  }
}

/** End of one value inside a flow collection, or -1. */
function flowValue(text: string, at: number, depth: number): number {
  const c = text[at];
  if (c === undefined || SPECIAL_START.has(c) || c === ',' || c === '}' || c === ']' || c === '#') return -1;
  if (c === '{' || c === '[') return flow(text, at, depth + 1);
  if (c === '"' || c === "'") return quoted(text, at);
  // A plain scalar in flow: up to ',', '}' or ']'; a bracket, quote, colon or comment inside is
  // left to `yaml` (its messages for those are the useful ones).
  let i = at;
  while (i < text.length && text[i] !== ',' && text[i] !== '}' && text[i] !== ']') {
    const ch = text[i]!;
    if (ch === '{' || ch === '[' || ch === '"' || ch === "'" || ch === ':' || ch === '#') return -1;
    i++;
  }
  return i < text.length ? i : -1;
}

function skip(text: string, at: number): number {
  let i = at;
  while (text[i] === ' ') i++;
  return i;
}
