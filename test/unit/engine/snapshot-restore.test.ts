// Snapshot and restore: a backtest cut at 20 seeded random bars (each time the engine is
// snapshotted to JSON, thrown away, rebuilt with fresh features and rules, the bars from the
// window start re-run muted, the snapshot restored; the simulated exchange carries on) gives the
// uncut run's run_hash, trades and decisions, for Plays with market, limit (resting GTC) and
// post-only entries, TP/SL and trailing exits; and for a Play whose holds_for / occurred_within /
// count_true read the position (the rules' window state is exported in the snapshot, since the
// muted re-run cannot rebuild it), with batch and with incremental (live-path) features.
import { expect, test } from 'bun:test';
import { join } from 'node:path';
import { runBacktest } from '../../../src/backtest';
import { openStoreMarket } from '../../../src/data';
import { DecisionLog } from '../../../src/engine';
import { defaultCatalog } from '../../../src/tools/play-catalog';
import { loadPlay } from '../../../src/tools/play-validate';
import { sampleStore } from '../../sample-store';

const ROOT = join(import.meta.dir, '../../..');
const sample = sampleStore('trade-restore-');
const dir = sample.dir;

/** 20 distinct bar indices in [lo, hi), from a 32-bit LCG with a fixed seed. */
function cuts(seed: number, lo: number, hi: number): number[] {
  let x = seed >>> 0;
  const out = new Set<number>();
  while (out.size < 20) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out.add(lo + (x % (hi - lo)));
  }
  return [...out].sort((a, b) => a - b);
}

async function run(play: string, restartAt?: number[], incremental = false) {
  const checked = loadPlay(play.includes('/') ? play : join(ROOT, 'plays', play), defaultCatalog());
  const decisions = new DecisionLog();
  let first = 0;
  let bars = 0;
  const r = await runBacktest(await openStoreMarket(sample.store(), checked.play.symbol), checked, {
    intrabar: 'path',
    noFunding: false,
    outRoot: join(dir, restartAt ? 'cut' : 'whole'),
    packageVersion: 'test',
    decisions,
    restartAt,
    features: incremental ? { incremental: { capacity: 64 } } : 'batch',
    onSimulation: (s) => {
      bars = s.total;
      first = s.equity.tsMs.length;
    },
  });
  return { r, decisions: decisions.decisions, bars, first };
}

for (const play of ['ema-cross.yml', 'vwap-reversion-5m.yml', 'ms-break-demand.yml', 'supertrend-flip.yml']) {
  test(`${play}: cut at 20 random bars and restored = the uncut run`, async () => {
    const whole = await run(play);
    // window bars start after the warm-up rows: cut anywhere in the second half of the window's index range
    const n = whole.bars;
    expect(n).toBeGreaterThan(10_000);
    const cutAt = cuts(20241202, 40_000 - n > 0 ? 40_000 - n : 1, 40_000);
    const cut = await run(play, cutAt);
    expect(cut.r.manifest.run_hash).toBe(whole.r.manifest.run_hash);
    expect(cut.r.metrics.trades).toBe(whole.r.metrics.trades);
    expect(cut.decisions).toEqual(whole.decisions);
  });
}

const WINDOW_STATE = join(import.meta.dir, 'plays/window-state.yml');
for (const [play, incremental] of [
  [WINDOW_STATE, false],
  [WINDOW_STATE, true],
  ['ema-cross.yml', true],
] as const) {
  test(`${play.split('/').pop()} (${incremental ? 'incremental' : 'batch'} features): cut at 20 random bars and restored = the uncut run`, async () => {
    const whole = await run(play, undefined, incremental);
    const n = whole.bars;
    expect(whole.r.metrics.trades).toBeGreaterThan(10);
    const cutAt = cuts(20261207, 40_000 - n > 0 ? 40_000 - n : 1, 40_000);
    const cut = await run(play, cutAt, incremental);
    expect(cut.decisions).toEqual(whole.decisions);
    expect(cut.r.manifest.run_hash).toBe(whole.r.manifest.run_hash);
  });
}
