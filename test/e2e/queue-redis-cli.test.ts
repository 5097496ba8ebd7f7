// The queue's Redis as docs/research.md says to run it (dist/trade when built): the config lines
// are read from the doc and started on a temp dir and a free port; pending jobs and finished
// results survive a restart (SIGTERM, start again on the same dir and port), a resubmission runs
// nothing new, and the worker stays up through the restarts. A Redis whose maxmemory-policy is not
// noeviction is refused with one line (exit 2), also when an ACL denies CONFIG (read from INFO);
// so is one that denies INFO too.
// Skipped without redis-server.
import { afterAll, describe, expect, test } from 'bun:test';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, sandbox } from './cli-harness';
import { HAS_REDIS, linesStarting, redisCli, runTrade, spawnLogged, startRedis } from './redis-harness';

const box = sandbox('trade-e2e-redis-');
const procs: Bun.Subprocess[] = [];
afterAll(() => {
  for (const p of procs) p.kill(9);
  box.cleanup();
});
const PLAY = join(ROOT, 'plays/ema-cross.yml');
const SWEEP = [
  'sweep',
  PLAY,
  '--db',
  'store.duckdb',
  '--param',
  'features.ema_fast.params.length=5..9:1',
  '--param',
  'risk.take_profit.rr=[1.5,3]',
];
const MARKER = '<!-- redis-conf:';

/** The fenced lines right after the redis-conf marker of docs/research.md. */
function documentedConf(): string[] {
  const lines = readFileSync(join(ROOT, 'docs/research.md'), 'utf8').split('\n');
  const at = lines.findIndex((l) => l.startsWith(MARKER));
  expect(at).toBeGreaterThan(0);
  expect(lines[at + 1]).toBe('```');
  const end = lines.indexOf('```', at + 2);
  return lines.slice(at + 2, end);
}

const runHashes = (out: string) => (JSON.parse(out).results as { run_hash: string }[]).map((r) => r.run_hash);

async function untilEqual(read: () => string, want: string): Promise<void> {
  for (let k = 0; read() !== want; k++) {
    if (k > 1200) throw new Error(`still ${read()}, expected ${want}`);
    await Bun.sleep(50);
  }
}

const policyLine = (url: string, policy: string) =>
  `✖ --queue ${url}: Redis has maxmemory-policy ${policy}, expected noeviction (an evicted key corrupts the BullMQ queue; see docs/research.md)`;

describe.skipIf(!HAS_REDIS)('the queue on a durable Redis', () => {
  test('the documented config: waiting jobs and results survive two restarts, a resubmission runs nothing new', async () => {
    const conf = documentedConf();
    expect(conf).toEqual(expect.arrayContaining(['appendonly yes', 'appendfsync everysec', 'maxmemory-policy noeviction']));
    expect(box.run('data', 'import', '--sample', '--db', 'store.duckdb').code).toBe(0);
    const local = box.run(...SWEEP, '--workers', '2', '--out', 'local', '--json');
    expect(local.code).toBe(0);
    const want = runHashes(local.out);
    expect(want.length).toBe(10);

    const confFile = box.file('trade-queue.conf', `${conf.join('\n')}\n`);
    const dataDir = join(box.dir, 'redis-data');
    mkdirSync(dataDir);
    const args = [confFile, '--dir', dataDir];
    let redis = await startRedis(args, procs);
    const { port, url } = redis;
    expect(redisCli(port, 'CONFIG', 'GET', 'appendonly')).toBe('appendonly\nyes');
    const restart = async () => {
      await redis.stop();
      redis = await startRedis(args, procs, { port });
    };

    // Submitted with no worker up: the jobs wait in Redis; the submitter dies.
    const first = spawnLogged(box, [...SWEEP, '--queue', url, '--out', 'sub1', '--json'], procs);
    await untilEqual(() => redisCli(port, 'LLEN', 'bull:trade-runs:wait'), '10');
    first.p.kill(9);
    await first.p.exited;

    await restart();
    expect(redisCli(port, 'LLEN', 'bull:trade-runs:wait')).toBe('10');
    const w = spawnLogged(box, ['worker', '--queue', url, '--db', 'store.duckdb', '--concurrency', '1', '--out', 'w'], procs);
    await w.waitFor(/worker ready/);
    const second = await runTrade(box, [...SWEEP, '--queue', url, '--out', 'sub2', '--json'], procs);
    expect(second.err).toBe('');
    expect(second.code).toBe(0);
    expect(runHashes(second.out)).toEqual(want);
    expect(linesStarting(w.text(), 'start ').length).toBe(10);

    await restart();
    expect(redisCli(port, 'ZCARD', 'bull:trade-runs:completed')).toBe('10');
    expect(redisCli(port, 'ZCARD', 'bull:trade-runs:failed')).toBe('0');
    // A fresh --out, so the submitter's own run cache does not answer: the results come from Redis.
    const third = await runTrade(box, [...SWEEP, '--queue', url, '--out', 'sub3', '--json'], procs);
    expect(third.err).toBe('');
    expect(third.code).toBe(0);
    expect(runHashes(third.out)).toEqual(want);
    expect(linesStarting(w.text(), 'start ').length).toBe(10);

    // The worker reconnected after both restarts: a new sweep runs on it.
    const fresh = await runTrade(
      box,
      [
        'sweep',
        PLAY,
        '--db',
        'store.duckdb',
        '--param',
        'features.ema_fast.params.length=[20,21]',
        '--queue',
        url,
        '--out',
        'sub4',
        '--json',
      ],
      procs,
    );
    expect(fresh.err).toBe('');
    expect(fresh.code).toBe(0);
    expect(linesStarting(w.text(), 'done ').length).toBe(12);
    w.p.kill('SIGTERM');
    expect(await w.p.exited).toBe(0);
    // Nothing on stderr: the restarts cost it no error line.
    expect(await new Response(w.p.stderr as ReadableStream).text()).toBe('');
    await redis.stop();
  }, 300_000);

  test('maxmemory-policy allkeys-lru: trade worker and trade sweep --queue refuse it in one line, exit 2', async () => {
    const { url } = await startRedis(['--save', '', '--appendonly', 'no', '--maxmemory-policy', 'allkeys-lru'], procs);
    const worker = box.run('worker', '--queue', url, '--db', 'store.duckdb');
    expect(worker.code).toBe(2);
    expect(worker.err.trim()).toBe(policyLine(url, 'allkeys-lru'));
    const sweep = box.run(...SWEEP, '--queue', url);
    expect(sweep.code).toBe(2);
    expect(sweep.err.trim()).toBe(policyLine(url, 'allkeys-lru'));
  }, 60_000);

  test('an ACL that denies CONFIG: the policy is read from INFO (refused when allkeys-lru, used when noeviction); INFO denied too: refused', async () => {
    const acl = ['--user', 'default', 'on', 'nopass', '~*', '&*', '+@all', '-config'];
    const lru = await startRedis(['--save', '', '--appendonly', 'no', '--maxmemory-policy', 'allkeys-lru', ...acl], procs);
    expect(redisCli(lru.port, 'CONFIG', 'GET', 'maxmemory-policy')).toStartWith('NOPERM');
    const refused = box.run('worker', '--queue', lru.url, '--db', 'store.duckdb');
    expect(refused.code).toBe(2);
    expect(refused.err.trim()).toBe(policyLine(lru.url, 'allkeys-lru'));

    const ok = await startRedis(['--save', '', '--appendonly', 'no', ...acl], procs);
    const w = spawnLogged(box, ['worker', '--queue', ok.url, '--db', 'store.duckdb', '--concurrency', '1', '--out', 'acl'], procs);
    await w.waitFor(/worker ready/);
    w.p.kill('SIGTERM');
    expect(await w.p.exited).toBe(0);
    expect(await new Response(w.p.stderr as ReadableStream).text()).toBe('');

    // INFO denied too: BullMQ could not run there, one line instead of its stack.
    const none = await startRedis(['--save', '', '--appendonly', 'no', ...acl, '-info'], procs);
    const blind = box.run('worker', '--queue', none.url, '--db', 'store.duckdb');
    expect(blind.code).toBe(2);
    expect(blind.err.trim()).toBe(
      `✖ --queue ${none.url}: the server refuses CONFIG GET and INFO (NOPERM this user has no permissions to run the 'info' command); BullMQ needs INFO, and maxmemory-policy noeviction`,
    );
  }, 60_000);
});
