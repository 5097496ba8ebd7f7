// The key and secret never leave the bybit-api clients: errors are provoked (a wrong secret: WS auth
// refused and REST 10004, whose Bybit text echoes the signed string with the key; HTTP 5xx; a
// timeout; an injected reject; clock skew) and every event, thrown error (message, details, cause)
// and console line is searched for both.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { BybitVenue } from '../../../src/bybit';
import type { VenueEvent } from '../../../src/engine';
import { KEY, SECRET } from '../emulator/helpers';
import { newVenue, ofKind, type VenueRig, venueRig } from './venue-helpers';

let v: VenueRig;
const printed: string[] = [];
const saved = { log: console.log, error: console.error, warn: console.warn, info: console.info, debug: console.debug };

beforeAll(async () => {
  for (const k of Object.keys(saved) as (keyof typeof saved)[])
    console[k] = (...args: unknown[]) => {
      printed.push(args.map((a) => (typeof a === 'string' ? a : (JSON.stringify(a) ?? String(a)))).join(' '));
    };
  v = await venueRig({}, { restTimeoutMs: 300, lookupAttempts: 2 });
}, 30_000);
afterAll(async () => {
  Object.assign(console, saved);
  await v?.close();
});

function dump(e: unknown): string {
  if (!(e instanceof Error)) return JSON.stringify(e) ?? String(e);
  const x = e as Error & { details?: unknown };
  return [x.message, x.stack ?? '', JSON.stringify(x.details ?? null), e.cause === undefined ? '' : dump(e.cause)].join('\n');
}

async function caught(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return dump(e);
  }
  throw new Error('expected a rejection');
}

const secretFree = (text: string) => {
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(KEY);
};

test('a wrong secret, 5xx, timeouts, rejects and skew: no event, error or console line holds the key or secret', async () => {
  const texts: string[] = [];
  const wrong: BybitVenue = newVenue(v.r, { secret: `${SECRET}-wrong`, startTimeoutMs: 3_000 });
  const startErr = await caught(wrong.start());
  expect(startErr.split('\n')[0]).toStartWith('private WebSocket: auth refused');
  texts.push(startErr);
  wrong.execute({
    kind: 'submit',
    order: { clientId: 'run-w1', side: 'buy', type: 'market', qty: 0.01, reduceOnly: false, timeInForce: 'GTC' },
  });
  await wrong.whenIdle();
  const wrongEvents: VenueEvent[] = [];
  wrong.drain(wrongEvents);
  const rej = ofKind(wrongEvents, 'rejected')[0];
  expect(rej?.code).toBe(10004);
  expect(rej?.reason).toContain('***'); // Bybit's text echoes the signed string: the key is hidden
  texts.push(JSON.stringify(wrongEvents), await caught(wrong.reconcile()), await caught(wrong.setLeverage(3)));
  await wrong.close();

  const order = (clientId: string) => ({
    clientId,
    side: 'buy' as const,
    type: 'limit' as const,
    price: 20_000,
    qty: 0.01,
    reduceOnly: false,
    timeInForce: 'GTC' as const,
  });
  await v.fault({ fault: 'reject', count: 1, retCode: 110007, retMsg: `ab not enough for new order ${KEY}` });
  v.venue.execute({ kind: 'submit', order: order('run-x1') });
  await v.fault({ fault: 'skew', ms: 15_000 });
  v.venue.execute({ kind: 'submit', order: order('run-x2') });
  await v.venue.whenIdle();
  await v.fault({ fault: 'skew', ms: 0 });
  await v.fault({ fault: 'http5xx', share: 1, status: 502 });
  v.venue.execute({ kind: 'submit', order: order('run-x3') });
  await v.venue.whenIdle();
  texts.push(await caught(v.venue.reconcile()));
  await v.fault({ fault: 'timeout', share: 1, ms: 1_000 });
  texts.push(await caught(v.venue.reconcile()));
  await v.fault({ fault: 'clear' });
  await v.venue.resolveInDoubt();
  await v.until((evs) => ofKind(evs, 'accepted').length === 2, 'run-x2 and run-x3 accepted');
  expect(ofKind(v.events, 'rejected').map((e) => [e.clientId, e.code, e.reason])).toEqual([
    ['run-x1', 110007, 'ab not enough for new order ***'],
  ]);
  texts.push(JSON.stringify(v.events));
  expect(texts.length).toBe(7);
  for (const t of texts) secretFree(t);
  for (const line of printed) secretFree(line);
}, 30_000);
