// Issue 14 item 4 from dist/trade: the rate limiter follows Bybit's X-Bapi-Limit* headers. The
// emulator runs with --rate-limit-scale 0.1, so order/create has a budget of one request per
// rolling second; fast-cross with a wide stop reverses often, and a reversal sends its close and its
// entry in the same minute. The create that takes the last slot is answered with
// X-Bapi-Limit-Status 0 and a reset stamp of "now" (bybit-v5.md §3), so the session must wait a
// whole window before the entry: the emulator refuses no create (no 10006), every order is created
// once, and the decisions equal the backtest's. The harness's invariants hold as in every scenario.
import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSession } from '../../src/state';
import { sandbox } from '../e2e/cli-harness';
import { expectDecisionsAsBacktest, NO_VIOLATIONS, runScenario, violations } from './harness';

const FAST = join(import.meta.dir, 'plays/fast-cross.yml');
const FROM_MS = Date.UTC(2024, 7, 5, 12);
const MINUTES = 90;
const box = sandbox('trade-fault-rate-limit-');

beforeAll(() => {
  expect(box.run('data', 'import', '--sample', '--db', join(box.dir, 'emu.duckdb')).code).toBe(0);
}, 60_000);
afterAll(() => box.cleanup());

test('one create per rolling second: a reversal’s entry waits for the window the close used up; nothing refused, nothing doubled', async () => {
  // A 5% stop (TP 7.5%) leaves the reversals to the rules, so closes and entries share minutes.
  const play = join(box.dir, 'fast-cross-rl.yml');
  writeFileSync(play, readFileSync(FAST, 'utf8').replace('id: fast-cross', 'id: fast-cross-rl').replace('pct: 0.3', 'pct: 5'));
  const r = await runScenario({
    dir: box.dir,
    name: 'rl',
    emuDb: join(box.dir, 'emu.duckdb'),
    play,
    playId: 'fast-cross-rl',
    fromMs: FROM_MS,
    minutes: MINUTES,
    faults: [],
    env: box.env,
    emulatorExtra: ['--rate-limit-scale', '0.1'],
  });
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  const summary = readSession(r.journalPath);
  const v = violations(r.journalPath, r.admin, 10_000, summary.pnlUsdt, summary.position);
  expect({ ...v, walletDiffUsdt: v.walletDiffUsdt <= 1e-8 ? 0 : v.walletDiffUsdt }).toEqual(NO_VIOLATIONS);

  // Minutes whose decision sent two orders (a reversal: the close, then the entry).
  const j = new Database(r.journalPath, { readonly: true });
  const submitsPerDecision = j
    .query<{ json: string }, []>('SELECT json FROM decisions ORDER BY seq')
    .all()
    .map((d) => (JSON.parse(d.json) as { commands: { kind: string }[] }).commands.filter((c) => c.kind === 'submit').length);
  const submitted = j.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM commands WHERE kind = 'submit'").get()!.n;
  j.close();
  expect(submitsPerDecision.filter((n) => n >= 2).length).toBeGreaterThanOrEqual(3);

  // The budget the emulator enforced, and what it refused: nothing.
  expect(r.admin.rateLimit.windowMs).toBe(1_000);
  expect(r.admin.rateLimit.refused).toEqual({});
  // Each order was created once (an in-doubt resend would show as a second create).
  expect(r.admin.rateLimit.admitted['/v5/order/create']).toBe(submitted);
  expect(r.admin.accounts[0]!.orders.length).toBe(submitted);

  // Waiting changed no decision.
  await expectDecisionsAsBacktest(play, r, FROM_MS, FROM_MS + MINUTES * 60_000, join(box.dir, 'bt'));
}, 600_000);
