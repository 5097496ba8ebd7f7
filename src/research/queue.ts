// Sweeps over many machines through BullMQ on Redis (ioredis connections). The submitter puts one
// job per run on the `trade-runs` queue: jobId = the run key (SHA-256 of the pre-run manifest,
// which fixes the run_hash; see run-cache.ts), so submitting the same run again adds nothing and
// reads the finished result back. Jobs are retried with exponential backoff; a job whose worker
// dies is taken over after its lock expires (BullMQ's stalled-job check). A worker whose store
// gives another input_hash (or whose build another engine_hash) fails the job for good, saying so.
// What the Redis itself must be (reachable, maxmemory-policy noeviction) is redis-check.ts.

import type { Job, Queue, QueueEvents, Worker } from 'bullmq';
import type IORedis from 'ioredis';
import type { IntrabarMode } from '../core';
import { TradeError } from '../errors';
import { bullmqLib, ioredisClass } from './queue-libs';
import { redisOptions } from './redis-check';
import type { RunJob, RunSummary } from './worker-protocol';

export const QUEUE_NAME = 'trade-runs';
/** A worker renews its job locks every half of this; a dead worker's job is free after it. */
export const LOCK_MS = 10_000;
export const STALLED_CHECK_MS = 5_000;
export const ATTEMPTS = 3;

/** What a job carries: the run and everything its result depends on that a worker must match. */
export interface QueueJobData {
  key: string;
  job: RunJob;
  symbol: string;
  intrabar: IntrabarMode;
  noFunding: boolean;
  engineHash: string;
}

/** A connection as BullMQ needs it (workers block: no per-request retry limit). */
export function redisConnection(url: string): IORedis {
  return new (ioredisClass())({ ...redisOptions(url), maxRetriesPerRequest: null });
}

/** Puts runs on the queue and collects their results as they finish, in submission order. */
export class QueueSubmitter {
  private readonly connection: IORedis;
  private readonly events: IORedis;
  private readonly queue: Queue;
  private readonly queueEvents: QueueEvents;

  constructor(url: string) {
    this.connection = redisConnection(url);
    this.events = redisConnection(url);
    const { Queue, QueueEvents } = bullmqLib();
    this.queue = new Queue(QUEUE_NAME, { connection: this.connection });
    this.queueEvents = new QueueEvents(QUEUE_NAME, { connection: this.events });
  }

  async run(items: readonly QueueJobData[], onDone?: (k: number, s: RunSummary) => void): Promise<RunSummary[]> {
    await this.queueEvents.waitUntilReady();
    // waitUntilFinished adds a 'closing' listener on the queue per job awaited.
    this.queue.setMaxListeners(items.length + 10);
    this.queueEvents.setMaxListeners(2 * items.length + 10);
    const jobs = await this.queue.addBulk(
      items.map((data) => ({
        name: 'run',
        data,
        opts: {
          jobId: data.key,
          attempts: ATTEMPTS,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: false,
          removeOnFail: false,
        },
      })),
    );
    const waits = jobs.map(async (job: Job, k) => {
      // A job left failed by an earlier submission is tried again.
      if ((await job.getState()) === 'failed') await job.retry('failed');
      let summary: RunSummary;
      try {
        summary = (await job.waitUntilFinished(this.queueEvents)) as RunSummary;
      } catch (cause) {
        throw new TradeError('QUEUE', `queue job ${job.id}: ${(cause as Error).message}`, { jobId: job.id }, { cause });
      }
      onDone?.(k, summary);
      return summary;
    });
    // The first failure fails the batch; the others are awaited by nobody, so not reported twice.
    for (const w of waits) w.catch(() => {});
    return Promise.all(waits);
  }

  async close(): Promise<void> {
    await this.queueEvents.close();
    await this.queue.close();
    this.connection.disconnect();
    this.events.disconnect();
  }
}

export interface QueueWorkerHandlers {
  /** Runs the job or throws; a StoreMismatch becomes an unrecoverable failure. */
  process(data: QueueJobData, job: Job): Promise<RunSummary>;
}

/** The job cannot succeed on this worker whatever the retries (another store or build). */
export class StoreMismatch extends Error {}

export function startQueueWorker(url: string, concurrency: number, handlers: QueueWorkerHandlers): Worker {
  const connection = redisConnection(url);
  const { UnrecoverableError, Worker } = bullmqLib();
  return new Worker(
    QUEUE_NAME,
    async (job: Job) => {
      try {
        return await handlers.process(job.data as QueueJobData, job);
      } catch (e) {
        if (e instanceof StoreMismatch) throw new UnrecoverableError(e.message);
        throw e;
      }
    },
    { connection, concurrency, lockDuration: LOCK_MS, stalledInterval: STALLED_CHECK_MS, maxStalledCount: 2 },
  );
}
