// BybitVenue under the emulator's faults: duplicated private messages give no duplicate fill; an
// order create that times out (not booked) stays in doubt while lookups fail, and after answered
// lookups find nothing it is resent once: one order on the exchange; a create whose answer is lost
// after the order was booked (fault 'lost') is settled by the lookup or by its order row and never
// resent; a 10006 on
// create is in doubt, looked up, then resent once; 10002 resyncs the clock and retries.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { OrderRequest } from '../../../src/engine';
import { ofKind, type VenueRig, venueRig } from './venue-helpers';

let v: VenueRig;

beforeAll(async () => {
  v = await venueRig({}, { restTimeoutMs: 300, lookupAttempts: 2 });
}, 30_000);
afterAll(async () => {
  await v?.close();
});

const market = (clientId: string, side: 'buy' | 'sell' = 'buy'): OrderRequest => ({
  clientId,
  side,
  type: 'market',
  qty: 0.01,
  reduceOnly: false,
  timeInForce: 'GTC',
});

const creates = () => v.r.emu.requests.get('/v5/order/create') ?? 0;
const ordersWith = async (clientId: string) => (await v.state()).orders.filter((o) => o.orderLinkId === clientId);

describe('BybitVenue faults', () => {
  test('duplicate private messages: one fill per execId, one cancel per order', async () => {
    expect(await v.fault({ fault: 'duplicate' })).toBe(0);
    v.venue.execute({ kind: 'submit', order: market('run-u1') });
    await v.until((evs) => ofKind(evs, 'accepted').length === 1, 'accepted');
    v.r.emu.replay?.step(1);
    // position messages come twice under the fault: wait for the duplicates, then count fills
    await v.until((evs) => ofKind(evs, 'position').filter((p) => p.position.qty === 0.01).length >= 2, 'duplicated position rows');
    await v.until((evs) => ofKind(evs, 'wallet').length >= 2, 'duplicated wallet rows');
    const fills = ofKind(v.events, 'fill');
    expect(fills.map((f) => f.clientId)).toEqual(['run-u1']);
    const execs = (await v.state()).executions.filter((x) => x.orderLinkId === 'run-u1');
    expect(execs.map((x) => x.execId)).toEqual([fills[0]?.execId]);
    expect(await v.fault({ fault: 'clear' })).toBe(0);
    // close it again for the next tests
    v.venue.execute({ kind: 'submit', order: { ...market('run-u2', 'sell'), reduceOnly: true } });
    await v.until((evs) => ofKind(evs, 'accepted').length === 2, 'the close accepted');
    v.r.emu.replay?.step(1);
    await v.until((evs) => ofKind(evs, 'position').at(-1)?.position.side === 'flat', 'flat');
    expect(ofKind(v.events, 'fill').at(-1)?.realisedPnlUsdt).toBe(Number((await v.state()).executions.at(-1)?.execPnl));
  }, 15_000);

  test('timeout on create (not booked): in doubt while lookups fail; answered lookups find nothing → resent once', async () => {
    v.events.length = 0;
    const before = creates();
    expect(await v.fault({ fault: 'timeout', share: 1, ms: 1500 })).toBe(0);
    v.venue.execute({ kind: 'submit', order: market('run-d1') });
    await v.venue.whenIdle();
    // every lookup timed out too: never read as "not placed", so nothing was resent
    expect(v.venue.inDoubt()).toEqual(['run-d1']);
    expect(creates() - before).toBe(1);
    v.venue.drain(v.events);
    expect(ofKind(v.events, 'accepted').length + ofKind(v.events, 'rejected').length).toBe(0);
    expect(await ordersWith('run-d1')).toEqual([]);
    expect(await v.fault({ fault: 'clear' })).toBe(0);
    await v.venue.resolveInDoubt();
    expect(v.venue.inDoubt()).toEqual([]);
    expect(creates() - before).toBe(2);
    await v.until((evs) => ofKind(evs, 'accepted').length === 1, 'accepted after the resend');
    const onExchange = await ordersWith('run-d1');
    expect(onExchange.length).toBe(1);
    expect(ofKind(v.events, 'accepted')[0]?.venueOrderId).toBe(onExchange[0]?.orderId as string);
  }, 15_000);

  test('answer lost after the order was booked: the lookup finds it; accepted once, never resent', async () => {
    v.events.length = 0;
    const before = creates();
    expect(await v.fault({ fault: 'lost', count: 1 })).toBe(0);
    // hold the private rows so the REST lookup, not the order row, settles the doubt
    expect(await v.fault({ fault: 'delay', ms: 1500 })).toBe(0);
    v.venue.execute({ kind: 'submit', order: market('run-d2') });
    await v.venue.whenIdle();
    expect(v.venue.inDoubt()).toEqual([]);
    expect(creates() - before).toBe(1);
    v.venue.drain(v.events);
    const onExchange = await ordersWith('run-d2');
    expect(onExchange.length).toBe(1);
    expect(ofKind(v.events, 'accepted').map((e) => [e.clientId, e.venueOrderId])).toEqual([['run-d2', onExchange[0]?.orderId as string]]);
    expect(await v.fault({ fault: 'clear' })).toBe(0);
    v.r.emu.replay?.step(1);
    await v.until((evs) => ofKind(evs, 'fill').some((f) => f.clientId === 'run-d2'), 'its fill');
    expect(ofKind(v.events, 'accepted').length).toBe(1);
  }, 15_000);

  test('answer lost, order row on time: the row settles it (accepted once, before the fill), never resent', async () => {
    v.events.length = 0;
    const before = creates();
    expect(await v.fault({ fault: 'lost', count: 1 })).toBe(0);
    v.venue.execute({ kind: 'submit', order: { ...market('run-d4', 'sell'), reduceOnly: true } });
    await v.venue.whenIdle();
    expect([v.venue.inDoubt(), creates() - before]).toEqual([[], 1]);
    v.r.emu.replay?.step(1);
    await v.until((evs) => ofKind(evs, 'fill').some((f) => f.clientId === 'run-d4'), 'its fill');
    const onExchange = await ordersWith('run-d4');
    expect(ofKind(v.events, 'accepted').map((e) => [e.clientId, e.venueOrderId])).toEqual([['run-d4', onExchange[0]?.orderId as string]]);
    const kinds = v.events.map((e) => e.kind);
    expect(kinds.indexOf('accepted')).toBeLessThan(kinds.indexOf('fill'));
  }, 15_000);

  test('10006 on create: in doubt, looked up (absent), resent once; one order', async () => {
    v.events.length = 0;
    const before = creates();
    expect(await v.fault({ fault: 'burst10006', count: 1 })).toBe(0);
    // closes what is left of the 0.02 long of run-d1 and run-d2 (run-d4 sold 0.01)
    v.venue.execute({ kind: 'submit', order: { ...market('run-d3', 'sell'), reduceOnly: true } });
    await v.venue.whenIdle();
    expect(creates() - before).toBe(2);
    await v.until((evs) => ofKind(evs, 'accepted').length === 1, 'accepted');
    expect((await ordersWith('run-d3')).length).toBe(1);
    v.r.emu.replay?.step(1);
    await v.until((evs) => ofKind(evs, 'position').at(-1)?.position.side === 'flat', 'flat again');
  }, 15_000);

  test('110072 (the orderLinkId exists, e.g. sent before a restart): looked up and accepted, not rejected', async () => {
    v.events.length = 0;
    const first = await v.r.rest.submitOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.01',
      price: '20000',
      orderLinkId: 'run-p1',
    });
    expect(first.retCode).toBe(0);
    v.venue.execute({ kind: 'submit', order: { ...market('run-p1'), type: 'limit', price: 20_000 } });
    await v.venue.whenIdle();
    v.venue.drain(v.events);
    expect(ofKind(v.events, 'accepted').map((e) => [e.clientId, e.venueOrderId])).toEqual([['run-p1', first.result.orderId]]);
    expect(ofKind(v.events, 'rejected')).toEqual([]);
    expect((await ordersWith('run-p1')).length).toBe(1);
    v.venue.execute({ kind: 'cancel', clientId: 'run-p1' });
    await v.until((evs) => ofKind(evs, 'cancelled').length === 1, 'cancelled');
  }, 15_000);

  test('a dropped private socket: connection down, then up after bybit-api reconnects and resubscribes', async () => {
    v.events.length = 0;
    expect(await v.fault({ fault: 'drop' })).toBe(0);
    await v.until(
      (evs) =>
        ofKind(evs, 'connection')
          .map((e) => e.up)
          .join() === 'false,true',
      'down then up',
      12_000,
    );
    // the resubscribed socket carries order rows again
    v.venue.execute({ kind: 'submit', order: { ...market('run-r1'), type: 'limit', price: 20_000 } });
    await v.until((evs) => ofKind(evs, 'accepted').length === 1, 'accepted');
    v.venue.execute({ kind: 'cancel', clientId: 'run-r1' });
    await v.until((evs) => ofKind(evs, 'cancelled').some((e) => e.clientId === 'run-r1'), 'cancelled row over the new socket');
  }, 20_000);

  test('10002: the clock is resynced from /v5/market/time and the create retried', async () => {
    v.events.length = 0;
    expect(await v.fault({ fault: 'skew', ms: 20_000 })).toBe(0);
    const resyncs = v.venue.clockResyncs;
    v.venue.execute({ kind: 'submit', order: { ...market('run-k1'), type: 'limit', price: 20_000 } });
    await v.until((evs) => ofKind(evs, 'accepted').length === 1, 'accepted after the resync');
    expect(v.venue.clockResyncs - resyncs).toBe(1);
    expect(ofKind(v.events, 'rejected')).toEqual([]);
    expect((await ordersWith('run-k1')).length).toBe(1);
    expect(await v.fault({ fault: 'skew', ms: 0 })).toBe(0);
    v.venue.execute({ kind: 'cancel', clientId: 'run-k1' });
    await v.until((evs) => ofKind(evs, 'cancelled').length === 1, 'cancelled (after resyncing back)');
  }, 15_000);

  test('a cancel with no answer (HTTP 503 on every try): a retryable reject naming it; a cancel of an ended order: nothing', async () => {
    v.events.length = 0;
    v.venue.execute({ kind: 'cancel', clientId: 'run-k1' }); // ended above: 110001/110008 say nothing
    await v.venue.whenIdle();
    expect(await v.fault({ fault: 'http5xx', share: 1, status: 503 })).toBe(0);
    v.venue.execute({ kind: 'cancel', clientId: 'run-z1' });
    await v.venue.whenIdle();
    expect(await v.fault({ fault: 'clear' })).toBe(0);
    v.venue.drain(v.events);
    expect(ofKind(v.events, 'rejected').map((e) => [e.clientId, e.code, e.reason, e.retryable])).toEqual([
      ['', 503, 'cancel run-z1: no answer (HTTP 503 Service Unavailable Service Unavailable)', true],
    ]);
  }, 15_000);
});
