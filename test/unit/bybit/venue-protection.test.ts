// Position protection and account flows of BybitVenue on the emulator's replay, stepped by hand:
// TP/SL attached to the entry (tpslMode Full) and triggered by replayed prices → fills with source
// take_profit / stop_loss and an empty clientId (linked to the position, not to an order of ours);
// set_protection moves the stop; funding rows become funding events, never fills; reconcile returns
// the position, the open orders (conditional ones included) and only Trade fills, and rejects when a
// query fails (HTTP 5xx), never "flat"; a liquidation (BustTrade) is a fill with source liquidation
// plus a liquidation event.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { OrderRequest } from '../../../src/engine';
import { VenueError } from '../../../src/errors';
import { DAY_MS, storedBar } from '../emulator/helpers';
import { ofKind, type VenueRig, venueRig } from './venue-helpers';

const market = (o: Partial<OrderRequest> & { clientId: string }): OrderRequest => ({
  side: 'buy',
  type: 'market',
  qty: 0.01,
  reduceOnly: false,
  timeInForce: 'GTC',
  ...o,
});

/** The next minute's open and a level halfway to the highest high of the `minutes` after it. */
async function riseLevel(v: VenueRig, minutes: number): Promise<{ open: number; level: number }> {
  const t = v.r.emu.replay?.marketNowMs as number;
  const first = await storedBar(v.r.store, t);
  let high = first.high;
  for (let k = 1; k < minutes; k++) high = Math.max(high, (await storedBar(v.r.store, t + k * 60_000)).high);
  if (!(high > first.open + 1)) throw new Error(`the sample does not rise after ${t}: pick another window`);
  return { open: first.open, level: Math.round((first.open + (high - first.open) / 2) * 10) / 10 };
}

/** Steps the replay a minute at a time until `pred` holds (at most `minutes`). */
async function stepUntil(v: VenueRig, pred: () => boolean, minutes: number, what: string): Promise<void> {
  for (let k = 0; k < minutes; k++) {
    v.r.emu.replay?.step(1);
    try {
      await v.until(pred, what, 200);
      return;
    } catch {}
  }
  await v.until(pred, what, 2_000);
}

describe('TP/SL', () => {
  let v: VenueRig;
  beforeAll(async () => {
    v = await venueRig();
  });
  afterAll(async () => {
    await v.close();
  });

  test('take profit attached to a long entry: a take_profit fill with clientId "", then flat', async () => {
    const { level } = await riseLevel(v, 30);
    v.venue.execute({ kind: 'submit', order: market({ clientId: 'run-t1', takeProfit: level, stopLoss: level * 0.5 }) });
    await v.until((evs) => ofKind(evs, 'accepted').length === 1, 'accepted');
    const rec = (await v.state()).orders.find((o) => o.orderLinkId === 'run-t1');
    expect([rec?.tpslMode, Number(rec?.takeProfit)]).toEqual(['Full', level]);
    await stepUntil(v, () => ofKind(v.events, 'fill').some((f) => f.source === 'take_profit'), 30, 'the take-profit fill');
    const tp = ofKind(v.events, 'fill').find((f) => f.source === 'take_profit');
    const exec = (await v.state()).executions.find((x) => x.createType === 'CreateByTakeProfit');
    expect(tp).toMatchObject({ clientId: '', side: 'sell', qty: 0.01, execId: exec?.execId, price: Number(exec?.execPrice) });
    expect(tp?.price).toBeGreaterThanOrEqual(level);
    expect(tp?.realisedPnlUsdt).toBeCloseTo(Number(exec?.execPnl), 8);
    expect(tp?.realisedPnlUsdt).toBeGreaterThan(0);
    await v.until((evs) => ofKind(evs, 'position').at(-1)?.position.side === 'flat', 'flat');
  }, 20_000);

  test('stop loss attached to a short entry, moved by set_protection: a stop_loss fill with clientId ""', async () => {
    v.events.length = 0;
    const { open, level } = await riseLevel(v, 30);
    v.venue.execute({ kind: 'submit', order: market({ clientId: 'run-s1', side: 'sell', stopLoss: open * 1.5, takeProfit: open * 0.5 }) });
    await v.until((evs) => ofKind(evs, 'accepted').length === 1, 'accepted');
    v.r.emu.replay?.step(1);
    await v.until((evs) => ofKind(evs, 'fill').length === 1, 'the entry fill');
    v.venue.execute({ kind: 'set_protection', stopLoss: level, takeProfit: null });
    await v.venue.whenIdle();
    const pos = (await v.state()).position;
    expect([Number(pos.stopLoss), pos.takeProfit]).toEqual([level, '']);
    await stepUntil(v, () => ofKind(v.events, 'fill').some((f) => f.source === 'stop_loss'), 30, 'the stop-loss fill');
    const sl = ofKind(v.events, 'fill').find((f) => f.source === 'stop_loss');
    const exec = (await v.state()).executions.find((x) => x.createType === 'CreateByStopLoss');
    expect(sl).toMatchObject({ clientId: '', side: 'buy', qty: 0.01, execId: exec?.execId, price: Number(exec?.execPrice) });
    expect(ofKind(v.events, 'rejected')).toEqual([]);
  }, 20_000);

  test('trailingDistance goes through trading-stop once the entry has filled', async () => {
    v.events.length = 0;
    await v.until((evs) => ofKind(evs, 'position').at(-1)?.position.side === 'flat' || v.venue.account().position.side === 'flat', 'flat');
    v.venue.execute({ kind: 'submit', order: market({ clientId: 'run-w1', trailingDistance: 250.04 }) });
    await v.until((evs) => ofKind(evs, 'accepted').length === 1, 'accepted');
    expect((await v.state()).position.trailingStop).toBe('0');
    v.r.emu.replay?.step(1);
    await v.until((evs) => ofKind(evs, 'fill').some((f) => f.clientId === 'run-w1'), 'the entry fill');
    await v.venue.whenIdle();
    expect(Number((await v.state()).position.trailingStop)).toBe(250);
    expect(ofKind(v.events, 'rejected')).toEqual([]);
  }, 20_000);
});

describe('funding and reconcile', () => {
  let v: VenueRig;
  beforeAll(async () => {
    v = await venueRig({
      replay: { symbol: 'BTCUSDT', fromMs: DAY_MS + 478 * 60_000, toMs: DAY_MS + 600 * 60_000, speed: 0, decisionMs: 0 },
    });
  });
  afterAll(async () => {
    await v.close();
  });

  test('a Funding execution is a funding event (rate, payment = execFee), never a fill', async () => {
    v.venue.execute({ kind: 'submit', order: market({ clientId: 'run-f1' }) });
    await v.until((evs) => ofKind(evs, 'accepted').length === 1, 'accepted');
    v.r.emu.replay?.step(4);
    await v.until((evs) => ofKind(evs, 'funding').length === 1, 'the funding event');
    const row = (await v.state()).executions.find((x) => x.execType === 'Funding');
    const f = ofKind(v.events, 'funding')[0];
    expect([f?.rate, f?.paymentUsdt]).toEqual([Number(row?.feeRate), Number(row?.execFee)]);
    expect(f?.paymentUsdt).not.toBe(0);
    expect(ofKind(v.events, 'fill').map((x) => x.clientId)).toEqual(['run-f1']);
    expect(ofKind(v.events, 'fill').some((x) => x.execId === row?.execId)).toBe(false);
  });

  test('reconcile: the position, open orders incl. conditional, Trade fills only, the wallet', async () => {
    const px = Number((await v.state()).position.markPrice);
    v.venue.execute({ kind: 'submit', order: market({ clientId: 'run-l1', type: 'limit', price: Math.round(px * 0.8), qty: 0.002 }) });
    await v.venue.whenIdle();
    const cond = await v.r.rest.submitOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Sell',
      orderType: 'Market',
      qty: '0.003',
      triggerPrice: String(Math.round(px * 0.7)),
      triggerDirection: 2,
      orderLinkId: 'run-c1',
      reduceOnly: true,
    });
    expect(cond.retCode).toBe(0);
    const s = await v.venue.reconcile();
    const wallet = (await v.r.rest.getWalletBalance({ accountType: 'UNIFIED', coin: 'USDT' })).result.list[0]?.coin[0];
    expect(s.account.position).toMatchObject({ side: 'long', qty: 0.01 });
    expect(s.account.walletUsdt).toBe(Number(wallet?.walletBalance));
    expect(s.orders.map((o) => [o.clientId, o.side, o.type, o.qty, o.reduceOnly]).sort()).toEqual([
      ['run-c1', 'sell', 'market', 0.003, true],
      ['run-l1', 'buy', 'limit', 0.002, false],
    ]);
    expect(s.orders.find((o) => o.clientId === 'run-l1')?.price).toBe(Math.round(px * 0.8));
    const fill = ofKind(v.events, 'fill')[0];
    expect(s.recentFills).toEqual([
      {
        execId: fill?.execId as string,
        clientId: 'run-f1',
        side: 'buy',
        qty: 0.01,
        price: fill?.price as number,
        feeUsdt: fill?.feeUsdt as number,
        tsMs: DAY_MS + 478 * 60_000,
      },
    ]);
    expect(v.venue.account()).toMatchObject({ walletUsdt: s.account.walletUsdt, asOfMs: s.asOfMs });
  });

  test('reconcile rejects with a VenueError when a query fails (HTTP 503), and works again after', async () => {
    expect(await v.fault({ fault: 'http5xx', share: 1, status: 503 })).toBe(0);
    let err: unknown;
    try {
      await v.venue.reconcile();
    } catch (e) {
      err = e;
    }
    expect(await v.fault({ fault: 'clear' })).toBe(0);
    expect(err).toBeInstanceOf(VenueError);
    const ve = err as VenueError;
    expect(ve.code).toBe('VENUE_NETWORK');
    expect(ve.message).toBe(
      'reconcile: GET /v5/position/list?symbol=BTCUSDT: no answer to rely on (HTTP 503 Service Unavailable Service Unavailable)',
    );
    expect(ve.details).toMatchObject({ retCode: 503 });
    expect((await v.venue.reconcile()).account.position.qty).toBe(0.01);
  });
});

describe('liquidation', () => {
  let v: VenueRig;
  beforeAll(async () => {
    v = await venueRig();
  });
  afterAll(async () => {
    await v.close();
  });

  test('a long at 100x in the 2024-08-05 fall: a BustTrade fill with source liquidation, clientId "", and a liquidation event', async () => {
    await v.venue.setLeverage(100);
    v.venue.execute({ kind: 'submit', order: market({ clientId: 'run-q1' }) });
    await v.venue.whenIdle();
    await stepUntil(v, () => ofKind(v.events, 'liquidation').length === 1, 120, 'the liquidation');
    const bust = (await v.state()).executions.find((x) => x.execType === 'BustTrade');
    const fill = ofKind(v.events, 'fill').find((f) => f.source === 'liquidation');
    expect(fill).toMatchObject({ clientId: '', side: 'sell', qty: 0.01, execId: bust?.execId, price: Number(bust?.execPrice) });
    expect(fill?.realisedPnlUsdt).toBe(Number(bust?.execPnl));
    expect(fill?.realisedPnlUsdt).toBeLessThan(0);
    expect(ofKind(v.events, 'liquidation')[0]).toMatchObject({ price: Number(bust?.execPrice), qty: 0.01 });
    await v.until((evs) => ofKind(evs, 'position').at(-1)?.position.side === 'flat', 'flat');
  }, 30_000);
});
