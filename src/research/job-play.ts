// The Play of a run job, checked where it runs (a sweep worker, a queue worker). A sweep variant is
// sent both as YAML (what the user reads in sweeps/<id>/plays/) and, when it has one, as plain JSON
// text of the same value: read with JSON.parse and checked without parsing YAML again (the YAML
// parser dominated the per-variant check), giving the same Play and play_hash.
import { checkPlayData, checkPlaySource, defaultCatalog, type PlayCheckResult } from '../dsl';
import type { RunJob } from './worker-protocol';

/** `value` as JSON text, or undefined when JSON cannot carry it exactly (a non-finite number, undefined). */
export function playDataText(value: unknown): string | undefined {
  let exact = true;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if ((typeof v === 'number' && !Number.isFinite(v)) || v === undefined || typeof v === 'bigint') exact = false;
    return v;
  });
  return exact ? text : undefined;
}

export function jobPlay(job: Pick<RunJob, 'yaml' | 'data' | 'file'>): PlayCheckResult {
  const catalog = defaultCatalog();
  return job.data !== undefined ? checkPlayData(JSON.parse(job.data), job.file, catalog) : checkPlaySource(job.yaml, job.file, catalog);
}
