// The daily loss limit per UTC day (LIVE.md §7, issue 15 item 4): the equity at a UTC day's first
// exec close starts the day, and the limit compares each exec close of that day with it, so losses
// on two days are not summed; the bar closing at 00:00:00 still belongs to the day that ends. Once
// passed, REDUCING stays past the next midnight (only a person moves the switch up: resume), and
// entries are skipped as daily_loss_limit. A scripted venue holds a long position so the engine
// reads the account at every exec close (1m exec), with the equity the test sets.
import { describe, expect, test } from 'bun:test';
import { type Action, PlayEngine } from '../../../src/engine';
import { ScriptedVenue } from './fake-venue';
import { flatSeries, Scripted, scriptedConfig } from './scripted-strategy';

const DAY_MS = 86_400_000;
/** Three minutes before 2024-01-02 00:00 UTC: bars 0..2 close on Jan 1 (bar 2 at 00:00:00), bar 3 on Jan 2. */
const T0 = Date.UTC(2024, 0, 2) - 3 * 60_000;
const N = 3 + DAY_MS / 60_000 + 10;

const series = () => flatSeries(T0, N);

const cfg = scriptedConfig('D1', { dailyLossLimitPct: 1 });

/** An engine over the series with a long position held; `bar(i, equity)` processes bar i with that equity. */
function setup(script: Record<number, Action> = {}) {
  const s = series();
  const venue = new ScriptedVenue();
  venue.onCommand = (cmd, v) => {
    if (cmd.kind === 'submit') v.emit({ kind: 'accepted', clientId: cmd.order.clientId, venueOrderId: cmd.order.clientId });
  };
  venue.setPosition('long', 1, 100);
  const engine = new PlayEngine(cfg, new Scripted(s, script), [s], venue);
  const bar = (i: number, equityUsdt: number) => {
    venue.acct = { ...venue.acct, equityUsdt };
    engine.processBar({ tsMs: T0 + i * 60_000, open: 100, high: 100, low: 100, close: 100, volume: 1 });
  };
  return { engine, venue, bar };
}

describe('the daily loss limit is per UTC day', () => {
  test('a loss split across midnight is not summed; within one day it is', () => {
    const { engine, bar } = setup();
    bar(0, 10_000); // Jan 1 starts at 10000
    bar(1, 9_940); // −0.6%
    bar(2, 9_940);
    bar(3, 9_940); // Jan 2 starts at 9940
    bar(4, 9_880); // −0.6% today, −1.2% since Jan 1's start: not passed
    expect(engine.reducing).toBe(false);
    bar(5, 9_830); // −1.1% today
    expect(engine.reducingReason).toBe('daily_loss_limit');
  });

  test('the bar closing at 00:00:00 counts for the day that ends there', () => {
    const { engine, bar } = setup();
    bar(0, 10_000);
    bar(1, 10_000);
    bar(2, 9_890); // closes at Jan 2 00:00:00: −1.1% of Jan 1's start
    expect(engine.reducingReason).toBe('daily_loss_limit');
  });

  test('passed, it stays REDUCING past the next midnight (entries skipped) until resume; then the day restarts', () => {
    const jan3 = 3 + DAY_MS / 60_000; // the first bar closing on Jan 3
    const { engine, venue, bar } = setup({ [jan3 + 1]: 'enter_short', [jan3 + 4]: 'enter_short' });
    bar(0, 10_000);
    bar(1, 10_000);
    bar(2, 10_000);
    bar(3, 10_000); // Jan 2 starts at 10000
    bar(4, 9_880); // −1.2%: passed
    expect(engine.reducing).toBe(true);
    for (let i = 5; i <= jan3 + 1; i++) bar(i, 10_000); // recovered, and a new UTC day
    expect(engine.reducingReason).toBe('daily_loss_limit');
    expect(engine.skipped.map((s) => s.reason)).toEqual(['daily_loss_limit']);
    const entries = () => venue.submits().filter((c) => c.order.reduceOnly !== true).length;
    expect(entries()).toBe(0);
    engine.resume();
    bar(jan3 + 2, 10_000);
    bar(jan3 + 3, 9_950); // −0.5% of the equity at the resume's day start: under the limit
    bar(jan3 + 4, 9_950);
    expect(engine.reducing).toBe(false);
    expect(entries()).toBe(1);
  });
});
