// The run cache of sweeps: a run's key is the SHA-256 of every manifest field known before it runs
// (play_hash, input_hash, engine_hash, window, options: what run_hash covers apart from the
// results), so the same key always gives the same run_hash. `<out>/.index/<key>.json` names the
// run_hash, its artifact directory and metrics; an entry counts only while that directory's
// manifest.json still carries the run_hash. Entries are written atomically.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../data/atomic-file';
import type { RunSummary } from './worker-protocol';

export function indexPath(outRoot: string, key: string): string {
  return join(outRoot, '.index', `${key}.json`);
}

export function cachedRun(outRoot: string, key: string): RunSummary | undefined {
  const path = indexPath(outRoot, key);
  if (!existsSync(path)) return undefined;
  try {
    const entry = JSON.parse(readFileSync(path, 'utf8')) as RunSummary;
    const manifest = JSON.parse(readFileSync(join(entry.dir, 'manifest.json'), 'utf8')) as { run_hash?: string };
    if (manifest.run_hash !== entry.runHash) return undefined;
    return { ...entry, cached: true };
  } catch {
    // A missing or unreadable artifact directory: the run is simply done again.
    return undefined;
  }
}

export function storeRun(outRoot: string, key: string, summary: RunSummary): void {
  writeFileAtomic(indexPath(outRoot, key), [`${JSON.stringify({ ...summary, cached: undefined })}\n`]);
}
