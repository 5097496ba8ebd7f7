// Restarting a session from dist/trade against a paused dist/trade emulator (issue 15 items 2 and 3):
// - resume after Ctrl-C reconciles every open order of the account, normal and conditional
//   (orderFilter Order and StopOrder), following nextPageCursor: 51 resting limit orders (two pages
//   of Bybit's 50) and one untriggered conditional order carrying the session's prefix, placed while
//   it was stopped, are all found and cancelled;
// - `--new-session` after Ctrl-C starts another session: a second journal, a new session id and
//   order-id prefix, no resume step, the stopped journal left as it was.
import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RestClientV5 } from 'bybit-api';
import { sandbox } from '../e2e/cli-harness';
import { journalIn, KEY, SECRET, type SessionProcess, startEmulator, startSession, waitBarDone, waitStarted } from './harness';

const FAST = join(import.meta.dir, 'plays/fast-cross.yml');
const FROM_MS = Date.UTC(2024, 7, 5, 12);
const END_MS = FROM_MS + 60 * 60_000;
const box = sandbox('trade-fault-restart-');

beforeAll(() => {
  expect(box.run('data', 'import', '--sample', '--db', join(box.dir, 'emu.duckdb')).code).toBe(0);
}, 60_000);
afterAll(() => box.cleanup());

function meta(path: string): { id: string; runId: string; stopped: { reason: string } | undefined; bars: number } {
  const j = new Database(path, { readonly: true });
  try {
    const get = (k: string) => j.query<{ value: string }, [string]>('SELECT value FROM meta WHERE key = ?').get(k)?.value;
    const s = JSON.parse(get('session')!) as { id: string; runId: string };
    const stopped = get('stopped');
    const bars = j.query<{ n: number }, []>('SELECT count(*) AS n FROM bars WHERE warm = 0').get()!.n;
    return { id: s.id, runId: s.runId, stopped: stopped ? JSON.parse(stopped) : undefined, bars };
  } finally {
    j.close();
  }
}

/** Places an order, waiting out the emulator's 10 creates a second (10006), a bounded number of times. */
async function place(rest: RestClientV5, order: Parameters<RestClientV5['submitOrder']>[0]): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const r = await rest.submitOrder(order);
    if (r.retCode === 0) return;
    if (r.retCode !== 10006) throw new Error(`placing ${order.orderLinkId}: ${r.retCode} ${r.retMsg}`);
    await Bun.sleep(120);
  }
  throw new Error(`placing ${order.orderLinkId}: still rate limited`);
}

test('resume reconciles both order kinds over pages; --new-session starts a second journal with a new id, no resume', async () => {
  const emu = await startEmulator({
    dir: box.dir,
    db: join(box.dir, 'emu.duckdb'),
    fromIso: new Date(FROM_MS).toISOString(),
    toIso: new Date(END_MS).toISOString(),
    env: box.env,
  });
  const stateDir = join(box.dir, 'state');
  const journal = () => journalIn(stateDir, 'fast-cross');
  const base = {
    dir: box.dir,
    play: FAST,
    url: emu.url,
    stateDir,
    db: join(box.dir, 'run.duckdb'),
    untilIso: new Date(END_MS).toISOString(),
    env: box.env,
  };
  let minute = 0;
  const steps = async (s: SessionProcess, n: number) => {
    for (let k = 0; k < n; k++) {
      await emu.step(1);
      minute++;
      expect(await waitBarDone(s, emu, journal, FROM_MS + minute * 60_000)).toBe('done');
    }
  };
  const interrupt = async (s: SessionProcess) => {
    s.kill('SIGINT');
    expect({ code: await s.exited, err: await s.stderr() }).toEqual({ code: 0, err: '' });
  };
  try {
    const first = startSession(base);
    expect(await waitStarted(first)).toBe('started');
    await steps(first, 3);
    await interrupt(first);
    const firstPath = journal()!;
    const s1 = meta(firstPath);

    // While it is stopped: 51 resting limit orders and one conditional order with its prefix.
    const rest = new RestClientV5({ key: KEY, secret: SECRET, baseUrl: emu.url });
    const L = { category: 'linear', symbol: 'BTCUSDT', qty: '0.001' } as const;
    const limits = Array.from({ length: 51 }, (_, k) => `${s1.runId}-Z${k + 1}`);
    for (const id of limits) await place(rest, { ...L, side: 'Buy', orderType: 'Limit', price: '20000', orderLinkId: id });
    const conditional = `${s1.runId}-Z99`;
    await place(rest, { ...L, side: 'Buy', orderType: 'Market', triggerPrice: '90000', triggerDirection: 1, orderLinkId: conditional });
    const open = (await emu.state()).accounts[0]!.orders.filter((o) => o.orderStatus === 'New' || o.orderStatus === 'Untriggered');
    expect(open.length).toBe(52);

    const resumed = startSession(base);
    expect(await waitStarted(resumed)).toBe('started');
    const detail = String(resumed.lines.find((l) => l.type === 'step' && l.step === 'resume')?.detail);
    const listed = detail.split('cancelling our orders the engine no longer tracks: ')[1]?.split(/[ ,]+/) ?? [];
    expect(listed.sort()).toEqual([...limits, conditional].sort());
    let left: string[] = [];
    for (let i = 0; i < 400; i++) {
      const orders = (await emu.state()).accounts[0]!.orders;
      // Bybit's status of a cancelled untriggered conditional order is Deactivated.
      const ended = (o: { orderLinkId: string; orderStatus: string }) =>
        o.orderStatus === (o.orderLinkId === conditional ? 'Deactivated' : 'Cancelled');
      left = orders.filter((o) => o.orderLinkId.includes('-Z') && !ended(o)).map((o) => o.orderLinkId);
      if (left.length === 0) break;
      await Bun.sleep(25);
    }
    expect(left).toEqual([]);
    await steps(resumed, 2);
    await interrupt(resumed);
    const before = meta(firstPath);
    expect([before.id, before.stopped?.reason, before.bars]).toEqual([s1.id, 'interrupted', 5]);

    // --new-session: another journal, id and prefix; the stopped one is left as it was.
    const fresh = startSession({ ...base, extra: ['--new-session'] });
    expect(await waitStarted(fresh)).toBe('started');
    expect(fresh.lines.filter((l) => l.type === 'step').map((l) => l.step)).not.toContain('resume');
    const files = readdirSync(join(stateDir, 'fast-cross')).filter((f) => f.endsWith('.sqlite'));
    expect(files).toHaveLength(2);
    const secondPath = journal()!;
    expect(secondPath).not.toBe(firstPath);
    await steps(fresh, 2);
    await interrupt(fresh);
    const s2 = meta(secondPath);
    expect(s2.id).not.toBe(s1.id);
    expect(s2.runId).not.toBe(s1.runId);
    expect(s2.bars).toBe(2);
    expect(fresh.lines.find((l) => l.type === 'start')?.session).toBe(s2.id);
    expect(meta(firstPath)).toEqual(before);
  } finally {
    await emu.stop();
  }
}, 300_000);
