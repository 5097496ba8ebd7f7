// What the queue requires of its Redis, checked once on connect by the submitter and by `trade
// worker` before BullMQ is started: something answers at the URL, and its maxmemory-policy is
// noeviction (BullMQ's production guidance: with any other policy Redis may evict a queue key
// when full, which corrupts the queue; with noeviction it refuses the write, which BullMQ reports).
// The policy is read with CONFIG GET, else from INFO memory (managed Redis often refuses CONFIG but
// allows INFO, which BullMQ itself needs); a server refusing both cannot carry the queue (one line);
// one that reports no policy at all (a Redis-compatible server) gets one warning line.

import type { default as IORedis, RedisOptions } from 'ioredis';
import { TradeError } from '../errors';
import { ioredisClass } from './queue-libs';
import { shownQueueUrl } from './queue-url';

export const REQUIRED_POLICY = 'noeviction';

/**
 * ioredis options from the URL (parsed here with WHATWG URL: ioredis' own parsing uses the
 * deprecated url.parse(), which prints a warning on stderr).
 */
export function redisOptions(url: string): RedisOptions {
  const u = new URL(url);
  const db = u.pathname.replace('/', '');
  return {
    host: u.hostname,
    port: u.port === '' ? 6379 : Number(u.port),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== '' ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/**
 * The server's maxmemory-policy, or undefined when it reports none (a Redis-compatible server
 * may not have the setting). INFO refused is fatal: BullMQ reads INFO on every connection.
 */
async function maxmemoryPolicy(probe: IORedis, shown: string): Promise<string | undefined> {
  try {
    const reply = (await probe.config('GET', 'maxmemory-policy')) as unknown as string[];
    if (reply[1] !== undefined) return reply[1];
  } catch {
    // Refused (managed Redis, an ACL without CONFIG): INFO carries the policy too.
  }
  let info: string;
  try {
    info = await probe.info('memory');
  } catch (cause) {
    throw new TradeError(
      'QUEUE_CONFIG',
      `--queue ${shown}: the server refuses CONFIG GET and INFO (${(cause as Error).message}); BullMQ needs INFO, and maxmemory-policy ${REQUIRED_POLICY}`,
      { url: shown },
      { cause },
    );
  }
  return /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
}

/** Throws on a policy other than noeviction; `warn` gets one line when the server reports none. */
export function checkPolicy(shown: string, policy: string | undefined, warn: (line: string) => void): void {
  if (policy === undefined)
    warn(
      `⚠ --queue ${shown}: the server reports no maxmemory-policy (CONFIG GET, INFO); BullMQ needs ${REQUIRED_POLICY} (docs/research.md)`,
    );
  else if (policy !== REQUIRED_POLICY)
    throw new TradeError(
      'QUEUE_CONFIG',
      `--queue ${shown}: Redis has maxmemory-policy ${policy}, expected ${REQUIRED_POLICY} (an evicted key corrupts the BullMQ queue; see docs/research.md)`,
      { url: shown, policy },
    );
}

/**
 * Fails at once, naming the URL, when nothing answers there (ioredis would retry for ever) or when
 * the server may evict keys; `warn` gets one line when it reports no policy.
 */
export async function checkRedis(url: string, warn: (line: string) => void): Promise<void> {
  const shown = shownQueueUrl(url);
  const probe = new (ioredisClass())({
    ...redisOptions(url),
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 3000,
    // The ready check is an INFO, which would print its own warning where INFO is refused.
    enableReadyCheck: false,
  });
  probe.on('error', () => {});
  try {
    try {
      await probe.connect();
      await probe.ping();
    } catch (cause) {
      throw new TradeError('QUEUE', `--queue ${shown}: no Redis answers there (${(cause as Error).message})`, { url: shown }, { cause });
    }
    checkPolicy(shown, await maxmemoryPolicy(probe, shown), warn);
  } finally {
    probe.disconnect();
  }
}
