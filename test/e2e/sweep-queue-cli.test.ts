// `trade sweep --queue` with two `trade worker` processes (dist/trade when built) on a Redis from
// Debian started on a free loopback port without persistence: one worker is killed with kill -9
// while it holds a job; the sweep still ends with every result exactly once (one completed job per
// run key in Redis), equal to the local sweep run for run; resubmitting runs nothing new; a worker
// whose store differs fails the job with both input hashes named. Skipped without redis-server.
import { afterAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { ROOT, sandbox, syntheticCsv, TRADE } from './cli-harness';
import { HAS_REDIS, redisCli, spawnLogged, startRedis } from './redis-harness';

const box = sandbox('trade-e2e-queue-');
const PLAY = join(ROOT, 'plays/ema-cross.yml');
const PARAMS = ['--param', 'features.ema_fast.params.length=5..14:1', '--param', 'risk.take_profit.rr=[1,1.5,2,2.5,3]'];
const procs: Bun.Subprocess[] = [];
afterAll(() => {
  for (const p of procs) p.kill(9);
  box.cleanup();
});

describe.skipIf(!HAS_REDIS)('trade sweep --queue', () => {
  test('two workers, one killed with kill -9 mid-sweep: every result once, equal to the local sweep', async () => {
    expect(box.run('data', 'import', '--sample', '--db', 'store.duckdb').code).toBe(0);
    const { port, url } = await startRedis(['--save', '', '--appendonly', 'no'], procs);

    const local = box.run('sweep', PLAY, '--db', 'store.duckdb', ...PARAMS, '--workers', '2', '--out', 'local', '--json');
    // Exit 0 and no message (stderr named in the failure: it once exited 2 on a loaded machine).
    expect({ code: local.code, err: local.err }).toEqual({ code: 0, err: '' });
    const localJson = JSON.parse(local.out);

    const a = spawnLogged(box, ['worker', '--queue', url, '--db', 'store.duckdb', '--concurrency', '1', '--out', 'wa'], procs);
    const b = spawnLogged(box, ['worker', '--queue', url, '--db', 'store.duckdb', '--concurrency', '1', '--out', 'wb'], procs);
    await a.waitFor(/worker ready/);
    await b.waitFor(/worker ready/);
    const sub = Bun.spawn([...TRADE, 'sweep', PLAY, '--db', 'store.duckdb', ...PARAMS, '--queue', url, '--out', 'sub', '--json'], {
      cwd: box.dir,
      env: box.env,
      stdout: 'pipe',
      stderr: 'pipe',
    });
    procs.push(sub);
    // Kill A while it holds a job: after it has finished one, at its next start.
    await a.waitFor(/done \w+/);
    const held = await a.waitFor(/done \w+[^\n]*\nstart (\w+)/);
    a.p.kill(9);
    const heldKey = held[1]!;
    const code = await sub.exited;
    const out = await new Response(sub.stdout as ReadableStream).text();
    const err = await new Response(sub.stderr as ReadableStream).text();
    expect(err).toBe('');
    expect(code).toBe(0);
    const queued = JSON.parse(out);
    expect(queued.results.length).toBe(50);
    expect(queued.results.map((r: { run_hash: string }) => r.run_hash)).toEqual(
      localJson.results.map((r: { run_hash: string }) => r.run_hash),
    );
    expect(queued.results.map((r: { metrics: unknown }) => r.metrics)).toEqual(
      localJson.results.map((r: { metrics: unknown }) => r.metrics),
    );
    // The job A held was taken over by B after A's lock expired.
    expect(b.text()).toContain(`start ${heldKey}`);
    // Exactly once: one completed job per run, none failed, none left.
    expect(redisCli(port, 'ZCARD', 'bull:trade-runs:completed')).toBe('50');
    expect(redisCli(port, 'ZCARD', 'bull:trade-runs:failed')).toBe('0');
    const doneLines = `${a.text()}${b.text()}`.split('\n').filter((l) => l.startsWith('done '));
    expect(new Set(doneLines.map((l) => l.split(' ')[1])).size).toBe(50);

    // Resubmitting is harmless: the same jobs (jobId = run key) are read back, nothing runs.
    const startsBefore = b
      .text()
      .split('\n')
      .filter((l) => l.startsWith('start ')).length;
    const again = box.run('sweep', PLAY, '--db', 'store.duckdb', ...PARAMS, '--queue', url, '--out', 'sub2', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out).results.map((r: { run_hash: string }) => r.run_hash)).toEqual(
      localJson.results.map((r: { run_hash: string }) => r.run_hash),
    );
    expect(
      b
        .text()
        .split('\n')
        .filter((l) => l.startsWith('start ')).length,
    ).toBe(startsBefore);

    // A worker whose store differs fails the job for good (no retries), naming both input hashes.
    const csv = box.file('BTCUSDT_1m.csv', syntheticCsv(Date.UTC(2024, 7, 5), 10 * 1440));
    expect(box.run('data', 'import', csv, '--symbol', 'BTCUSDT', '--db', 'other.duckdb').code).toBe(0);
    b.p.kill('SIGTERM');
    await b.p.exited;
    const c = spawnLogged(box, ['worker', '--queue', url, '--db', 'other.duckdb', '--concurrency', '1', '--out', 'wc'], procs);
    await c.waitFor(/worker ready/);
    const bad = box.run(
      'sweep',
      PLAY,
      '--db',
      'store.duckdb',
      '--param',
      'features.ema_fast.params.length=[30]',
      '--no-funding',
      '--queue',
      url,
      '--from',
      '2024-08-10',
      '--to',
      '2024-08-12',
    );
    expect(bad.code).toBe(1);
    expect(bad.err.trim()).toMatch(
      /^✖ queue job \w{64}: this worker's store gives input_hash \w{64} for BTCUSDT 2024-08-0\dT\S+ \.\. 2024-08-12T00:00:00\.000Z, the job's is \w{64} \(import the same data here\)$/,
    );
    await c.waitFor(/failed \w+: this worker's store gives input_hash/);
    expect(c.text()).not.toContain('attempt 2');
    c.p.kill('SIGTERM');
  }, 240_000);
});
