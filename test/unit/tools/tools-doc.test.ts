// docs/tools.md is generated from the registry: it must be exactly what the renderer gives today
// (regenerate with bun scripts/gen-tools-doc.ts), and it names every tool and every input field.
import { expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TOOLS, toolJsonSchema } from '../../../src/tools/registry';
import { renderToolsDoc } from '../../../src/tools/registry/tools-doc';

const DOC = resolve(import.meta.dir, '../../../docs/tools.md');

test('docs/tools.md is what the registry renders (run bun scripts/gen-tools-doc.ts)', () => {
  expect(readFileSync(DOC, 'utf8')).toBe(renderToolsDoc());
});

test('the doc has a section for every tool and a row for every field', () => {
  const doc = renderToolsDoc();
  for (const t of TOOLS) {
    const start = doc.indexOf(`### \`${t.name}\``);
    expect(start).toBeGreaterThan(0);
    const end = doc.indexOf('\n### ', start + 1);
    const section = doc.slice(start, end < 0 ? undefined : end);
    for (const field of Object.keys((toolJsonSchema(t).properties ?? {}) as object)) expect(section).toContain(`| \`${field}\` |`);
  }
});
