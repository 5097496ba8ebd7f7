// Issue 13 item 12: the examples of docs/cli.md marked `<!-- runnable: ... -->` are run from the CLI
// (dist/trade when built) in an empty directory, whose default store gets the bundled sample, and
// their output (stdout, then stderr) must match the example. In an example, a line `...` stands for
// any number of lines and `...` inside a line for any text. Paths under ../shared/ are resolved from
// the repository (an example that needs the shared data is skipped when it is absent).
import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, sandbox } from './cli-harness';

interface Example {
  line: number;
  command: string[];
  expected: string[];
}

/** Every `$ trade ...` command of the fenced blocks right after a runnable marker, with the lines it prints. */
export function runnableExamples(markdown: string): Example[] {
  const lines = markdown.split('\n');
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]?.startsWith('<!-- runnable:')) continue;
    if (lines[i + 1] !== '```') throw new Error(`docs/cli.md:${i + 2}: a runnable marker must be followed by a \`\`\` fence`);
    for (let j = i + 2; j < lines.length && lines[j] !== '```'; j++) {
      const text = lines[j] as string;
      if (text.startsWith('$ trade ')) examples.push({ line: j + 1, command: text.slice(8).split(/\s+/), expected: [] });
      else examples[examples.length - 1]?.expected.push(text);
    }
  }
  return examples;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const lineMatches = (pattern: string, text: string) => new RegExp(`^${pattern.split('...').map(escapeRegExp).join('.*')}$`).test(text);

/** True when `actual` matches `expected`, where a `...` line stands for any number of lines. */
export function outputMatches(expected: readonly string[], actual: readonly string[]): boolean {
  if (expected.length === 0) return actual.length === 0;
  const [head, ...rest] = expected as [string, ...string[]];
  if (head === '...') return actual.some((_, k) => outputMatches(rest, actual.slice(k))) || outputMatches(rest, []);
  return actual.length > 0 && lineMatches(head, actual[0] as string) && outputMatches(rest, actual.slice(1));
}

const box = sandbox('trade-e2e-docs-');
symlinkSync(join(ROOT, 'plays'), join(box.dir, 'plays'));
afterAll(() => box.cleanup());
const SHARED = join(ROOT, '../shared');
const examples = runnableExamples(readFileSync(join(ROOT, 'docs/cli.md'), 'utf8'));

describe('docs/cli.md runnable examples', () => {
  test('the matcher: ... lines and ... inside a line', () => {
    expect(outputMatches(['a', '...', 'd'], ['a', 'b', 'c', 'd'])).toBe(true);
    expect(outputMatches(['a', '...'], ['a'])).toBe(true);
    expect(outputMatches(['x...z'], ['xyz'])).toBe(true);
    expect(outputMatches(['a', '...', 'd'], ['a', 'b'])).toBe(false);
    expect(outputMatches(['a,1'], ['a,2'])).toBe(false);
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  for (const ex of examples) {
    const needsShared = ex.command.some((a) => a.startsWith('../shared/'));
    test.skipIf(needsShared && !existsSync(SHARED))(
      `docs/cli.md:${ex.line}: trade ${ex.command.join(' ')}`,
      () => {
        const args = ex.command.map((a) => (a.startsWith('../shared/') ? join(SHARED, a.slice('../shared/'.length)) : a));
        const r = box.run(...args);
        const actual = `${r.out}${r.err}`.replace(/\n$/, '').split('\n');
        if (!outputMatches(ex.expected, actual)) expect(actual.join('\n')).toBe(ex.expected.join('\n'));
      },
      60_000,
    );
  }
});
