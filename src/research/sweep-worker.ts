// Entry point of a sweep worker (a Bun Worker; listed as an entry point of dist/trade in
// scripts/build-binary.ts). Receives the shared columns once, then runs one job at a time.
import { TradeError } from '../errors';
import { type RunContext, runJob } from './run-job';
import { sharedColumns } from './shared-window';
import type { FromWorker, ToWorker } from './worker-protocol';

declare const self: Worker;

let ctx: RunContext | undefined;

function reply(m: FromWorker): void {
  self.postMessage(m);
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  if (m.type === 'init') {
    const { columns, type: _type, ...rest } = m;
    ctx = { ...rest, ...sharedColumns(columns) };
    reply({ type: 'ready' });
    return;
  }
  try {
    if (!ctx) throw new TradeError('INTERNAL', 'sweep worker: a job arrived before init');
    reply({ type: 'done', id: m.id, summary: runJob(ctx, m.job) });
  } catch (e) {
    const code = e instanceof TradeError ? e.code : 'INTERNAL';
    reply({ type: 'error', id: m.id, code, message: e instanceof Error ? e.message : String(e) });
  }
};
