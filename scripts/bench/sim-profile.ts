// Profiling aid (not part of `bun run bench`): the 1m reference's simulate phase alone, repeated,
// so a CPU profile shows the per-minute path without start-up, loading or artifacts.
// bun --cpu-prof scripts/bench/sim-profile.ts [runs]
import { join } from 'node:path';
import { emptyTimings, type PhaseTimings, simulate } from '../../src/backtest/simulate';
import { coreCompiled } from '../../src/core';
import { defaultInstrument } from '../../src/data';
import { defaultCatalog, loadPlay } from '../../src/dsl';
import { loadYear2024 } from './candles';

await coreCompiled();
const checked = loadPlay(join(import.meta.dir, 'plays/ema-reversal-1m.yml'), defaultCatalog());
const c = loadYear2024();
const window = { ...c, funding: { tsMs: new Float64Array(0), rate: new Float64Array(0) } };
const fromMs = Date.parse('2024-01-03');
const toMs = Date.parse('2025-01-01');
const instrument = defaultInstrument('BTCUSDT');
const runs = Number(process.argv[2] ?? 10);
const times: number[] = [];
let trades = 0;
const phases: PhaseTimings[] = [];
for (let k = 0; k < runs; k++) {
  const t0 = performance.now();
  const timings = emptyTimings();
  const sim = simulate({
    play: checked.play,
    checked,
    symbol: 'BTCUSDT',
    instrument: instrument!,
    window: window as never,
    fromMs,
    toMs,
    warmStartMs: fromMs - 26 * 60_000 * 5,
    opts: { noFunding: true, intrabar: 'path', timings } as never,
  });
  times.push(performance.now() - t0);
  phases.push(timings);
  trades = sim.trades.length;
}
times.sort((a, b) => a - b);
console.log(
  `simulate: median ${times[Math.floor(runs / 2)]!.toFixed(1)} ms, min ${times[0]!.toFixed(1)} ms over ${runs}; ${trades} trades`,
);
const med = (k: keyof PhaseTimings) =>
  phases
    .map((p) => p[k])
    .sort((a, b) => a - b)
    [Math.floor(runs / 2)]!.toFixed(1);
console.log(
  `phases (median ms): gates ${med('gates')}, features ${med('features')}, simulate ${med('simulate')}, metrics ${med('metrics')}`,
);
