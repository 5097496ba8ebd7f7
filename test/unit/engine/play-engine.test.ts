// PlayEngine against a scripted venue: the order rules of LIVE.md §3 (one working entry, the same
// signal does nothing, the opposite signal or an exit cancels first, expiry, reversal sizing), and
// the outcomes an exchange can send in any order (accept, reject, partial fill, late fill after a
// cancel was sent, duplicate delivery). Every bar is an exec bar (exec = 1m).
import { describe, expect, test } from 'bun:test';
import { type Action, DecisionLog, type EngineConfig, isValidOrderLinkId, OrderIds, PlayEngine } from '../../../src/engine';
import { ScriptedVenue } from './fake-venue';
import { flatSeries, Scripted, scriptedConfig } from './scripted-strategy';

const T0 = Date.UTC(2024, 0, 1);
const N = 40;

const series = () => flatSeries(T0, N);

const cfg = (over: Partial<EngineConfig> = {}): EngineConfig => scriptedConfig('T1', over);

function setup(script: Record<number, Action>, over: Partial<EngineConfig> = {}, answer = true) {
  const s = series();
  const venue = new ScriptedVenue();
  // Accept every submit and confirm every cancel at once, as the simulator does.
  if (answer)
    venue.onCommand = (cmd, v) => {
      if (cmd.kind === 'submit') v.emit({ kind: 'accepted', clientId: cmd.order.clientId, venueOrderId: cmd.order.clientId });
      if (cmd.kind === 'cancel') v.emit({ kind: 'cancelled', clientId: cmd.clientId, leavesQty: 1, reason: 'USER_CANCEL' });
    };
  const log = new DecisionLog();
  const engine = new PlayEngine(cfg(over), new Scripted(s, script), [s], venue, log);
  const bar = (i: number) => engine.processBar({ tsMs: T0 + i * 60_000, open: 100, high: 100, low: 100, close: 100, volume: 1 });
  return { engine, venue, bar, log };
}

describe('order rules', () => {
  test('a working limit entry is sent once: the same signal again does nothing', () => {
    const script: Record<number, Action> = {};
    for (let i = 0; i < 30; i++) script[i] = 'enter_long';
    const { venue, bar } = setup(script);
    for (let i = 0; i < 30; i++) bar(i);
    expect(venue.submits().length).toBe(1);
    expect(venue.submits()[0]!.order).toMatchObject({ clientId: 'T1-L1', side: 'buy', type: 'limit', price: 99, qty: 10 });
  });

  test('the opposite signal cancels the working entry first, then enters the other side', () => {
    const { venue, bar, engine } = setup({ 0: 'enter_long', 3: 'enter_short' });
    for (let i = 0; i < 5; i++) bar(i);
    expect(venue.commands.map((c) => c.kind)).toEqual(['submit', 'cancel', 'submit']);
    expect(venue.cancels()).toEqual(['T1-L1']);
    expect(venue.submits()[1]!.order).toMatchObject({ clientId: 'T1-S2', side: 'sell' });
    expect(engine.orders.entry()?.clientId).toBe('T1-S2');
  });

  test('when the cancel is not confirmed at once, the new entry waits for it (no two working entries)', () => {
    const { venue, bar, engine } = setup({ 0: 'enter_long', 3: 'enter_short' }, {}, false);
    venue.onCommand = (cmd, v) => {
      if (cmd.kind === 'submit') v.emit({ kind: 'accepted', clientId: cmd.order.clientId, venueOrderId: '1' });
    };
    for (let i = 0; i < 5; i++) bar(i);
    expect(venue.submits().length).toBe(1);
    expect(venue.cancels()).toEqual(['T1-L1']);
    venue.emit({ kind: 'cancelled', clientId: 'T1-L1', leavesQty: 10, reason: 'USER_CANCEL' });
    bar(5);
    expect(venue.submits().length).toBe(2);
    expect(venue.submits()[1]!.order.side).toBe('sell');
    expect(engine.orders.size).toBe(1);
  });

  test('an exit signal cancels a working entry', () => {
    const { venue, bar, engine } = setup({ 0: 'enter_long', 2: 'exit' });
    for (let i = 0; i < 4; i++) bar(i);
    expect(venue.cancels()).toEqual(['T1-L1']);
    expect(engine.orders.size).toBe(0);
  });

  test('expire_bars: a limit entry lapses after N exec bars, counted as expired, and the next signal places a new one', () => {
    const { venue, bar, engine } = setup({ 0: 'enter_long', 10: 'enter_long' }, { entryExpireBars: 3 });
    for (let i = 0; i < 12; i++) bar(i);
    expect(venue.cancels()).toEqual(['T1-L1']);
    const cancelAt = venue.commands.findIndex((c) => c.kind === 'cancel');
    expect(cancelAt).toBe(1);
    expect(engine.skipped.map((s) => s.reason)).toEqual(['expired']);
    expect(venue.submits().map((c) => c.order.clientId)).toEqual(['T1-L1', 'T1-L2']);
  });
});

describe('the kill switch and the order rate', () => {
  test('max_orders_per_minute: an entry beyond the count in the last 60 s is skipped; a minute later it goes', () => {
    // Rejected at once: every bar sends a new entry, so the rate is what stops them.
    const script: Record<number, Action> = {};
    for (let i = 0; i < 4; i++) script[i] = 'enter_long';
    const { venue, bar, engine } = setup(script, { maxOrdersPerMinute: 1, evaluateEvery: '1m_close' }, false);
    venue.onCommand = (cmd, v) => {
      if (cmd.kind === 'submit') v.emit({ kind: 'rejected', clientId: cmd.order.clientId, code: 10001, reason: 'x', retryable: false });
    };
    for (let i = 0; i < 4; i++) bar(i);
    expect(venue.submits().map((c) => c.order.clientId)).toEqual(['T1-L1', 'T1-L2']);
    expect(engine.skipped.map((s) => s.reason)).toContain('orders_per_minute');
  });

  test('reduce: entries are skipped with its reason, exits go on, resume clears it; a snapshot keeps it', () => {
    const { venue, bar, engine } = setup({ 1: 'enter_long', 3: 'enter_long' });
    bar(0);
    engine.reduce('reducing_rejects');
    expect(engine.reducing).toBe(true);
    expect(engine.reducingReason).toBe('reducing_rejects');
    bar(1);
    expect(venue.submits().length).toBe(0);
    expect(engine.skipped.map((s) => s.reason)).toEqual(['reducing_rejects']);
    expect(engine.snapshot().reducedBy).toBe('reducing_rejects');
    bar(2);
    engine.resume();
    bar(3);
    expect(venue.submits().length).toBe(1);
  });
});

describe('outcomes from the venue', () => {
  test('a rejected entry is counted with its code and frees the slot for the next signal', () => {
    const { venue, bar, engine } = setup({ 0: 'enter_long', 1: 'enter_long' }, {}, false);
    venue.onCommand = (cmd, v) => {
      if (cmd.kind === 'submit')
        v.emit({ kind: 'rejected', clientId: cmd.order.clientId, code: 110007, reason: 'insufficient', retryable: false });
    };
    bar(0);
    bar(1);
    expect(engine.skipped.map((s) => s.reason)).toEqual(['rejected_110007', 'rejected_110007']);
    expect(venue.submits().length).toBe(2);
    expect(engine.orders.size).toBe(0);
  });

  test('partial fill, then the rest: one trade of the full size; the same signal adds nothing meanwhile', () => {
    const { venue, bar, engine } = setup({ 0: 'enter_long', 1: 'enter_long', 2: 'enter_long', 5: 'exit' });
    bar(0);
    venue.fill('T1-L1', 'buy', 4, 4, 6, 99);
    venue.setPosition('long', 4, 99);
    bar(1);
    expect(engine.orders.entry()?.status).toBe('partially_filled');
    venue.fill('T1-L1', 'buy', 6, 10, 0, 99);
    venue.setPosition('long', 10, 99);
    bar(2);
    expect(engine.orders.size).toBe(0);
    bar(3);
    bar(4);
    bar(5);
    const exit = venue.submits()[1]!.order;
    expect(exit).toMatchObject({ side: 'sell', qty: 10, reduceOnly: true, type: 'market' });
    venue.fill(exit.clientId, 'sell', 10, 10, 0, 101, 20);
    venue.setPosition('flat', 0, Number.NaN);
    bar(6);
    expect(venue.submits().length).toBe(2);
    expect(engine.trades).toHaveLength(1);
    expect(engine.trades[0]).toMatchObject({ side: 'long', qty: 10, entryPrice: 99, exitPrice: 101, pnlUsdt: 20, exitReason: 'signal' });
  });

  test('a late fill after the cancel was sent (cancel race) is booked, and the order leaves the book', () => {
    const { venue, bar, engine } = setup({ 0: 'enter_long', 2: 'exit' }, {}, false);
    venue.onCommand = (cmd, v) => {
      if (cmd.kind === 'submit') v.emit({ kind: 'accepted', clientId: cmd.order.clientId, venueOrderId: '1' });
    };
    bar(0);
    bar(1);
    bar(2);
    expect(venue.cancels()).toEqual(['T1-L1']);
    // The exchange filled it before the cancel arrived: the cancel is answered 110001 and the fill comes.
    venue.fill('T1-L1', 'buy', 10, 10, 0, 99);
    venue.setPosition('long', 10, 99);
    bar(3);
    expect(engine.orders.size).toBe(0);
    expect(engine.state.side).toBe(1);
    expect(engine.book.open?.qty).toBe(10);
  });

  test('a duplicate event (same seq) is applied once', () => {
    const { venue, bar, engine } = setup({ 0: 'enter_long' });
    bar(0);
    venue.fill('T1-L1', 'buy', 10, 10, 0, 99);
    const queued: unknown[] = [];
    venue.drain(queued as never[]);
    venue.emitRaw(queued[0] as never);
    venue.emitRaw(queued[0] as never);
    venue.setPosition('long', 10, 99);
    bar(1);
    expect(engine.counters.fills).toBe(1);
    expect(engine.book.open?.qty).toBe(10);
  });

  test('a reversal sizes the new entry from the wallet after the close, fees included', () => {
    const { venue, bar } = setup(
      { 0: 'enter_short' },
      { sizing: { kind: 'equity_pct', pct: 100 }, limitOffsetPct: undefined, takerFeeRate: 0.001 },
    );
    venue.setPosition('long', 10, 100);
    venue.acct = { ...venue.acct, walletUsdt: 1000, equityUsdt: 1000, availableUsdt: 0 };
    bar(0);
    const [close, open] = venue.submits().map((c) => c.order);
    expect(close).toMatchObject({ side: 'sell', qty: 10, reduceOnly: true });
    // wallet after the close = 1000 - 10 * 100 * 0.001 = 999; cost per USDT at 1x short = 1 + 0.001 + 0.002 = 1.003
    // 999 / (100 * 1.003) = 9.9601 -> 9.96
    expect(open).toMatchObject({ side: 'sell', qty: 9.96, reduceOnly: false });
  });
});

describe('ids and decisions', () => {
  test('ids are <runId>-<tag><seq>, valid orderLinkIds, and continue after a restore', () => {
    const { venue, bar, engine } = setup({ 0: 'enter_long', 3: 'exit', 4: 'enter_long' });
    for (let i = 0; i < 5; i++) bar(i);
    const snap = engine.snapshot();
    expect(snap.orderSeq).toBe(2);
    const s = series();
    const next = new PlayEngine(cfg(), new Scripted(s, { 6: 'exit', 7: 'enter_short' }), [s], venue);
    // A fresh engine re-runs the bars up to the snapshot muted, takes the snapshot, then goes on.
    for (let i = 0; i < 5; i++) next.warmBar({ tsMs: T0 + i * 60_000, open: 100, high: 100, low: 100, close: 100, volume: 1 });
    next.restore(JSON.parse(JSON.stringify(snap)));
    expect(next.orders.entry()?.clientId).toBe('T1-L2');
    for (let i = 5; i < 8; i++) next.processBar({ tsMs: T0 + i * 60_000, open: 100, high: 100, low: 100, close: 100, volume: 1 });
    expect(venue.submits().map((c) => c.order.clientId)).toEqual(['T1-L1', 'T1-L2', 'T1-S3']);
    expect(venue.cancels()).toEqual(['T1-L1', 'T1-L2']);
    const ids = venue.submits().map((c) => c.order.clientId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(isValidOrderLinkId(id)).toBe(true);
    expect(() => new OrderIds('x'.repeat(30))).toThrow(/run id/);
    const ids2 = new OrderIds('run_2024-01', 41);
    expect(ids2.next('L')).toBe('run_2024-01-L42');
  });

  test('one decision per evaluation, with the commands it issued', () => {
    const { bar, log } = setup({ 1: 'enter_long', 3: 'enter_short' });
    for (let i = 0; i < 5; i++) bar(i);
    expect(log.decisions.map((d) => d.action)).toEqual(['none', 'enter_long', 'none', 'enter_short', 'none']);
    expect(log.decisions.map((d) => d.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(log.decisions[1]!.commands.map((c) => c.kind)).toEqual(['submit']);
    expect(log.decisions[3]!.commands.map((c) => c.kind)).toEqual(['cancel', 'submit']);
    expect(log.decisions[1]!.tsMs).toBe(T0 + 2 * 60_000);
  });
});
