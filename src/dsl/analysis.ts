// Static facts about resolved rules shared by the compiler and the requirements gate.
import { children, type Node } from './ast';

/**
 * True when every value under `n` is a column of the exec timeframe or a constant (no state
 * built-ins, no stateful windows). A cross over such operands reads its previous values from the
 * columns at offset + 1; any other cross keeps the previous slot's value in state.
 */
export function isExecColumnsOnly(n: Node): boolean {
  if (n.k === 'window') return false;
  if (n.k === 'ref') {
    const r = n.res;
    return r !== undefined && (r.k === 'const' || ((r.k === 'bar' || r.k === 'feature') && r.tf === 'exec'));
  }
  return children(n).every(isExecColumnsOnly);
}

/** Calls `visit` on every node, parents first. */
export function walk(n: Node, visit: (n: Node) => void): void {
  visit(n);
  for (const c of children(n)) walk(c, visit);
}
