// `trade play test <file|dir>...`: runs the `validation:` block of each Play (forge/validation-run)
// and reports every expectation. Exit code: 2 when a Play or its block is invalid, 1 when an
// expectation fails, 0 when every block passes (Plays without a block are listed as skipped).
import { readFileSync } from 'node:fs';
import { checkPlaySource } from '../dsl';
import { type CheckedExpectation, runValidation, type ValidationOutcome } from '../forge';
import { formatIssue, loadYaml } from '../play';
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

export function playTest(paths: readonly string[]): PlayTestResult {
  const catalog = defaultCatalog();
  const files: PlayTestFile[] = [];
  for (const file of expandPlayPaths(paths)) {
    const text = readFileSync(file, 'utf8');
    const r = checkPlaySource(text, file, catalog);
    if (!r.checked) {
      const errors = r.issues.filter((i) => i.severity === 'error').map(formatIssue);
      files.push({ file, status: 'play_invalid', problems: [], results: [], playErrors: errors });
      continue;
    }
    const map = loadYaml(text, file).map;
    const outcome = runValidation(r.checked, (path) => map.locate(path));
    files.push({ file, id: r.checked.play.id, ...outcome, playErrors: [] });
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
