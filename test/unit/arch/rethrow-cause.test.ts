// Every error thrown inside a `catch (x)` block keeps what was caught as its `cause` (STYLE.md:
// typed errors with codes and `cause`), so the first failure is never lost. Scans src/ and tui/:
// for each catch block, each `throw new XError(...)` in it must pass the caught value on.
import { expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, walk } from './source-files';

/** Index just after the bracket that closes the one at `open`. */
function closing(text: string, open: number): number {
  const pair: Record<string, string> = { '(': ')', '{': '}' };
  const want = pair[text[open] as string] as string;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === text[open]) depth++;
    else if (c === want && --depth === 0) return i + 1;
  }
  return text.length;
}

/** `throw new ...Error(` calls inside catch blocks that do not mention the caught name. */
export function rethrowsWithoutCause(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/catch (?:\((\w+)\) )?\{/g)) {
    // A catch without a binding cannot pass the cause on: any throw inside it is a finding.
    const name = m[1] ?? '\u0000no binding';
    const bodyStart = (m.index as number) + m[0].length - 1;
    const body = text.slice(bodyStart, closing(text, bodyStart));
    for (const t of body.matchAll(/throw new (\w*Error)\(/g)) {
      const argsOpen = (t.index as number) + t[0].length - 1;
      const args = body.slice(argsOpen, closing(body, argsOpen));
      if (!new RegExp(`\\b${name}\\b`).test(args)) found.push(`${t[1]}(${args.slice(1, 60).replace(/\s+/g, ' ')}…`);
    }
  }
  return found;
}

test('the scanner finds a rethrow that drops the cause, and accepts one that keeps it', () => {
  expect(rethrowsWithoutCause("try { x(); } catch (e) { throw new DataError('X', 'lost'); }")).toHaveLength(1);
  expect(rethrowsWithoutCause("try { x(); } catch (e) { throw new DataError('X', 'kept', undefined, { cause: e }); }")).toEqual([]);
  expect(rethrowsWithoutCause("try { x(); } catch { throw new DataError('X', 'lost'); }")).toHaveLength(1);
});

test('every error thrown in a catch block carries the caught error as its cause', () => {
  const bad: string[] = [];
  for (const file of [...walk(join(ROOT, 'src')), ...walk(join(ROOT, 'tui'))]) {
    for (const hit of rethrowsWithoutCause(readFileSync(file, 'utf8'))) bad.push(`${relative(ROOT, file)}: ${hit}`);
  }
  expect(bad).toEqual([]);
});
