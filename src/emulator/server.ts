// The loopback Bybit V5 emulator: one Bun.serve port on 127.0.0.1 (0 picks a free one) for REST
// (market endpoints from the store, signed private endpoints over the accounts' core sims), the
// WebSocket paths /v5/public/linear, /v5/private and /v5/trade (ws/hub.ts), and, when `admin` is on,
// /admin/*. Every REST answer carries the §2.0 envelope and the X-Bapi-Limit* headers. Unknown
// routes answer HTTP 404 with retCode 10017; bad parameters retCode 10001. Market reads run one at a
// time (one DuckDB connection); private requests run at once against in-memory state.
import { getInstrument, knownSymbols, loadCandles, loadFunding, type Store } from '../data';
import { TradeError } from '../errors';
import { type Account, type AccountSpec, makeAccounts } from './accounts';
import { type AdminDeps, adminFault, adminSpeed, adminState, adminStep } from './admin';
import { authenticate, signedHeaders } from './auth';
import { type Clock, wallClock } from './clock';
import { stepDecimals } from './decimal';
import { envelope, type LimitState, limitHeaders, OK_MSG } from './envelope';
import { type FaultOptions, Faults } from './faults';
import { applyLiveFault, LiveFaults } from './live-faults';
import { ApiError } from './params';
import { Answer, fromBody, fromQuery, PRIVATE_ROUTES, type PrivateContext } from './private';
import type { Push } from './private/records';
import { RateLimiter } from './rate-limit';
import { Replay, type ReplayData, type ReplayOptions } from './replay';
import { ROUTES, type RouteContext } from './routes';
import { DcpWatch } from './ws/dcp-watch';
import { Hub, type WsData, type WsPath } from './ws/hub';
import { KLINE_INTERVALS, MarketFeed, type Minute } from './ws/market-feed';

export interface EmulatorOptions {
  store: Store;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Fixed server "now", ms; default the wall clock (plus any skew fault). */
  nowMs?: number;
  faults?: FaultOptions;
  /** Run-time faults applied at start (the JSON bodies of POST /admin/fault). */
  liveFaults?: readonly Record<string, unknown>[];
  /** Risk-limit rows per page (default 200). */
  riskLimitPageRows?: number;
  accounts?: readonly AccountSpec[];
  replay?: ReplayOptions;
  /** Serve /admin/* (default false). */
  admin?: boolean;
  /** Multiplies Bybit's per-key rate limits (default 1). */
  rateLimitScale?: number;
  /** The wall clock (signature window, rate limits); tests may inject one. */
  wallClock?: Clock;
}

export interface Emulator {
  /** Base URL for bybit-api's `baseUrl`, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  port: number;
  wsPublicUrl: string;
  wsPrivateUrl: string;
  wsTradeUrl: string;
  faults: Faults;
  live: LiveFaults;
  accounts: ReadonlyMap<string, Account>;
  replay: Replay | undefined;
  hub: Hub;
  /** Requests answered, by path. */
  requests: Map<string, number>;
  stop(): Promise<void>;
}

/** Per-endpoint budget advertised on market answers (Bybit's public limit is per IP; any value works). */
const LIMIT = 600;
const WS_PATHS: Record<string, WsPath> = { '/v5/public/linear': 'public', '/v5/private': 'private', '/v5/trade': 'trade' };

async function replayData(store: Store, r: ReplayOptions): Promise<ReplayData> {
  const c = await loadCandles(store, r.symbol, r.fromMs, r.toMs);
  if (c.tsMs.length === 0)
    throw new TradeError(
      'USAGE',
      `--symbol ${r.symbol} --from/--to: the store has no 1m candles in that window; import or sync them first`,
    );
  const minutes: Minute[] = [];
  for (let i = 0; i < c.tsMs.length; i++) {
    const t = c.turnover[i] as number;
    minutes.push({
      tsMs: c.tsMs[i] as number,
      open: c.open[i] as number,
      high: c.high[i] as number,
      low: c.low[i] as number,
      close: c.close[i] as number,
      volume: c.volume[i] as number,
      turnover: Number.isNaN(t) ? 0 : t,
    });
  }
  const f = await loadFunding(store, r.symbol, r.fromMs, r.toMs);
  return { minutes, funding: Array.from(f.tsMs, (tsMs, k) => ({ tsMs, rate: f.rate[k] as number })) };
}

export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  const wall = opts.wallClock ?? wallClock;
  const live = new LiveFaults();
  const faults = new Faults(opts.faults, live.halts);
  const accounts = makeAccounts(opts.accounts ?? []);
  let replay: Replay | undefined;
  const authNow = () => wall() + live.skewMs;
  const serverNow = () => opts.nowMs ?? authNow();
  /** Server time less wall time (the skew fault, or a fixed "now"): the rate windows count wall time. */
  const serverMinusWallMs = () => (opts.nowMs === undefined ? live.skewMs : opts.nowMs - wall());
  const marketNow = () => replay?.marketNowMs ?? serverNow();
  /** REST market reads in a replay see closed minutes only (never the rest of the forming minute). */
  const marketReadNow = () => (replay ? Math.floor(replay.marketNowMs / 60_000) * 60_000 - 1 : serverNow());
  const ctx: RouteContext = {
    store: opts.store,
    clock: marketReadNow,
    // Funding settles at the start of the first minute at or after its time: visible from then on.
    settledClock: () => (replay ? Math.floor(replay.marketNowMs / 60_000) * 60_000 : serverNow()),
    serverClock: serverNow,
    faults,
    symbols: new Set(await knownSymbols(opts.store)),
    riskLimitPageRows: opts.riskLimitPageRows ?? 200,
  };
  const limiter = new RateLimiter(opts.rateLimitScale ?? 1, wall);
  const orderFaults = { takeReject: () => live.takeReject() };
  const deliver = (account: Account, pushes: readonly Push[], creationMs = marketNow()) => hub.deliver(account, pushes, creationMs);
  const privateContext = (account: Account): PrivateContext => ({
    account,
    marketNowMs: marketNow(),
    deliver: (a, p) => deliver(a, p),
    orderFaults,
  });
  let feed: MarketFeed | undefined;
  const dcp = new DcpWatch({
    wallNow: wall,
    cancelAll: (account) => {
      const book = account.book;
      if (!book) return 0;
      const hit = book.cancelAll(() => true, marketNow(), 'CancelByDCP');
      deliver(account, book.out);
      book.out = [];
      return hit.length;
    },
  });
  const hub: Hub = new Hub({
    accounts,
    serverNow: authNow,
    marketNow,
    faults: live,
    publicTopic: (topic) => {
      if (!feed) return { ok: false };
      const [kind, a, b] = topic.split('.');
      if (kind === 'kline') return { ok: b === feed.symbol && (a as string) in KLINE_INTERVALS };
      return a === feed.symbol ? { ok: true, snapshot: feed.tickerSnapshot(marketNow()) } : { ok: false };
    },
    privateContext,
    dcp,
  });
  for (const f of opts.liveFaults ?? []) {
    if (applyLiveFault(live, f, opts.replay?.fromMs ?? serverNow())) continue;
    // drop / stall / unstall / position act on sockets and positions that exist only once it runs.
    const runTimeOnly = ['drop', 'stall', 'unstall', 'position'].includes(String(f.fault));
    throw new TradeError(
      'USAGE',
      runTimeOnly
        ? `--fault ${JSON.stringify(f)}: '${String(f.fault)}' acts on the running emulator; send it to POST /admin/fault (start with --admin)`
        : `--fault ${JSON.stringify(f)}: unknown fault kind '${String(f.fault)}'`,
    );
  }
  if (opts.replay) {
    const r = opts.replay;
    const instrument = await getInstrument(opts.store, r.symbol);
    const data = await replayData(opts.store, r);
    feed = new MarketFeed(r.symbol, hub, stepDecimals(instrument.tickSize));
    const first = data.minutes[0] as Minute;
    for (const a of accounts.values()) a.open(instrument).prime(first.tsMs - 60_000, first.open);
    replay = new Replay(r, data, { accounts: [...accounts.values()], feed, faults: live, deliver: (a, p, ms) => deliver(a, p, ms) });
  }
  const requests = new Map<string, number>();
  const adminDeps: AdminDeps = {
    accounts,
    live,
    hub,
    dcp,
    replay,
    requests,
    rateLimit: () => limiter.stats(),
    marketNow,
    serverNow,
    deliver: (a, p, ms) => deliver(a, p, ms),
  };

  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn);
    queue = run.catch(() => undefined);
    return run;
  };

  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

  const admin = async (req: Request, path: string): Promise<Response> => {
    if (!opts.admin) return json(403, { retCode: 10005, retMsg: `${path}: the admin endpoints are off; start the emulator with --admin` });
    try {
      if (req.method === 'GET' && path === '/admin/state') return json(200, { retCode: 0, retMsg: OK_MSG, result: adminState(adminDeps) });
      const post = { '/admin/fault': adminFault, '/admin/step': adminStep, '/admin/speed': adminSpeed }[path];
      if (req.method === 'POST' && post) {
        const result = post(adminDeps, fromBody(await req.text()));
        return json(200, { retCode: 0, retMsg: OK_MSG, result });
      }
      return json(404, { retCode: 10017, retMsg: `route not found: ${req.method} ${path}` });
    } catch (e) {
      if (e instanceof ApiError) return json(200, { retCode: e.retCode, retMsg: e.message, result: {} });
      throw e;
    }
  };

  const privateAnswer = async (
    req: Request,
    path: string,
    route: NonNullable<ReturnType<typeof PRIVATE_ROUTES.get>>,
  ): Promise<Response> => {
    const nowMs = serverNow();
    const raw = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
    const payload = req.method === 'POST' ? await req.text() : raw;
    const key = req.headers.get('x-bapi-api-key') ?? '';
    const units = path === '/v5/order/create-batch' ? Math.max(1, batchSize(payload)) : 1;
    const taken = limiter.take(key, path, units);
    // The windows count wall time; the reset stamp is server time (bybit-v5.md §3), as `time` is.
    const limits = { ...taken, resetAtMs: taken.resetAtMs + serverMinusWallMs() };
    const ok: LimitState = limits;
    try {
      const account = authenticate(signedHeaders(req.headers), payload, authNow(), accounts);
      if (!limits.ok || live.takePrivate10006()) {
        return envelope(10006, 'Too many visits!', {}, nowMs, {
          limit: limits.limit,
          remaining: 0,
          resetAtMs: Math.max(limits.resetAtMs, nowMs + 30),
        });
      }
      const params = req.method === 'POST' ? fromBody(payload) : fromQuery(new URL(req.url).searchParams);
      const result = route.handler(params, privateContext(account));
      if (path === '/v5/order/create' && live.takeLostCreate())
        return new Response('Gateway Timeout', { status: 504, headers: { 'Content-Type': 'text/plain' } });
      if (result instanceof Answer) {
        const body = JSON.stringify({
          retCode: 0,
          retMsg: result.retMsg,
          result: result.result,
          retExtInfo: result.retExtInfo,
          time: nowMs,
        });
        return new Response(body, { headers: { 'Content-Type': 'application/json', ...limitHeaders(ok) } });
      }
      return envelope(0, OK_MSG, result, nowMs, ok);
    } catch (e) {
      if (e instanceof ApiError) return envelope(e.retCode, e.message, {}, nowMs, ok, e.status);
      return envelope(10016, `server error: ${(e as Error).message}`, {}, nowMs, ok);
    }
  };

  const answer = async (req: Request, server: Bun.Server<WsData>): Promise<Response | undefined> => {
    const url = new URL(req.url);
    const path = url.pathname;
    const wsPath = WS_PATHS[path];
    if (wsPath && req.headers.get('upgrade')?.toLowerCase() === 'websocket') {
      if (server.upgrade(req, { data: hub.newData(wsPath) })) return undefined;
      return new Response('WebSocket upgrade failed', { status: 400 });
    }
    requests.set(path, (requests.get(path) ?? 0) + 1);
    if (path.startsWith('/admin/')) return admin(req, path);
    const verdict = live.nextRequest(path);
    if (verdict === 'timeout') {
      // `processed`: the request takes effect and only its answer is lost (the case a bot must reconcile).
      if (live.timeouts.processed) await route(req, url, path);
      await Bun.sleep(live.timeouts.holdMs);
      return new Response('Gateway Timeout', { status: 504, headers: { 'Content-Type': 'text/plain' } });
    }
    if (verdict !== 'ok') return new Response('Service Unavailable', { status: verdict, headers: { 'Content-Type': 'text/plain' } });
    return route(req, url, path);
  };

  /** A REST request past the HTTP faults: private (signed) or market. */
  const route = async (req: Request, url: URL, path: string): Promise<Response> => {
    const nowMs = serverNow();
    const ok: LimitState = { limit: LIMIT, remaining: LIMIT - 1, resetAtMs: nowMs };
    const priv = PRIVATE_ROUTES.get(path);
    if (priv && priv.method === req.method) return privateAnswer(req, path, priv);
    const route = req.method === 'GET' ? ROUTES.get(path) : undefined;
    if (!route) return envelope(10017, `route not found: ${req.method} ${path}`, {}, nowMs, ok, 404);
    if (route.data) {
      const v = faults.nextDataRequest();
      if (v === '10006')
        return envelope(10006, 'Too many visits!', {}, nowMs, { limit: LIMIT, remaining: 0, resetAtMs: nowMs + faults.resetAheadMs });
      if (v === '403') return new Response('access too frequent', { status: 403, headers: { 'Content-Type': 'text/plain' } });
    }
    try {
      const result = await serial(() => route.handler(url.searchParams, ctx));
      return envelope(0, OK_MSG, result, nowMs, ok);
    } catch (e) {
      if (e instanceof ApiError) return envelope(e.retCode, e.message, {}, nowMs, ok, e.status);
      return envelope(10016, `server error: ${(e as Error).message}`, {}, nowMs, ok);
    }
  };

  let server: Bun.Server<WsData>;
  try {
    server = Bun.serve<WsData>({
      hostname: '127.0.0.1',
      port: opts.port ?? 0,
      fetch: answer,
      websocket: {
        open: (ws) => hub.open(ws),
        message: (ws, m) => hub.message(ws, typeof m === 'string' ? m : Buffer.from(m)),
        close: (ws) => hub.close(ws),
        idleTimeout: 600,
      },
    });
  } catch (cause) {
    const msg = `--port ${opts.port ?? 0}: cannot listen on 127.0.0.1 (${(cause as Error).message}); pick another port or 0 for a free one`;
    throw new TradeError('USAGE', msg, { port: opts.port }, { cause });
  }
  const port = server.port as number;
  replay?.start();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    wsPublicUrl: `ws://127.0.0.1:${port}/v5/public/linear`,
    wsPrivateUrl: `ws://127.0.0.1:${port}/v5/private`,
    wsTradeUrl: `ws://127.0.0.1:${port}/v5/trade`,
    faults,
    live,
    accounts,
    replay,
    hub,
    requests,
    stop: async () => {
      replay?.stop();
      await replay?.idle();
      hub.stop();
      dcp.stop();
      await server.stop(true);
      for (const a of accounts.values()) a.book?.sim.free();
    },
  };
}

function batchSize(body: string): number {
  try {
    const v = JSON.parse(body) as { request?: unknown };
    return Array.isArray(v.request) ? v.request.length : 1;
  } catch {
    return 1;
  }
}
