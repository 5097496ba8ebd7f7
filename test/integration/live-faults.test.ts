// `trade run --mode demo` under emulator faults (issue 14 item 8), the replay stepped a minute at a
// time once the session has handled the previous one:
// - every socket dropped mid-session: a minute goes by while the session is disconnected; after
//   bybit-api reconnects, the missed minute is fetched over REST, so no bar is lost, the session
//   reconciles, places no duplicate order, and still decides exactly as a backtest of its window;
// - a market halt (no klines, no trades for 10 minutes; REST serves them as a gap): the session
//   skips the minutes the venue does not have, stops entries on the first bar after them, and
//   trades again afterwards;
// - the venue rejects an entry (110007): the session counts it as a skipped entry with its reason.
import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { join } from 'node:path';
import { runBacktest } from '../../src/backtest';
import { importSample, openStoreMarket, Store } from '../../src/data';
import { type Emulator, startEmulator } from '../../src/emulator';
import { DecisionLog } from '../../src/engine';
import { defaultCatalog, loadPlay, replay, type SessionLine, sendSessionControl, startRun } from '../../src/tools';
import { tempDir } from '../unit/data/helpers';

const ROOT = join(import.meta.dir, '../..');
const PLAY = join(ROOT, 'plays/ema-cross.yml');
const DAY = Date.UTC(2024, 7, 5);
const KEY = 'fault-key-2468';
const SECRET = 'fault-secret-13579';
const tmp = tempDir();
let emuStore: Store;

beforeAll(async () => {
  emuStore = await Store.open(join(tmp.dir, 'emu.duckdb'));
  await importSample(emuStore);
});
afterAll(() => {
  emuStore.close();
  tmp.cleanup();
});

async function until(pred: () => boolean, what: string, maxMs = 15_000): Promise<void> {
  for (let waited = 0; !pred(); waited += 10) {
    if (waited > maxMs) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(10);
  }
}

interface Run {
  emu: Emulator;
  lines: SessionLine[];
  done: ReturnType<typeof startRun>['done'];
  journalPath: string;
  dbPath: string;
}

/** A demo session over `minutes` from DAY; `onMinute(k)` runs before minute k is stepped and may step itself. */
async function demo(
  name: string,
  minutes: number,
  onMinute: (k: number, r: Run) => Promise<number>,
  faults: Record<string, unknown>[] = [],
  nowMs: () => number = () => Date.now(),
) {
  const emu = await startEmulator({
    store: emuStore,
    accounts: [{ key: KEY, secret: SECRET, balanceUsdt: 10_000 }],
    replay: { symbol: 'BTCUSDT', fromMs: DAY, toMs: DAY + minutes * 60_000, speed: 0, decisionMs: 0 },
    admin: true,
    liveFaults: faults,
  });
  const lines: SessionLine[] = [];
  const run = { emu, lines } as Run;
  let k = 0;
  const next = async () => {
    if (k >= minutes) return;
    k += (await onMinute(k, run)) + 1;
    emu.replay?.step(1);
  };
  const handle = startRun({
    playPath: PLAY,
    dbPath: join(tmp.dir, `${name}.duckdb`),
    mode: 'demo',
    endpoint: emu.url,
    stateDir: join(tmp.dir, 'state'),
    until: new Date(DAY + minutes * 60_000).toISOString(),
    env: { BYBIT_DEMO_API_KEY: KEY, BYBIT_DEMO_API_SECRET: SECRET },
    nowMs,
    print: (l) => {
      lines.push(l);
      if (l.type === 'start') void next();
    },
    onBarDone: () => {
      setTimeout(() => void next(), 0);
    },
  });
  Object.assign(run, { done: handle.done, journalPath: handle.journalPath, dbPath: join(tmp.dir, `${name}.duckdb`) });
  try {
    return { summary: await handle.done, run };
  } finally {
    await emu.stop();
  }
}

async function post(emu: Emulator, body: Record<string, unknown>) {
  const res = await fetch(`${emu.url}/admin/fault`, { method: 'POST', body: JSON.stringify(body) });
  return (await res.json()) as { retCode: number; result: Record<string, unknown> };
}

test('every socket dropped mid-session: no bar lost, a reconcile, no duplicate order, the backtest decisions', async () => {
  const minutes = 1440;
  const DROP_AT = 120;
  const { summary, run } = await demo('drop', minutes, async (k, r) => {
    if (k !== DROP_AT) return 0;
    const before = new Set(r.emu.hub.connections().map((c) => c.connId));
    const dropped = await post(r.emu, { fault: 'drop' });
    expect(dropped.retCode).toBe(0);
    await until(() => r.lines.some((l) => l.type === 'connection' && l.state === 'down'), 'the session to see the drop');
    // This minute happens while the session is disconnected: its kline is never received.
    r.emu.replay?.step(1);
    await until(() => r.lines.some((l) => l.type === 'connection' && l.state === 'reconnected'), 'the public reconnect');
    // The private socket is back once a new connection holds the order subscription again.
    await until(() => r.emu.hub.connections().some((c) => !before.has(c.connId) && c.subs.includes('order')), 'the private resubscription');
    return 1;
  });
  expect(summary.bars).toBe(minutes);
  expect(run.lines.some((l) => l.type === 'event' && l.kind === 'gap_filled' && l.detail.startsWith('1 minutes'))).toBe(true);
  expect(run.lines.some((l) => l.type === 'event' && l.kind === 'reconciled')).toBe(true);
  // No duplicate order: every order the exchange holds was sent once, by the session.
  const sent = run.lines.filter((l) => l.type === 'order' && l.command === 'submit').map((l) => (l.type === 'order' ? l.clientId : ''));
  expect(sent.length).toBeGreaterThan(1);
  expect(new Set(sent).size).toBe(sent.length);
  // The same decisions as a backtest of the window (the missed minute was decided on when fetched).
  const checked = loadPlay(PLAY, defaultCatalog());
  const store = await Store.open(run.dbPath);
  const log = new DecisionLog();
  try {
    await runBacktest(await openStoreMarket(store, 'BTCUSDT'), checked, {
      intrabar: 'path',
      noFunding: false,
      outRoot: join(tmp.dir, 'bt'),
      packageVersion: 'test',
      fromMs: summary.startMs,
      toMs: DAY + minutes * 60_000,
      decisions: log,
      batchQuietBars: false,
    });
  } finally {
    store.close();
  }
  const actions = (ds: readonly { tsMs: number; action: string; commands: unknown[] }[]) =>
    ds.map((d) => [d.tsMs, d.action, d.commands.length]);
  const { Database } = await import('bun:sqlite');
  const j = new Database(run.journalPath, { readonly: true });
  const live = j
    .query<{ json: string }, []>('SELECT json FROM decisions ORDER BY seq')
    .all()
    .map((x) => JSON.parse(x.json));
  j.close();
  expect(actions(live)).toEqual(actions(log.decisions));
  // And `trade replay` of the journal is identical, fills included.
  expect(replay({ ref: run.journalPath }).divergence).toBeUndefined();
}, 120_000);

test('an entry the venue rejects is a skipped entry with its reason', async () => {
  const { summary, run } = await demo('reject', 15 * 60, async () => 0, [{ fault: 'reject', count: 1, retCode: 110007 }]);
  expect(run.lines.some((l) => l.type === 'event' && l.kind === 'rejected' && l.detail.includes('110007'))).toBe(true);
  expect(summary.skipped).toEqual([{ reason: 'rejected_110007', count: 1 }]);
  // The skipped entry is journaled with its reason.
  const { Database } = await import('bun:sqlite');
  const j = new Database(run.journalPath, { readonly: true });
  const skipped = j
    .query<{ json: string }, []>("SELECT json FROM events WHERE kind = 'skipped'")
    .all()
    .map((x) => JSON.parse(x.json).reason);
  j.close();
  expect(skipped).toEqual(['rejected_110007']);
}, 120_000);

test('a market halt: the minutes the venue does not have are skipped, entries stop, then resume', async () => {
  const HALT_AT = 200;
  const { summary, run } = await demo('halt', 1440, async (k, r) => {
    if (k !== HALT_AT) return 0;
    expect((await post(r.emu, { fault: 'halt', minutes: 10 })).retCode).toBe(0);
    r.emu.replay?.step(10);
    return 10;
  });
  expect(summary.bars).toBe(1440 - 10);
  expect(run.lines.some((l) => l.type === 'warning' && l.message.includes('(10 minutes): skipped'))).toBe(true);
  const haltEndMs = DAY + (HALT_AT + 10) * 60_000;
  const { Database } = await import('bun:sqlite');
  const j = new Database(run.journalPath, { readonly: true });
  const gaps = j
    .query<{ json: string }, []>("SELECT json FROM events WHERE kind = 'exchange_gap'")
    .all()
    .map((x) => JSON.parse(x.json));
  const liveBars = j.query<{ n: number }, []>('SELECT count(*) AS n FROM bars WHERE warm = 0').get()!.n;
  const acted = j
    .query<{ n: number }, [number]>("SELECT count(*) AS n FROM decisions WHERE action != 'none' AND ts_ms > ?")
    .get(haltEndMs)!.n;
  j.close();
  expect(gaps.map((g) => [g.missingFromMs, g.missingToMs])).toEqual([[DAY + HALT_AT * 60_000, haltEndMs]]);
  expect(liveBars).toBe(1430);
  // Entries resume after the halt: the session still acts (ema-cross enters at 14:30 that day).
  expect(acted).toBeGreaterThan(0);
  // The replay skips the same minutes and agrees decision by decision.
  const r = replay({ ref: run.journalPath });
  expect({ identical: r.identical, divergence: r.divergence }).toEqual({ identical: true, divergence: undefined });
  expect(r.recorded).toEqual({ checked: true, identical: true, divergence: undefined });
}, 120_000);

test('the kill switch from another terminal: panic closes and halts, decisions send nothing, resume trades again', async () => {
  const PANIC_AT = 14 * 60 + 31; // a minute after ema-cross's 14:30 entry filled
  const RESUME_AT = 20 * 60;
  const { run } = await demo('kill', 1440, async (k, r) => {
    if (k === PANIC_AT)
      expect(sendSessionControl({ ref: r.journalPath, command: 'panic', nowMs: () => Date.now() }).pids).toEqual([process.pid]);
    if (k === RESUME_AT) sendSessionControl({ ref: r.journalPath, command: 'resume', nowMs: () => Date.now() });
    return 0;
  });
  const kill = run.lines.filter((l) => l.type === 'event' && l.kind === 'kill_switch').map((l) => (l.type === 'event' ? l.detail : ''));
  expect(kill).toEqual(['panic: HALTED', 'resume: ACTIVE']);
  const orders = run.lines.flatMap((l) => (l.type === 'order' ? [`${l.command} ${l.clientId} ${l.detail}`] : []));
  expect(orders.some((o) => o.startsWith('cancel_all'))).toBe(true);
  expect(orders.some((o) => /^submit \S+-P1 sell market \S+ IOC reduce-only$/.test(o))).toBe(true);
  const { Database } = await import('bun:sqlite');
  const j = new Database(run.journalPath, { readonly: true });
  const decisions = j
    .query<{ json: string }, []>('SELECT json FROM decisions ORDER BY seq')
    .all()
    .map((x) => JSON.parse(x.json));
  const positions = j
    .query<{ json: string }, []>("SELECT json FROM events WHERE kind = 'position' ORDER BY id")
    .all()
    .map((x) => JSON.parse(x.json).position);
  j.close();
  const halted = decisions.filter((d) => d.tsMs > DAY + PANIC_AT * 60_000 && d.tsMs <= DAY + RESUME_AT * 60_000);
  const after = decisions.filter((d) => d.tsMs > DAY + RESUME_AT * 60_000);
  // While halted the rules still decide (an enter_short at 19:45) but nothing is sent.
  expect(halted.some((d) => d.action !== 'none')).toBe(true);
  expect(halted.every((d) => d.commands.length === 0)).toBe(true);
  expect(after.some((d) => d.commands.length > 0)).toBe(true);
  // The panic close filled on the exchange and left the position flat.
  expect(run.lines.some((l) => l.type === 'fill' && l.clientId.endsWith('-P1') && l.side === 'sell')).toBe(true);
  expect(positions.at(-1)?.side === 'flat' || after.some((d) => d.commands.length > 0)).toBe(true);
}, 120_000);

test('stale data for 5 minutes in a row moves the kill switch to REDUCING, where it stays', async () => {
  // The session's clock is injected: 100 s pass between six minutes' bars (no closed bar for 90 s).
  let shiftMs = 0;
  const { summary, run } = await demo(
    'stale-reducing',
    90,
    async (k) => {
      if (k >= 30 && k < 36) shiftMs += 100_000;
      return 0;
    },
    [],
    () => Date.now() + shiftMs,
  );
  expect(summary.reason).toContain('until');
  const reducing = run.lines.find((l) => l.type === 'event' && l.kind === 'kill_switch');
  expect(reducing && 'detail' in reducing ? reducing.detail : '').toContain('stale data for 5 minutes in a row: REDUCING');
  const states = run.lines.flatMap((l) => (l.type === 'bar' ? [l.state] : []));
  expect(states.at(-1)).toBe('REDUCING');
  const j = new Database(run.journalPath, { readonly: true });
  const ks = j
    .query<{ json: string }, []>("SELECT json FROM events WHERE kind = 'kill_switch'")
    .all()
    .map((r) => JSON.parse(r.json));
  j.close();
  expect(ks.map((e) => [e.command, e.state])).toEqual([['reducing_stale_data', 'REDUCING']]);
}, 120_000);

test('every 5 minutes of the session clock a reconcile runs, with no reconnect to ask for it', async () => {
  // The live clock is the wall clock (not the emulator's replay clock), so the 5 minutes are
  // injected: 61 s more pass before each of the bars of minutes 10..14 (no bar late by 90 s, so
  // none is stale): 244 s after four of them, 305 s after the fifth.
  let shiftMs = 0;
  const reconciledBefore: boolean[] = [];
  const { summary, run } = await demo(
    'reconcile-every-5m',
    30,
    async (k, r) => {
      reconciledBefore[k] = r.lines.some((l) => l.type === 'event' && l.kind === 'reconciled');
      if (k >= 10 && k < 15) shiftMs += 61_000;
      return 0;
    },
    [],
    () => Date.now() + shiftMs,
  );
  expect(summary.bars).toBe(30);
  expect(run.lines.filter((l) => l.type === 'connection' && l.state !== 'up')).toEqual([]);
  expect(run.lines.filter((l) => l.type === 'event' && l.kind === 'reconciled')).toHaveLength(1);
  // Not after 244 s (the bar of minute 13 decided), but after 305 s (the bar of minute 14).
  expect([reconciledBefore[14], reconciledBefore[15]]).toEqual([false, true]);
  expect(run.lines.some((l) => l.type === 'bar' && l.state !== 'ACTIVE')).toBe(false);
}, 120_000);
