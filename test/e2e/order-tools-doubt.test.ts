// Issue 20 from dist/trade: the order tools settle an ambiguous outcome as BybitVenue does (LIVE.md
// §6), against a `trade emulator` process with its run-time faults. A create booked whose answer is
// lost (504) is looked up and reported placed, sent once; one whose lookups fail too is in doubt
// (exit 1, VENUE_IN_DOUBT, every step listed) and never resent; one the exchange never took (an
// ambiguous retCode) is resent once, after two answered lookups found nothing, with the same
// orderLinkId; a definite reject is reported with Bybit's code. A cancel whose answers are lost is
// confirmed by a lookup; one whose lookups fail is in doubt; an amend whose answer is lost is
// confirmed by a lookup, sent once. Each is checked on the emulator's own state: its orders, and the
// requests it served per path.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type Sandbox, sandbox } from './cli-harness';
import { type EmulatorProcess, KEY, SECRET, startSampleDayEmulator } from './emulator-process';

const sb: Sandbox = sandbox('trade-e2e-order-doubt-');
let emu: EmulatorProcess;
let limitPrice = 0;

interface ToolOut {
  ok: boolean;
  data?: Record<string, unknown>;
  error?: { code: string; message: string; details: Record<string, unknown> };
}

function tool(name: string, input: Record<string, unknown>): { code: number; out: ToolOut; err: string } {
  const r = sb.runEnv(
    { BYBIT_DEMO_API_KEY: KEY, BYBIT_DEMO_API_SECRET: SECRET, TRADE_LIVE: undefined },
    'tool',
    name,
    JSON.stringify({ endpoint: emu.urls.rest, symbol: 'BTCUSDT', ...input }),
    '--json',
  );
  return { code: r.code, out: JSON.parse(r.out) as ToolOut, err: r.err };
}

const limit = (clientId: string) => tool('order.limit', { side: 'buy', qty: 0.01, price: limitPrice, clientId });

async function ordersOf(clientId: string) {
  return ((await emu.state()).accounts.find((a) => a.key === KEY)?.orders ?? []).filter((o) => o.orderLinkId === clientId);
}

async function requests(path: string): Promise<number> {
  return (await emu.state()).requests[path] ?? 0;
}

async function fault(f: Record<string, unknown>): Promise<void> {
  const r = await emu.fault(f);
  if (r.retCode !== 0) throw new Error(`fault ${JSON.stringify(f)}: ${r.retCode} ${r.retMsg}`);
}

beforeAll(async () => {
  emu = await startSampleDayEmulator(sb);
  const price = sb.run('tool', 'market.price', JSON.stringify({ symbol: 'BTCUSDT', endpoint: emu.urls.rest }), '--json');
  const last = (JSON.parse(price.out) as { data: { price: number } }).data.price;
  expect(last).toBeGreaterThan(1000);
  limitPrice = Math.round(last * 0.95 * 10) / 10; // far below: the order rests
}, 120_000);

afterAll(async () => {
  await fault({ fault: 'clear' });
  expect(await emu.stop()).toBe(0);
  sb.cleanup();
}, 60_000);

describe('order.limit with an ambiguous create', () => {
  test('booked, its answer lost (504): looked up, reported placed once, never sent again', async () => {
    const creates = await requests('/v5/order/create');
    await fault({ fault: 'lost', count: 1 });
    const r = limit('doubt-lost-1');
    expect(r.code).toBe(0);
    const booked = await ordersOf('doubt-lost-1');
    expect(booked.length).toBe(1);
    expect(booked[0]?.orderStatus).toBe('New');
    expect(r.out.data).toMatchObject({
      sent: true,
      status: 'placed',
      clientId: 'doubt-lost-1',
      orderId: booked[0]?.orderId,
      orderStatus: 'New',
    });
    expect(r.out.data?.tried).toEqual([expect.stringMatching(/^create: no answer to rely on \(HTTP 504/), 'lookup 1: found (New)']);
    expect(await requests('/v5/order/create')).toBe(creates + 1);
    expect((await emu.state()).faults.served.lost).toBe(1);
  });

  test('booked, answer lost, and every lookup fails: in doubt, exit 1, nothing resent', async () => {
    const creates = await requests('/v5/order/create');
    const history = await requests('/v5/order/history');
    await fault({ fault: 'lost', count: 1 });
    await fault({ fault: 'http5xx', share: 1, status: 503, paths: ['/v5/order/realtime'] });
    const r = limit('doubt-blind-1');
    await fault({ fault: 'clear' });
    expect(r.code).toBe(1);
    expect(r.out.ok).toBe(false);
    expect(r.out.error?.code).toBe('VENUE_IN_DOUBT');
    expect(r.out.error?.message).toContain('order.limit BTCUSDT doubt-blind-1: in doubt');
    expect(r.out.error?.message).toContain('nothing was resent');
    expect(r.out.error?.details).toMatchObject({ status: 'in_doubt', clientId: 'doubt-blind-1', resent: false });
    const tried = r.out.error?.details.tried as string[];
    expect(tried.length).toBe(5);
    expect(tried[0]).toMatch(/^create: no answer to rely on \(HTTP 504/);
    for (let k = 1; k <= 4; k++) expect(tried[k]).toMatch(new RegExp(`^lookup ${k}: failed \\(HTTP 503`));
    expect(r.err.trim().split('\n').length).toBe(1);
    // exactly one create reached the emulator; realtime failing, history was never asked
    expect(await requests('/v5/order/create')).toBe(creates + 1);
    expect(await requests('/v5/order/history')).toBe(history);
    expect((await ordersOf('doubt-blind-1')).map((o) => o.orderStatus)).toEqual(['New']);
  });

  test('not taken (retCode 10016): two answered lookups find nothing, resent once with the same orderLinkId', async () => {
    const creates = await requests('/v5/order/create');
    await fault({ fault: 'reject', count: 1, retCode: 10016, retMsg: 'server error' });
    const r = limit('doubt-resend-1');
    expect(r.code).toBe(0);
    const booked = await ordersOf('doubt-resend-1');
    expect(booked.length).toBe(1);
    expect(r.out.data).toMatchObject({ status: 'placed', orderId: booked[0]?.orderId });
    expect(r.out.data?.tried).toEqual([
      'create: no answer to rely on (retCode 10016 server error)',
      'lookup 1: absent from order/realtime and order/history',
      'lookup 2: absent from order/realtime and order/history',
      'lookup 3: absent from order/realtime and order/history',
      'lookup 4: absent from order/realtime and order/history',
      'create resent once with the same orderLinkId',
    ]);
    expect(await requests('/v5/order/create')).toBe(creates + 2);
  });

  test("a definite reject: Bybit's code and message, exit 1, no lookup", async () => {
    const creates = await requests('/v5/order/create');
    const realtime = await requests('/v5/order/realtime');
    await fault({ fault: 'reject', count: 1, retCode: 110007, retMsg: 'ab not enough for new order' });
    const r = limit('doubt-reject-1');
    expect(r.code).toBe(1);
    expect(r.out.error).toMatchObject({
      code: 'VENUE_REJECTED',
      message: 'order.limit BTCUSDT doubt-reject-1: rejected by Bybit: retCode 110007 ab not enough for new order',
      details: { status: 'rejected', clientId: 'doubt-reject-1', retCode: 110007, retMsg: 'ab not enough for new order' },
    });
    expect(await requests('/v5/order/create')).toBe(creates + 1);
    expect(await requests('/v5/order/realtime')).toBe(realtime);
    expect(await ordersOf('doubt-reject-1')).toEqual([]);
  });
});

describe('order.cancel with lost answers', () => {
  test('taken but every answer lost: the lookup confirms it cancelled', async () => {
    expect(limit('doubt-cancel-1').code).toBe(0);
    await fault({ fault: 'timeout', share: 1, ms: 20, processed: true, paths: ['/v5/order/cancel'] });
    const r = tool('order.cancel', { clientId: 'doubt-cancel-1' });
    await fault({ fault: 'clear' });
    expect(r.code).toBe(0);
    expect(r.out.data).toMatchObject({ sent: true, status: 'cancelled', confirmedBy: 'lookup', order: { orderStatus: 'Cancelled' } });
    expect((await ordersOf('doubt-cancel-1')).map((o) => o.orderStatus)).toEqual(['Cancelled']);
  });

  test('no answer and the lookup fails: in doubt, the order still open', async () => {
    expect(limit('doubt-cancel-2').code).toBe(0);
    await fault({ fault: 'http5xx', share: 1, status: 502, paths: ['/v5/order/cancel', '/v5/order/realtime'] });
    const r = tool('order.cancel', { clientId: 'doubt-cancel-2' });
    await fault({ fault: 'clear' });
    expect(r.code).toBe(1);
    expect(r.out.error).toMatchObject({ code: 'VENUE_IN_DOUBT', details: { status: 'in_doubt', orderLinkId: 'doubt-cancel-2' } });
    expect(r.out.error?.message).toMatch(
      /^order\.cancel BTCUSDT doubt-cancel-2: in doubt: no answer to rely on \(HTTP 502.*the lookup failed/,
    );
    expect((await ordersOf('doubt-cancel-2')).map((o) => o.orderStatus)).toEqual(['New']);
    const done = tool('order.cancel', { clientId: 'doubt-cancel-2' });
    expect(done.out.data).toMatchObject({ status: 'cancelled', result: { orderLinkId: 'doubt-cancel-2' } });
  });
});

describe('order.amend with a lost answer', () => {
  test('taken, its answer lost: sent once, the lookup shows the new price, amended', async () => {
    expect(limit('doubt-amend-1').code).toBe(0);
    const amends = await requests('/v5/order/amend');
    const newPrice = Math.round((limitPrice - 100) * 10) / 10;
    await fault({ fault: 'timeout', share: 1, ms: 20, processed: true, paths: ['/v5/order/amend'] });
    const r = tool('order.amend', { clientId: 'doubt-amend-1', price: newPrice });
    await fault({ fault: 'clear' });
    expect(r.code).toBe(0);
    expect(r.out.data).toMatchObject({ status: 'amended', confirmedBy: 'lookup', order: { price: newPrice.toFixed(1) } });
    expect(await requests('/v5/order/amend')).toBe(amends + 1);
    expect((await ordersOf('doubt-amend-1')).map((o) => [o.orderStatus, o.price])).toEqual([['New', newPrice.toFixed(1)]]);
  });
});
