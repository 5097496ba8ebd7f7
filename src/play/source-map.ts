// Maps a YAML path (and, for string scalars, a character index inside the value) back to a
// 1-based line:col in the file, using the `yaml` package's node ranges and LineCounter.
// Missing nodes resolve to the deepest existing ancestor, so every issue gets a position.
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, type Node, type Pair } from 'yaml';
import type { PathSeg } from './issues';

export interface Position {
  line: number;
  col: number;
}

interface Found {
  node: Node | null;
  pair: Pair | undefined;
  complete: boolean;
}

export class SourceMap {
  constructor(
    private readonly text: string,
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  position(offset: number): Position {
    const p = this.lineCounter.linePos(offset);
    return { line: p.line, col: p.col };
  }

  /** Position of the value at `path` (of its key for keys and collections), or of a char inside a string scalar. */
  locate(path: readonly PathSeg[], at: 'key' | 'value' = 'value', charIndex?: number): Position {
    const f = this.find(path);
    const keyNode = f.pair?.key as Node | undefined;
    if (!f.complete || at === 'key') {
      if (keyNode?.range) return this.position(keyNode.range[0]);
      return this.position(f.node?.range?.[0] ?? 0);
    }
    const node = f.node;
    if (!node?.range) return this.position(keyNode?.range?.[0] ?? 0);
    // A map or list is reported at its key: "risk.sizing needs ..." points at `sizing:`.
    if ((isMap(node) || isSeq(node)) && keyNode?.range) return this.position(keyNode.range[0]);
    if (charIndex !== undefined && isScalar(node) && typeof node.value === 'string') {
      return this.position(this.scalarOffset(node.range[0], node.range[1], node.value, charIndex));
    }
    return this.position(node.range[0]);
  }

  private find(path: readonly PathSeg[]): Found {
    let node = this.doc.contents as Node | null;
    let pair: Pair | undefined;
    for (const seg of path) {
      if (isAlias(node)) node = node.resolve(this.doc) ?? null;
      if (isMap(node)) {
        const p = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(seg));
        if (!p) return { node, pair, complete: false };
        pair = p as Pair;
        node = (p.value as Node | null) ?? null;
        if (node === null) return { node, pair, complete: false };
      } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
        node = node.items[seg] as Node;
        pair = undefined;
      } else {
        return { node, pair, complete: false };
      }
    }
    return { node, pair, complete: true };
  }

  /**
   * Source offset of value[charIndex] for a scalar spanning text[start, end): a greedy alignment that
   * skips quotes, escapes, block headers and indentation. Falls back to the scalar's start.
   */
  private scalarOffset(start: number, end: number, value: string, charIndex: number): number {
    let s = start;
    for (let i = 0; i <= charIndex && i < value.length; i++) {
      while (s < end && this.text[s] !== value[i]) s++;
      if (s >= end) return start;
      if (i === charIndex) return s;
      s++;
    }
    return charIndex >= value.length ? Math.min(s, end) : start;
  }
}
