// A reconcile reads every Trade execution since the previous one, page by page (issue 15 item 3,
// "executions with execType=Trade since the last known execId, paged"): 130 fills made while the
// venue's private socket is stalled (so none reaches it) are all adopted by one reconcile, through
// two pages of execution/list; 130 more after that are adopted by the next, each fill once. A
// single page (the recent 100) would miss 30 of each batch.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { ofKind, type VenueRig, venueRig } from './venue-helpers';

const L = { category: 'linear' as const, symbol: 'BTCUSDT' };
const BATCH = 130;
let v: VenueRig;

beforeAll(async () => {
  v = await venueRig();
  v.venue.adoptFillsSince(0);
}, 30_000);
afterAll(async () => {
  await v?.close();
});

/** BATCH market orders of 0.001, buy and sell in turn, placed outside the venue and filled at the next minute's open. */
async function fillsOutside(tag: string): Promise<void> {
  for (let i = 0; i < BATCH; i++) {
    const side = i % 2 === 0 ? 'Buy' : 'Sell';
    const r = await v.r.rest.submitOrder({ ...L, side, orderType: 'Market', qty: '0.001', orderLinkId: `${tag}-${i}` });
    expect(r.retCode).toBe(0);
  }
  expect(v.r.emu.replay?.step(1)).toBe(1);
}

async function executionListRequests(): Promise<number> {
  const res = await fetch(`${v.r.emu.url}/admin/state`);
  const j = (await res.json()) as { result: { requests?: Record<string, number> } };
  return j.result.requests?.['/v5/execution/list'] ?? 0;
}

test('fills the private socket never delivered are adopted by the reconcile, over pages, each once', async () => {
  expect(await v.fault({ fault: 'stall' })).toBe(0);
  await fillsOutside('a');
  const before = await executionListRequests();
  await v.venue.reconcile();
  v.venue.drain(v.events);
  const adopted = ofKind(v.events, 'fill').map((f) => f.execId);
  const emulated = (await v.state()).executions.filter((e) => e.execType === 'Trade').map((e) => String(e.execId));
  expect(emulated).toHaveLength(BATCH);
  expect(new Set(adopted)).toEqual(new Set(emulated));
  expect(adopted).toHaveLength(BATCH);
  // 130 rows at 100 a page: two requests.
  expect((await executionListRequests()) - before).toBe(2);

  await fillsOutside('b');
  await v.venue.reconcile();
  v.venue.drain(v.events);
  const all = ofKind(v.events, 'fill').map((f) => f.execId);
  const emulatedAll = (await v.state()).executions.filter((e) => e.execType === 'Trade').map((e) => String(e.execId));
  expect(emulatedAll).toHaveLength(2 * BATCH);
  expect(all).toHaveLength(2 * BATCH);
  expect(new Set(all)).toEqual(new Set(emulatedAll));
}, 60_000);
