// The store emits only when a field changes, and at most once per interval: changes in between
// are coalesced into one trailing emit (a fake clock and timer, so nothing here waits).
import { expect, test } from 'bun:test';
import { DashboardStore } from '../../../src/tui';

function fakeClock() {
  let now = 0;
  const timers: { at: number; fn: () => void }[] = [];
  return {
    clock: {
      nowMs: () => now,
      setTimeout: (fn: () => void, ms: number) => {
        const t = { at: now + ms, fn };
        timers.push(t);
        return t;
      },
      clearTimeout: (h: unknown) => {
        timers.splice(timers.indexOf(h as (typeof timers)[number]), 1);
      },
    },
    advance(ms: number) {
      now += ms;
      for (const t of timers.filter((x) => x.at <= now)) {
        timers.splice(timers.indexOf(t), 1);
        t.fn();
      }
    },
    pending: () => timers.length,
  };
}

test('no emit without a change; deep-equal values are no change', () => {
  const c = fakeClock();
  const s = new DashboardStore(100, c.clock);
  let n = 0;
  s.subscribe(() => n++);
  s.set({ equityCurve: [1, 2] });
  expect(n).toBe(1);
  c.advance(200);
  s.set({ equityCurve: [1, 2], kill: 'ACTIVE' });
  expect([n, c.pending()]).toEqual([1, 0]);
});

test('at most one emit per 100 ms: a burst of 50 changes is 1 at once + 1 trailing', () => {
  const c = fakeClock();
  const s = new DashboardStore(100, c.clock);
  let n = 0;
  s.subscribe(() => n++);
  for (let i = 0; i < 50; i++) {
    s.set({ markPrice: 50_000 + i });
    c.advance(1);
  }
  expect(n).toBe(1);
  c.advance(100);
  expect(n).toBe(2);
  expect(s.state.markPrice).toBe(50_049);
});

test('the log only grows, with increasing ids', () => {
  const s = new DashboardStore(0);
  s.append('a');
  s.append('b', 'bad');
  expect(s.log).toEqual([
    { id: 1, text: 'a', tone: 'plain' },
    { id: 2, text: 'b', tone: 'bad' },
  ]);
});
