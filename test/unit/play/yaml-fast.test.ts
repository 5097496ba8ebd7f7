// The fast YAML path (src/play/yaml-fast.ts) against the `yaml` package, the reference: whenever
// the scanner calls a text plain, `yaml` reads it without an error and to the same value. Checked
// on every YAML file in the repository, on 20,000 random mutations of the example Plays (lines
// repeated, dropped, re-indented, characters inserted and deleted), and on snippets of each
// construct the scanner must leave to `yaml` (duplicate keys, merge keys, anchors, block scalars...).
import { describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { mulberry32 } from '../../../src/domain/prng';
import { loadYaml } from '../../../src/play/load';
import { fastYamlValue, plainYaml } from '../../../src/play/yaml-fast';

const ROOT = join(import.meta.dir, '../../..');

/** The reference: `yaml`'s value, or undefined when it reports an error. */
function reference(text: string): { value: unknown } | undefined {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) return undefined;
  return { value: doc.toJS({ maxAliasCount: 100 }) };
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

function expectAgrees(text: string, label: string): boolean {
  const fast = fastYamlValue(text);
  if (fast === undefined) return false;
  const ref = reference(text);
  expect({ label, readByYaml: ref !== undefined }).toEqual({ label, readByYaml: true });
  expect({ label, value: fast.value }).toEqual({ label, value: ref!.value });
  return true;
}

describe('fast YAML path', () => {
  test('every YAML file in the repository: the same value as yaml, and the example Plays take the fast path', () => {
    const files = [...yamlFiles(join(ROOT, 'plays')), ...yamlFiles(join(ROOT, 'scripts')), ...yamlFiles(join(ROOT, 'test'))];
    expect(files.length).toBeGreaterThan(30);
    let fast = 0;
    for (const f of files) if (expectAgrees(readFileSync(f, 'utf8'), relative(ROOT, f))) fast++;
    // Every example Play but those with a block scalar (`>-`, left to yaml) is plain.
    const examples = readdirSync(join(ROOT, 'plays')).filter((n) => n.endsWith('.yml'));
    for (const n of examples) {
      const text = readFileSync(join(ROOT, 'plays', n), 'utf8');
      expect({ n, plain: plainYaml(text) }).toEqual({ n, plain: !/: [>|]-?\s*$/m.test(text) });
    }
    expect(fast).toBeGreaterThan(files.length / 2);
  });

  test('20,000 mutations of the example Plays: whatever the scanner calls plain, yaml reads the same', () => {
    const rnd = mulberry32(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const sources = readdirSync(join(ROOT, 'plays'))
      .filter((n) => n.endsWith('.yml'))
      .map((n) => readFileSync(join(ROOT, 'plays', n), 'utf8'));
    const inserts = [
      ':',
      ' ',
      '#',
      '-',
      '{',
      '}',
      '[',
      ']',
      ',',
      '"',
      "'",
      '&a',
      '*a',
      '!',
      '|',
      '>',
      '<<: ',
      'a: 1',
      '  ',
      '\n',
      '\t',
      '?',
    ];
    let accepted = 0;
    for (let k = 0; k < 20_000; k++) {
      const lines = pick(sources).split('\n');
      for (let m = 1 + Math.floor(rnd() * 3); m > 0; m--) {
        const i = Math.floor(rnd() * lines.length);
        const line = lines[i] ?? '';
        const r = rnd();
        if (r < 0.2) lines.splice(i, 0, line);
        else if (r < 0.3) lines.splice(i, 1);
        else if (r < 0.45) lines[i] = `${' '.repeat(Math.floor(rnd() * 3))}${line.trimStart()}`;
        else if (r < 0.55) lines[i] = `  ${line}`;
        else if (r < 0.8) {
          const at = Math.floor(rnd() * (line.length + 1));
          lines[i] = line.slice(0, at) + pick(inserts) + line.slice(at);
        } else {
          const at = Math.floor(rnd() * line.length);
          lines[i] = line.slice(0, at) + line.slice(at + 1 + Math.floor(rnd() * 3));
        }
      }
      if (expectAgrees(lines.join('\n'), `mutant ${k}`)) accepted++;
    }
    // Both outcomes are exercised: many mutants stay plain, many go to yaml.
    expect(accepted).toBeGreaterThan(2_500);
    expect(accepted).toBeLessThan(19_000);
  }, 60_000);

  test('constructs left to yaml', () => {
    const slow = [
      'a: 1\na: 2',
      'a: {x: 1, x: 2}',
      'l:\n  - x: 1\n    x: 2',
      'b: &m {x: 1}\nc: *m',
      'c: {<<: {x: 1}, y: 2}',
      'a: |\n  text\n',
      'a: >-\n  text\n',
      'a:\n- 1\n- 2',
      'a: !!str 1',
      '"a": 1',
      'a: "x\\ny"',
      'a: one\n  two',
      'a:\tb',
      '---\na: 1\n---\nb: 2',
      'a: b: c',
      'a: [1, [2, [3',
      `a: ${'['.repeat(30)}${']'.repeat(30)}`,
      'a: - b',
      '? a\n: 1',
      'a: {b: [1, 2}',
    ];
    for (const text of slow) expect({ text, plain: plainYaml(text) }).toEqual({ text, plain: false });
    const plain = [
      'a: 1\nb: {x: 1, y: [1, 2, "q"]}\nc:\n  - when: close > dc.upper[1]\n    emit: enter_long\n  - 3\n',
      "x: 'it''s' # a comment\ny: \"#not a comment\"\n",
      'a:\n  b:\n    c: 1\n  d: 2\nb:\n  c: 1\n',
      'l:\n  - {a: 1, a2: 2}\n  - {a: 1}\n',
      '',
      '# only a comment\n',
    ];
    for (const text of plain) {
      expect({ text, plain: plainYaml(text) }).toEqual({ text, plain: true });
      expectAgrees(text, text);
    }
  });

  test('a plain Play gets its positions from yaml when a message asks for one', () => {
    const text = 'id: x\nfeatures:\n  fast: { indicator: ema, params: { length: 9 } }\n';
    const loaded = loadYaml(text, 'p.yml');
    expect(loaded.issues).toEqual([]);
    const line = text.split('\n')[2]!;
    expect(loaded.map.locate(['features', 'fast', 'params', 'length'])).toEqual({ line: 3, col: line.indexOf('9') + 1 });
  });
});
