// The journal feed against a real journal written through Journal (as a session writes it): the
// session, the market-data record, a fill and the position, the kill switch, the features of the
// last decision, the equity at each bar's close, and the log lines in the words `trade run`
// prints; running while a connection holds the journal, stopped after its stop record. Reading
// leaves the journal's bytes unchanged.
import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../../../src/state';
import { DashboardStore, JournalFeed } from '../../../src/tui';

const dir = mkdtempSync(join(tmpdir(), 'trade-tui-feed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2024, 7, 5, 12);
const WALL = Date.UTC(2026, 0, 1);
const bar = (i: number, close: number) => ({ tsMs: T0 + i * 60_000, open: close, high: close, low: close, close, volume: 1 });

test('a session journal folds into the dashboard state and log', () => {
  const path = join(dir, 'fast-cross-demo-x.sqlite');
  const j = Journal.open(path);
  j.setMeta('session', JSON.stringify({ id: 'fast-cross-demo-x', mode: 'demo', play: 'fast-cross', symbol: 'BTCUSDT', runId: 'r1' }));
  j.setMeta('play', JSON.stringify({ file: 'p.yml', hash: 'h', source: 'risk:\n  daily_loss_limit_pct: 2\n' }));
  j.setMeta('start_account', JSON.stringify({ walletUsdt: 10_000 }));
  j.bar(bar(0, 50_000), WALL + 60_000);
  j.decision({
    seq: 1,
    tsMs: T0 + 60_000,
    action: 'enter_long',
    caseIndex: 0,
    tag: '',
    inputs: { 'exec:ema_fast.value': 50_010.5, side: 0 },
  } as never);
  j.command(WALL + 60_010, {
    kind: 'submit',
    order: {
      clientId: 'r1-L1',
      side: 'buy',
      type: 'market',
      qty: 0.1,
      reduceOnly: false,
      timeInForce: 'IOC',
      stopLoss: 49_000,
      trailingDistance: 50,
    },
  } as never);
  j.event({
    seq: 1,
    tsMs: WALL + 60_020,
    kind: 'fill',
    execId: 'e1',
    clientId: 'r1-L1',
    source: 'order',
    side: 'buy',
    qty: 0.1,
    price: 50_000,
    feeUsdt: 2.75,
    realisedPnlUsdt: 0,
  });
  j.event({ seq: 2, tsMs: WALL + 60_021, kind: 'wallet', walletUsdt: 9_997.25, availableUsdt: 9_000 });
  j.event({
    seq: 3,
    tsMs: WALL + 60_022,
    kind: 'position',
    position: { side: 'long', qty: 0.1, entryPrice: 50_000, unrealizedPnlUsdt: 0, liqPrice: 33_000 },
  });
  j.bar(bar(1, 50_100), WALL + 120_000);
  j.event({ seq: 0, tsMs: WALL + 125_000, kind: 'kill_switch', command: 'halt', state: 'HALTED' });
  j.setMeta(
    'realtime',
    JSON.stringify({
      atMs: WALL + 125_000,
      connection: 'up',
      lastBarRecvMs: WALL + 120_000,
      lastTickerMs: WALL + 124_000,
      lastPrice: 50_200,
      reconnects: 1,
      state: 'HALTED',
    }),
  );
  j.snapshot(T0 + 120_000, { engine: { orders: [], protection: { stopLoss: 49_000 }, dailyLoss: { startEquityUsdt: 10_000 } } });

  const store = new DashboardStore(0);
  const feed = new JournalFeed({ path, store, log: true, inProcess: false });
  feed.poll();
  const s = store.state;
  expect(s.phase).toBe('running'); // this test's own connection holds the journal
  expect(s.pids).toContain(process.pid);
  expect(s.session).toEqual({ id: 'fast-cross-demo-x', mode: 'demo', play: 'fast-cross', symbol: 'BTCUSDT' });
  expect([s.connection, s.reconnects, s.lastTickerMs, s.markPrice]).toEqual(['up', 1, WALL + 124_000, 50_200]);
  expect([s.kill, s.killWhy]).toEqual(['HALTED', 'halt']);
  expect(s.position).toEqual({ side: 'long', qty: 0.1, entryPrice: 50_000, liqPrice: 33_000, unrealisedUsdt: 20 });
  expect(s.protection).toEqual({ takeProfit: undefined, stopLoss: 49_000, trailingDistance: 50 });
  expect(s.features).toEqual([
    { name: 'exec:ema_fast', value: 50_010.5 },
    { name: 'side', value: 0 },
  ]);
  // Bar 0 closes before the fill (wallet 10000, flat); bar 1 after it (9997.25 + 0.1 × 100).
  expect(s.equityCurve).toEqual([10_000, 9_997.25 + 0.1 * 100]);
  expect(s.equityUsdt).toBeCloseTo(9_997.25 + 20, 8);
  expect(s.todayPnlUsdt).toBeCloseTo(17.25, 8);
  expect([s.dailyLossLimitPct, s.dailyLossLimitUsdt]).toEqual([2, 200]);
  expect(store.log.map((l) => l.text)).toEqual([
    '2024-08-05T12:01:00.000Z decision enter_long case 0',
    '2026-01-01T00:01:00.010Z order submit r1-L1 buy market 0.1 IOC sl 49000',
    '2026-01-01T00:01:00.020Z fill r1-L1 buy 0.1 @ 50000 fee 2.75',
    '2026-01-01T00:02:05.000Z connection reconnected (1 since the start)',
    '2026-01-01T00:02:05.000Z kill_switch halt: HALTED',
  ]);

  // Nothing new: no log line, no emit.
  let emits = 0;
  store.subscribe(() => emits++);
  feed.poll();
  expect([store.log.length, emits]).toEqual([5, 0]);

  j.setMeta('stopped', JSON.stringify({ reason: '2 bars', lastBarMs: T0 + 60_000 }));
  j.close();
  feed.poll();
  expect([store.state.phase, store.state.stopReason]).toEqual(['stopped', '2 bars']);
});

test('a journal nobody holds and without a stop record is unclean; a missing one is tried again', () => {
  const store = new DashboardStore(0);
  const missing = new JournalFeed({ path: join(dir, 'nope.sqlite'), store, log: true, inProcess: false });
  missing.poll();
  expect(missing.lastError).toContain('nope.sqlite');
  expect(store.state.phase).toBe('connecting');
  const path = join(dir, 'killed.sqlite');
  const j = Journal.open(path);
  j.setMeta('session', JSON.stringify({ id: 'killed', mode: 'shadow', play: 'p', symbol: 'BTCUSDT', runId: 'r2' }));
  j.close();
  new JournalFeed({ path, store, log: false, inProcess: false }).poll();
  expect(store.state.phase).toBe('unclean');
});
