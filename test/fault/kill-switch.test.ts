// The kill switch and the risk checks of issue 15 item 4 from dist/trade, on the fault harness (a
// paused dist/trade emulator stepped a minute at a time once the session handled the previous one):
// `trade halt` then `trade resume` with no session named (the only running one); max orders per
// minute skipping entries as the backtest does; and a reconcile query that fails, at start (one line
// naming the step, exit non-zero) and mid-session (entries skipped as stale_unreconciled, five such
// minutes move the switch to REDUCING, a person's resume lets entries go again). Every scenario
// also checks the harness's invariants: no orderLinkId twice, every emulator execution journaled
// once, the venue's position and wallet, nothing sent while HALTED.
import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSession } from '../../src/state';
import { sandbox } from '../e2e/cli-harness';
import {
  expectDecisionsAsBacktest,
  KEY,
  NO_VIOLATIONS,
  runScenario,
  type ScenarioResult,
  type ScheduledFault,
  SECRET,
  startEmulator,
  violations,
} from './harness';

const FAST = join(import.meta.dir, 'plays/fast-cross.yml');
const FROM_MS = Date.UTC(2024, 7, 5, 12);
const box = sandbox('trade-fault-kill-switch-');

beforeAll(() => {
  expect(box.run('data', 'import', '--sample', '--db', join(box.dir, 'emu.duckdb')).code).toBe(0);
}, 60_000);
afterAll(() => box.cleanup());

/** fast-cross under another id, with `riskLine` added to its risk block. */
function playVariant(name: string, riskLine: string): string {
  const text = readFileSync(FAST, 'utf8').replace('id: fast-cross', `id: ${name}`).replace('  leverage: 3', `  leverage: 3\n  ${riskLine}`);
  const path = join(box.dir, `${name}.yml`);
  writeFileSync(path, text);
  return path;
}

const scenario = (name: string, play: string, playId: string, minutes: number, faults: ScheduledFault[], extra?: string[]) =>
  runScenario({
    dir: box.dir,
    name,
    emuDb: join(box.dir, 'emu.duckdb'),
    play,
    playId,
    fromMs: FROM_MS,
    minutes,
    faults,
    env: box.env,
    extra,
  });

/** Exit 0, no stderr, and the harness's invariants hold. */
function expectClean(r: ScenarioResult) {
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  const summary = readSession(r.journalPath);
  const v = violations(r.journalPath, r.admin, 10_000, summary.pnlUsdt, summary.position);
  expect({ ...v, walletDiffUsdt: v.walletDiffUsdt <= 1e-8 ? 0 : v.walletDiffUsdt }).toEqual(NO_VIOLATIONS);
  return summary;
}

function query<T>(path: string, sql: string): T[] {
  const j = new Database(path, { readonly: true });
  try {
    return j.query<T, []>(sql).all();
  } finally {
    j.close();
  }
}

const skippedReasons = (path: string) =>
  query<{ json: string }>(path, "SELECT json FROM events WHERE kind = 'skipped' ORDER BY id").map(
    (x) => (JSON.parse(x.json) as { reason: string }).reason,
  );

/** Sends `trade <command> --state <state>` (no session named) and waits for the session to print it. */
function control(command: 'halt' | 'resume', state: string, expected: string): ScheduledFault['apply'] {
  return async ({ session }) => {
    const r = box.run(command, '--state', state);
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    expect(r.out).toContain(`${command} sent to `);
    for (let i = 0; i < 200 && !session.lines.some((l) => l.kind === 'kill_switch' && l.detail === expected); i++) await Bun.sleep(25);
    expect(session.lines.some((l) => l.kind === 'kill_switch' && l.detail === expected)).toBe(true);
  };
}

describe('the kill switch from another terminal', () => {
  test('trade halt (no session named): HALTED, decisions go on but nothing is sent; trade resume: ACTIVE, orders again', async () => {
    const state = join(box.dir, 'state-halt');
    const r = await scenario('halt', FAST, 'fast-cross', 70, [
      { atMinute: 10, apply: control('halt', state, 'halt: HALTED') },
      { atMinute: 40, apply: control('resume', state, 'resume: ACTIVE') },
    ]);
    expectClean(r);
    const ks = query<{ json: string }>(r.journalPath, "SELECT json FROM events WHERE kind = 'kill_switch' ORDER BY id").map(
      (x) => JSON.parse(x.json) as { command: string; state: string; tsMs: number },
    );
    expect(ks.map((k) => [k.command, k.state])).toEqual([
      ['halt', 'HALTED'],
      ['resume', 'ACTIVE'],
    ]);
    // The exec bars closed while halted (minutes 10..39) say so; before and after, ACTIVE.
    const barStates = r.lines.filter((l) => l.type === 'bar').map((l) => [Date.parse(String(l.ts)), l.state] as const);
    const halted = barStates.filter(([, s]) => s === 'HALTED').map(([t]) => t);
    expect(halted).toEqual(Array.from({ length: 30 }, (_, k) => FROM_MS + (10 + k) * 60_000));
    // The rules still decided to act while halted, and nothing was sent then; orders went before and after.
    const acting = query<{ ts_ms: number }>(r.journalPath, "SELECT ts_ms FROM decisions WHERE action != 'none'").map((d) => d.ts_ms);
    expect(acting.filter((t) => halted.includes(t)).length).toBeGreaterThan(0);
    const submits = query<{ ts_ms: number }>(r.journalPath, "SELECT ts_ms FROM commands WHERE kind = 'submit'").map((c) => c.ts_ms);
    const [haltMs, resumeMs] = [ks[0]!.tsMs, ks[1]!.tsMs];
    expect(submits.filter((t) => t >= haltMs && t < resumeMs)).toEqual([]);
    expect(submits.filter((t) => t < haltMs).length).toBeGreaterThan(0);
    expect(submits.filter((t) => t >= resumeMs).length).toBeGreaterThan(0);
  }, 300_000);
});

describe('risk checks', () => {
  test('risk.max_orders_per_minute: 1: entries beyond it are skipped as orders_per_minute, as its backtest does', async () => {
    const play = playVariant('fast-cross-opm', 'max_orders_per_minute: 1');
    const r = await scenario('opm', play, 'fast-cross-opm', 90, []);
    const summary = expectClean(r);
    expect(summary.orders).toBeGreaterThan(0);
    const reasons = skippedReasons(r.journalPath);
    expect(reasons.filter((x) => x === 'orders_per_minute').length).toBeGreaterThan(0);
    // An entry goes only when no other order went in the 60 s of market time before it (exits always go).
    type Submit = { kind: string; order?: { reduceOnly?: boolean } };
    const sent = query<{ ts_ms: number; json: string }>(r.journalPath, 'SELECT ts_ms, json FROM decisions ORDER BY seq').flatMap((d) =>
      (JSON.parse(d.json) as { commands: Submit[] }).commands
        .filter((c) => c.kind === 'submit')
        .map((c) => ({ tsMs: d.ts_ms, entry: c.order?.reduceOnly !== true })),
    );
    expect(sent.filter((x) => x.entry).length).toBeGreaterThan(0);
    sent.forEach((x, i) => {
      if (x.entry) expect({ i, before: sent.slice(0, i).filter((y) => y.tsMs >= x.tsMs - 60_000) }).toEqual({ i, before: [] });
    });
    // The engine applies it in every mode: the backtest of the window makes the same decisions.
    await expectDecisionsAsBacktest(play, r, FROM_MS, FROM_MS + 90 * 60_000, join(box.dir, 'bt-opm'));
  }, 300_000);
});

describe('a failed reconcile query is never read as flat', () => {
  test('at start: HTTP 503 on /v5/position/list stops the start with one line naming the reconcile step', async () => {
    const emu = await startEmulator({
      dir: box.dir,
      db: join(box.dir, 'emu.duckdb'),
      fromIso: new Date(FROM_MS).toISOString(),
      toIso: new Date(FROM_MS + 60 * 60_000).toISOString(),
      env: box.env,
    });
    try {
      await emu.fault({ fault: 'http5xx', share: 1, status: 503, paths: ['/v5/position/list'] });
      const r = box.runEnv(
        { TRADE_DB: join(box.dir, 'run-start-5xx.duckdb'), BYBIT_DEMO_API_KEY: KEY, BYBIT_DEMO_API_SECRET: SECRET },
        'run',
        FAST,
        '--mode',
        'demo',
        '--endpoint',
        emu.url,
        '--state',
        join(box.dir, 'state-start-5xx'),
      );
      expect(r.code).not.toBe(0);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toContain("start-up step 'reconcile' failed");
      expect(r.err).toContain('/v5/position/list');
      expect(r.err).toContain('a failed query is never read as flat');
      expect(r.err).not.toContain('    at ');
      expect(r.out).not.toContain('"type":"start"');
    } finally {
      await emu.stop();
    }
  }, 120_000);

  test('mid-session: entries skipped as stale_unreconciled while it fails; five minutes of it: REDUCING until trade resume', async () => {
    const state = join(box.dir, 'state-mid-5xx');
    /** The private socket dropped (its reconnect asks for a reconcile) while position/list answers 503. */
    const failReconciles: ScheduledFault['apply'] = async ({ emu }) => {
      await emu.fault({ fault: 'http5xx', share: 1, status: 503, paths: ['/v5/position/list'] });
      const st = (await emu.state()) as unknown as { connections: { connId: string; path: string }[] };
      const conn = st.connections.find((c) => c.path === 'private')!;
      await emu.fault({ fault: 'drop', conn: conn.connId });
      return [conn.connId];
    };
    const r = await scenario('mid-5xx', FAST, 'fast-cross', 90, [
      // fast-cross enters at the closes of minutes 31 and 33 of this window (its backtest): the first
      // falls in the four failing minutes before REDUCING, the second after.
      { atMinute: 28, apply: failReconciles, reconnects: true },
      { atMinute: 45, apply: async ({ emu }) => emu.fault({ fault: 'clear' }) },
      { atMinute: 55, apply: control('resume', state, 'resume: ACTIVE') },
    ]);
    expectClean(r);
    const warnings = r.lines.filter((l) => l.type === 'warning' && String(l.message).startsWith('reconcile failed'));
    expect(warnings.length).toBeGreaterThanOrEqual(5);
    expect(String(warnings[0]!.message)).toContain('/v5/position/list');
    // While it failed, no reconcile was reported done (nothing read as flat); once the fault cleared, one was.
    const firstFail = r.lines.indexOf(warnings[0]!);
    const lastFail = r.lines.indexOf(warnings.at(-1)!);
    const reconciled = r.lines.map((l, i) => [l, i] as const).filter(([l]) => l.kind === 'reconciled');
    expect(reconciled.filter(([, i]) => i > firstFail && i < lastFail)).toEqual([]);
    expect(reconciled.some(([, i]) => i > lastFail)).toBe(true);
    const ks = r.lines.filter((l) => l.kind === 'kill_switch').map((l) => l.detail);
    expect(ks).toEqual(['stale data for 5 minutes in a row: REDUCING (exits and protection only)', 'resume: ACTIVE']);
    const bars = r.lines.filter((l) => l.type === 'bar');
    expect(bars.some((l) => l.state === 'REDUCING')).toBe(true);
    const reasons = skippedReasons(r.journalPath);
    expect(reasons).toContain('stale_unreconciled');
    expect(reasons).toContain('reducing_stale_data');
    const stale = query<{ json: string }>(r.journalPath, "SELECT json FROM events WHERE kind = 'kill_switch' ORDER BY id").map(
      (x) => (JSON.parse(x.json) as { command: string }).command,
    );
    expect(stale).toEqual(['reducing_stale_data', 'resume']);
    // After the person's resume, entries are sent again.
    const resumeMs = (
      JSON.parse(
        query<{ json: string }>(r.journalPath, "SELECT json FROM events WHERE kind = 'kill_switch' AND json LIKE '%\"resume\"%'")[0]!.json,
      ) as { tsMs: number }
    ).tsMs;
    const after = query<{ n: number }>(r.journalPath, `SELECT count(*) AS n FROM commands WHERE kind = 'submit' AND ts_ms >= ${resumeMs}`);
    expect(after[0]!.n).toBeGreaterThan(0);
  }, 300_000);
});

describe('the periodic reconcile (issue 15 item 3: on start, after reconnects and every 5 minutes)', () => {
  const reconciles = (lines: Record<string, unknown>[]) => lines.filter((l) => l.kind === 'reconciled').length;
  const connections = (lines: Record<string, unknown>[]) => lines.filter((l) => l.type === 'connection').length;

  test('with no reconnect, a session reconciles once its interval has passed on its clock (--reconcile-every 2), and not before', async () => {
    // Minutes 1-5 are stepped at once; before minute 6 the session's wall clock moves 2.5 s with no
    // bar, so the bar of minute 6 is preceded by a reconcile, with no socket having dropped.
    let before = -1;
    let connectionsBefore = -1;
    const r = await scenario(
      'reconcile-every',
      FAST,
      'fast-cross',
      8,
      [
        {
          atMinute: 6,
          apply: async ({ session }) => {
            await Bun.sleep(2_500);
            before = reconciles(session.lines);
            connectionsBefore = connections(session.lines);
          },
        },
      ],
      ['--reconcile-every', '2'],
    );
    expectClean(r);
    expect(reconciles(r.lines)).toBeGreaterThan(before);
    expect(connections(r.lines)).toBe(connectionsBefore);
  }, 120_000);

  test('the default interval (300 s) does not reconcile within a short session without reconnects', async () => {
    const r = await scenario('reconcile-default', FAST, 'fast-cross', 8, []);
    expectClean(r);
    expect(reconciles(r.lines)).toBe(0);
  }, 120_000);

  test('--reconcile-every takes whole seconds from 1 to 3600: anything else is one line, exit 2', () => {
    for (const bad of ['0', '1.5', '3601', 'x']) {
      const out = box.run('run', FAST, '--mode', 'shadow', '--endpoint', 'http://127.0.0.1:9', '--reconcile-every', bad);
      expect(out.code).toBe(2);
      expect(out.err.trim().split('\n')).toHaveLength(1);
      expect(out.err).toContain(`--reconcile-every '${bad}': expected whole seconds from 1 to 3600`);
    }
  });
});

describe('the daily loss limit counts per UTC day (issue 15 item 4), from the binary', () => {
  // A session from 20:00 to 04:00 UTC crosses midnight. Run A has no limit: from its bar lines (the
  // equity after each exec close) the test computes, independently of the engine, the worst loss
  // within each UTC day (from the day's first exec close) and the worst loss of day 2 measured from
  // day 1's start. A limit between the two must not trip (the days are not summed); a limit below
  // the worst within-day loss trips at the first bar whose within-day loss passes it.
  const FROM = Date.UTC(2024, 7, 5, 20);
  const MINUTES = 480;
  const run = (name: string, riskLine: string) =>
    runScenario({
      dir: box.dir,
      name,
      emuDb: join(box.dir, 'emu.duckdb'),
      play: riskLine ? playVariant(`fast-cross-${name}`, riskLine) : FAST,
      playId: riskLine ? `fast-cross-${name}` : 'fast-cross',
      fromMs: FROM,
      minutes: MINUTES,
      faults: [],
      env: box.env,
    });
  const bars = (lines: Record<string, unknown>[]) =>
    lines
      .filter((l) => l.type === 'bar')
      .map((l) => ({ closeMs: Date.parse(String(l.ts)), equity: Number(l.equityUsdt), state: String(l.state) }));
  const dayOf = (closeMs: number) => Math.floor((closeMs - 1) / 86_400_000);

  test('losses of two days are not summed; the first bar past the limit within a day goes REDUCING', async () => {
    const a = bars((await run('dll-none', '')).lines);
    expect(a.length).toBeGreaterThan(400);
    const days = [...new Set(a.map((b) => dayOf(b.closeMs)))];
    expect(days).toHaveLength(2);
    const start = new Map(days.map((d) => [d, a.find((b) => dayOf(b.closeMs) === d)!.equity]));
    const lossPct = (from: number, eq: number) => ((from - eq) * 100) / from;
    const withinDay = a.map((b) => lossPct(start.get(dayOf(b.closeMs))!, b.equity));
    const worstWithin = Math.max(...withinDay);
    const firstStart = start.get(days[0]!)!;
    const worstAcross = Math.max(...a.map((b) => lossPct(firstStart, b.equity)));
    // The data must separate the two readings for the test to mean anything.
    expect(worstAcross - worstWithin).toBeGreaterThan(0.05);

    const between = (worstWithin + worstAcross) / 2;
    const b = await run('dll-between', `daily_loss_limit_pct: ${between.toFixed(4)}`);
    expect(bars(b.lines).map((x) => x.equity)).toEqual(a.map((x) => x.equity));
    expect(bars(b.lines).some((x) => x.state === 'REDUCING')).toBe(false);

    console.log(
      `daily loss per UTC day: worst within a day ${worstWithin.toFixed(3)} %, day 2 from day 1's start ${worstAcross.toFixed(3)} %; limit ${between.toFixed(3)} % not tripped`,
    );
    const below = worstWithin / 2;
    const c = bars((await run('dll-below', `daily_loss_limit_pct: ${below.toFixed(4)}`)).lines);
    const trip = withinDay.findIndex((x) => x > Number(below.toFixed(4)));
    expect(c.findIndex((x) => x.state === 'REDUCING')).toBe(trip);
  }, 300_000);
});

describe('duplicate bars (issue 11 item 4: a duplicate bar is dropped), from the binary', () => {
  test('every public message sent twice: each confirmed minute is journaled once and the decisions equal the backtest', async () => {
    const minutes = 40;
    const r = await scenario('dup-public', FAST, 'fast-cross', minutes, [
      {
        atMinute: 1,
        apply: async ({ emu }) => {
          await emu.fault({ fault: 'duplicate', public: true });
        },
      },
    ]);
    expectClean(r);
    // The emulator did send the duplicates (klines and tickers, every minute).
    const served = (r.admin as unknown as { faults: { served: { publicDuplicated: number } } }).faults.served.publicDuplicated;
    expect(served).toBeGreaterThanOrEqual(minutes * 5);
    // One journaled bar per minute, each minute once and in order.
    const bars = query<{ ts_ms: number }>(r.journalPath, 'SELECT ts_ms FROM bars WHERE warm = 0 ORDER BY rowid').map((b) => b.ts_ms);
    expect(bars).toEqual(Array.from({ length: minutes }, (_, i) => FROM_MS + i * 60_000));
    expect(r.lines.filter((l) => l.type === 'bar')).toHaveLength(minutes);
    await expectDecisionsAsBacktest(FAST, r, FROM_MS, FROM_MS + minutes * 60_000, join(box.dir, 'bt-dup'));
  }, 300_000);
});
