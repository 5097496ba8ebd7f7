// Issue 14 from the shipped binary, the parts the other suites prove only in process: `dist/trade
// run --json` against a paused `dist/trade emulator`, stepped a minute at a time. Stale data (a
// ticker withheld past 10 s, no bar for 90 s, a market halt) skips entries with its reason and
// entries resume on the next fresh bar; a minute lost while the public socket was down is fetched
// over REST (gap_filled); the JSON lines a person sees (bar, decision, order, fill); a funding
// settlement on a held position is a funding event, never a fill; Ctrl-C leaves the position's
// TP/SL at the exchange; a trailing stop placed through trading-stop closes a position; a create
// held past the 10 s REST timeout goes in doubt, is looked up and resent once, never blindly.
import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSession } from '../../src/state';
import { sandbox } from '../e2e/cli-harness';
import {
  type EmulatorProcess,
  journalIn,
  NO_VIOLATIONS,
  type SessionProcess,
  startEmulator,
  startSession,
  violations,
  waitBarDone,
  waitConnected,
  waitStarted,
} from './harness';

const box = sandbox('trade-live-proofs-');

beforeAll(() => {
  expect(box.run('data', 'import', '--sample', '--db', join(box.dir, 'emu.duckdb')).code).toBe(0);
}, 60_000);
afterAll(() => box.cleanup());

/**
 * A 1m Play that enters long on every bar it is flat and exits on every bar it is long, so the
 * bar after an exit is always an entry (a stale one must skip it). The 2% stop is not reached
 * inside a minute on these days, so the alternation holds.
 */
const EVERY_BAR = `id: every-bar
name: enter, exit, enter
symbol: BTCUSDT
timeframes:
  exec: 1m
features:
  ema_fast: { indicator: ema, params: { length: 3 } }
actions:
  entries:
    - when: ema_fast > 0
      emit: enter_long
  exits:
    - when: side == long
      emit: exit_long
risk:
  stop_loss: { pct: 2 }
  take_profit: { rr: 2 }
  sizing: { risk_pct: 0.5 }
  leverage: 3
`;

/** Enters long when flat and holds: only its TP/SL (or `extra` risk lines) close it. */
const hold = (id: string, extra = '') => `id: ${id}
name: enter and hold
symbol: BTCUSDT
timeframes:
  exec: 1m
features:
  ema_fast: { indicator: ema, params: { length: 3 } }
actions:
  entries:
    - when: ema_fast > 0
      emit: enter_long
risk:
  stop_loss: { pct: 5 }
  take_profit: { rr: 3 }
  sizing: { risk_pct: 0.5 }
  leverage: 3
${extra}`;

function playFile(id: string, text: string): string {
  const path = join(box.dir, `${id}.yml`);
  writeFileSync(path, text);
  return path;
}

function query<T>(path: string, sql: string): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.query<T, []>(sql).all();
  } finally {
    db.close();
  }
}

type Decision = { seq: number; tsMs: number; action: string; commands: { kind: string }[] };
const decisions = (path: string): Decision[] =>
  query<{ json: string }>(path, 'SELECT json FROM decisions ORDER BY seq').map((r) => JSON.parse(r.json) as Decision);
const skipped = (path: string) =>
  query<{ json: string }>(path, "SELECT json FROM events WHERE kind = 'skipped' ORDER BY id").map(
    (r) => JSON.parse(r.json) as { tsMs: number; reason: string },
  );

interface Lockstep {
  emu: EmulatorProcess;
  s: SessionProcess;
  journal: () => string | undefined;
  /** Minutes stepped so far (the emulator's replay position). */
  minute: number;
}

/**
 * A hook before minute `m` is stepped: it may set faults and wait; it returns how many minutes
 * from `m` on deliver no bar (stepped without waiting for the session) and what to wait for
 * before the next minute is stepped.
 */
type Hook = (m: number, l: Lockstep) => Promise<{ noBar: number; beforeNext?: () => Promise<void> } | undefined>;

const FROM_NOON = Date.UTC(2024, 7, 5, 12);

/** A demo session of `play` in lockstep over `minutes` from `fromMs`; `hook` runs before each minute. */
async function lockstep(
  name: string,
  o: { play: string; playId: string; fromMs: number; minutes: number; hook?: Hook; stopAfter?: number },
  body: (l: Lockstep) => Promise<void>,
): Promise<void> {
  const endMs = o.fromMs + o.minutes * 60_000;
  const emu = await startEmulator({
    dir: box.dir,
    db: join(box.dir, 'emu.duckdb'),
    fromIso: new Date(o.fromMs).toISOString(),
    toIso: new Date(endMs + 60 * 60_000).toISOString(),
    env: box.env,
  });
  const stateDir = join(box.dir, `state-${name}`);
  const journal = () => journalIn(stateDir, o.playId);
  try {
    const s = startSession({
      dir: box.dir,
      play: o.play,
      url: emu.url,
      stateDir,
      db: join(box.dir, `run-${name}.duckdb`),
      untilIso: new Date(endMs).toISOString(),
      env: box.env,
    });
    if ((await waitStarted(s)) === 'dead') throw new Error(`${name}: the session did not start: ${await s.stderr()}`);
    const l: Lockstep = { emu, s, journal, minute: 0 };
    while (l.minute < (o.stopAfter ?? o.minutes)) {
      const h = await o.hook?.(l.minute + 1, l);
      for (let k = 0; k < (h?.noBar ?? 0); k++) {
        await emu.step(1);
        l.minute++;
      }
      await h?.beforeNext?.();
      await emu.step(1);
      l.minute++;
      const done = await waitBarDone(s, emu, journal, o.fromMs + l.minute * 60_000, 60_000);
      if (done === 'dead' && l.minute < o.minutes) throw new Error(`${name}: the session ended at minute ${l.minute}: ${await s.stderr()}`);
    }
    await body(l);
  } finally {
    await emu.stop();
  }
}

/** The last decision's action: after anything but an entry, the every-bar Play is flat and enters next. */
const nextIsEntry = (l: Lockstep) => decisions(l.journal()!).at(-1)?.action !== 'enter_long';

describe('stale data, a halt and a lost minute, from the binary', () => {
  test('entries skipped as stale_ticker, stale_no_bar and stale_exchange_gap resume on the next fresh bar; a minute lost in a drop is filled over REST; the JSON lines', async () => {
    const play = playFile('every-bar', EVERY_BAR);
    /** The minute (1-based, as stepped) each fault made stale. */
    const staleAt: Record<string, number> = {};
    let droppedPublic: Set<string> = new Set();
    const hook: Hook = async (m, l) => {
      const at = (reason: string) => staleAt[reason] === undefined && m >= 8 && nextIsEntry(l);
      if (m === 5) {
        // The public socket goes down; the minute stepped meanwhile reaches nobody.
        const st = (await l.emu.state()) as unknown as { connections: { connId: string; path: string }[] };
        const pub = st.connections.find((c) => c.path === 'public');
        expect(pub).toBeDefined();
        await l.emu.fault({ fault: 'drop', conn: pub!.connId });
        droppedPublic = new Set([pub!.connId]);
        return { noBar: 1, beforeNext: () => waitConnected(l.emu, droppedPublic) };
      }
      if (staleAt.stale_ticker !== undefined && staleAt.stale_ticker === m - 1) await l.emu.fault({ fault: 'tickers' });
      if (at('stale_ticker')) {
        // No ticker for 11 s (wall) before the bar arrives: LIVE.md §6's 10 s.
        await l.emu.fault({ fault: 'tickers', on: false });
        await Bun.sleep(11_000);
        staleAt.stale_ticker = m;
      } else if (staleAt.stale_ticker !== undefined && staleAt.stale_ticker < m - 1 && at('stale_no_bar')) {
        // No bar for 91 s (wall): LIVE.md §6's 90 s.
        await Bun.sleep(91_000);
        staleAt.stale_no_bar = m;
      } else if (staleAt.stale_no_bar !== undefined && staleAt.stale_no_bar < m - 1 && at('stale_exchange_gap')) {
        // A three-minute halt from this minute: the bar after it is the first fresh data.
        await l.emu.fault({ fault: 'halt', minutes: 3, fromMs: FROM_NOON + (m - 1) * 60_000 });
        staleAt.stale_exchange_gap = m + 3;
        return { noBar: 3 };
      }
      return undefined;
    };
    await lockstep('stale', { play, playId: 'every-bar', fromMs: FROM_NOON, minutes: 40, hook }, async (l) => {
      const code = await Promise.race([l.s.exited, Bun.sleep(30_000).then(() => -1)]);
      expect({ code, stderr: await l.s.stderr() }).toEqual({ code: 0, stderr: '' });
      const path = l.journal()!;
      expect(Object.keys(staleAt).sort()).toEqual(['stale_exchange_gap', 'stale_no_bar', 'stale_ticker']);
      const ds = decisions(path);
      const sk = skipped(path);
      for (const [reason, m] of Object.entries(staleAt)) {
        // The bar stepped as minute m closes at FROM + m min (a decision's time): its entry is skipped with the reason...
        const closeMs = FROM_NOON + m * 60_000;
        const i = ds.findIndex((d) => d.tsMs === closeMs);
        expect({ reason, found: i >= 0 }).toEqual({ reason, found: true });
        const stale = ds[i]!;
        expect({ reason, skipped: sk.some((x) => x.reason === reason && x.tsMs === stale.tsMs) }).toEqual({ reason, skipped: true });
        expect(stale.commands.filter((c) => c.kind === 'submit')).toEqual([]);
        // ...and the next bar, fresh again, enters.
        const next = ds[i + 1]!;
        expect({ reason, action: next.action, submits: next.commands.filter((c) => c.kind === 'submit').length }).toEqual({
          reason,
          action: 'enter_long',
          submits: 1,
        });
        expect(sk.some((x) => x.tsMs === next.tsMs)).toBe(false);
      }
      // The minute stepped while the public socket was down came over REST before the next bar.
      const lines = l.s.lines;
      const lostMs = FROM_NOON + 4 * 60_000;
      const filled = lines.filter((x) => x.type === 'event' && x.kind === 'gap_filled');
      expect(filled.map((x) => x.detail)).toContainEqual(`1 minutes from ${new Date(lostMs).toISOString()}`);
      const bars = query<{ ts: number }>(path, 'SELECT ts_ms AS ts FROM bars WHERE warm = 0 ORDER BY ts_ms').map((r) => r.ts);
      expect(bars).toContain(lostMs);
      // Every minute once, but the three the venue never had.
      expect(bars.length).toBe(37);
      expect(new Set(bars).size).toBe(bars.length);
      expect(query<{ n: number }>(path, "SELECT count(*) AS n FROM events WHERE kind = 'exchange_gap'")[0]!.n).toBe(1);
      // The JSON lines a person sees: one per exec bar, decision, order and fill, with typed fields.
      const one = (type: string) => lines.find((x) => x.type === type) as Record<string, unknown>;
      const types = (x: Record<string, unknown>) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, typeof v]));
      expect(types(one('bar'))).toEqual({
        type: 'string',
        ts: 'string',
        close: 'number',
        position: 'string',
        qty: 'number',
        equityUsdt: 'number',
        unrealisedUsdt: 'number',
        state: 'string',
      });
      expect(types(one('decision'))).toEqual({ type: 'string', ts: 'string', action: 'string', case: 'number', tag: 'string' });
      expect(types(one('order'))).toEqual({ type: 'string', ts: 'string', command: 'string', clientId: 'string', detail: 'string' });
      expect(types(one('fill'))).toEqual({
        type: 'string',
        ts: 'string',
        clientId: 'string',
        source: 'string',
        side: 'string',
        qty: 'number',
        price: 'number',
        feeUsdt: 'number',
      });
      const barLines = lines.filter((x) => x.type === 'bar');
      expect(barLines.length).toBe(37);
      // The bar line of the stale-ticker bar names it.
      const tickerBarClose = new Date(FROM_NOON + staleAt.stale_ticker! * 60_000).toISOString();
      expect(barLines.find((x) => x.ts === tickerBarClose)?.state).toBe('stale_ticker');
      const summary = readSession(path);
      expect(lines.filter((x) => x.type === 'fill').length).toBe(summary.fills);
      expect(lines.filter((x) => x.type === 'order' && x.command === 'submit').length).toBe(summary.orders);
      const v = violations(path, await l.emu.state(), 10_000, summary.pnlUsdt, summary.position);
      expect({ ...v, walletDiffUsdt: v.walletDiffUsdt <= 1e-8 ? 0 : v.walletDiffUsdt }).toEqual(NO_VIOLATIONS);
    });
  }, 400_000);
});

type Execution = { execId: string; execType: string; orderLinkId: string; createType?: string; stopOrderType?: string };
type Position = { side: string; size: string; takeProfit: string; stopLoss: string };

describe('a held position from the binary', () => {
  test('a funding settlement is a funding event, never a fill; Ctrl-C keeps the TP/SL at the exchange and cancels nothing', async () => {
    const play = playFile('hold', hold('hold'));
    // 07:50 .. 08:05: the 08:00 settlement falls on the long entered at the first bar.
    const fromMs = Date.UTC(2024, 7, 5, 7, 50);
    await lockstep('hold', { play, playId: 'hold', fromMs, minutes: 60, stopAfter: 15 }, async (l) => {
      const before = await l.emu.state();
      const acct = before.accounts[0]! as unknown as { position: Position; executions: Execution[] };
      expect([acct.position.side, acct.position.takeProfit !== '', acct.position.stopLoss !== '']).toEqual(['Buy', true, true]);
      l.s.kill('SIGINT');
      expect(await l.s.exited).toBe(0);
      expect(await l.s.stderr()).toBe('');
      const path = l.journal()!;
      // The settlement: one Funding execution at the exchange, one funding event in the journal and on stdout.
      const funding = acct.executions.filter((x) => x.execType === 'Funding');
      expect(funding.length).toBe(1);
      const events = query<{ json: string }>(path, "SELECT json FROM events WHERE kind = 'funding'").map(
        (r) => JSON.parse(r.json) as { tsMs: number; paymentUsdt: number },
      );
      expect(events.length).toBe(1);
      expect(events[0]!.paymentUsdt).not.toBe(0);
      expect(l.s.lines.filter((x) => x.type === 'event' && x.kind === 'funding').length).toBe(1);
      // No funding row counts as a fill: the journal's fills are exactly the Trade executions.
      const fills = query<{ exec_id: string }>(path, "SELECT exec_id FROM events WHERE kind = 'fill'").map((r) => r.exec_id);
      expect(fills.sort()).toEqual(
        acct.executions
          .filter((x) => x.execType === 'Trade')
          .map((x) => x.execId)
          .sort(),
      );
      expect(fills).not.toContain(funding[0]!.execId);
      const stop = l.s.lines.at(-1)!;
      expect([stop.type, stop.reason, stop.fills]).toEqual(['stop', 'interrupted', fills.length]);
      // Ctrl-C: the position and its TP/SL stay at the exchange; the journal sent no cancel.
      const after = (await l.emu.state()).accounts[0]! as unknown as { position: Position };
      expect(after.position).toMatchObject({
        side: 'Buy',
        size: acct.position.size,
        takeProfit: acct.position.takeProfit,
        stopLoss: acct.position.stopLoss,
      });
      expect(query<{ kind: string }>(path, "SELECT kind FROM commands WHERE kind != 'submit'")).toEqual([]);
      const summary = readSession(path);
      const v = violations(path, await l.emu.state(), 10_000, summary.pnlUsdt, summary.position);
      expect({ ...v, walletDiffUsdt: v.walletDiffUsdt <= 1e-8 ? 0 : v.walletDiffUsdt }).toEqual(NO_VIOLATIONS);
    });
  }, 300_000);

  test('a trailing stop goes to the exchange through trading-stop and closes the position there', async () => {
    const play = playFile('hold-trail', hold('hold-trail', '  trailing_stop: { pct: 0.3 }\n'));
    await lockstep('trail', { play, playId: 'hold-trail', fromMs: FROM_NOON, minutes: 60 }, async (l) => {
      expect(await l.s.exited).toBe(0);
      const path = l.journal()!;
      const admin = (await l.emu.state()) as unknown as { requests: Record<string, number> };
      const st = (await l.emu.state()).accounts[0]! as unknown as { executions: Execution[] };
      const trailed = st.executions.filter((x) => x.execType === 'Trade' && x.createType === 'CreateByTrailingStop');
      expect(trailed.length).toBeGreaterThan(0);
      // The session saw those fills as the trailing stop's, and re-entered after them.
      const sources = l.s.lines.filter((x) => x.type === 'fill').map((x) => x.source);
      expect(sources.filter((x) => x === 'trailing').length).toBe(trailed.length);
      expect(sources.filter((x) => x === 'order').length).toBeGreaterThanOrEqual(trailed.length);
      // Each entry's trailing distance went over trading-stop once it filled.
      expect(admin.requests['/v5/position/trading-stop']).toBeGreaterThanOrEqual(trailed.length);
      const summary = readSession(path);
      const v = violations(path, await l.emu.state(), 10_000, summary.pnlUsdt, summary.position);
      expect({ ...v, walletDiffUsdt: v.walletDiffUsdt <= 1e-8 ? 0 : v.walletDiffUsdt }).toEqual(NO_VIOLATIONS);
    });
  }, 300_000);
});

describe('the REST timeout', () => {
  test('a create held past 10 s goes in doubt: looked up by orderLinkId, resent once, one order at the exchange', async () => {
    const play = playFile('every-bar-timeout', EVERY_BAR.replace('id: every-bar', 'id: every-bar-timeout'));
    const timing: { servedMs?: number; lookupMs?: number } = {};
    type Admin = { faults: { served: { timeouts: number } }; requests: Record<string, number> };
    const hook: Hook = async (m, l) => {
      if (m !== 6) return undefined;
      // The next create (every bar sends one) is held 120 s and never takes effect; a client on
      // bybit-api's 5-minute default would still be waiting when the test's bound ends.
      await l.emu.fault({ fault: 'timeout', share: 1, ms: 120_000, paths: ['/v5/order/create'] });
      return {
        noBar: 0,
        beforeNext: async () => {
          // After the step, once the create is held: clear the fault so the one resend goes through.
          void (async () => {
            for (let i = 0; i < 2000; i++) {
              const a = (await l.emu.state()) as unknown as Admin;
              if (timing.servedMs === undefined && a.faults.served.timeouts === 1) {
                timing.servedMs = performance.now();
                await l.emu.fault({ fault: 'timeout', share: 0 });
              }
              if (timing.servedMs !== undefined && (a.requests['/v5/order/history'] ?? 0) > 0) {
                timing.lookupMs = performance.now();
                return;
              }
              await Bun.sleep(20);
            }
          })();
        },
      };
    };
    await lockstep('timeout', { play, playId: 'every-bar-timeout', fromMs: FROM_NOON, minutes: 10, hook }, async (l) => {
      expect(await l.s.exited).toBe(0);
      const path = l.journal()!;
      const a = (await l.emu.state()) as unknown as Admin;
      expect(a.faults.served.timeouts).toBe(1);
      // The lookup came after the client gave up at 10 s (less the test's 20 ms polling), not before.
      expect(timing.lookupMs! - timing.servedMs!).toBeGreaterThan(9_500);
      // Looked up (order/realtime, then order/history: absent twice) before the one resend.
      expect(a.requests['/v5/order/history']).toBeGreaterThanOrEqual(2);
      const submits = query<{ id: string }>(path, "SELECT client_id AS id FROM commands WHERE kind = 'submit'").map((r) => r.id);
      expect(a.requests['/v5/order/create']).toBe(submits.length + 1);
      const st = (await l.emu.state()).accounts[0]!;
      const links = st.orders.map((o) => o.orderLinkId).filter((x) => x !== '');
      expect(links.sort()).toEqual([...submits].sort());
      const summary = readSession(path);
      const v = violations(path, await l.emu.state(), 10_000, summary.pnlUsdt, summary.position);
      expect({ ...v, walletDiffUsdt: v.walletDiffUsdt <= 1e-8 ? 0 : v.walletDiffUsdt }).toEqual(NO_VIOLATIONS);
    });
  }, 300_000);
});
