// Fault suite, `kill -9` (issue 15 items 2 and 5): a demo session of the fast-cross Play from
// dist/trade against a paused `trade emulator` process is killed with SIGKILL at 30 seeded
// instants: 10 right after a bar's commands were committed to the journal and before they were sent
// (TRADE_FAULT_CRASH=journaled:N), 10 after an order create was answered and before the answer was
// handled (sent:N), and 10 from outside a few milliseconds after a minute was stepped. Each time
// `trade run` with the same Play resumes it. At the end: no orderLinkId used for two orders, every
// emulator execution in the journal exactly once, the emulator's position and wallet (1e-8), the
// same decisions as one backtest of the window (as if it never crashed), and `trade replay` identical.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { join } from 'node:path';
import { readSession } from '../../src/state';
import { sandbox } from '../e2e/cli-harness';
import { backtestOfSession } from '../integration/lockstep';
import {
  type EmulatorProcess,
  journalIn,
  NO_VIOLATIONS,
  type SessionProcess,
  seeded,
  startEmulator,
  startSession,
  violations,
  waitBarDone,
  waitStarted,
} from './harness';

const PLAY = join(import.meta.dir, 'plays/fast-cross.yml');
const FROM_MS = Date.UTC(2024, 7, 5, 12);
const MINUTES = 360;
const END_MS = FROM_MS + MINUTES * 60_000;
const box = sandbox('trade-fault-kill9-');
let emu: EmulatorProcess;

beforeAll(async () => {
  expect(box.run('data', 'import', '--sample', '--db', join(box.dir, 'emu.duckdb')).code).toBe(0);
  emu = await startEmulator({
    dir: box.dir,
    db: join(box.dir, 'emu.duckdb'),
    fromIso: new Date(FROM_MS).toISOString(),
    toIso: new Date(END_MS).toISOString(),
    env: box.env,
  });
}, 60_000);
afterAll(async () => {
  await emu?.stop();
  box.cleanup();
});

type Crash = { kind: 'journaled' | 'sent'; nth: number } | { kind: 'outside'; afterMinutes: number; delayMs: number };

test('30 seeded kill -9 instants, each resumed: no order twice, no fill lost, the venue position and wallet, the same decisions', async () => {
  const rand = seeded(20241205);
  const plan: Crash[] = [];
  for (let i = 0; i < 30; i++) {
    const k = i % 3;
    if (k === 0) plan.push({ kind: 'journaled', nth: 1 + Math.floor(rand() * 2) });
    else if (k === 1) plan.push({ kind: 'sent', nth: 1 + Math.floor(rand() * 2) });
    else plan.push({ kind: 'outside', afterMinutes: 2 + Math.floor(rand() * 12), delayMs: Math.floor(rand() * 15) });
  }
  const stateDir = join(box.dir, 'state');
  const journal = () => journalIn(stateDir, 'fast-cross');
  const db = join(box.dir, 'run.duckdb');
  let stepped = 0; // minutes confirmed by the emulator
  let crashes = 0;
  let resumes = 0;
  const run = (crash: Crash | undefined): SessionProcess =>
    startSession({
      dir: box.dir,
      play: PLAY,
      url: emu.url,
      stateDir,
      db,
      untilIso: new Date(END_MS).toISOString(),
      env: { ...box.env, ...(crash && crash.kind !== 'outside' ? { TRADE_FAULT_CRASH: `${crash.kind}:${crash.nth}` } : {}) },
    });
  let last: SessionProcess | undefined;
  while (stepped < MINUTES) {
    const crash = plan.shift();
    const s = run(crash);
    last = s;
    if ((await waitStarted(s)) === 'dead') {
      crashes++;
      continue;
    }
    if (s.lines.some((l) => l.type === 'step' && l.step === 'resume')) resumes++;
    // A resumed session first decides the minutes that closed while it was down.
    if (stepped > 0 && (await waitBarDone(s, emu, journal, FROM_MS + stepped * 60_000)) === 'dead') {
      crashes++;
      continue;
    }
    let outsideAt = crash?.kind === 'outside' ? stepped + crash.afterMinutes : Number.POSITIVE_INFINITY;
    while (stepped < MINUTES) {
      await emu.step(1);
      stepped++;
      if (stepped >= outsideAt && crash?.kind === 'outside') {
        await Bun.sleep(crash.delayMs);
        s.kill('SIGKILL');
        await s.exited;
        outsideAt = Number.POSITIVE_INFINITY;
        break;
      }
      if ((await waitBarDone(s, emu, journal, FROM_MS + stepped * 60_000)) === 'dead') break;
    }
    if (s.code() === undefined && stepped >= MINUTES) break;
    await s.exited;
    if (s.code() !== 0) crashes++;
  }
  const code = await last!.exited;
  expect({ code, err: code === 0 ? '' : await last!.stderr() }).toEqual({ code: 0, err: '' });
  expect(plan).toEqual([]);
  expect(crashes).toBe(30);
  expect(resumes).toBeGreaterThanOrEqual(30);

  const path = journal()!;
  const summary = readSession(path);
  expect(summary.liveBars).toBe(MINUTES);
  const st = await emu.state();
  const v = violations(path, st, 10_000, summary.pnlUsdt, summary.position);
  expect({ ...v, walletDiffUsdt: v.walletDiffUsdt <= 1e-8 ? 0 : v.walletDiffUsdt }).toEqual(NO_VIOLATIONS);
  expect(summary.orders).toBeGreaterThanOrEqual(20);
  // The same decisions as without the crashes: one backtest of the window on the bars it stored.
  const live = (await import('bun:sqlite')).Database;
  const j = new live(path, { readonly: true });
  const runId = JSON.parse(j.query<{ value: string }, []>("SELECT value FROM meta WHERE key = 'session'").get()!.value).runId;
  const decisions = j
    .query<{ json: string }, []>('SELECT json FROM decisions ORDER BY seq')
    .all()
    .map((r) => JSON.parse(r.json));
  j.close();
  const bt = await backtestOfSession(PLAY, db, FROM_MS, END_MS, runId, join(box.dir, 'bt'));
  expect(decisions.length).toBe(bt.length);
  for (let i = 0; i < bt.length; i++) if (!Bun.deepEquals(decisions[i], bt[i])) expect({ i, d: decisions[i] }).toEqual({ i, d: bt[i] });
  const rep = box.run('replay', path);
  expect({ code: rep.code, out: rep.out.split(':')[0] }).toEqual({ code: 0, out: 'identical' });
  console.log(
    `kill -9: ${crashes} crashes, ${resumes} resumes, ${summary.orders} orders, ${summary.fills} fills, ${decisions.length} decisions; violations 0`,
  );
}, 600_000);
