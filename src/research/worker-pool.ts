// A pool of sweep workers (Bun Workers) over one set of shared columns. submit() queues one job
// and resolves with its summary (or rejects with the worker's error, code kept); a free worker
// takes the next queued job, one at a time each. run() submits a batch and returns the results in
// job order whatever the worker count, so 1 and N workers give the same list.
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

interface Pending {
  id: number;
  job: RunJob;
  resolve: (s: RunSummary) => void;
  reject: (e: Error) => void;
}

export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private nextId = 0;

  static async start(count: number, init: WorkerInit): Promise<WorkerPool> {
    const pool = new WorkerPool();
    await Promise.all(Array.from({ length: count }, () => pool.spawn(init)));
    return pool;
  }

  private spawn(init: WorkerInit): Promise<void> {
    const w = new Worker(workerUrl());
    this.all.push(w);
    return new Promise((resolve, reject) => {
      w.onmessage = (e: MessageEvent<FromWorker>) => {
        const m = e.data;
        if (m.type === 'ready') {
          this.idle.push(w);
          resolve();
          this.pump();
          return;
        }
        const p = this.running.get(w);
        this.running.delete(w);
        this.idle.push(w);
        if (p) {
          if (m.type === 'done') p.resolve(m.summary);
          else p.reject(new TradeError(m.code as 'INTERNAL', m.message));
        }
        this.pump();
      };
      w.onerror = (e) => {
        const err = new TradeError('INTERNAL', `sweep worker crashed: ${e.message}`);
        const p = this.running.get(w);
        this.running.delete(w);
        if (p) p.reject(err);
        else reject(err);
      };
      w.postMessage(init);
    });
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.shift()!;
      const p = this.queue.shift()!;
      this.running.set(w, p);
      w.postMessage({ type: 'run', id: p.id, job: p.job });
    }
  }

  submit(job: RunJob): Promise<RunSummary> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve, reject });
      this.pump();
    });
  }

  /** Runs every job; `onDone(k, summary)` as each finishes. Results in job order; the first failure rejects. */
  run(jobs: readonly RunJob[], onDone?: (k: number, s: RunSummary) => void): Promise<RunSummary[]> {
    const runs = jobs.map((job, k) =>
      this.submit(job).then((s) => {
        onDone?.(k, s);
        return s;
      }),
    );
    // The first failure fails the batch: the queued rest is dropped; the others are awaited by
    // nobody, so not reported twice.
    for (const r of runs) r.catch(() => this.dropQueued());
    return Promise.all(runs);
  }

  /** Rejects every job not yet started. */
  private dropQueued(): void {
    for (const p of this.queue.splice(0)) p.reject(new TradeError('INTERNAL', 'sweep: dropped after an earlier run failed'));
  }

  get size(): number {
    return this.all.length;
  }

  close(): void {
    for (const w of this.all) w.terminate();
    this.dropQueued();
  }
}
