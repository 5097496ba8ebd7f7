// Order outcomes that the replayed ema-cross sessions never produce (they fill every market order),
// written through the Journal's own API in the shapes the venues emit (engine/ports.ts): a
// reject with its code, a partial fill then a cancel (average price weighted by qty), a plain
// cancel, an expiry, an order still working, and one with no answer journaled (in doubt).
import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal, readSession, readSessionDetail } from '../../../src/state';

const dir = mkdtempSync(join(tmpdir(), 'trade-order-outcomes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('each order gets the furthest outcome its events reached', () => {
  const path = join(dir, 'x', 'x-demo-20240805T000000Z.sqlite');
  const j = Journal.open(path);
  const submit = (clientId: string, extra: Record<string, unknown> = {}) =>
    j.command(1000, {
      kind: 'submit',
      order: { clientId, side: 'buy', type: 'limit', qty: 0.1, price: 50_000, reduceOnly: false, timeInForce: 'GTC', ...extra },
    } as never);
  let seq = 0;
  const ev = (e: Record<string, unknown>) => j.event({ seq: ++seq, tsMs: 2000 + seq, ...e } as never);
  submit('r-A');
  ev({ kind: 'rejected', clientId: 'r-A', code: 110007, reason: 'ab not enough for new order', retryable: false });
  submit('r-B');
  ev({ kind: 'accepted', clientId: 'r-B', venueOrderId: 'v2' });
  ev({
    kind: 'fill',
    execId: 'e1',
    clientId: 'r-B',
    source: 'order',
    side: 'buy',
    qty: 0.03,
    cumQty: 0.03,
    leavesQty: 0.07,
    price: 50_000,
    feeUsdt: 0.3,
    realisedPnlUsdt: 0,
    isMaker: true,
    ambiguous: false,
  });
  ev({
    kind: 'fill',
    execId: 'e2',
    clientId: 'r-B',
    source: 'order',
    side: 'buy',
    qty: 0.01,
    cumQty: 0.04,
    leavesQty: 0.06,
    price: 49_000,
    feeUsdt: 0.098,
    realisedPnlUsdt: 0,
    isMaker: true,
    ambiguous: false,
  });
  ev({ kind: 'cancelled', clientId: 'r-B', leavesQty: 0.06, reason: 'engine cancel' });
  submit('r-C');
  ev({ kind: 'accepted', clientId: 'r-C', venueOrderId: 'v3' });
  ev({ kind: 'cancelled', clientId: 'r-C', leavesQty: 0.1, reason: 'EC_PostOnlyWillTakeLiquidity' });
  submit('r-D', { type: 'market', price: undefined, timeInForce: 'IOC' });
  ev({ kind: 'accepted', clientId: 'r-D', venueOrderId: 'v4' });
  ev({ kind: 'expired', clientId: 'r-D' });
  submit('r-E', { reduceOnly: true });
  ev({ kind: 'accepted', clientId: 'r-E', venueOrderId: 'v5' });
  submit('r-F');
  j.close();

  const d = readSessionDetail(path);
  expect(d.orderList.map((o) => [o.clientId, o.status, o.rejectCode, o.reason, o.filledQty, o.avgPrice])).toEqual([
    ['r-A', 'rejected', 110007, 'ab not enough for new order', 0, null],
    // (0.03 × 50000 + 0.01 × 49000) / 0.04 = 49750
    ['r-B', 'partially_filled', null, 'engine cancel', 0.04, 49_750],
    ['r-C', 'cancelled', null, 'EC_PostOnlyWillTakeLiquidity', 0, null],
    ['r-D', 'expired', null, null, 0, null],
    ['r-E', 'accepted', null, null, 0, null],
    ['r-F', 'sent', null, null, 0, null],
  ]);
  expect(d.orderList.map((o) => [o.type, o.price, o.timeInForce, o.reduceOnly])).toEqual([
    ['limit', 50_000, 'GTC', false],
    ['limit', 50_000, 'GTC', false],
    ['limit', 50_000, 'GTC', false],
    ['market', null, 'IOC', false],
    ['limit', 50_000, 'GTC', true],
    ['limit', 50_000, 'GTC', false],
  ]);
  // Started journaling but never finished the warm-up: no session record, no stop record.
  const s = readSession(path);
  expect([s.id, s.play, s.mode, s.symbol, s.startMs, s.lastBarMs]).toEqual(['x-demo-20240805T000000Z', 'x', null, null, null, null]);
  expect([s.orders, s.fills, s.feesUsdt, s.pnlUsdt, s.position.side]).toEqual([6, 2, 0.398, -0.398, 'flat']);
  expect(s.state).toBe('unclean');
});
