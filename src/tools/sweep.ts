// `trade sweep`: check the options and the variants, open the symbol's market, run the sweep.

import type { IntrabarMode } from '../backtest';
import { withSymbolMarket } from '../data';
import { TradeError } from '../errors';
import { MAX_STARTING_EQUITY_USDT } from '../play';
import { workersInput } from '../research/inputs';
import { makePlan, type Plan } from '../research/plan';
import { queueUrlInput, shownQueueUrl } from '../research/queue-url';
import { runSweep, type SweepOutcome } from '../research/sweep';
import { INTRABAR_MODES } from './backtest';
import { outRootInput, positiveDecimalInput, symbolInput, windowInput } from './parse-input';
import { packageVersion } from './version';

export interface SweepInput {
  playPath: string;
  dbPath: string;
  params: readonly string[];
  random?: string;
  seed?: string;
  metric?: string;
  minTrades?: string;
  workers?: string;
  symbol?: string;
  from?: string;
  to?: string;
  equity?: string;
  intrabar: string;
  noFunding: boolean;
  /** Artifact root of the runs (default backtests). */
  outRoot: string;
  /** Root of the sweep directories (default sweeps). */
  sweepsRoot: string;
  onProgress?: (done: number, total: number) => void;
  /** redis://HOST:PORT: run on `trade worker`s through the BullMQ queue instead of local workers. */
  queue?: string;
  /** A warning line about the queue's Redis (default: written to stderr). */
  onWarning?: (line: string) => void;
}

export interface CommonResearchOptions {
  queueUrl?: string;
  intrabar: IntrabarMode;
  equityUsdt?: number;
  symbol?: string;
  workers: number;
}

/** The options `trade sweep` and `trade walkforward` share, checked. */
export async function commonResearchInput(
  input: Pick<SweepInput, 'intrabar' | 'equity' | 'symbol' | 'workers' | 'outRoot' | 'queue' | 'onWarning'>,
): Promise<CommonResearchOptions> {
  const intrabar = input.intrabar as IntrabarMode;
  if (!INTRABAR_MODES.includes(intrabar))
    throw new TradeError('USAGE', `--intrabar must be one of ${INTRABAR_MODES.join(', ')} (got '${input.intrabar}')`);
  outRootInput(input.outRoot);
  const queueUrl = input.queue === undefined ? undefined : queueUrlInput(input.queue);
  const warn = input.onWarning ?? ((line: string) => process.stderr.write(`${line}\n`));
  // ioredis is loaded only when a queue is used.
  if (queueUrl !== undefined) await (await import('../research/redis-check')).checkRedis(queueUrl, warn);
  return {
    queueUrl,
    intrabar,
    equityUsdt: input.equity === undefined ? undefined : positiveDecimalInput(input.equity, '--equity', MAX_STARTING_EQUITY_USDT, 'USDT'),
    symbol: input.symbol === undefined ? undefined : symbolInput(input.symbol, '--symbol'),
    workers: workersInput(input.workers),
  };
}

/** What a sweep and a walk-forward both pass to their runner: artifact roots, engine options, workers, window. */
export function researchRunOptions(input: SweepInput, common: CommonResearchOptions, plan: Plan) {
  const window = windowInput(input.from, input.to);
  return {
    outRoot: input.outRoot,
    sweepsRoot: input.sweepsRoot,
    intrabar: common.intrabar,
    noFunding: input.noFunding,
    workers: Math.min(common.workers, plan.variants.length),
    packageVersion: packageVersion(),
    queueUrl: common.queueUrl,
    fromMs: window.fromMs,
    toMs: window.toMs,
    equityUsdt: common.equityUsdt,
    onProgress: input.onProgress,
  };
}

export async function sweep(input: SweepInput): Promise<SweepOutcome & { plan: Plan; queue?: string }> {
  const common = await commonResearchInput(input);
  const plan = makePlan(input);
  const outcome = await withSymbolMarket(input.dbPath, common.symbol ?? plan.base.play.symbol, (market) =>
    runSweep(market, plan, researchRunOptions(input, common, plan)),
  );
  return { ...outcome, plan, queue: common.queueUrl === undefined ? undefined : shownQueueUrl(common.queueUrl) };
}
