// Problems found in a Play: where (YAML path, key or value, char inside a string scalar), what.
// Rendered one per line as `✖ file:line:col path message` (warnings use ⚠). Sorted by position.

export type PathSeg = string | number;

export type Severity = 'error' | 'warning';

export interface PlayIssue {
  severity: Severity;
  path: readonly PathSeg[];
  /** What is wrong, without the path: "must be ≥ 1 (got 0)". */
  message: string;
  /** Point at the key of the last path segment instead of its value (unknown keys). */
  at?: 'key' | 'value';
  /** For string scalars: the index inside the string value (DSL errors point at a column). */
  charIndex?: number;
  /** Known position (YAML syntax errors), used instead of the path lookup. */
  line?: number;
  col?: number;
}

export interface LocatedIssue {
  severity: Severity;
  file: string;
  line: number;
  col: number;
  /** Dotted path: "features.ema_fast.params.length", "actions.entries[0].when"; "" for the document. */
  path: string;
  message: string;
}

export function formatPath(path: readonly PathSeg[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

export function formatIssue(i: LocatedIssue): string {
  const mark = i.severity === 'error' ? '✖' : '⚠';
  const where = i.path === '' ? '' : `${i.path} `;
  return `${mark} ${i.file}:${i.line}:${i.col} ${where}${i.message}`;
}

export function compareIssues(a: LocatedIssue, b: LocatedIssue): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.message.localeCompare(b.message);
}

export function error(path: readonly PathSeg[], message: string, extra: Partial<PlayIssue> = {}): PlayIssue {
  return { severity: 'error', path, message, ...extra };
}

export function warning(path: readonly PathSeg[], message: string, extra: Partial<PlayIssue> = {}): PlayIssue {
  return { severity: 'warning', path, message, ...extra };
}

/** How a value is quoted in messages: numbers as written, strings in quotes, maps and lists by kind. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'a list';
  return 'a map';
}
