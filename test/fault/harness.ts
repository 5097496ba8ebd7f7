// The fault suite's harness (issue 15 item 5): a `trade emulator` process replaying a paused market
// that the test steps a minute at a time, and `trade run` sessions against it (dist/trade when
// built), driven in lockstep from outside: a minute is stepped only once the session journaled the
// previous one whole (its snapshot row) and every order it journaled is at the emulator. Waits are
// bounded; a session that dies (a crash point, a kill) ends the wait. Also the invariants every
// scenario checks, read from the journal and the emulator's /admin/state.
import { Database } from 'bun:sqlite';
import { expect } from 'bun:test';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../../src/domain';
import { TRADE } from '../e2e/cli-harness';
import { backtestOfSession } from '../integration/lockstep';

export const KEY = 'fault-key-5e1';
export const SECRET = 'fault-secret-9c07d2';

async function firstLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  let text = '';
  while (!text.includes('\n')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return text.split('\n')[0] as string;
}

export interface AdminState {
  replay: { confirmed: number } | null;
  /** The emulator's per-key rate limiter: requests admitted and refused (10006) per path. */
  rateLimit: { windowMs: number; admitted: Record<string, number>; refused: Record<string, number> };
  accounts: {
    state: { walletUsdt: number };
    orders: { orderLinkId: string; orderStatus: string; createdTime: string }[];
    executions: { execId: string; execType: string; orderLinkId: string }[];
    position: { side: string; size: string };
  }[];
}

export interface EmulatorProcess {
  url: string;
  step(minutes?: number): Promise<void>;
  fault(f: Record<string, unknown>): Promise<void>;
  state(): Promise<AdminState>;
  stop(): Promise<void>;
}

export async function startEmulator(o: {
  dir: string;
  db: string;
  fromIso: string;
  toIso: string;
  env: Record<string, string>;
  /** More `trade emulator` arguments. */
  extra?: string[];
}) {
  const p = Bun.spawn(
    [
      ...TRADE,
      'emulator',
      '--json',
      '--admin',
      '--db',
      o.db,
      '--account',
      `${KEY}:${SECRET}:10000`,
      '--symbol',
      'BTCUSDT',
      '--from',
      o.fromIso,
      '--to',
      o.toIso,
      '--speed',
      '0',
      '--decision-ms',
      '0',
      ...(o.extra ?? []),
    ],
    { cwd: o.dir, stdout: 'pipe', stderr: 'pipe', env: o.env },
  );
  const url = (JSON.parse(await firstLine(p.stdout)) as { rest: string }).rest;
  const post = async (path: string, body: unknown) => {
    const r = (await (await fetch(`${url}${path}`, { method: 'POST', body: JSON.stringify(body) })).json()) as {
      retCode: number;
      retMsg: string;
    };
    if (r.retCode !== 0) throw new Error(`${path}: ${r.retCode} ${r.retMsg}`);
  };
  const emu: EmulatorProcess = {
    url,
    step: (minutes = 1) => post('/admin/step', { minutes }),
    fault: (f) => post('/admin/fault', f),
    state: async () => ((await (await fetch(`${url}/admin/state`)).json()) as { result: AdminState }).result,
    stop: async () => {
      p.kill('SIGINT');
      await p.exited;
    },
  };
  return emu;
}

export interface SessionProcess {
  lines: Record<string, unknown>[];
  exited: Promise<number>;
  /** The exit code once it ended, else undefined. */
  code(): number | undefined;
  kill(signal?: 'SIGKILL' | 'SIGINT'): void;
  stderr(): Promise<string>;
}

export function startSession(o: {
  dir: string;
  play: string;
  url: string;
  stateDir: string;
  db: string;
  untilIso: string;
  env: Record<string, string>;
  extra?: string[];
  /** demo (default), live (the emulator as Bybit mainnet: TRADE_LIVE=yes, --confirm BTCUSDT), or shadow (paper, no keys). */
  mode?: 'demo' | 'live' | 'shadow';
}): SessionProcess {
  const live = o.mode === 'live';
  const shadow = o.mode === 'shadow';
  const p = Bun.spawn(
    [
      ...TRADE,
      'run',
      o.play,
      '--mode',
      o.mode ?? 'demo',
      ...(live ? ['--confirm', 'BTCUSDT'] : []),
      '--endpoint',
      o.url,
      '--state',
      o.stateDir,
      '--until',
      o.untilIso,
      '--json',
      ...(o.extra ?? []),
    ],
    {
      cwd: o.dir,
      stdout: 'pipe',
      stderr: 'pipe',
      env: shadow
        ? { ...o.env, TRADE_DB: o.db }
        : live
          ? { ...o.env, TRADE_DB: o.db, TRADE_LIVE: 'yes', BYBIT_API_KEY: KEY, BYBIT_API_SECRET: SECRET }
          : { ...o.env, TRADE_DB: o.db, BYBIT_DEMO_API_KEY: KEY, BYBIT_DEMO_API_SECRET: SECRET },
    },
  );
  const lines: Record<string, unknown>[] = [];
  let exitCode: number | undefined;
  const exited = p.exited.then((c) => {
    exitCode = c;
    return c;
  });
  void (async () => {
    const reader = p.stdout.getReader();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += new TextDecoder().decode(value);
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
        nl = buf.indexOf('\n');
      }
    }
  })();
  return {
    lines,
    exited,
    code: () => exitCode,
    kill: (signal = 'SIGKILL') => p.kill(signal),
    stderr: () => new Response(p.stderr).text(),
  };
}

/** The newest session journal under `stateDir/<playId>`. */
export function journalIn(stateDir: string, playId: string): string | undefined {
  const dir = join(stateDir, playId);
  if (!existsSync(dir)) return undefined;
  // The newest: a start that was refused leaves its own journal beside the one that runs.
  const files = readdirSync(dir)
    .filter((n) => n.endsWith('.sqlite'))
    .map((n) => join(dir, n))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files[0];
}

function readJournal<T>(path: string, fn: (db: Database) => T): T | undefined {
  let db: Database | undefined;
  try {
    db = new Database(path, { readonly: true });
    return fn(db);
  } catch {
    return undefined; // not created yet, or busy: the caller polls again
  } finally {
    db?.close();
  }
}

/**
 * Waits until the session has handled the bar closing at `closeMs`: its snapshot row is committed,
 * its commands were answered (the journal's `settled` record), and every order it journaled is at
 * the emulator unless its create was refused (not at the emulator and not in doubt). 'dead' when
 * the process ended first.
 */
export async function waitBarDone(
  s: SessionProcess,
  emu: EmulatorProcess,
  journal: () => string | undefined,
  closeMs: number,
  boundMs = 20_000,
): Promise<'done' | 'dead'> {
  const until = performance.now() + boundMs;
  while (performance.now() < until) {
    if (s.code() !== undefined) return 'dead';
    const path = journal();
    const ids = path
      ? readJournal(path, (db) => {
          const snap = db.query<{ n: number }, [number]>('SELECT count(*) AS n FROM snapshots WHERE bar_close_ms >= ?').get(closeMs)!.n;
          if (snap === 0) return undefined;
          const settled = db.query<{ value: string }, []>("SELECT value FROM meta WHERE key = 'settled'").get();
          const s = settled ? (JSON.parse(settled.value) as { barMs: number; inDoubt: string[] }) : undefined;
          if (!s || s.barMs + 60_000 < closeMs) return undefined;
          const submits = db.query<{ id: string }, []>("SELECT DISTINCT client_id AS id FROM commands WHERE kind = 'submit'").all();
          return { submits, inDoubt: new Set(s.inDoubt) };
        })
      : undefined;
    if (ids) {
      const st = await emu.state();
      const at = new Set(st.accounts[0]!.orders.map((o) => o.orderLinkId));
      if (ids.submits.every((r) => at.has(r.id) || !ids.inDoubt.has(r.id))) return 'done';
    }
    await Bun.sleep(5);
  }
  throw new Error(`the session did not finish the bar closing at ${new Date(closeMs).toISOString()} within ${boundMs} ms`);
}

/** Waits for the session's `start` line (or its end). */
export async function waitStarted(s: SessionProcess, boundMs = 30_000): Promise<'started' | 'dead'> {
  const until = performance.now() + boundMs;
  while (performance.now() < until) {
    if (s.lines.some((l) => l.type === 'start')) return 'started';
    if (s.code() !== undefined) return 'dead';
    await Bun.sleep(5);
  }
  throw new Error(`the session did not start within ${boundMs} ms`);
}

export interface Violations {
  duplicateOrderLinkIds: string[];
  /** Emulator executions not in the journal, or in it more than once. */
  executionsMissing: string[];
  executionsUnknown: string[];
  position: { journal: unknown; emulator: unknown } | undefined;
  walletDiffUsdt: number;
  sentWhileHalted: string[];
}

/**
 * The checks of issue 15 item 5, for one scenario: no two orders share an orderLinkId (the same id
 * journaled twice must be the same request: a resend after lookups found nothing); every Trade
 * execution the emulator made is in the journal exactly once; the final position is the
 * emulator's; start wallet + the journal's PnL is the emulator's wallet to 1e-8; nothing was sent
 * while HALTED.
 */
export function violations(
  path: string,
  st: AdminState,
  startWalletUsdt: number,
  pnlUsdt: number,
  position: { side: string; qty: number },
): Violations {
  const acct = st.accounts[0]!;
  const db = new Database(path, { readonly: true });
  try {
    const submits = db.query<{ client_id: string; json: string }, []>("SELECT client_id, json FROM commands WHERE kind = 'submit'").all();
    const byId = new Map<string, string>();
    const duplicateOrderLinkIds: string[] = [];
    for (const c of submits) {
      const order = JSON.stringify((JSON.parse(c.json) as { order: unknown }).order);
      const seen = byId.get(c.client_id);
      if (seen !== undefined && seen !== order) duplicateOrderLinkIds.push(c.client_id);
      byId.set(c.client_id, order);
    }
    const links = acct.orders.map((o) => o.orderLinkId).filter((l) => l !== '');
    for (const l of links)
      if (links.indexOf(l) !== links.lastIndexOf(l) && !duplicateOrderLinkIds.includes(l)) duplicateOrderLinkIds.push(l);
    const journalExec = db
      .query<{ exec_id: string }, []>("SELECT exec_id FROM events WHERE kind = 'fill'")
      .all()
      .map((r) => r.exec_id);
    const emuExec = acct.executions.filter((x) => x.execType === 'Trade').map((x) => x.execId);
    const j = new Set(journalExec);
    const e = new Set(emuExec);
    const emuPos = {
      side: acct.position.side === '' ? 'flat' : acct.position.side === 'Sell' ? 'short' : 'long',
      qty: Number(acct.position.size),
    };
    // Commands journaled between a halt or panic and the next resume, other than the panic's own.
    const control = db
      .query<{ json: string; id: number }, []>("SELECT json, id FROM events WHERE kind = 'kill_switch' ORDER BY id")
      .all()
      .map((r) => JSON.parse(r.json) as { command: string; tsMs: number });
    const sentWhileHalted: string[] = [];
    let haltedSinceMs: number | undefined;
    for (const k of control) {
      if (k.command === 'halt' || k.command === 'panic') haltedSinceMs ??= k.tsMs;
      if (k.command === 'resume') haltedSinceMs = undefined;
    }
    if (haltedSinceMs !== undefined)
      for (const c of db
        .query<{ client_id: string | null; ts_ms: number }, [number]>(
          "SELECT client_id, ts_ms FROM commands WHERE kind = 'submit' AND ts_ms >= ?",
        )
        .all(haltedSinceMs))
        if (!String(c.client_id).includes('-P')) sentWhileHalted.push(String(c.client_id));
    return {
      duplicateOrderLinkIds,
      executionsMissing: emuExec.filter((x) => !j.has(x)),
      executionsUnknown: journalExec.filter((x) => !e.has(x)),
      position: Bun.deepEquals(position, emuPos) ? undefined : { journal: position, emulator: emuPos },
      walletDiffUsdt: Math.abs(startWalletUsdt + pnlUsdt - acct.state.walletUsdt),
      sentWhileHalted,
    };
  } finally {
    db.close();
  }
}

export const NO_VIOLATIONS: Violations = {
  duplicateOrderLinkIds: [],
  executionsMissing: [],
  executionsUnknown: [],
  position: undefined,
  walletDiffUsdt: 0,
  sentWhileHalted: [],
};

/** A seeded PRNG (the domain's mulberry32): the same seed gives the same kill instants. */
export const seeded = mulberry32;

type Conn = { connId: string; path: string; subs: string[]; account: string | null; stalled: boolean };

export async function connectionIds(emu: EmulatorProcess): Promise<Set<string>> {
  const st = (await emu.state()) as unknown as { connections: Conn[] };
  return new Set(st.connections.map((c) => c.connId));
}

/**
 * Waits until the sockets in `gone` (those a fault took down) are closed and the emulator has a
 * public socket on kline.1.BTCUSDT and a private one with our account subscribed, neither stalled.
 */
export async function waitConnected(emu: EmulatorProcess, gone: Set<string>, boundMs = 60_000): Promise<void> {
  const until = performance.now() + boundMs;
  while (performance.now() < until) {
    const st = (await emu.state()) as unknown as { connections: Conn[] };
    if (st.connections.some((c) => gone.has(c.connId))) {
      await Bun.sleep(20);
      continue;
    }
    const conns = st.connections.filter((c) => !c.stalled);
    const pub = conns.some((c) => c.path === 'public' && c.subs.includes('kline.1.BTCUSDT'));
    const priv = conns.some((c) => c.path === 'private' && c.account === KEY && c.subs.includes('execution'));
    if (pub && priv) return;
    await Bun.sleep(20);
  }
  throw new Error(`the session did not reconnect within ${boundMs} ms`);
}

export interface ScheduledFault {
  /** Applied before this minute (1-based) is stepped. */
  atMinute: number;
  /** Returns the connection ids it took down, when not all of them. */
  apply(ctx: { emu: EmulatorProcess; journal: string | undefined; session: SessionProcess }): Promise<void | string[]>;
  /** After applying: wait for the sockets to be back before stepping. */
  reconnects?: boolean;
  /** Step the minute at once (its messages go to a socket that is down), then wait for the sockets. */
  reconnectsAfterStep?: boolean;
  /** Minutes from `atMinute` on that deliver no bar (a market halt): not waited for. */
  haltMinutes?: number;
}

export interface ScenarioResult {
  journalPath: string;
  dbPath: string;
  lines: Record<string, unknown>[];
  admin: AdminState;
  code: number;
  stderr: string;
}

/** One session of `play` (demo unless `mode` says) over [fromMs, fromMs + minutes) in lockstep, with `faults` applied on schedule. */
export async function runScenario(o: {
  mode?: 'demo' | 'shadow';
  dir: string;
  name: string;
  emuDb: string;
  play: string;
  playId: string;
  fromMs: number;
  minutes: number;
  faults: ScheduledFault[];
  env: Record<string, string>;
  /** More `trade run` arguments. */
  extra?: string[];
  /** More `trade emulator` arguments. */
  emulatorExtra?: string[];
}): Promise<ScenarioResult> {
  const endMs = o.fromMs + o.minutes * 60_000;
  const emu = await startEmulator({
    dir: o.dir,
    db: o.emuDb,
    fromIso: new Date(o.fromMs).toISOString(),
    toIso: new Date(endMs).toISOString(),
    env: o.env,
    extra: o.emulatorExtra,
  });
  const stateDir = join(o.dir, `state-${o.name}`);
  const dbPath = join(o.dir, `run-${o.name}.duckdb`);
  const journal = () => journalIn(stateDir, o.playId);
  try {
    const s = startSession({
      dir: o.dir,
      play: o.play,
      url: emu.url,
      stateDir,
      db: dbPath,
      untilIso: new Date(endMs).toISOString(),
      env: o.env,
      mode: o.mode,
      extra: o.extra,
    });
    if ((await waitStarted(s)) === 'dead') throw new Error(`${o.name}: the session did not start: ${await s.stderr()}`);
    const halted = new Set<number>();
    for (let m = 1; m <= o.minutes; m++) {
      let afterStep: Set<string> | undefined;
      for (const f of o.faults.filter((x) => x.atMinute === m)) {
        let gone = f.reconnects || f.reconnectsAfterStep ? await connectionIds(emu) : new Set<string>();
        const dropped = await f.apply({ emu, journal: journal(), session: s });
        if (Array.isArray(dropped)) gone = new Set(dropped);
        if (f.reconnectsAfterStep) afterStep = gone;
        for (let k = 0; k < (f.haltMinutes ?? 0); k++) halted.add(m + k);
        if (f.reconnects) await waitConnected(emu, gone);
      }
      await emu.step(1);
      if (halted.has(m)) continue;
      let done: 'done' | 'dead';
      try {
        done = await waitBarDone(s, emu, journal, o.fromMs + m * 60_000);
      } catch (e) {
        const tail = s.lines.slice(-12).map((l) => JSON.stringify(l));
        throw new Error(`${o.name}: ${(e as Error).message}; the session's last lines:\n${tail.join('\n')}`);
      }
      if (done === 'dead' && m < o.minutes) throw new Error(`${o.name}: the session ended at minute ${m}: ${await s.stderr()}`);
      if (afterStep) await waitConnected(emu, afterStep);
    }
    const code = await Promise.race([s.exited, Bun.sleep(30_000).then(() => -1)]);
    if (code === -1) s.kill('SIGKILL');
    return { journalPath: journal() as string, dbPath, lines: s.lines, admin: await emu.state(), code, stderr: await s.stderr() };
  } finally {
    await emu.stop();
  }
}

/** A session's journal as the fault tests compare it: its run id, decisions and fills, in order. */
export function journalRecord<D = unknown>(path: string): { runId: string; decisions: D[]; fills: { source: string }[] } {
  const j = new Database(path, { readonly: true });
  try {
    const runId = JSON.parse(j.query<{ value: string }, []>("SELECT value FROM meta WHERE key = 'session'").get()!.value).runId as string;
    const decisions = j
      .query<{ json: string }, []>('SELECT json FROM decisions ORDER BY seq')
      .all()
      .map((r) => JSON.parse(r.json) as D);
    const fills = j
      .query<{ json: string }, []>("SELECT json FROM events WHERE kind = 'fill' ORDER BY id")
      .all()
      .map((r) => JSON.parse(r.json) as { source: string });
    return { runId, decisions, fills };
  } finally {
    j.close();
  }
}

/**
 * Asserts that the session's decisions equal, one by one, those of a backtest of `play` over
 * [fromMs, toMs) on the session's own store with its run id (the first difference is named).
 * Returns the backtest's decisions.
 */
export async function expectDecisionsAsBacktest(
  play: string,
  r: { journalPath: string; dbPath: string },
  fromMs: number,
  toMs: number,
  outRoot: string,
): Promise<unknown[]> {
  const { runId, decisions } = journalRecord(r.journalPath);
  const bt = (await backtestOfSession(play, r.dbPath, fromMs, toMs, runId, outRoot)) as unknown[];
  expect(decisions.length).toBe(bt.length);
  for (let i = 0; i < bt.length; i++) if (!Bun.deepEquals(decisions[i], bt[i])) expect({ i, d: decisions[i] }).toEqual({ i, d: bt[i] });
  return bt;
}
