// Shared settings of the fuzz suite: a fixed seed (a failure is reproducible from its printed
// path), a bounded number of runs and a time limit per property, so CI time stays bounded.
import * as fc from 'fast-check';

export const FUZZ_SEED = 20_240_805;

export function fuzzParams(numRuns: number): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: false };
}

/** A mutation of `text`: characters replaced, inserted or deleted, lines duplicated, swapped or cut. */
export function mutatedText(text: string): fc.Arbitrary<string> {
  const lines = text.split('\n');
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), ch: fc.string({ minLength: 1, maxLength: 3, unit: 'binary' }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), ch: fc.string({ minLength: 1, maxLength: 8, unit: 'binary' }) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), ch: fc.constant('') }),
    fc.record({ kind: fc.constant('dupLine' as const), at: fc.nat(), ch: fc.constant('') }),
    fc.record({ kind: fc.constant('swapLines' as const), at: fc.nat(), ch: fc.constant('') }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), ch: fc.constant('') }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    let out = text;
    let ls = lines.slice();
    for (const e of edits) {
      out = ls.join('\n');
      const i = out.length === 0 ? 0 : e.at % out.length;
      if (e.kind === 'replace') out = out.slice(0, i) + e.ch + out.slice(i + e.ch.length);
      else if (e.kind === 'insert') out = out.slice(0, i) + e.ch + out.slice(i);
      else if (e.kind === 'delete') out = out.slice(0, i) + out.slice(i + 1 + (e.at % 5));
      else if (e.kind === 'cut') out = out.slice(0, i);
      ls = out.split('\n');
      const k = ls.length === 0 ? 0 : e.at % ls.length;
      if (e.kind === 'dupLine') ls.splice(k, 0, ls[k] ?? '');
      if (e.kind === 'swapLines' && ls.length > 1) {
        const j = (k + 1) % ls.length;
        [ls[k], ls[j]] = [ls[j] as string, ls[k] as string];
      }
    }
    return ls.join('\n');
  });
}
