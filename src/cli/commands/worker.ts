// `trade worker --queue redis://HOST:PORT [--concurrency N]`: runs the queued runs of `trade sweep
// --queue` / `trade walkforward --queue` on this machine's store until SIGINT/SIGTERM. Prints one
// line when ready and one per job started, finished or failed.
import { TradeError } from '../../errors';
import { outRootInput } from '../../tools/parse-input';
import { intInput, loadQueueWorker, queueUrlInput, shownQueueUrl, workersInput } from '../../tools/research';
import { packageVersion } from '../../tools/version';
import { optionValue } from '../args';
import type { Command } from '../command';

export const workerCommand: Command = {
  path: ['worker'],
  usage: 'trade worker --queue redis://HOST:PORT [--concurrency N] [--out DIR]',
  summary: 'run queued sweep and walk-forward runs (BullMQ on Redis) on this machine until stopped',
  options: [
    { name: 'queue', value: true, help: 'the Redis of the queue, redis://HOST:PORT' },
    { name: 'concurrency', value: true, help: 'runs at once, each on its own Bun worker (default: every core)' },
    { name: 'out', value: true, help: 'artifact root of the runs (default backtests)' },
  ],
  async run(ctx) {
    const { args } = ctx;
    if (args.positionals.length !== 0) throw new TradeError('USAGE', `trade worker: takes no arguments, got ${args.positionals.join(' ')}`);
    const queue = optionValue(args, 'queue');
    if (queue === undefined) throw new TradeError('USAGE', 'trade worker: --queue redis://HOST:PORT is required');
    const url = queueUrlInput(queue);
    const concurrencyText = optionValue(args, 'concurrency');
    const concurrency = concurrencyText === undefined ? workersInput(undefined) : intInput(concurrencyText, '--concurrency', 1, 256, 1);
    const outRoot = optionValue(args, 'out') ?? 'backtests';
    outRootInput(outRoot);
    // Listened for before anything starts (and so before the ready line), so a stop sent as soon
    // as the line is seen is a clean stop, not the default exit on the signal.
    const stopAsked = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    // bullmq and ioredis are loaded by this command only.
    const { startWorker } = await loadQueueWorker();
    const running = await startWorker({
      url,
      concurrency,
      dbPath: ctx.dbPath,
      outRoot,
      packageVersion: packageVersion(),
      log: (line) => ctx.out(`${line}\n`),
      warn: (line) => ctx.err(`${line}\n`),
    });
    ctx.out(`worker ready: queue ${shownQueueUrl(url)}, concurrency ${concurrency}, store ${ctx.dbPath}, artifacts ${outRoot}\n`);
    await stopAsked;
    await running.stop();
    return { json: { stopped: true }, text: 'worker stopped' };
  },
};
