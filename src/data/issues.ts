// Turning issues into the one error a rejected write raises: every problem as `source:line: reason`
// (line omitted for whole-file problems), one per line, after a summary line.
import { DataError } from '../errors';
import type { Issue } from './formats/parsed';

export interface SourceIssue extends Issue {
  source: string;
}

export function issueLine(i: SourceIssue): string {
  return i.line > 0 ? `${i.source}:${i.line}: ${i.reason}` : `${i.source}: ${i.reason}`;
}

export function withSource(source: string, issues: readonly Issue[]): SourceIssue[] {
  return issues.map((i) => ({ source, ...i }));
}

/** A DataError listing every issue; DATA_CONFLICT when all of them are conflicts, else DATA_INVALID. */
export function rejection(issues: readonly SourceIssue[]): DataError {
  const conflicts = issues.filter((i) => i.conflict).length;
  const files = new Set(issues.map((i) => i.source)).size;
  const what =
    conflicts === issues.length
      ? `${conflicts} conflicting row${conflicts === 1 ? '' : 's'}`
      : `${issues.length} problem${issues.length === 1 ? '' : 's'}`;
  const head = `import rejected, nothing was written: ${what} in ${files} file${files === 1 ? '' : 's'}`;
  return new DataError(conflicts === issues.length ? 'DATA_CONFLICT' : 'DATA_INVALID', [head, ...issues.map(issueLine)].join('\n'), {
    issues,
  });
}

export function issuesOf(e: unknown): SourceIssue[] | undefined {
  if (e instanceof DataError && Array.isArray(e.details?.issues)) return e.details.issues as SourceIssue[];
  return undefined;
}
