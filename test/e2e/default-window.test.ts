// Issue 13 item 3: the default backtest window fits the stored data whatever minute it starts at.
// Data starting at 16:39 (like the real ETHUSDT file of 2025-05-30) used to fail with a 9-minute
// "gap" that the warm-up alignment itself created; 4 of the example Plays failed this way. Now the
// window starts at the first boundary of the largest timeframe after the data plus the warm-up.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, sandbox, syntheticCsv } from './cli-harness';

const box = sandbox('trade-e2e-window-');
afterAll(() => box.cleanup());
const FIRST_MS = Date.UTC(2025, 4, 30, 16, 39);
const MINUTES = 60 * 1440; // htf-trend-filter warms up 200 + 100 (unstable) 4h bars (50 days)
const PLAYS = readdirSync(join(ROOT, 'plays'))
  .filter((f) => f.endsWith('.yml'))
  .map((f) => join(ROOT, 'plays', f));

beforeAll(() => {
  const csv = box.file('ETHUSDT_1m.csv', syntheticCsv(FIRST_MS, MINUTES));
  expect(box.run('data', 'import', csv, '--symbol', 'ETHUSDT').code).toBe(0);
}, 60_000);

describe('default window on data that starts off the hour', () => {
  test('data shorter than the warm-up: one line saying so', () => {
    const short = box.file('SOLUSDT_1m.csv', syntheticCsv(FIRST_MS, 10 * 1440));
    expect(box.run('data', 'import', short, '--symbol', 'SOLUSDT').code).toBe(0);
    const r = box.run('backtest', join(ROOT, 'plays/htf-trend-filter.yml'), '--symbol', 'SOLUSDT', '--no-funding');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      "✖ preflight: the stored SOLUSDT candles 2025-05-30T16:39:00.000Z .. 2025-06-09T16:38:00.000Z are shorter than the Play's warm-up of 72480 minutes (the window would start at 2025-07-20T04:00:00.000Z); import more or pass --from\n",
    );
  });

  test.each(PLAYS)(
    '%s',
    (play) => {
      const r = box.run('backtest', play, '--symbol', 'ETHUSDT', '--no-funding', '--json');
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const j = JSON.parse(r.out);
      const fromMs = Date.parse(j.window.from);
      expect(fromMs).toBeGreaterThan(FIRST_MS);
      expect(fromMs % (5 * 60_000)).toBe(0); // every example Play has a 5m or larger timeframe
      expect(Date.parse(j.window.to)).toBe(FIRST_MS + MINUTES * 60_000);
    },
    60_000,
  );
});
