// Fuzzing the Play loader (issue 13 item 13): every example Play, mutated (characters replaced,
// inserted, deleted; lines duplicated, swapped, cut), must validate or be refused with issues
// that each name file:line:col on one line, never throw. Seeded and bounded (fuzz-harness.ts).
import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as fc from 'fast-check';
import { validatePlays } from '../../src/tools';
import { fuzzParams, mutatedText } from './fuzz-harness';

const dir = mkdtempSync(join(tmpdir(), 'trade-fuzz-play-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PLAYS = resolve(import.meta.dir, '../../plays');
const EXAMPLES = readdirSync(PLAYS)
  .filter((f) => f.endsWith('.yml'))
  .map((f) => readFileSync(join(PLAYS, f), 'utf8'));

describe('Play loader fuzz', () => {
  test('mutated example Plays', () => {
    const path = join(dir, 'mutated.yml');
    fc.assert(
      fc.property(
        fc.constantFrom(...EXAMPLES).chain((text) => mutatedText(text)),
        (text) => {
          writeFileSync(path, text);
          const r = validatePlays([path]);
          const lines = text.split('\n').length;
          for (const i of r.issues) {
            expect(i.file).toBe(path);
            expect(i.line).toBeGreaterThanOrEqual(1);
            expect(i.line).toBeLessThanOrEqual(lines + 1);
            expect(i.col).toBeGreaterThanOrEqual(1);
            expect(i.message).not.toContain('\n');
          }
          expect(r.files[0]?.ok).toBe(r.errors === 0);
        },
      ),
      fuzzParams(300),
    );
  }, 60_000);
});
