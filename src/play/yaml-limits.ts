// Bounds on what a Play's YAML may cost before anything recurses over it. The `yaml` package
// composes nested collections recursively, so 10,000 nested `[ ]` or `{ }` overflow the stack,
// and aliases can expand a few lines into millions of nodes (an "alias bomb"). A Play needs
// neither: it nests a few levels and uses no aliases. These checks are iterative.
import { type Document, isAlias, isCollection, isPair, type Node, visit } from 'yaml';

/** The deepest a Play's YAML may nest collections (maps and lists). Documented in docs/plays.md. */
export const MAX_YAML_DEPTH = 64;
/** Aliases (`*name`) a Play may use; each is expanded once (yaml's maxAliasCount bounds the rest). */
export const MAX_YAML_ALIASES = 100;

/**
 * Offset of the first `[` or `{` that opens flow collections more than MAX_YAML_DEPTH deep, else
 * undefined. Quoted scalars and comments are skipped; a bracket inside a plain scalar
 * (`dc.upper[1]`) is counted and closed again, so it does not add up.
 */
export function flowDepthOverflow(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_YAML_DEPTH) return i;
    } else if (c === 0x5d || c === 0x7d) {
      if (depth > 0) depth--;
    } else if (c === 0x22 || c === 0x27) {
      // A quote starts a quoted scalar only at the start of a value.
      const prev = i === 0 ? ' ' : text[i - 1]!;
      if (!/[\s[{,:-]/.test(prev)) continue;
      const close = c === 0x22 ? /(?:^|[^\\])(?:\\\\)*"/g : /'/g;
      close.lastIndex = i + 1;
      let m = close.exec(text);
      if (c === 0x27)
        while (m && text[m.index + 1] === "'") {
          close.lastIndex = m.index + 2;
          m = close.exec(text);
        }
      if (!m) return undefined;
      i = m.index + m[0].length - 1;
    } else if (c === 0x23 && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl;
    }
  }
  return undefined;
}

export interface YamlLimitProblem {
  offset: number;
  message: string;
}

/** The first node nested deeper than MAX_YAML_DEPTH, or the alias past MAX_YAML_ALIASES. */
export function checkYamlLimits(doc: Document): YamlLimitProblem | undefined {
  const stack: [Node, number][] = doc.contents ? [[doc.contents as Node, 0]] : [];
  let aliases = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (isAlias(node)) {
      if (++aliases > MAX_YAML_ALIASES)
        return { offset: node.range?.[0] ?? 0, message: `yaml: more than ${MAX_YAML_ALIASES} aliases (a Play needs none)` };
      continue;
    }
    if (!isCollection(node)) continue;
    if (depth + 1 > MAX_YAML_DEPTH)
      return { offset: node.range?.[0] ?? 0, message: `yaml: nested more than ${MAX_YAML_DEPTH} levels deep` };
    for (const item of node.items) {
      if (isPair(item)) {
        if (item.key) stack.push([item.key as Node, depth + 1]);
        if (item.value) stack.push([item.value as Node, depth + 1]);
      } else if (item) stack.push([item as Node, depth + 1]);
    }
  }
  return undefined;
}

/** Offset of the first alias (`*name`) in the document, 0 when there is none. */
export function firstAlias(doc: Document): number {
  let at: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      at = node.range?.[0];
      return visit.BREAK;
    },
  });
  return at ?? 0;
}
