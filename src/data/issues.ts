// Turning issues into the one error a rejected write raises: the first MAX_PROBLEMS_SHOWN problems as
// `source:line: reason` (line omitted for whole-file problems), one per line, after a summary line,
// then a count of the rest (a year file imported with a wrong --tf has 400,000 of them).
import { DataError } from '../errors';
import { type Issue, issueCount, tally } from './formats/parsed';

/** Problems printed in full; the rest are counted. */
export const MAX_PROBLEMS_SHOWN = 20;

export interface SourceIssue extends Issue {
  source: string;
}

export function issueLine(i: SourceIssue): string {
  return i.line > 0 ? `${i.source}:${i.line}: ${i.reason}` : `${i.source}: ${i.reason}`;
}

export function withSource(source: string, issues: readonly Issue[]): SourceIssue[] {
  return issues.map((i) => ({ source, ...i }));
}

/**
 * A DataError naming the first MAX_PROBLEMS_SHOWN issues and counting the rest (tallies included);
 * DATA_CONFLICT when all of them are conflicts, else DATA_INVALID.
 */
export function rejection(issues: readonly SourceIssue[]): DataError {
  const total = issueCount(issues);
  let conflicts = 0;
  for (const i of issues) if (i.conflict) conflicts += i.omitted ?? 1;
  const files = new Set(issues.map((i) => i.source)).size;
  const what =
    conflicts === total ? `${conflicts} conflicting row${conflicts === 1 ? '' : 's'}` : `${total} problem${total === 1 ? '' : 's'}`;
  const head = `import rejected, nothing was written: ${what} in ${files} file${files === 1 ? '' : 's'}`;
  const shown = issues
    .filter((i) => i.omitted === undefined)
    .slice(0, MAX_PROBLEMS_SHOWN)
    .map(issueLine);
  const rest = total - shown.length;
  if (rest > 0) shown.push(`... and ${rest} more problem${rest === 1 ? '' : 's'} (the first ${MAX_PROBLEMS_SHOWN} are shown)`);
  return new DataError(conflicts === total ? 'DATA_CONFLICT' : 'DATA_INVALID', [head, ...shown].join('\n'), {
    issues,
  });
}

/** Appends `more` to `into` without spreading it (a spread of a long list overflows the call stack). */
export function appendIssues<T extends Issue>(into: T[], more: readonly T[]): void {
  for (const i of more) into.push(i);
}

/** Issues kept as they are, plus one tally for the `total - kept.length` that were not fetched. */
export function withTally(kept: Issue[], total: number): Issue[] {
  if (total > kept.length)
    kept.push(
      tally(
        total - kept.length,
        kept.every((i) => i.conflict),
      ),
    );
  return kept;
}

export function issuesOf(e: unknown): SourceIssue[] | undefined {
  if (e instanceof DataError && Array.isArray(e.details?.issues)) return e.details.issues as SourceIssue[];
  return undefined;
}
