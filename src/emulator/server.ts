// The loopback Bybit V5 emulator: a Bun.serve HTTP server (port 0 picks a free port) answering the
// market endpoints from a DuckDB store, with the §2.0 envelope and X-Bapi-Limit* headers on every
// answer, injected faults, and a clock. Requests are handled one at a time (one DuckDB connection).
// Unknown routes answer HTTP 404 with retCode 10017; bad parameters retCode 10001. Live trading will
// add private routes and the WebSocket beside these.
import { knownSymbols, type Store } from '../data';
import { TradeError } from '../errors';
import { type Clock, wallClock } from './clock';
import { envelope, type LimitState, OK_MSG } from './envelope';
import { type FaultOptions, Faults } from './faults';
import { ApiError } from './params';
import { ROUTES, type RouteContext } from './routes';

export interface EmulatorOptions {
  store: Store;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Fixed "now", ms; default the wall clock. */
  nowMs?: number;
  faults?: FaultOptions;
  /** Risk-limit rows per page (default 200). */
  riskLimitPageRows?: number;
}

export interface Emulator {
  /** Base URL for bybit-api's `baseUrl`, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  port: number;
  faults: Faults;
  /** Requests answered, by path. */
  requests: Map<string, number>;
  stop(): Promise<void>;
}

/** Per-endpoint budget advertised in the headers (Bybit's public market limit is per IP; any value works). */
const LIMIT = 600;

export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  const clock: Clock = opts.nowMs === undefined ? wallClock : () => opts.nowMs as number;
  const faults = new Faults(opts.faults);
  const ctx: RouteContext = {
    store: opts.store,
    clock,
    faults,
    symbols: new Set(await knownSymbols(opts.store)),
    riskLimitPageRows: opts.riskLimitPageRows ?? 200,
  };
  const requests = new Map<string, number>();
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn);
    queue = run.catch(() => undefined);
    return run;
  };

  const answer = async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    requests.set(url.pathname, (requests.get(url.pathname) ?? 0) + 1);
    const nowMs = clock();
    const ok: LimitState = { limit: LIMIT, remaining: LIMIT - 1, resetAtMs: nowMs };
    const route = req.method === 'GET' ? ROUTES.get(url.pathname) : undefined;
    if (!route) return envelope(10017, `route not found: ${req.method} ${url.pathname}`, {}, nowMs, ok, 404);
    if (route.data) {
      const verdict = faults.nextDataRequest();
      if (verdict === '10006')
        return envelope(10006, 'Too many visits!', {}, nowMs, { limit: LIMIT, remaining: 0, resetAtMs: nowMs + faults.resetAheadMs });
      if (verdict === '403') return new Response('access too frequent', { status: 403, headers: { 'Content-Type': 'text/plain' } });
    }
    try {
      const result = await serial(() => route.handler(url.searchParams, ctx));
      return envelope(0, OK_MSG, result, nowMs, ok);
    } catch (e) {
      if (e instanceof ApiError) return envelope(e.retCode, e.message, {}, nowMs, ok, e.status);
      return envelope(10016, `server error: ${(e as Error).message}`, {}, nowMs, ok);
    }
  };

  let server: ReturnType<typeof Bun.serve>;
  try {
    server = Bun.serve({ hostname: '127.0.0.1', port: opts.port ?? 0, fetch: answer });
  } catch (cause) {
    const msg = `--port ${opts.port ?? 0}: cannot listen on 127.0.0.1 (${(cause as Error).message}); pick another port or 0 for a free one`;
    throw new TradeError('USAGE', msg, { port: opts.port }, { cause });
  }
  const port = server.port as number;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    faults,
    requests,
    stop: async () => {
      await server.stop(true);
    },
  };
}
