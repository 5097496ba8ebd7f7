// `trade play test <file|dir>...`: runs the `validation:` block of each Play (forge/validation-run)
// and reports every expectation. A proof file (`play: ../ema-cross.yml` + `validation:`) runs its
// block on the Play it names, so a Play whose play_hash is pinned can be proven without changing
// it; a Play without a block is proven by `proofs/<its file name>` beside it. Exit code: 2 when a Play or its block is invalid, 1 when an expectation fails, 0 when every
// block passes (Plays without a block are listed as skipped).
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { checkPlaySource } from '../dsl';
import { type CheckedExpectation, type Locate, runValidation, type ValidationOutcome } from '../forge';
import { type Catalog, formatIssue, isRecord, loadYaml } from '../play';
import { defaultCatalog } from './play-catalog';
import { expandPlayPaths } from './play-validate';

export interface PlayTestFile extends Omit<ValidationOutcome, 'status'> {
  file: string;
  id?: string;
  status: ValidationOutcome['status'] | 'play_invalid';
  /** Play errors (status play_invalid), formatted like `trade play validate`. */
  playErrors: string[];
}

export interface PlayTestResult {
  files: PlayTestFile[];
  passed: number;
  failed: number;
  invalid: number;
  skipped: number;
  exitCode: 0 | 1 | 2;
}

const PROOF_KEYS = ['play', 'description', 'validation'];

/** A proof file (`play: <path>` + `validation:`): the block for a Play kept out of the Play itself. */
function testProof(file: string, raw: Record<string, unknown>, locate: Locate, catalog: Catalog): PlayTestFile {
  const fail = (message: string, path: (string | number)[] = []): PlayTestFile => ({
    file,
    status: 'play_invalid',
    problems: [],
    results: [],
    playErrors: [`✖ ${file}:${locate(path).line}:${locate(path).col} ${path.join('.')}${path.length > 0 ? ' ' : ''}${message}`],
  });
  const unknown = Object.keys(raw).filter((k) => !PROOF_KEYS.includes(k));
  if (unknown.length > 0) return fail(`unknown key '${unknown[0]}' in a proof file (expected ${PROOF_KEYS.join(', ')})`, [unknown[0]!]);
  if (typeof raw.play !== 'string') return fail('play must be the path of a Play file, relative to this file', ['play']);
  if (!isRecord(raw.validation)) return fail('validation must be a map with scenario: and expect:', ['validation']);
  const playPath = resolve(dirname(file), raw.play);
  let text: string;
  try {
    text = readFileSync(playPath, 'utf8');
  } catch {
    return fail(`'${raw.play}': cannot read the Play file ${playPath}`, ['play']);
  }
  const r = checkPlaySource(text, playPath, catalog);
  if (!r.checked)
    return {
      file,
      status: 'play_invalid',
      problems: [],
      results: [],
      playErrors: r.issues.filter((i) => i.severity === 'error').map(formatIssue),
    };
  return { file, id: r.checked.play.id, ...runValidation(r.checked, locate, raw.validation), playErrors: [] };
}

/**
 * The proof of a Play without a block: `proofs/<same name>` beside it, when that file names this
 * Play (so `trade play test plays/` proves the example Plays). Reported under the proof's name.
 */
function proofOf(playFile: string): PlayTestFile | undefined {
  const path = join(dirname(playFile), 'proofs', basename(playFile));
  if (!existsSync(path)) return undefined;
  const loaded = loadYaml(readFileSync(path, 'utf8'), path);
  const raw = loaded.value;
  if (loaded.issues.length > 0 || !isRecord(raw) || typeof raw.play !== 'string') return undefined;
  if (resolve(dirname(path), raw.play) !== resolve(playFile)) return undefined;
  return testProof(path, raw, (p) => loaded.map.locate(p), defaultCatalog());
}

export function playTest(paths: readonly string[]): PlayTestResult {
  const catalog = defaultCatalog();
  const files: PlayTestFile[] = [];
  for (const file of expandPlayPaths(paths, 'play test')) {
    const text = readFileSync(file, 'utf8');
    const loaded = loadYaml(text, file);
    const locate: Locate = (path) => loaded.map.locate(path);
    if (loaded.issues.length === 0 && isRecord(loaded.value) && 'play' in loaded.value) {
      files.push(testProof(file, loaded.value, locate, catalog));
      continue;
    }
    const r = checkPlaySource(text, file, catalog);
    if (!r.checked) {
      const errors = r.issues.filter((i) => i.severity === 'error').map(formatIssue);
      files.push({ file, status: 'play_invalid', problems: [], results: [], playErrors: errors });
      continue;
    }
    const proof = r.checked.play.validation ? undefined : proofOf(file);
    if (proof) files.push(proof);
    else files.push({ file, id: r.checked.play.id, ...runValidation(r.checked, locate), playErrors: [] });
  }
  const count = (...s: PlayTestFile['status'][]) => files.filter((f) => s.includes(f.status)).length;
  const invalid = count('invalid', 'play_invalid');
  const failed = count('fail');
  return {
    files,
    passed: count('pass'),
    failed,
    invalid,
    skipped: count('none'),
    exitCode: invalid > 0 ? 2 : failed > 0 ? 1 : 0,
  };
}

/** One line per failed expectation: `✖ file:line:col path text: expected ..., got ...`. */
export function formatExpectation(file: string, e: CheckedExpectation): string {
  return `${e.pass ? '✓' : '✖'} ${file}:${e.line}:${e.col} ${e.path} ${e.text}: expected ${e.expected}, got ${e.actual}`;
}
