// The order tools' runaway guard: 20 creates in any 60 s of the injected clock, the 21st refused
// with the wait until the oldest leaves the window.
import { expect, test } from 'bun:test';
import { OrderRate } from '../../../src/tools/registry/order-rate';

test('at most the maximum per rolling minute; the oldest leaving frees one', () => {
  const rate = new OrderRate(3);
  rate.take(1_000);
  rate.take(2_000);
  rate.take(30_000);
  expect(() => rate.take(60_999)).toThrow('order guard: 3 orders were sent in the last minute');
  try {
    rate.take(60_999);
  } catch (e) {
    expect((e as { code: string; details: unknown }).code).toBe('VENUE_RATE_LIMITED');
    expect((e as { details: unknown }).details).toEqual({ maxPerMinute: 3, waitMs: 1 });
  }
  rate.take(61_000);
  expect(() => rate.take(61_500)).toThrow();
  rate.take(62_000);
});
