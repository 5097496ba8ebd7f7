// Reading real session journals (made by startRun against the emulator, session-fixture.ts): the
// summary's fields, the realised PnL against a hand-computed sum of the session's fills and
// against the emulator's own wallet, funding's sign, the orders with their outcomes, the acted
// decisions, the snapshot digest check (a tampered snapshot is reported), and that reading
// writes nothing: the journal's bytes are unchanged and no -wal or -shm file is left behind.
import { Database } from 'bun:sqlite';
import { beforeAll, describe, expect, test } from 'bun:test';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Journal, readSession, readSessionDetail } from '../../../src/state';
import { type Journals, journals, rows } from './session-fixture';

let j: Journals;
beforeAll(async () => {
  j = await journals();
}, 120_000);

const HOUR = (h: number, m = 0) => Date.UTC(2024, 7, 5, h, m);

/** A copy of a real journal, to edit. */
function copyOf(path: string, name: string): string {
  const to = join(j.dir, `${name}.sqlite`);
  copyFileSync(path, to);
  return to;
}

describe('the demo session (14:00–21:00, three ema-cross trades)', () => {
  test('summary: who, state, window, position and counts', () => {
    const s = readSession(j.demo);
    expect(s).toMatchObject({
      play: 'ema-cross',
      mode: 'demo',
      symbol: 'BTCUSDT',
      state: 'stopped',
      stopReason: 'until 2024-08-05T21:00:00.000Z',
      pids: [],
      startMs: HOUR(14),
      lastBarMs: HOUR(20, 59),
      liveBars: 420,
      position: { side: 'long', qty: 0.124 },
      decisions: 28,
      orders: 3,
      fills: 5,
    });
    expect(s.id).toMatch(/^ema-cross-demo-\d{8}T\d{6}Z$/);
    expect(s.warmStartMs).toBeLessThan(HOUR(14));
  });

  test('realised PnL = Σ realised − Σ fees − funding paid: the hand-computed sum and the emulator wallet', () => {
    // The five fills (execution order): buy 0.126 @ 52600.9 fee 3.64524237; TP sell 0.126 @ 54178.9
    // fee 3.75459777 realised 198.828 (= 0.126 × 1578); sell 0.128 @ 53001.1 fee 3.73127744; SL buy
    // 0.128 @ 53796.1 fee 3.78724544 realised −101.76 (= 0.128 × −795); buy 0.124 @ 53918 fee 3.6772076.
    // 198.828 − 101.76 − (3.64524237 + 3.75459777 + 3.73127744 + 3.78724544 + 3.6772076) = 78.47242938
    const s = readSession(j.demo);
    expect(s.grossRealisedUsdt).toBe(97.068);
    expect(s.feesUsdt).toBe(18.59557062);
    expect(s.fundingPaidUsdt).toBe(0);
    expect(s.pnlUsdt).toBe(78.47242938);
    // The emulator's ledger is independent of the journal reader: its last wallet balance.
    const [last] = rows<{ json: string }>(j.demo, "SELECT json FROM events WHERE kind = 'wallet' ORDER BY id DESC LIMIT 1");
    const wallet = JSON.parse(last!.json) as { walletUsdt: number };
    expect(Math.round((wallet.walletUsdt - 10_000) * 1e8)).toBe(7_847_242_938);
  });

  test('orders with outcomes, fills and the decisions that acted', () => {
    const d = readSessionDetail(j.demo);
    const runId = d.runId as string;
    expect(d.orderList.map((o) => [o.clientId, o.side, o.type, o.qty, o.timeInForce, o.status, o.filledQty, o.avgPrice])).toEqual([
      [`${runId}-L1`, 'buy', 'market', 0.126, 'IOC', 'filled', 0.126, 52600.9],
      [`${runId}-S2`, 'sell', 'market', 0.128, 'IOC', 'filled', 0.128, 53001.1],
      [`${runId}-L3`, 'buy', 'market', 0.124, 'IOC', 'filled', 0.124, 53918],
    ]);
    expect(d.fillList.map((f) => [f.clientId, f.source, f.side, f.qty, f.price, f.feeUsdt, f.realisedPnlUsdt])).toEqual([
      [`${runId}-L1`, 'order', 'buy', 0.126, 52600.9, 3.64524237, 0],
      ['', 'take_profit', 'sell', 0.126, 54178.9, 3.75459777, 198.828],
      [`${runId}-S2`, 'order', 'sell', 0.128, 53001.1, 3.73127744, 0],
      ['', 'stop_loss', 'buy', 0.128, 53796.1, 3.78724544, -101.76],
      [`${runId}-L3`, 'order', 'buy', 0.124, 53918, 3.6772076, 0],
    ]);
    expect(d.actedDecisions.map((x) => [x.tsMs, x.action, x.tag, x.orders])).toEqual([
      [HOUR(14, 30), 'enter_long', 'golden', [`${runId}-L1`]],
      [HOUR(19, 45), 'enter_short', 'death', [`${runId}-S2`]],
      [HOUR(20, 30), 'enter_long', 'golden', [`${runId}-L3`]],
    ]);
    expect(d.snapshot).toMatchObject({ barCloseMs: HOUR(21), digestOk: true });
    expect(d.snapshot!.computedDigest).toBe(d.snapshot!.digest);
    expect(d.schemaVersion).toBe(1);
  });

  test('reading writes nothing: same bytes, no -wal or -shm left behind', () => {
    const before = readFileSync(j.demo);
    readSessionDetail(j.demo);
    readSession(j.demo);
    expect(readFileSync(j.demo).equals(before)).toBe(true);
    expect(existsSync(`${j.demo}-wal`)).toBe(false);
    expect(existsSync(`${j.demo}-shm`)).toBe(false);
  });
});

test('the shadow session: the first trade, flat at the end, PnL from its fills', () => {
  const s = readSession(j.shadow);
  expect(s).toMatchObject({ mode: 'shadow', state: 'stopped', startMs: HOUR(14), lastBarMs: HOUR(14, 44), liveBars: 45 });
  expect(s.position).toEqual({ side: 'flat', qty: 0 });
  expect([s.orders, s.fills]).toEqual([1, 2]);
  const fills = rows<{ json: string }>(j.shadow, "SELECT json FROM events WHERE kind = 'fill'").map(
    (r) => JSON.parse(r.json) as { feeUsdt: number; realisedPnlUsdt: number },
  );
  const units = fills.reduce((a, f) => a + Math.round(f.realisedPnlUsdt * 1e8) - Math.round(f.feeUsdt * 1e8), 0);
  expect(s.pnlUsdt).toBe(units / 1e8);
  expect(s.pnlUsdt).toBeGreaterThan(150);
});

test('funding: a payment is subtracted, a receipt added', () => {
  const path = copyOf(j.demo, 'funding');
  const w = Journal.open(path);
  w.event({ seq: 1000, tsMs: HOUR(16), kind: 'funding', rate: 0.0001, paymentUsdt: 0.68 } as never);
  w.event({ seq: 1001, tsMs: HOUR(24), kind: 'funding', rate: -0.0001, paymentUsdt: -0.25 } as never);
  w.close();
  const s = readSession(path);
  expect(s.fundingPaidUsdt).toBe(0.43);
  expect(s.pnlUsdt).toBe(78.04242938);
});

test('a snapshot whose content no longer matches its digest is reported', () => {
  const path = copyOf(j.demo, 'tampered');
  const db = new Database(path);
  db.exec("UPDATE snapshots SET json = json || ' '");
  db.close();
  const d = readSessionDetail(path);
  expect(d.snapshot!.digestOk).toBe(false);
  expect(d.snapshot!.digest).toBe(readSessionDetail(j.demo).snapshot!.digest);
  expect(d.snapshot!.computedDigest).not.toBe(d.snapshot!.digest);
});

test('a journal being written is read through its WAL; its writer makes it running', () => {
  const path = copyOf(j.shadow, 'open');
  const db = new Database(path);
  db.exec("DELETE FROM meta WHERE key = 'stopped'");
  db.close();
  const w = Journal.open(path);
  w.bar({ tsMs: HOUR(14, 45), open: 1, high: 1, low: 1, close: 1, volume: 1 }, Date.now());
  try {
    const s = readSession(path);
    expect(s.lastBarMs).toBe(HOUR(14, 45));
    expect(s.liveBars).toBe(46);
    expect(s.state).toBe('running');
    expect(s.pids).toEqual([process.pid]);
  } finally {
    w.close();
  }
  expect(readSession(path).state).toBe('unclean');
});
