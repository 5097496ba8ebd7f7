// IncrementalFeatures (issue 11 item 4): the live path grows the columns one 1m bar at a time and
// must give what BatchFeatures computes up front, bit for bit, and the same decisions. Over the
// bundled real month, every example Play runs both ways with columns grown by one bar at a time (so
// the rules are re-bound at every bar, keeping their holds_for/cross state). The
// year-long version is test/parity/incremental-year.test.ts. Also: duplicates, order and gaps.
import { describe, expect, test } from 'bun:test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runBacktest, type Simulation } from '../../../src/backtest';
import { openStoreMarket } from '../../../src/data';
import { compileRules } from '../../../src/dsl';
import { DecisionLog, IncrementalFeatures } from '../../../src/engine';
import { TradeError } from '../../../src/errors';
import { defaultCatalog } from '../../../src/tools/play-catalog';
import { loadPlay } from '../../../src/tools/play-validate';
import { sampleStore } from '../../sample-store';

const ROOT = join(import.meta.dir, '../../..');
const sample = sampleStore('trade-incr-');
const dir = sample.dir;

const plays = [
  ...readdirSync(join(ROOT, 'plays')).map((f) => join(ROOT, 'plays', f)),
  join(import.meta.dir, '../backtest/plays/minute-state.yml'),
  join(import.meta.dir, '../backtest/plays/minute-quiet.yml'),
  join(import.meta.dir, 'plays/window-state.yml'),
].filter((p) => p.endsWith('.yml'));

async function run(path: string, incremental: boolean) {
  const checked = loadPlay(path, defaultCatalog());
  const log = new DecisionLog();
  let sim: Simulation | undefined;
  const r = await runBacktest(await openStoreMarket(sample.store(), checked.play.symbol), checked, {
    intrabar: 'path',
    noFunding: false,
    outRoot: join(dir, incremental ? 'incr' : 'batch'),
    packageVersion: 'test',
    decisions: log,
    features: incremental ? { incremental: { capacity: 1, growBy: 1 } } : 'batch',
    // Both sides evaluate at every evaluation time (batching skips repeats it knows are 'none').
    batchQuietBars: false,
    onSimulation: (s) => {
      sim = s;
    },
  });
  return { r, decisions: log.decisions, sim: sim as Simulation, compiled: compileRules(checked.rules) };
}

/** Bit-identical: NaN equals NaN, 0 and -0 differ. */
function sameBits(a: Float64Array, b: Float64Array): number {
  if (a.length < b.length) return a.length;
  for (let i = 0; i < b.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

test('every example Play: batch and incremental columns are bit-identical, decisions and results the same', async () => {
  let compared = 0;
  let decisions = 0;
  let trades = 0;
  for (const path of plays) {
    let batch: Awaited<ReturnType<typeof run>>;
    try {
      batch = await run(path, false);
    } catch (e) {
      // htf-trend-filter's warm-up is longer than the bundled month: the year test covers it.
      if (e instanceof TradeError && (e.code === 'GATE_FAILED' || e.code === 'USAGE')) continue;
      throw e;
    }
    const incr = await run(path, true);
    for (const need of batch.compiled.needs) {
      const a = batch.sim.features.column(need);
      const b = incr.sim.features.column(need);
      const tf = batch.compiled.tfNames.indexOf(need.tf);
      const n = batch.sim.features.byTfName[tf]!.length;
      expect(incr.sim.features.byTfName[tf]!.length).toBe(n);
      expect({ path, key: need.key, firstDiff: sameBits(b.subarray(0, n), a.subarray(0, n)) }).toEqual({
        path,
        key: need.key,
        firstDiff: -1,
      });
    }
    expect(incr.decisions.length).toBe(batch.decisions.length);
    for (let i = 0; i < batch.decisions.length; i++) {
      const x = batch.decisions[i]!;
      const y = incr.decisions[i]!;
      if (!Bun.deepEquals(y, x)) expect({ path, i, d: y }).toEqual({ path, i, d: x });
    }
    expect(incr.r.manifest.trades_hash).toBe(batch.r.manifest.trades_hash);
    expect(incr.r.manifest.equity_hash).toBe(batch.r.manifest.equity_hash);
    compared++;
    decisions += batch.decisions.length;
    trades += batch.sim.trades.length;
  }
  expect(compared).toBeGreaterThanOrEqual(9);
  expect(decisions).toBeGreaterThan(10_000);
  expect(trades).toBeGreaterThan(100);
}, 240_000);

describe('bar order', () => {
  const checked = loadPlay(join(ROOT, 'plays/ema-cross.yml'), defaultCatalog());
  const compiled = compileRules(checked.rules);
  const t0 = Date.UTC(2024, 7, 1);
  const bar = (k: number) => ({ tsMs: t0 + k * 60_000, open: 100 + k, high: 101 + k, low: 99 + k, close: 100.5 + k, volume: 1 });
  const make = () => new IncrementalFeatures(checked.play, compiled.tfNames, compiled.needs, { capacity: 2 });

  test('a duplicate is dropped and counted; a timeframe bar closes on its last minute only', () => {
    const p = make();
    const exec = p.engineOrder[0]!;
    const closes: boolean[] = [];
    for (let k = 0; k < 15; k++) closes.push(p.push(bar(k)));
    expect(p.push(bar(14))).toBe(false);
    expect(p.duplicates).toBe(1);
    expect(closes.indexOf(true)).toBe(exec.tfMs / 60_000 - 1);
    expect(exec.length).toBe(1);
    expect([exec.tsOpenMs[0], exec.open[0], exec.high[0], exec.low[0], exec.close[0], exec.volume[0]]).toEqual([
      t0,
      100,
      115,
      99,
      114.5,
      15,
    ]);
    p.free();
  });

  test('an earlier bar and a missing minute are errors naming both times; a first bar off the boundary too', () => {
    const p = make();
    p.push(bar(0));
    p.push(bar(1));
    expect(() => p.push(bar(0))).toThrow('bar 2024-08-01T00:00:00.000Z arrived after bar 2024-08-01T00:01:00.000Z (out of order)');
    expect(() => p.push(bar(3))).toThrow(
      'bar 2024-08-01T00:03:00.000Z follows bar 2024-08-01T00:01:00.000Z: the minutes between are missing',
    );
    p.free();
    const q = make();
    expect(() => q.push(bar(7))).toThrow(
      'the first bar 2024-08-01T00:07:00.000Z does not open a bucket (it opens at 2024-08-01T00:00:00.000Z)',
    );
    q.free();
  });

  test('growing columns are reported, so the rules can be bound again', () => {
    const p = make();
    let grew = 0;
    p.onGrow(() => grew++);
    const exec = p.engineOrder[0]!;
    const before = exec.close;
    for (let k = 0; k < 15 * 5; k++) p.push(bar(k));
    expect(exec.length).toBe(5);
    expect(grew).toBe(2); // capacity 2 → 4 → 8
    expect(exec.close).not.toBe(before);
    expect(Array.from(exec.close.subarray(0, 5))).toEqual([114.5, 129.5, 144.5, 159.5, 174.5]);
    p.free();
  });

  test('an exchange gap: the buckets holding the missing minutes are never emitted; the next one is', () => {
    const p = make();
    const exec = p.engineOrder[0]!;
    for (let k = 0; k < 20; k++) p.push(bar(k)); // bucket 0 closes at k = 14; bucket 1 has 15..19
    expect(() => p.skipGap(t0 + 21 * 60_000, t0 + 25 * 60_000)).toThrow('does not follow bar');
    p.skipGap(t0 + 20 * 60_000, t0 + 25 * 60_000); // minutes 20..24 never traded
    for (let k = 25; k < 45; k++) p.push(bar(k)); // 25..29 end the broken bucket; 30..44 a whole one
    expect(p.gaps).toBe(1);
    expect(exec.length).toBe(2);
    expect([exec.tsOpenMs[1], exec.open[1], exec.volume[1]]).toEqual([t0 + 30 * 60_000, 130, 15]);
    p.free();
  });
});
