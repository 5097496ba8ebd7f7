// Messages between the sweep pool (worker-pool.ts) and a sweep worker (sweep-worker.ts).
import type { Metrics } from '../backtest';
import type { IntrabarMode } from '../core';
import type { Instrument } from '../domain';
import type { SharedColumns } from './shared-window';

/** Sent once per worker. */
export interface WorkerInit {
  type: 'init';
  columns: SharedColumns;
  instrument: Instrument;
  symbol: string;
  packageVersion: string;
  outRoot: string;
  intrabar: IntrabarMode;
  noFunding: boolean;
}

/** One backtest: a Play (YAML text) over [fromMs, toMs), its input_hash computed by the submitter. */
export interface RunJob {
  yaml: string;
  /** The same Play as JSON text, when JSON carries it exactly (read without parsing YAML; job-play.ts). */
  data?: string;
  file: string;
  fromMs: number;
  toMs: number;
  warmStartMs: number;
  inputHash: string;
  equityUsdt?: number;
}

export interface RunSummary {
  runHash: string;
  playHash: string;
  inputHash: string;
  dir: string;
  metrics: Metrics;
  /** true when the result came from the run cache (nothing simulated). */
  cached: boolean;
}

export type ToWorker = WorkerInit | { type: 'run'; id: number; job: RunJob };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; id: number; summary: RunSummary }
  | { type: 'error'; id: number; code: string; message: string };
