// checkRedis against real redis-servers (Debian's, on free loopback ports): noeviction passes
// silently, another policy is QUEUE_CONFIG naming it, so is a server that refuses CONFIG and INFO,
// nothing listening is QUEUE; a password never appears in a message. A server reporting no policy
// (no Redis does; some Redis-compatible servers may) gets exactly one warning line.
// Skipped without redis-server.
import { afterAll, describe, expect, test } from 'bun:test';
import { TradeError } from '../../../src/errors';
import { shownQueueUrl } from '../../../src/research/queue-url';
import { checkPolicy, checkRedis } from '../../../src/research/redis-check';
import { freePort, HAS_REDIS, startRedis } from '../../e2e/redis-harness';

const procs: Bun.Subprocess[] = [];
afterAll(() => {
  for (const p of procs) p.kill(9);
});
const EPHEMERAL = ['--save', '', '--appendonly', 'no'];

async function failure(p: Promise<unknown>): Promise<TradeError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TradeError);
    return e as TradeError;
  }
  throw new Error('expected a failure');
}

test('a server that reports no policy: exactly one warning line', () => {
  const warnings: string[] = [];
  checkPolicy('redis://10.0.0.5:6379', undefined, (l) => warnings.push(l));
  expect(warnings).toEqual([
    '⚠ --queue redis://10.0.0.5:6379: the server reports no maxmemory-policy (CONFIG GET, INFO); BullMQ needs noeviction (docs/research.md)',
  ]);
  checkPolicy('redis://10.0.0.5:6379', 'noeviction', (l) => warnings.push(l));
  expect(warnings.length).toBe(1);
});

test('shownQueueUrl hides a password only', () => {
  expect(shownQueueUrl('redis://:s3cret@10.0.0.5:6379/2')).toBe('redis://:***@10.0.0.5:6379/2');
  expect(shownQueueUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
});

describe.skipIf(!HAS_REDIS)('checkRedis', () => {
  test('noeviction (the default): no warning; volatile-lru: QUEUE_CONFIG naming it', async () => {
    const warnings: string[] = [];
    const ok = await startRedis(EPHEMERAL, procs);
    await checkRedis(ok.url, (l) => warnings.push(l));
    expect(warnings).toEqual([]);
    const lru = await startRedis([...EPHEMERAL, '--maxmemory-policy', 'volatile-lru'], procs);
    const e = await failure(checkRedis(lru.url, (l) => warnings.push(l)));
    expect(e.code).toBe('QUEUE_CONFIG');
    expect(e.message).toBe(
      `--queue ${lru.url}: Redis has maxmemory-policy volatile-lru, expected noeviction (an evicted key corrupts the BullMQ queue; see docs/research.md)`,
    );
    expect(warnings).toEqual([]);
  });

  test('CONFIG and INFO both refused (ACL): QUEUE_CONFIG (BullMQ needs INFO)', async () => {
    const acl = ['--user', 'default', 'on', 'nopass', '~*', '&*', '+@all', '-config', '-info'];
    const r = await startRedis([...EPHEMERAL, ...acl], procs);
    const warnings: string[] = [];
    const e = await failure(checkRedis(r.url, (l) => warnings.push(l)));
    expect(e.code).toBe('QUEUE_CONFIG');
    expect(e.message).toBe(
      `--queue ${r.url}: the server refuses CONFIG GET and INFO (NOPERM this user has no permissions to run the 'info' command); BullMQ needs INFO, and maxmemory-policy noeviction`,
    );
    expect(warnings).toEqual([]);
  });

  test('nothing listening: QUEUE; a wrong password: QUEUE without the password', async () => {
    const port = freePort();
    const none = await failure(checkRedis(`redis://127.0.0.1:${port}`, () => {}));
    expect(none.code).toBe('QUEUE');
    expect(none.message).toStartWith(`--queue redis://127.0.0.1:${port}: no Redis answers there (`);
    const r = await startRedis([...EPHEMERAL, '--requirepass', 'right-one'], procs, { password: 'right-one' });
    await checkRedis(`redis://:right-one@127.0.0.1:${r.port}`, () => {});
    const wrong = await failure(checkRedis(`redis://:wrong-one@127.0.0.1:${r.port}`, () => {}));
    expect(wrong.code).toBe('QUEUE');
    expect(wrong.message).toStartWith(`--queue redis://:***@127.0.0.1:${r.port}: no Redis answers there (`);
    expect(wrong.message).not.toContain('wrong-one');
  });
});
