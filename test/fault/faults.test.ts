// The fault suite (issue 15 item 5): demo sessions of dist/trade run against a paused dist/trade
// emulator process stepped in lockstep, each with one kind of fault injected on a fixed schedule.
// Every scenario checks: no orderLinkId used for two orders, every emulator execution in the
// journal exactly once, the final position and the wallet (1e-8) equal the emulator's, nothing
// sent while HALTED; and `trade replay` identical (the outside close: the replay points at it).
// Where the fault cannot change what the session knew when it decided (drops, duplicates, the
// daily loss limit), its decisions also equal one backtest of the window.
import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RestClientV5 } from 'bybit-api';
import { readSession } from '../../src/state';
import { sandbox } from '../e2e/cli-harness';
import {
  expectDecisionsAsBacktest,
  journalIn,
  KEY,
  NO_VIOLATIONS,
  runScenario,
  type ScenarioResult,
  type ScheduledFault,
  SECRET,
  startEmulator,
  startSession,
  violations,
  waitBarDone,
  waitStarted,
} from './harness';

const FAST = join(import.meta.dir, 'plays/fast-cross.yml');
const FROM_MS = Date.UTC(2024, 7, 5, 12);
const box = sandbox('trade-fault-suite-');
const table: string[] = [];

beforeAll(() => {
  expect(box.run('data', 'import', '--sample', '--db', join(box.dir, 'emu.duckdb')).code).toBe(0);
}, 60_000);
afterAll(() => {
  console.log(['scenario | orders | fills | violations', ...table].join('\n'));
  box.cleanup();
});

const fault =
  (f: Record<string, unknown>) =>
  async ({ emu }: Parameters<ScheduledFault['apply']>[0]) =>
    emu.fault(f);

/** fast-cross under another id, with `extra` appended and `risk` lines added. */
function playVariant(name: string, extra: string, riskLine = ''): string {
  const base = readFileSync(FAST, 'utf8')
    .replace('id: fast-cross', `id: ${name}`)
    .replace('  leverage: 3', `  leverage: 3${riskLine ? `\n  ${riskLine}` : ''}`);
  const text = `${base}\n${extra}\n`;
  const path = join(box.dir, `${name}.yml`);
  writeFileSync(path, text);
  return path;
}

async function check(
  name: string,
  r: ScenarioResult,
  o: { fromMs: number; minutes: number; play: string; sameAsBacktest: boolean; replayIdentical?: boolean; recordedIdentical?: boolean },
) {
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  const summary = readSession(r.journalPath);
  const v = violations(r.journalPath, r.admin, 10_000, summary.pnlUsdt, summary.position);
  const found = { ...v, walletDiffUsdt: v.walletDiffUsdt <= 1e-8 ? 0 : v.walletDiffUsdt };
  table.push(`${name} | ${summary.orders} | ${summary.fills} | ${Bun.deepEquals(found, NO_VIOLATIONS) ? 0 : JSON.stringify(found)}`);
  expect(found).toEqual(NO_VIOLATIONS);
  expect(summary.orders).toBeGreaterThan(0);
  const rep = box.run('replay', r.journalPath, '--json');
  if (o.replayIdentical !== false)
    expect({ code: rep.code, identical: JSON.parse(rep.out).identical }).toEqual({ code: 0, identical: true });
  // The engine over the session's own recorded events decides as the session did, whatever the faults.
  const recorded = JSON.parse(rep.out).recorded as { checked: boolean; identical: boolean; divergence: unknown };
  expect({ name, checked: recorded.checked, identical: recorded.identical }).toEqual({
    name,
    checked: true,
    identical: o.recordedIdentical ?? true,
  });
  if (o.sameAsBacktest) await expectDecisionsAsBacktest(o.play, r, o.fromMs, o.fromMs + o.minutes * 60_000, join(box.dir, `bt-${name}`));
  return { summary, rep };
}

const scenario = (name: string, play: string, playId: string, minutes: number, faults: ScheduledFault[]) =>
  runScenario({ dir: box.dir, name, emuDb: join(box.dir, 'emu.duckdb'), play, playId, fromMs: FROM_MS, minutes, faults, env: box.env });

describe('fault suite', () => {
  test('WebSocket drops, 20 times in a session', async () => {
    const faults = Array.from({ length: 20 }, (_, k) => ({ atMinute: 5 + 5 * k, apply: fault({ fault: 'drop' }), reconnects: true }));
    const r = await scenario('ws-drops', FAST, 'fast-cross', 110, faults);
    expect(r.lines.filter((l) => l.type === 'connection').length).toBeGreaterThanOrEqual(20);
    await check('ws-drops', r, { fromMs: FROM_MS, minutes: 110, play: FAST, sameAsBacktest: true });
  }, 300_000);

  test('the private socket dropped just before minutes with fills, 20 times: the lost fills are adopted by the reconcile', async () => {
    const dropPrivate: ScheduledFault['apply'] = async ({ emu }) => {
      const st = (await emu.state()) as unknown as { connections: { connId: string; path: string }[] };
      const conn = st.connections.find((c) => c.path === 'private');
      if (!conn) return [];
      await emu.fault({ fault: 'drop', conn: conn.connId });
      return [conn.connId];
    };
    const r = await scenario(
      'private-drops',
      FAST,
      'fast-cross',
      100,
      Array.from({ length: 20 }, (_, k) => ({ atMinute: 3 + 4 * k, apply: dropPrivate, reconnectsAfterStep: true })),
    );
    expect(r.lines.filter((l) => l.type === 'event' && l.kind === 'reconciled').length).toBeGreaterThanOrEqual(10);
    await check('private-drops', r, { fromMs: FROM_MS, minutes: 100, play: FAST, sameAsBacktest: true });
  }, 300_000);

  test('a stalled socket (no data, no pong) is replaced', async () => {
    const r = await scenario('stall', FAST, 'fast-cross', 60, [
      { atMinute: 20, apply: fault({ fault: 'stall' }), reconnects: true },
      { atMinute: 21, apply: fault({ fault: 'unstall' }) },
    ]);
    await check('stall', r, { fromMs: FROM_MS, minutes: 60, play: FAST, sameAsBacktest: false });
  }, 300_000);

  test('a 10006 storm', async () => {
    const r = await scenario(
      'storm-10006',
      FAST,
      'fast-cross',
      90,
      [10, 30, 50, 70].map((m) => ({ atMinute: m, apply: fault({ fault: 'burst10006', count: 6 }) })),
    );
    await check('storm-10006', r, { fromMs: FROM_MS, minutes: 90, play: FAST, sameAsBacktest: false });
  }, 300_000);

  test('10002 clock skew', async () => {
    const r = await scenario('skew', FAST, 'fast-cross', 90, [
      { atMinute: 10, apply: fault({ fault: 'skew', ms: 7000 }) },
      { atMinute: 60, apply: fault({ fault: 'skew', ms: 0 }) },
    ]);
    await check('skew', r, { fromMs: FROM_MS, minutes: 90, play: FAST, sameAsBacktest: false });
  }, 300_000);

  test('duplicated, then reordered private messages', async () => {
    const r = await scenario('dup-reorder', FAST, 'fast-cross', 120, [
      { atMinute: 1, apply: fault({ fault: 'duplicate' }) },
      { atMinute: 60, apply: fault({ fault: 'duplicate', on: false }) },
      { atMinute: 60, apply: fault({ fault: 'reorder' }) },
    ]);
    await check('dup-reorder', r, { fromMs: FROM_MS, minutes: 120, play: FAST, sameAsBacktest: true });
  }, 300_000);

  test('HTTP 5xx and timeouts on 20% of requests', async () => {
    const r = await scenario('5xx-timeouts', FAST, 'fast-cross', 90, [
      { atMinute: 1, apply: fault({ fault: 'http5xx', share: 0.2, status: 503 }) },
      { atMinute: 45, apply: fault({ fault: 'clear' }) },
      { atMinute: 45, apply: fault({ fault: 'timeout', share: 0.2, ms: 300, processed: true }) },
    ]);
    await check('5xx-timeouts', r, { fromMs: FROM_MS, minutes: 90, play: FAST, sameAsBacktest: false });
  }, 300_000);

  test('a market halt: the minutes are skipped, never invented', async () => {
    const r = await scenario('halt', FAST, 'fast-cross', 60, [
      { atMinute: 20, apply: fault({ fault: 'halt', minutes: 10, fromMs: FROM_MS + 19 * 60_000 }), haltMinutes: 10 },
    ]);
    const j = new Database(r.journalPath, { readonly: true });
    const gap = j.query<{ json: string }, []>("SELECT json FROM events WHERE kind = 'exchange_gap'").all();
    const bars = j.query<{ n: number }, []>('SELECT count(*) AS n FROM bars WHERE warm = 0').get()!.n;
    j.close();
    expect(gap.length).toBe(1);
    expect(bars).toBe(50);
    await check('halt', r, { fromMs: FROM_MS, minutes: 60, play: FAST, sameAsBacktest: false });
  }, 300_000);

  test('a position closed from outside the bot', async () => {
    let closedAt = 0;
    const closeFromOutside: ScheduledFault['apply'] = async ({ emu }) => {
      if (closedAt > 0) return;
      const p = (await emu.state()).accounts[0]!.position;
      if (p.side === '' || Number(p.size) === 0) return;
      await emu.fault({ fault: 'position', key: KEY, side: p.side === 'Buy' ? 'Sell' : 'Buy', qty: p.size, reduceOnly: true });
      closedAt = 1;
    };
    const r = await scenario(
      'outside-close',
      FAST,
      'fast-cross',
      90,
      Array.from({ length: 60 }, (_, k) => ({ atMinute: 20 + k, apply: closeFromOutside })),
    );
    expect(closedAt).toBe(1);
    const { rep } = await check('outside-close', r, {
      fromMs: FROM_MS,
      minutes: 90,
      play: FAST,
      sameAsBacktest: false,
      replayIdentical: false,
    });
    // The replay cannot know a person's order: it names the first fill it did not make.
    expect(rep.code).toBe(1);
  }, 300_000);

  test('the daily loss limit reached: REDUCING, entries stop, exits go on', async () => {
    const play = playVariant('fast-cross-dll', '', 'daily_loss_limit_pct: 0.2');
    const r = await scenario('daily-loss', play, 'fast-cross-dll', 180, []);
    expect(r.lines.some((l) => l.type === 'event' && l.kind === 'kill_switch' && String(l.detail).includes('REDUCING'))).toBe(true);
    const j = new Database(r.journalPath, { readonly: true });
    const skipped = j
      .query<{ n: number }, []>("SELECT count(*) AS n FROM events WHERE kind = 'skipped' AND json LIKE '%daily_loss_limit%'")
      .get()!.n;
    j.close();
    expect(skipped).toBeGreaterThan(0);
    await check('daily-loss', r, { fromMs: FROM_MS, minutes: 180, play, sameAsBacktest: true });
  }, 300_000);

  test('panic while an entry is working: cancelled, closed reduce-only, nothing sent after', async () => {
    const play = playVariant('fast-limit', 'execution:\n  entry: { type: limit, offset_pct: 0.05, time_in_force: gtc }');
    let panicked = false;
    const panicWhenWorking: ScheduledFault['apply'] = async ({ emu, journal }) => {
      if (panicked || !journal) return;
      const open = (await emu.state()).accounts[0]!.orders.filter(
        (o) => o.orderLinkId !== '' && (o.orderStatus === 'New' || o.orderStatus === 'PartiallyFilled'),
      );
      if (open.length === 0) return;
      const p = box.run('panic', journal);
      expect({ code: p.code, err: p.err }).toEqual({ code: 0, err: '' });
      panicked = true;
      // The session applies it within a second while it waits for the next bar.
      for (let i = 0; i < 200; i++) {
        const j = new Database(journal, { readonly: true });
        const n = j.query<{ n: number }, []>("SELECT count(*) AS n FROM events WHERE kind = 'kill_switch'").get()!.n;
        j.close();
        if (n > 0) break;
        await Bun.sleep(25);
      }
    };
    const r = await scenario(
      'panic',
      play,
      'fast-limit',
      120,
      Array.from({ length: 100 }, (_, k) => ({ atMinute: 10 + k, apply: panicWhenWorking })),
    );
    expect(panicked).toBe(true);
    const ours = r.admin.accounts[0]!.orders.filter((o) => o.orderLinkId !== '');
    expect(ours.filter((o) => o.orderStatus === 'New' || o.orderStatus === 'PartiallyFilled')).toEqual([]);
    expect(r.admin.accounts[0]!.position.side).toBe('');
    // A person's panic from another terminal is in neither the bars nor the venue events: both replay paths differ after it.
    await check('panic', r, {
      fromMs: FROM_MS,
      minutes: 120,
      play,
      sameAsBacktest: false,
      replayIdentical: false,
      recordedIdentical: false,
    });
  }, 300_000);
});

describe('the kill switch and DCP from the command line', () => {
  test('three rejects in a row: REDUCING (entries skipped as reducing_rejects) until trade resume', async () => {
    let resumed = false;
    const resumeWhenReducing: ScheduledFault['apply'] = async ({ journal, session }) => {
      if (resumed || !journal || !session.lines.some((l) => l.type === 'event' && String(l.detail).includes('rejected in a row'))) return;
      const r = box.run('resume', journal);
      expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
      resumed = true;
      for (let i = 0; i < 200 && !session.lines.some((l) => l.type === 'event' && String(l.detail).startsWith('resume')); i++)
        await Bun.sleep(25);
    };
    const r = await scenario('rejects', FAST, 'fast-cross', 120, [
      { atMinute: 5, apply: fault({ fault: 'reject', count: 3, retCode: 110007 }) },
      ...Array.from({ length: 60 }, (_, k) => ({ atMinute: 50 + k, apply: resumeWhenReducing })),
    ]);
    expect(resumed).toBe(true);
    const j = new Database(r.journalPath, { readonly: true });
    const reasons = j
      .query<{ json: string }, []>("SELECT json FROM events WHERE kind = 'skipped'")
      .all()
      .map((x) => (JSON.parse(x.json) as { reason: string }).reason);
    const submitsAfterResume = j
      .query<{ n: number }, []>(
        "SELECT count(*) AS n FROM commands WHERE kind = 'submit' AND ts_ms > (SELECT ts_ms FROM events WHERE kind = 'kill_switch' AND json LIKE '%\"resume\"%' LIMIT 1)",
      )
      .get()!.n;
    j.close();
    expect(reasons.filter((x) => x === 'rejected_110007').length).toBe(3);
    expect(reasons).toContain('reducing_rejects');
    expect(submitsAfterResume).toBeGreaterThan(0);
    // The replay's paper venue rejects nothing: it fills what the exchange refused.
    await check('rejects', r, { fromMs: FROM_MS, minutes: 120, play: FAST, sameAsBacktest: false, replayIdentical: false });
  }, 300_000);

  test('--dcp-window: demo says it has none; live sets it, and after a kill -9 the exchange cancels our working entry', async () => {
    const play = playVariant('fast-limit-dcp', 'execution:\n  entry: { type: limit, offset_pct: 0.05, time_in_force: gtc }');
    const endMs = FROM_MS + 120 * 60_000;
    const emu = await startEmulator({
      dir: box.dir,
      db: join(box.dir, 'emu.duckdb'),
      fromIso: new Date(FROM_MS).toISOString(),
      toIso: new Date(endMs).toISOString(),
      env: box.env,
    });
    const stateDir = join(box.dir, 'state-dcp');
    const journal = () => journalIn(stateDir, 'fast-limit-dcp');
    const base = {
      dir: box.dir,
      play,
      url: emu.url,
      stateDir,
      db: join(box.dir, 'run-dcp.duckdb'),
      untilIso: new Date(endMs).toISOString(),
      env: box.env,
    };
    try {
      const demo = startSession({ ...base, stateDir: join(box.dir, 'state-dcp-demo'), extra: ['--dcp-window', '10'] });
      expect(await waitStarted(demo)).toBe('started');
      expect(demo.lines.find((l) => l.type === 'step' && l.step === 'dcp')?.detail).toContain('demo trading has no disconnect-cancel');
      demo.kill('SIGINT');
      expect(await demo.exited).toBe(0);

      const live = startSession({ ...base, mode: 'live', extra: ['--dcp-window', '3'] });
      expect(await waitStarted(live)).toBe('started');
      expect(live.lines.find((l) => l.type === 'step' && l.step === 'dcp')?.detail).toContain('window 3 s');
      const dcp = (await emu.state()) as unknown as { accounts: { dcp: { windowS: number } }[] };
      expect(dcp.accounts[0]!.dcp.windowS).toBe(3);
      let m = 0;
      let working: string | undefined;
      while (!working && m < 100) {
        await emu.step(1);
        m++;
        expect(await waitBarDone(live, emu, journal, FROM_MS + m * 60_000)).toBe('done');
        working = (await emu.state()).accounts[0]!.orders.find((o) => o.orderLinkId !== '' && o.orderStatus === 'New')?.orderLinkId;
      }
      expect(working).toBeDefined();
      live.kill('SIGKILL');
      await live.exited;
      // The emulator's DCP deadline runs on its wall clock: bounded wait for the cancel.
      let cancelled: { orderStatus: string; cancelType?: string } | undefined;
      for (let i = 0; i < 200 && cancelled?.orderStatus !== 'Cancelled'; i++) {
        await Bun.sleep(50);
        cancelled = (await emu.state()).accounts[0]!.orders.find((o) => o.orderLinkId === working) as typeof cancelled;
      }
      expect({ status: cancelled?.orderStatus, type: cancelled?.cancelType }).toEqual({ status: 'Cancelled', type: 'CancelByDCP' });
      // Resumed: the venue's cancel reaches the engine, which trades on.
      const again = startSession({ ...base, mode: 'live', extra: ['--dcp-window', '3'] });
      expect(await waitStarted(again)).toBe('started');
      expect(again.lines.some((l) => l.type === 'step' && l.step === 'resume')).toBe(true);
      expect(await waitBarDone(again, emu, journal, FROM_MS + m * 60_000)).toBe('done');
      for (let k = m + 1; k <= m + 20; k++) {
        await emu.step(1);
        expect(await waitBarDone(again, emu, journal, FROM_MS + k * 60_000)).toBe('done');
      }
      again.kill('SIGINT');
      expect(await again.exited).toBe(0);
      const j = new Database(journal()!, { readonly: true });
      const ended = j
        .query<{ n: number }, [string]>("SELECT count(*) AS n FROM events WHERE kind = 'cancelled' AND json LIKE ?")
        .get(`%${working}%`)!.n;
      j.close();
      expect(ended).toBe(1);
      const summary = readSession(journal()!);
      const v = violations(journal()!, await emu.state(), 10_000, summary.pnlUsdt, summary.position);
      expect({ ...v, walletDiffUsdt: v.walletDiffUsdt <= 1e-8 ? 0 : v.walletDiffUsdt }).toEqual(NO_VIOLATIONS);
    } finally {
      await emu.stop();
    }
  }, 300_000);
});

describe('start-up and resume against what the account holds', () => {
  test('a position the session did not open stops the start unless --adopt; an order with the session prefix the engine does not track is cancelled on resume', async () => {
    const endMs = FROM_MS + 60 * 60_000;
    const emu = await startEmulator({
      dir: box.dir,
      db: join(box.dir, 'emu.duckdb'),
      fromIso: new Date(FROM_MS).toISOString(),
      toIso: new Date(endMs).toISOString(),
      env: box.env,
    });
    // Leverage 10 is what the account already has: Bybit refuses to change it under an open position.
    const play = playVariant('fast-cross-x10', '');
    writeFileSync(play, readFileSync(play, 'utf8').replace('  leverage: 3', '  leverage: 10'));
    const stateDir = join(box.dir, 'state-adopt');
    const journal = () => journalIn(stateDir, 'fast-cross-x10');
    const base = {
      dir: box.dir,
      play,
      url: emu.url,
      stateDir,
      db: join(box.dir, 'run-adopt.duckdb'),
      untilIso: new Date(endMs).toISOString(),
      env: box.env,
    };
    try {
      // A person bought 0.01 BTC on the website before the bot started.
      await emu.fault({ fault: 'position', key: KEY, side: 'Buy', qty: '0.01' });
      await emu.step(1);
      expect((await emu.state()).accounts[0]!.position).toMatchObject({ side: 'Buy', size: '0.01' });
      const refused = startSession(base);
      expect(await waitStarted(refused)).toBe('dead');
      expect(await refused.exited).not.toBe(0);
      // With --json the error is one JSON line on stdout.
      const err = `${await refused.stderr()}${refused.lines.map((l) => JSON.stringify(l)).join('\n')}`;
      expect(err).toContain('long 0.01 BTCUSDT position this session did not open');
      expect(err).toContain('--adopt');

      const adopted = startSession({ ...base, extra: ['--adopt'] });
      expect(await waitStarted(adopted)).toBe('started');
      for (let m = 2; m <= 6; m++) {
        await emu.step(1);
        expect(await waitBarDone(adopted, emu, journal, FROM_MS + m * 60_000)).toBe('done');
      }
      adopted.kill('SIGINT');
      expect(await adopted.exited).toBe(0);

      // While it is stopped, an order with its prefix appears that its journal never sent.
      const j = new Database(journal()!, { readonly: true });
      const runId = JSON.parse(j.query<{ value: string }, []>("SELECT value FROM meta WHERE key = 'session'").get()!.value).runId as string;
      j.close();
      const stray = `${runId}-Z9`;
      const rest = new RestClientV5({ key: KEY, secret: SECRET, baseUrl: emu.url });
      const placed = await rest.submitOrder({
        category: 'linear',
        symbol: 'BTCUSDT',
        side: 'Buy',
        orderType: 'Limit',
        qty: '0.01',
        price: '20000',
        orderLinkId: stray,
      });
      expect(placed.retCode).toBe(0);
      const resumed = startSession(base);
      expect(await waitStarted(resumed)).toBe('started');
      const step = resumed.lines.find((l) => l.type === 'step' && l.step === 'resume');
      expect(String(step?.detail)).toContain(`cancelling our orders the engine no longer tracks: ${stray}`);
      let status = '';
      for (let i = 0; i < 200 && status !== 'Cancelled'; i++) {
        await Bun.sleep(25);
        status = (await emu.state()).accounts[0]!.orders.find((o) => o.orderLinkId === stray)?.orderStatus ?? '';
      }
      expect(status).toBe('Cancelled');
      resumed.kill('SIGINT');
      expect(await resumed.exited).toBe(0);
    } finally {
      await emu.stop();
    }
  }, 300_000);
});
