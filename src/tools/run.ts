// `trade run <play> --mode shadow|demo|live`: checks the mode guards and keys, derives the REST
// and WebSocket URLs (Bybit's per mode, or every one from --endpoint for the emulator), opens the
// store and the session's journal under --state, and runs a LiveSession until --until, --bars or
// stop(). The clock is injected (the wall clock from the CLI).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BybitVenue } from '../bybit';
import { Store } from '../data';
import type { Instrument } from '../domain';
import { isoMs, parseIsoMs } from '../domain';
import { TradeError } from '../errors';
import { isSyntheticSymbol } from '../forge';
import {
  type CrashPoint,
  checkLiveOptIn,
  crashPointFromEnv,
  type ExchangeVenue,
  type Keys,
  LiveSession,
  loadKeys,
  parseMode,
  type RunMode,
  type SessionLine,
  type SessionSummary,
} from '../live';
import { listSessions } from '../state';
import { symbolInput } from './parse-input';
import { defaultCatalog } from './play-catalog';
import { loadPlayWithSource } from './play-validate';

export interface RunInput {
  playPath: string;
  dbPath: string;
  mode: string | undefined;
  symbol?: string;
  endpoint?: string;
  stateDir?: string;
  until?: string;
  bars?: string;
  equity?: string;
  confirm?: string;
  keysFile?: string;
  /** Start a new session even when an unfinished one of this Play, mode and symbol exists. */
  newSession?: boolean;
  /** Start although the account holds a position no session of ours opened. */
  adopt?: boolean;
  /** Live: Bybit's disconnect-cancel window in seconds (3..300). */
  dcpWindow?: string;
  /** Seconds between reconciles (default 300). */
  reconcileEvery?: string;
  env: Record<string, string | undefined>;
  nowMs: () => number;
  print: (line: SessionLine) => void;
  onBarDone?: (tsMs: number) => void;
}

export interface RunEndpoints {
  rest: string;
  wsPublic: string;
  wsPrivate: string;
  wsTrade: string;
}

const BYBIT: Record<RunMode, RunEndpoints> = {
  shadow: {
    rest: 'https://api.bybit.com',
    wsPublic: 'wss://stream.bybit.com/v5/public/linear',
    wsPrivate: '',
    wsTrade: '',
  },
  demo: {
    rest: 'https://api-demo.bybit.com',
    wsPublic: 'wss://stream.bybit.com/v5/public/linear',
    wsPrivate: 'wss://stream-demo.bybit.com/v5/private',
    wsTrade: '',
  },
  live: {
    rest: 'https://api.bybit.com',
    wsPublic: 'wss://stream.bybit.com/v5/public/linear',
    wsPrivate: 'wss://stream.bybit.com/v5/private',
    wsTrade: 'wss://stream.bybit.com/v5/trade',
  },
};

/** Every URL of a mode, or all derived from `--endpoint http://host:port` (the emulator). */
export function runEndpoints(mode: RunMode, endpoint: string | undefined): RunEndpoints {
  if (endpoint === undefined) return BYBIT[mode];
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch (cause) {
    throw new TradeError('USAGE', `--endpoint '${endpoint}': expected a URL like http://127.0.0.1:8080`, undefined, { cause });
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname.replace(/\/+$/, '') !== '' || url.search !== '')
    throw new TradeError('USAGE', `--endpoint '${endpoint}': expected http(s)://host:port with no path or query`);
  const ws = `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`;
  return {
    rest: `${url.protocol}//${url.host}`,
    wsPublic: `${ws}/v5/public/linear`,
    wsPrivate: `${ws}/v5/private`,
    wsTrade: `${ws}/v5/trade`,
  };
}

export interface RunHandle {
  session: LiveSession;
  done: Promise<SessionSummary>;
  journalPath: string;
  keys: Keys | undefined;
}

/**
 * Starts a session. `exchange` builds the venue for demo/live from the keys and URLs (the bybit
 * adapter); without one those modes are refused.
 */
export type ExchangeFactory = (
  keys: Keys,
  urls: RunEndpoints,
  symbol: string,
  instrument: Instrument,
  nowMs: () => number,
  extra?: { crash?: CrashPoint; dcpWindowS?: number },
) => ExchangeVenue;

/** Demo and live: BybitVenue over REST and the private WebSocket of `urls`. */
export const bybitExchange: ExchangeFactory = (keys, urls, symbol, instrument, nowMs, extra) =>
  new BybitVenue({
    key: keys.key,
    secret: keys.secret,
    restBaseUrl: urls.rest,
    wsPrivateUrl: urls.wsPrivate,
    symbol,
    instrument,
    clock: { nowMs },
    afterCreateAnswer: extra?.crash ? () => extra.crash?.pass('sent') : undefined,
    dcpWindowS: extra?.dcpWindowS,
  });

/**
 * The newest session of this Play, mode and symbol under `stateDir` that did not finish: it died
 * (unclean) or was stopped by Ctrl-C / SIGTERM, after at least one live bar. A running one is refused (one session per journal);
 * one stopped by --until or --bars is finished.
 */
export function unfinishedSession(stateDir: string, playId: string, mode: RunMode, symbol: string) {
  for (const e of listSessions(join(stateDir, playId))) {
    if (!e.ok) continue;
    const s = e.session;
    if (s.mode !== mode || s.symbol !== symbol || s.runId === null) continue;
    if (s.liveBars === 0 && s.state !== 'running') return undefined; // it never traded: start afresh
    if (s.state === 'running')
      throw new TradeError(
        'STATE',
        `session ${s.id} of ${playId} (${mode} ${symbol}) is running (pid ${s.pids.join(', ')}); stop it first, or start another with --new-session`,
      );
    if (s.state === 'unknown')
      throw new TradeError('STATE', `cannot tell whether session ${s.id} is running (no lock table); stop it, or use --new-session`);
    if (s.state === 'unclean' || s.stopReason === 'interrupted') return { id: s.id, path: s.path, runId: s.runId };
    return undefined;
  }
  return undefined;
}

/**
 * A new session's id `<play>-<mode>-<UTC start second>` and its start (the order-id prefix is made
 * from the same second). A journal of that second already under `stateDir` (a start in the same
 * second: --new-session, or a retry after a refused start) moves it to the next free second, so no
 * journal and no orderLinkId prefix is ever reused.
 */
export function newSessionStart(stateDir: string, playId: string, mode: string, nowMs: number): { sessionId: string; startedMs: number } {
  const idAt = (ms: number) =>
    `${playId}-${mode}-${isoMs(ms)
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z')}`;
  let startedMs = nowMs;
  for (let k = 0; k < 3600 && existsSync(join(stateDir, playId, `${idAt(startedMs)}.sqlite`)); k++) startedMs += 1000;
  return { sessionId: idAt(startedMs), startedMs };
}

export function startRun(input: RunInput, exchange: ExchangeFactory | undefined = bybitExchange): RunHandle {
  const mode = parseMode(input.mode);
  const { checked, source: playSource } = loadPlayWithSource(input.playPath, defaultCatalog());
  const symbol = input.symbol === undefined ? checked.play.symbol : symbolInput(input.symbol, '--symbol');
  // A forged market (trade forge data) may be served by the emulator, never traded live.
  if (mode === 'live' && isSyntheticSymbol(symbol))
    throw new TradeError('USAGE', `--mode live: ${symbol} is a synthetic symbol (trade forge data); expected a Bybit market`);
  checkLiveOptIn(mode, input.env, input.confirm, symbol);
  const keys = mode === 'shadow' ? undefined : loadKeys(mode, input.env, input.keysFile);
  if (mode !== 'shadow' && !exchange) throw new TradeError('USAGE', `--mode ${mode} is not available in this build`);
  const urls = runEndpoints(mode, input.endpoint);
  const untilMs = input.until === undefined ? undefined : parseIsoMs(input.until);
  if (input.until !== undefined && untilMs === undefined)
    throw new TradeError('USAGE', `--until '${input.until}': expected an ISO 8601 UTC time like 2024-08-05T12:00:00Z`);
  let bars: number | undefined;
  if (input.bars !== undefined) {
    bars = Number(input.bars);
    if (!/^\d+$/.test(input.bars) || !(bars >= 1)) throw new TradeError('USAGE', `--bars '${input.bars}': expected a whole number >= 1`);
  }
  let equityUsdt: number | undefined;
  if (input.equity !== undefined) {
    equityUsdt = Number(input.equity);
    if (!/^\d+(\.\d+)?$/.test(input.equity) || !(equityUsdt > 0) || equityUsdt > 1e10)
      throw new TradeError('USAGE', `--equity '${input.equity}': expected a positive decimal number of USDT up to 1e10`);
  }
  const crash = crashPointFromEnv(input.env.TRADE_FAULT_CRASH);
  let dcpWindowS: number | undefined;
  if (input.dcpWindow !== undefined) {
    dcpWindowS = Number(input.dcpWindow);
    if (!/^\d+$/.test(input.dcpWindow) || dcpWindowS < 3 || dcpWindowS > 300)
      throw new TradeError('USAGE', `--dcp-window '${input.dcpWindow}': expected whole seconds from 3 to 300 (Bybit's range)`);
    if (mode === 'shadow')
      throw new TradeError('USAGE', '--dcp-window: a shadow session sends no orders to an exchange; use it with --mode live');
  }
  let reconcileEveryMs: number | undefined;
  if (input.reconcileEvery !== undefined) {
    const seconds = Number(input.reconcileEvery);
    if (!/^\d+$/.test(input.reconcileEvery) || seconds < 1 || seconds > 3600)
      throw new TradeError('USAGE', `--reconcile-every '${input.reconcileEvery}': expected whole seconds from 1 to 3600`);
    reconcileEveryMs = seconds * 1000;
  }
  const stateDir = input.stateDir ?? 'state';
  const unfinished = input.newSession ? undefined : unfinishedSession(stateDir, checked.play.id, mode, symbol);
  const fresh = unfinished ? undefined : newSessionStart(stateDir, checked.play.id, mode, input.nowMs());
  const startedMs = fresh?.startedMs ?? input.nowMs();
  const sessionId = unfinished?.id ?? fresh!.sessionId;
  const journalPath = unfinished?.path ?? join(stateDir, checked.play.id, `${sessionId}.sqlite`);
  // Order ids: `<runId>-<tag><seq>`; the run id is the start second in base 36, unique per start;
  // a resumed session keeps its own (its sequence continues from the snapshot).
  const runId = unfinished?.runId ?? `r${Math.floor(startedMs / 1000).toString(36)}`;
  const session = new LiveSession({
    checked,
    mode,
    symbol,
    restUrl: urls.rest,
    wsPublicUrl: urls.wsPublic,
    journalPath,
    sessionId,
    runId,
    nowMs: input.nowMs,
    equityUsdt,
    untilMs,
    bars,
    exchange:
      keys && exchange
        ? (instrument) =>
            exchange(keys, urls, symbol, instrument, input.nowMs, { crash, dcpWindowS: mode === 'live' ? dcpWindowS : undefined })
        : undefined,
    dcpWindowS,
    reconcileEveryMs,
    crash,
    print: input.print,
    onBarDone: input.onBarDone,
    playSource,
    resume: unfinished !== undefined,
    adopt: input.adopt,
  });
  const done = (async () => {
    const store = await Store.open(input.dbPath);
    try {
      return await session.run(store);
    } finally {
      store.close();
    }
  })();
  return { session, done, journalPath, keys };
}
