// A pool of sweep workers (Bun Workers) over one set of shared columns. Jobs go to whichever
// worker is free, one at a time each; results come back in job order whatever the worker count,
// so 1 and N workers give the same list. The first failed job fails the batch (its message kept).
import { TradeError } from '../errors';
import type { FromWorker, RunJob, RunSummary, WorkerInit } from './worker-protocol';

/**
 * The worker entry: beside this file when run from source. In dist/trade it is a separate entry
 * point of the compiled binary (scripts/build-binary.ts), stored under its path relative to the
 * entry points' common folder (src/), so at /$bunfs/root/research/sweep-worker.
 */
function workerUrl(): string {
  const here = new URL('./sweep-worker.ts', import.meta.url);
  return here.pathname.startsWith('/$bunfs/') ? '/$bunfs/root/research/sweep-worker.ts' : here.href;
}

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private constructor(private readonly count: number) {}

  static async start(count: number, init: WorkerInit): Promise<WorkerPool> {
    const pool = new WorkerPool(count);
    const ready: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const w = new Worker(workerUrl());
      pool.workers.push(w);
      ready.push(
        new Promise((resolve, reject) => {
          w.onmessage = (e: MessageEvent<FromWorker>) => (e.data.type === 'ready' ? resolve() : undefined);
          w.onerror = (e) => reject(new TradeError('INTERNAL', `sweep worker failed to start: ${e.message}`));
        }),
      );
      w.postMessage(init);
    }
    await Promise.all(ready);
    return pool;
  }

  /** Runs every job; `onDone(k, summary)` as each finishes. Results in job order. */
  run(jobs: readonly RunJob[], onDone?: (k: number, s: RunSummary) => void): Promise<RunSummary[]> {
    const results: RunSummary[] = new Array(jobs.length);
    let next = 0;
    let finished = 0;
    return new Promise((resolve, reject) => {
      let failed = false;
      if (jobs.length === 0) return resolve(results);
      const feed = (w: Worker) => {
        if (failed || next >= jobs.length) return;
        const id = next++;
        w.postMessage({ type: 'run', id, job: jobs[id] });
      };
      for (const w of this.workers) {
        w.onmessage = (e: MessageEvent<FromWorker>) => {
          const m = e.data;
          if (m.type === 'error') {
            failed = true;
            reject(new TradeError(m.code as 'INTERNAL', m.message));
            return;
          }
          if (m.type !== 'done') return;
          results[m.id] = m.summary;
          onDone?.(m.id, m.summary);
          if (++finished === jobs.length) resolve(results);
          else feed(w);
        };
        w.onerror = (e) => {
          failed = true;
          reject(new TradeError('INTERNAL', `sweep worker crashed: ${e.message}`));
        };
        feed(w);
      }
    });
  }

  get size(): number {
    return this.count;
  }

  close(): void {
    for (const w of this.workers) w.terminate();
  }
}
