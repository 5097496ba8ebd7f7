// Batching quiet minutes inside the core must change nothing: every example Play and two test
// Plays (per-minute state; every_1m with a 5m timeframe and resting limit orders) and the 1m
// reference of the speed bench (exec 1m, always in a position) give the same
// manifest (trades, equity, inputs), the same ambiguity figures and the same open position when
// run bar by bar and batched, over the bundled real month in all three intrabar modes.
import { expect, test } from 'bun:test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type IntrabarMode, runBacktest } from '../../../src/backtest';
import { openStoreMarket } from '../../../src/data';
import { TradeError } from '../../../src/errors';
import { defaultCatalog } from '../../../src/tools/play-catalog';
import { loadPlay } from '../../../src/tools/play-validate';
import { sampleStore } from '../../sample-store';

const sample = sampleStore('trade-batch-');
const dir = sample.dir;

const ROOT = join(import.meta.dir, '../../..');
const plays = [
  ...readdirSync(join(ROOT, 'plays')).map((f) => join(ROOT, 'plays', f)),
  join(import.meta.dir, 'plays/minute-state.yml'),
  join(import.meta.dir, 'plays/minute-quiet.yml'),
  // The daily loss limit is checked at exec closes, so batching cannot change when it trips.
  join(import.meta.dir, '../../integration/ema-cross-daily-loss.yml'),
  // Exec 1m, the only timeframe: the scan and the bulk bookings take the 1m-window path (series.ts minuteExec).
  join(ROOT, 'scripts/bench/plays/ema-reversal-1m.yml'),
].filter((p) => p.endsWith('.yml'));

async function run(path: string, intrabar: IntrabarMode, batch: boolean) {
  const checked = loadPlay(path, defaultCatalog());
  return runBacktest(await openStoreMarket(sample.store(), checked.play.symbol), checked, {
    intrabar,
    noFunding: false,
    outRoot: join(dir, batch ? 'batched' : 'single'),
    packageVersion: 'test',
    batchQuietBars: batch,
  });
}

test('batched and bar-by-bar runs are identical for every Play and intrabar mode', async () => {
  let compared = 0;
  let trades = 0;
  const tooShort: string[] = [];
  for (const path of plays) {
    for (const mode of ['path', 'pessimistic', 'optimistic'] as const) {
      let single: Awaited<ReturnType<typeof run>>;
      try {
        single = await run(path, mode, false);
      } catch (e) {
        // A warm-up longer than the bundled month leaves no window: nothing to compare.
        if (e instanceof TradeError && (e.code === 'GATE_FAILED' || e.code === 'USAGE')) {
          tooShort.push(path);
          break;
        }
        throw e;
      }
      const batched = await run(path, mode, true);
      expect(batched.manifest).toEqual(single.manifest);
      expect(batched.intrabar).toEqual(single.intrabar);
      expect(batched.openPosition).toEqual(single.openPosition);
      expect(batched.skippedEntries).toEqual(single.skippedEntries);
      compared++;
      trades += single.metrics.trades;
    }
  }
  expect(tooShort.length).toBeLessThanOrEqual(2);
  expect(compared).toBeGreaterThanOrEqual(27);
  expect(trades).toBeGreaterThan(300);
}, 120_000);
