// BybitVenue against the loopback emulator through the real bybit-api clients: a market entry
// (accepted, then a fill equal to the emulator's execution, then position and wallet), a resting
// limit order cancelled (cancelled with its leavesQty), a definite reject, the instrument read at
// start-up, and the setup helpers (isolated margin, leverage, 110043 fine).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type OrderRequest, OrderTracker } from '../../../src/engine';
import { CLOCK_MS, ofKind, type VenueRig, venueRig } from './venue-helpers';

let v: VenueRig;

beforeAll(async () => {
  v = await venueRig();
}, 30_000);
afterAll(async () => {
  await v?.close();
});

const order = (o: Partial<OrderRequest> & { clientId: string }): OrderRequest => ({
  side: 'buy',
  type: 'market',
  qty: 0.01,
  reduceOnly: false,
  timeInForce: 'GTC',
  ...o,
});

describe('BybitVenue on the emulator', () => {
  test('start() reported the connection up; readInstrument and setup read and set the account', async () => {
    v.venue.drain(v.events);
    expect(ofKind(v.events, 'connection').map((e) => e.up)).toEqual([true]);
    const ins = await v.venue.setup(5);
    expect([ins.symbol, ins.tickSize, ins.qtyStep]).toEqual(['BTCUSDT', 0.1, 0.001]);
    expect(ins.tiers.length).toBeGreaterThan(0);
    expect(ins.tiers[0]?.mmr).toBeGreaterThan(0);
    expect(Number((await v.state()).position.leverage)).toBe(5);
    await v.venue.setLeverage(5); // 110043 "not modified" is fine
    await v.venue.setIsolatedMargin(); // 110026 "not modified" is fine
    v.events.length = 0;
  });

  test('market entry: accepted, fill (price and fee = the emulator execution), position, wallet', async () => {
    v.venue.execute({ kind: 'submit', order: order({ clientId: 'run-e1' }) });
    await v.until((evs) => ofKind(evs, 'accepted').length === 1, 'accepted');
    const created = (await v.state()).orders.find((o) => o.orderLinkId === 'run-e1');
    expect(ofKind(v.events, 'accepted')[0]).toMatchObject({ clientId: 'run-e1', venueOrderId: created?.orderId, tsMs: CLOCK_MS });
    v.r.emu.replay?.step(1);
    await v.until((evs) => ofKind(evs, 'wallet').some((w) => w.walletUsdt < 10_000), 'fill, position and wallet');
    const exec = (await v.r.rest.getExecutionList({ category: 'linear', symbol: 'BTCUSDT', orderLinkId: 'run-e1' })).result.list[0];
    const fill = ofKind(v.events, 'fill')[0];
    expect(fill).toMatchObject({
      execId: exec?.execId,
      clientId: 'run-e1',
      source: 'order',
      side: 'buy',
      qty: 0.01,
      cumQty: 0.01,
      leavesQty: 0,
      price: Number(exec?.execPrice),
      feeUsdt: Number(exec?.execFee),
      realisedPnlUsdt: 0,
      isMaker: false,
      ambiguous: false,
    });
    expect(fill?.feeUsdt).toBeCloseTo((fill?.price as number) * 0.01 * 0.00055, 8);
    const pos = ofKind(v.events, 'position').at(-1)?.position;
    expect([pos?.side, pos?.qty, pos?.entryPrice]).toEqual(['long', 0.01, fill?.price]);
    const wallet = ofKind(v.events, 'wallet').at(-1);
    expect(wallet?.walletUsdt).toBeCloseTo(10_000 - (fill?.feeUsdt as number), 8);
    expect(v.venue.account()).toMatchObject({ walletUsdt: wallet?.walletUsdt, availableUsdt: wallet?.availableUsdt, asOfMs: CLOCK_MS });
    expect(v.venue.account().position.qty).toBe(0.01);
    const seqs = v.events.map((e) => e.seq);
    expect(seqs.every((s, i) => i === 0 || s > (seqs[i - 1] as number))).toBe(true);
    // accepted comes before the fill, the fill before position and wallet
    const kinds = v.events.map((e) => e.kind);
    expect(kinds.indexOf('accepted')).toBeLessThan(kinds.indexOf('fill'));
    expect(kinds.indexOf('fill')).toBeLessThan(kinds.lastIndexOf('position'));
    // the engine's tracker reads them as one order sent, accepted, filled, ended
    const tracker = new OrderTracker();
    tracker.sent(order({ clientId: 'run-e1' }), 'entry', CLOCK_MS);
    const changes = v.events.flatMap((e) => {
      const c = tracker.apply(e);
      return c ? [[e.kind, c.order.status, c.ended]] : [];
    });
    expect(changes).toEqual([
      ['accepted', 'accepted', false],
      ['fill', 'filled', true],
    ]);
    expect(tracker.size).toBe(0);
  });

  test('limit order rests, then cancel: cancelled with leavesQty; price formatted on the tick', async () => {
    v.events.length = 0;
    const far = Math.round(Number((await v.state()).position.markPrice) * 0.5 * 10) / 10 + 0.30000000000000004;
    v.venue.execute({ kind: 'submit', order: order({ clientId: 'run-l1', type: 'limit', price: far, qty: 0.005 }) });
    await v.until((evs) => ofKind(evs, 'accepted').length === 1, 'accepted');
    v.r.emu.replay?.step(1);
    const resting = (await v.state()).orders.find((o) => o.orderLinkId === 'run-l1');
    expect([resting?.orderStatus, resting?.price]).toEqual(['New', (Math.round(far * 10) / 10).toFixed(1)]);
    v.venue.execute({ kind: 'cancel', clientId: 'run-l1' });
    await v.until((evs) => ofKind(evs, 'cancelled').length === 1, 'cancelled');
    expect(ofKind(v.events, 'cancelled')[0]).toMatchObject({ clientId: 'run-l1', leavesQty: 0.005 });
    expect(ofKind(v.events, 'fill').length).toBe(0);
    expect((await v.state()).orders.find((o) => o.orderLinkId === 'run-l1')?.orderStatus).toBe('Cancelled');
  });

  test('a definite reject: rejected with the code and message, retryable false, nothing on the exchange', async () => {
    v.events.length = 0;
    v.venue.execute({ kind: 'submit', order: order({ clientId: 'run-r1', type: 'limit', price: 1000, qty: 0.001 }) });
    await v.until((evs) => ofKind(evs, 'rejected').length === 1, 'rejected');
    const rej = ofKind(v.events, 'rejected')[0];
    expect(rej?.clientId).toBe('run-r1');
    expect(rej?.code === 10001 || (rej?.code as number) >= 110000).toBe(true);
    expect(rej?.retryable).toBe(false);
    expect(rej?.reason.length).toBeGreaterThan(0);
    expect(ofKind(v.events, 'accepted').length).toBe(0);
    expect((await v.state()).orders.some((o) => o.orderLinkId === 'run-r1')).toBe(false);
    expect(v.venue.inDoubt()).toEqual([]);
  });

  test('cancel_all cancels every open order of the symbol', async () => {
    v.events.length = 0;
    const px = Math.round(Number((await v.state()).position.markPrice) * 0.6);
    v.venue.execute({ kind: 'submit', order: order({ clientId: 'run-l2', type: 'limit', price: px, qty: 0.002 }) });
    v.venue.execute({ kind: 'submit', order: order({ clientId: 'run-l3', type: 'limit', price: px - 10, qty: 0.003 }) });
    v.venue.execute({ kind: 'cancel_all' });
    await v.until((evs) => ofKind(evs, 'cancelled').length === 2, 'two cancelled');
    expect(ofKind(v.events, 'accepted').map((e) => e.clientId)).toEqual(['run-l2', 'run-l3']);
    expect(
      ofKind(v.events, 'cancelled')
        .map((e) => [e.clientId, e.leavesQty])
        .sort(),
    ).toEqual([
      ['run-l2', 0.002],
      ['run-l3', 0.003],
    ]);
  });
});
