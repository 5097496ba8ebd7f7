// `trade worker`: takes runs off the BullMQ queue and runs them on this machine's store. Per
// symbol and run options, the symbol's whole stored range is loaded once into a research session
// (shared with its Bun workers) that stays open until the worker stops. Before a run, the worker
// recomputes the run's input_hash and key from its own store and build: another value fails the
// job for good with both values named (StoreMismatch), never a silent different result.
import type { Job, Worker } from 'bullmq';
import { engineHash } from '../backtest';
import { withSymbolMarket } from '../data';
import { isoMs, MINUTE_MS } from '../domain';
import { jobPlay } from './job-play';
import { type QueueJobData, StoreMismatch, startQueueWorker } from './queue';
import { checkRedis } from './redis-check';
import { ResearchSession } from './session';
import type { RunSummary } from './worker-protocol';

export interface QueueWorkerOptions {
  url: string;
  concurrency: number;
  dbPath: string;
  outRoot: string;
  packageVersion: string;
  /** One line per job started and finished. */
  log: (line: string) => void;
  /** A warning line (the Redis' maxmemory-policy cannot be read). */
  warn: (line: string) => void;
}

export interface RunningQueueWorker {
  worker: Worker;
  stop(): Promise<void>;
}

export async function startWorker(opts: QueueWorkerOptions): Promise<RunningQueueWorker> {
  await checkRedis(opts.url, opts.warn);
  const sessions = new Map<string, Promise<ResearchSession>>();
  let release: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    release = resolve;
  });
  const held: Promise<unknown>[] = [];
  const session = (d: QueueJobData): Promise<ResearchSession> => {
    const id = `${d.symbol}|${d.intrabar}|${d.noFunding}`;
    let s = sessions.get(id);
    if (!s) {
      s = new Promise<ResearchSession>((resolve, reject) => {
        // The market stays open (its column cache and day digests) until the worker stops.
        const open = withSymbolMarket(opts.dbPath, d.symbol, async (market) => {
          const range = await market.range();
          if (!range) throw new StoreMismatch(`this worker's store ${opts.dbPath} has no ${d.symbol} candles`);
          const rs = await ResearchSession.open(market, range.firstMs, range.lastMs + MINUTE_MS, {
            outRoot: opts.outRoot,
            intrabar: d.intrabar,
            noFunding: d.noFunding,
            workers: opts.concurrency,
            packageVersion: opts.packageVersion,
          });
          resolve(rs);
          await stopped;
          await rs.close();
        });
        open.catch(reject);
        held.push(open.catch(() => {}));
      });
      sessions.set(id, s);
      s.catch(() => sessions.delete(id));
    }
    return s;
  };
  const engine = engineHash(opts.packageVersion);
  const process = async (d: QueueJobData, job: Job): Promise<RunSummary> => {
    if (d.engineHash !== engine)
      throw new StoreMismatch(`this worker's build has engine_hash ${engine}, the job's is ${d.engineHash} (run the same trade build)`);
    const rs = await session(d);
    const r = jobPlay(d.job);
    if (!r.checked) throw new StoreMismatch(`the job's Play is not valid here: ${r.issues[0]?.message ?? ''}`);
    let prepared: Awaited<ReturnType<ResearchSession['prepare']>>;
    try {
      prepared = await rs.prepare({
        checked: r.checked,
        yaml: d.job.yaml,
        data: d.job.data,
        fromMs: d.job.fromMs,
        toMs: d.job.toMs,
        equityUsdt: d.job.equityUsdt,
      });
    } catch (e) {
      throw new StoreMismatch((e as Error).message);
    }
    if (prepared.job.inputHash !== d.job.inputHash)
      throw new StoreMismatch(
        `this worker's store gives input_hash ${prepared.job.inputHash} for ${d.symbol} ${isoMs(d.job.warmStartMs)} .. ${isoMs(d.job.toMs)}, the job's is ${d.job.inputHash} (import the same data here)`,
      );
    if (prepared.key !== d.key) throw new StoreMismatch(`this worker computes run key ${prepared.key}, the job's is ${d.key}`);
    opts.log(`start ${d.key.slice(0, 12)} attempt ${job.attemptsMade + 1}`);
    const s = await rs.runPrepared(d.key, d.job);
    opts.log(`done ${d.key.slice(0, 12)} run_hash ${s.runHash.slice(0, 12)}${s.cached ? ' (cached)' : ''}`);
    return s;
  };
  const worker = startQueueWorker(opts.url, opts.concurrency, { process });
  worker.on('failed', (job, err) => opts.log(`failed ${String(job?.id ?? '?').slice(0, 12)}: ${err.message}`));
  await worker.waitUntilReady();
  return {
    worker,
    async stop() {
      await worker.close();
      release();
      await Promise.all(held);
    },
  };
}
