// `trade walkforward --queue` (dist/trade when built): every fold's in-sample sweep runs on two
// `trade worker` processes through BullMQ on a Redis started on a free loopback port, the OOS runs
// on the submitter; the report (folds, chosen parameters, in-sample and OOS metrics, run hashes,
// the stitched OOS record and its equity parquet) equals the local `trade walkforward` of the same
// input, apart from where the files are. Skipped without redis-server.
import { afterAll, describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readParquetColumns } from '../../src/data';
import { ROOT, sandbox } from './cli-harness';
import { HAS_REDIS, linesStarting, redisCli, runTrade, spawnLogged, startRedis } from './redis-harness';

const box = sandbox('trade-e2e-wf-queue-');
const procs: Bun.Subprocess[] = [];
afterAll(() => {
  for (const p of procs) p.kill(9);
  box.cleanup();
});
const PLAY = join(ROOT, 'plays/ema-cross.yml');
const WF = [
  'walkforward',
  PLAY,
  '--db',
  'store.duckdb',
  '--param',
  'features.ema_fast.params.length=5..14:3',
  '--param',
  'risk.take_profit.rr=[1.5,3]',
  '--from',
  '2024-08-03T00:00:00Z',
  '--to',
  '2024-08-31T00:00:00Z',
  '--train',
  '7d',
  '--test',
  '3d',
  '--step',
  '5d',
  '--workers',
  '2',
  '--json',
];

type Report = { dir?: string; folds: { out_of_sample_artifacts: string | null }[] } & Record<string, unknown>;

/** The report without where its files are: the sweeps dir, and the artifact root of the OOS runs. */
function located(r: Report, outRoot: string): Report {
  const { dir: _dir, ...rest } = r;
  return {
    ...rest,
    folds: r.folds.map((f) => {
      expect(f.out_of_sample_artifacts?.startsWith(`${outRoot}/`)).toBe(true);
      return { ...f, out_of_sample_artifacts: f.out_of_sample_artifacts!.slice(outRoot.length) };
    }),
  };
}

const oosEquity = (sweeps: string, id: string) => readParquetColumns(join(box.dir, sweeps, `wf-${id}`, 'oos_equity.parquet')).columns;

describe.skipIf(!HAS_REDIS)('trade walkforward --queue', () => {
  test('in-sample sweeps on two trade workers: the same report as the local walk-forward', async () => {
    expect(box.run('data', 'import', '--sample', '--db', 'store.duckdb').code).toBe(0);
    const { port, url } = await startRedis(['--save', '', '--appendonly', 'no'], procs);

    const local = box.run(...WF, '--out', 'local', '--sweeps', 'local-sweeps');
    expect(local.err).toBe('');
    expect(local.code).toBe(0);
    const lj = JSON.parse(local.out) as Report & { id: string; folds: unknown[]; simulated: number };
    expect(lj.folds.length).toBe(4);

    const a = spawnLogged(box, ['worker', '--queue', url, '--db', 'store.duckdb', '--concurrency', '1', '--out', 'wa'], procs);
    const b = spawnLogged(box, ['worker', '--queue', url, '--db', 'store.duckdb', '--concurrency', '1', '--out', 'wb'], procs);
    await a.waitFor(/worker ready/);
    await b.waitFor(/worker ready/);
    const queued = await runTrade(box, [...WF, '--queue', url, '--out', 'sub', '--sweeps', 'sub-sweeps'], procs);
    expect(queued.err).toBe('');
    expect(queued.code).toBe(0);
    const qj = JSON.parse(queued.out) as Report & { id: string; simulated: number };

    expect(located(qj, 'sub')).toEqual(located(lj, 'local'));
    expect(qj.id).toBe(lj.id);
    expect(qj.simulated).toBe(4 * 8 + 4);
    // The written reports agree too, and so do the stitched OOS equity curves, point for point.
    const report = (sweeps: string) => JSON.parse(readFileSync(join(box.dir, sweeps, `wf-${lj.id}`, 'walkforward.json'), 'utf8'));
    expect(located(report('sub-sweeps'), 'sub')).toEqual(located(report('local-sweeps'), 'local'));
    const qe = oosEquity('sub-sweeps', qj.id);
    const le = oosEquity('local-sweeps', lj.id);
    expect((le.get('ts_ms') as Float64Array).length).toBeGreaterThan(0);
    expect(qe.get('ts_ms')).toEqual(le.get('ts_ms'));
    expect(qe.get('equity_usdt')).toEqual(le.get('equity_usdt'));

    // Every in-sample run (4 folds x 8 variants) ran once on a worker, both workers took some;
    // the OOS runs did not go to the queue.
    const done = [...linesStarting(a.text(), 'done '), ...linesStarting(b.text(), 'done ')];
    expect(new Set(done.map((l) => l.split(' ')[1])).size).toBe(32);
    expect(done.length).toBe(32);
    expect(linesStarting(a.text(), 'done ').length).toBeGreaterThan(0);
    expect(linesStarting(b.text(), 'done ').length).toBeGreaterThan(0);
    expect(redisCli(port, 'ZCARD', 'bull:trade-runs:completed')).toBe('32');
    expect(redisCli(port, 'ZCARD', 'bull:trade-runs:failed')).toBe('0');
    a.p.kill('SIGTERM');
    b.p.kill('SIGTERM');
    await Promise.all([a.p.exited, b.p.exited]);
  }, 300_000);
});
