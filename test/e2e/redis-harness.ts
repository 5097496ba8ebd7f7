// How the queue tests run Redis and `trade` processes: Debian's redis-server on a free loopback
// port (started and stopped by the test; stop is SIGTERM, so a durable server writes its AOF
// before it exits and starts again from it), redis-cli for looking at the queue's keys, and `trade`
// children whose stdout is collected as it comes. Every child is pushed on the caller's list so
// its afterAll can kill what is left.
import { existsSync } from 'node:fs';
import { type Sandbox, TRADE } from './cli-harness';

export const REDIS_SERVER = '/usr/bin/redis-server';
export const HAS_REDIS = existsSync(REDIS_SERVER);

export function freePort(): number {
  const s = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const port = s.port;
  s.stop(true);
  return port;
}

export function redisCli(port: number, ...args: string[]): string {
  return redisCliAuth(port, undefined, ...args);
}

/** redis-cli with a password (given through REDISCLI_AUTH, so redis-cli prints no warning). */
function redisCliAuth(port: number, password: string | undefined, ...args: string[]): string {
  const env = { ...process.env, ...(password === undefined ? {} : { REDISCLI_AUTH: password }) };
  const p = Bun.spawnSync(['redis-cli', '-p', String(port), ...args], { env });
  return p.stdout.toString().trim();
}

export interface RedisServer {
  port: number;
  url: string;
  proc: Bun.Subprocess;
  /** SIGTERM, then waits for the exit (a durable server has flushed its AOF by then). */
  stop(): Promise<void>;
}

/**
 * redis-server with `args` (a config file and/or `--name value` options) bound to 127.0.0.1:port
 * (default a free one); resolves once it answers PING (bounded: 10 s), with `password` when it
 * has a requirepass.
 */
export async function startRedis(
  args: readonly string[],
  procs: Bun.Subprocess[],
  opts: { port?: number; password?: string } = {},
): Promise<RedisServer> {
  const port = opts.port ?? freePort();
  const proc = Bun.spawn([REDIS_SERVER, ...args, '--port', String(port), '--bind', '127.0.0.1'], { stdout: 'pipe', stderr: 'pipe' });
  procs.push(proc);
  // The log is read as it comes (a pipe nobody reads would block the server once full).
  let log = '';
  (async () => {
    const dec = new TextDecoder();
    for await (const chunk of proc.stdout as ReadableStream<Uint8Array>) log += dec.decode(chunk);
  })();
  for (let k = 0; redisCliAuth(port, opts.password, 'ping') !== 'PONG'; k++) {
    if (k > 200 || proc.exitCode !== null) throw new Error(`redis-server ${args.join(' ')} did not start on ${port}:\n${log}`);
    await Bun.sleep(50);
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    proc,
    async stop() {
      proc.kill('SIGTERM');
      await proc.exited;
    },
  };
}

export interface LoggedProcess {
  p: Bun.Subprocess;
  text(): string;
  /** Resolves with the first match of `re` in stdout so far or to come; rejects after timeoutMs. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

/** `trade ...args` in the sandbox, its stdout collected as it comes. */
export function spawnLogged(box: Sandbox, args: readonly string[], procs: Bun.Subprocess[]): LoggedProcess {
  const p = Bun.spawn([...TRADE, ...args], { cwd: box.dir, env: box.env, stdout: 'pipe', stderr: 'pipe' });
  procs.push(p);
  let text = '';
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  (async () => {
    const dec = new TextDecoder();
    for await (const chunk of p.stdout as ReadableStream<Uint8Array>) {
      text += dec.decode(chunk);
      for (const w of [...waiters]) {
        const m = text.match(w.re);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    }
  })();
  return {
    p,
    text: () => text,
    waitFor(re, timeoutMs = 60_000) {
      const m = text.match(re);
      if (m) return Promise.resolve(m);
      return new Promise((resolve, reject) => {
        waiters.push({ re, resolve });
        setTimeout(() => reject(new Error(`no ${re} within ${timeoutMs} ms; output so far:\n${text}`)), timeoutMs);
      });
    },
  };
}

/** `trade ...args` in the sandbox, both streams read to the end. */
export async function runTrade(box: Sandbox, args: readonly string[], procs: Bun.Subprocess[]) {
  const p = Bun.spawn([...TRADE, ...args], { cwd: box.dir, env: box.env, stdout: 'pipe', stderr: 'pipe' });
  procs.push(p);
  const [out, err, code] = await Promise.all([
    new Response(p.stdout as ReadableStream).text(),
    new Response(p.stderr as ReadableStream).text(),
    p.exited,
  ]);
  return { code, out, err };
}

/** Lines of a process' output that start with `prefix`. */
export const linesStarting = (text: string, prefix: string) => text.split('\n').filter((l) => l.startsWith(prefix));
