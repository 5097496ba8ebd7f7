// Resume (issue 15 item 2) in lockstep against the in-process emulator: a demo ema-cross session
// over the replayed 2024-08-05 is stopped (Ctrl-C) at several minutes, holding a position with
// TP/SL among them, and `trade run` with the same Play, mode and symbol resumes it each time from
// its journal. The whole session, across the restarts, must decide exactly as one backtest of its
// window, replay identical, send no orderLinkId twice, hold every emulator execution in its journal
// once, and end with the emulator's position and wallet.
import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { join } from 'node:path';
import { importSample, Store } from '../../src/data';
import { startEmulator } from '../../src/emulator';
import { readSession } from '../../src/state';
import { replay, type SessionLine, startRun } from '../../src/tools';
import { tempDir } from '../unit/data/helpers';
import { backtestOfSession, KEY, SECRET } from './lockstep';

const ROOT = join(import.meta.dir, '../..');
const PLAY = join(ROOT, 'plays/ema-cross.yml');
const DAY = Date.UTC(2024, 7, 5);
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

interface AdminState {
  accounts: {
    state: { walletUsdt: number };
    orders: { orderLinkId: string }[];
    executions: { execId: string; execType: string }[];
    position: { side: string; size: string };
  }[];
}

test('a demo session stopped at five minutes and resumed each time equals one uninterrupted backtest', async () => {
  const minutes = 1440;
  const endMs = DAY + minutes * 60_000;
  // 14:16 and 15:31 hold a position with TP/SL (the first trade opens at 14:15).
  const stops = [DAY + 300 * 60_000, DAY + 856 * 60_000, DAY + 931 * 60_000, DAY + 1100 * 60_000, DAY + 1250 * 60_000];
  const emu = await startEmulator({
    store: emuStore,
    accounts: [{ key: KEY, secret: SECRET, balanceUsdt: 10_000 }],
    replay: { symbol: 'BTCUSDT', fromMs: DAY, toMs: endMs, speed: 0, decisionMs: 0 },
    admin: true,
  });
  const lines: SessionLine[] = [];
  const dbPath = join(tmp.dir, 'run.duckdb');
  let journalPath = '';
  let started = false;
  let admin: AdminState;
  try {
    for (let k = 0; k <= stops.length; k++) {
      const stopAt = stops[k];
      const handle = startRun({
        playPath: PLAY,
        dbPath,
        mode: 'demo',
        endpoint: emu.url,
        stateDir: join(tmp.dir, 'state'),
        until: new Date(endMs).toISOString(),
        env: { BYBIT_DEMO_API_KEY: KEY, BYBIT_DEMO_API_SECRET: SECRET },
        nowMs: () => Date.now(),
        print: (l) => {
          lines.push(l);
          if (l.type === 'start' && !started) {
            started = true;
            emu.replay?.step(1);
          } else if (l.type === 'start') emu.replay?.step(1);
        },
        onBarDone: (tsMs) => {
          if (stopAt !== undefined && tsMs + 60_000 >= stopAt) handle.session.stop('interrupted');
          else if (tsMs + 60_000 < endMs) setTimeout(() => emu.replay?.step(1), 0);
        },
      });
      if (k > 0) expect(handle.journalPath).toBe(journalPath);
      journalPath = handle.journalPath;
      const summary = await handle.done;
      expect(summary.reason).toBe(stopAt === undefined ? `until ${new Date(endMs).toISOString()}` : 'interrupted');
    }
    admin = ((await (await fetch(`${emu.url}/admin/state`)).json()) as { result: AdminState }).result;
  } finally {
    await emu.stop();
  }
  const resumes = lines.filter((l) => l.type === 'step' && (l as { step: string }).step === 'resume');
  expect(resumes.length).toBe(stops.length);
  for (const r of resumes) expect((r as { detail: string }).detail).toContain('digest ok');

  const j = new Database(journalPath, { readonly: true });
  const meta = JSON.parse(j.query<{ value: string }, []>("SELECT value FROM meta WHERE key = 'session'").get()!.value);
  const live = j
    .query<{ json: string }, []>('SELECT json FROM decisions ORDER BY seq')
    .all()
    .map((r) => JSON.parse(r.json));
  const liveBars = j.query<{ n: number }, []>('SELECT count(*) AS n FROM bars WHERE warm = 0').get()!.n;
  const submits = j.query<{ client_id: string }, []>("SELECT client_id FROM commands WHERE kind = 'submit'").all();
  const execIds = j.query<{ exec_id: string }, []>("SELECT exec_id FROM events WHERE kind = 'fill'").all();
  j.close();
  expect(liveBars).toBe(minutes);
  const bt = await backtestOfSession(PLAY, dbPath, DAY, endMs, meta.runId, join(tmp.dir, 'bt'));
  expect(live.length).toBe(bt.length);
  for (let i = 0; i < bt.length; i++) if (!Bun.deepEquals(live[i], bt[i])) expect({ i, d: live[i] }).toEqual({ i, d: bt[i] });
  expect(submits.length).toBeGreaterThanOrEqual(3);
  expect(new Set(submits.map((s) => s.client_id)).size).toBe(submits.length);
  const r = replay({ ref: journalPath });
  expect({ identical: r.identical, divergence: r.divergence }).toEqual({ identical: true, divergence: undefined });
  expect(r.recorded).toEqual({ checked: true, identical: true, divergence: undefined });
  expect(execIds.length).toBe(r.fills);
  // The exchange's side: one order per orderLinkId, each execution journaled once, same position and wallet.
  const acct = admin.accounts[0]!;
  const links = acct.orders.map((o) => o.orderLinkId).filter((l) => l !== '');
  expect(new Set(links).size).toBe(links.length);
  expect(links.sort()).toEqual(submits.map((s) => s.client_id).sort());
  const trades = acct.executions.filter((x) => x.execType === 'Trade').map((x) => x.execId);
  expect(execIds.map((e) => e.exec_id).sort()).toEqual(trades.sort());
  const summary = readSession(journalPath);
  expect(summary.position).toEqual({
    side: acct.position.side === '' ? 'flat' : acct.position.side === 'Sell' ? 'short' : 'long',
    qty: Number(acct.position.size),
  });
  expect(Math.abs(10_000 + summary.pnlUsdt - acct.state.walletUsdt)).toBeLessThanOrEqual(1e-8);
}, 300_000);
