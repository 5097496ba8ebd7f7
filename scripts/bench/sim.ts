// The simulator's no-event path from Bun (docs/simulator.md "Performance"): the bars of the native
// `bench_fast_path` (core-rs/src/sim/tests_ledger.rs), flat and with a position whose TP/SL are far
// away, through `CoreSim.onBar1m` (one wasm call per bar) and `CoreSim.onBars1m` (one call per
// buffer). Run: `bun scripts/bench/sim.ts`. Prints ns per bar, best of 3 runs of each case.
import { CoreSim, SimBars, type SimConfig } from '../../src/core';

const BARS = 2_000_000;
const CONFIG: SimConfig = {
  tickSize: 0.1,
  qtyStep: 0.001,
  minQty: 0.001,
  minNotionalUsdt: 5,
  makerFeeRate: 0.0002,
  takerFeeRate: 0.00055,
  slippageBps: 0,
  startingWalletUsdt: 100_000,
  leverage: 10,
  intrabarMode: 'path',
  riskTiers: [{ riskLimitUsdt: 2_000_000, maxLeverage: 100, mmr: 0.005, mmDeductionUsdt: 0 }],
};

/** The native bench's bars: a slow sine around 60000 on the 0.1 tick, 6 wide. */
function columns() {
  const cols = {
    tsMs: new Float64Array(BARS),
    open: new Float64Array(BARS),
    high: new Float64Array(BARS),
    low: new Float64Array(BARS),
    close: new Float64Array(BARS),
  };
  for (let i = 0; i < BARS; i++) {
    const p = 60000 + Math.round(100 * Math.sin(i / 50) * 10) / 10;
    cols.tsMs[i] = (i + 2) * 60_000;
    cols.open[i] = p;
    cols.high[i] = p + 3;
    cols.low[i] = p - 3;
    cols.close[i] = p + 1;
  }
  return cols;
}

function freshSim(withPosition: boolean): CoreSim {
  const sim = new CoreSim(CONFIG);
  sim.onBar1m(0, 60000, 60000, 60000, 60000);
  if (withPosition) sim.submit({ kind: 'market', side: 'buy', qty: 0.01, takeProfit: 70000, stopLoss: 50000 });
  sim.onBar1m(60_000, 60000, 60000, 60000, 60000);
  return sim;
}

const cols = columns();
const bars = SimBars.copy(cols);
for (const withPosition of [false, true]) {
  let perBar = Number.POSITIVE_INFINITY;
  let perBarBatch = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const one = freshSim(withPosition);
    let t0 = performance.now();
    for (let i = 0; i < BARS; i++) one.onBar1m(cols.tsMs[i]!, cols.open[i]!, cols.high[i]!, cols.low[i]!, cols.close[i]!);
    perBar = Math.min(perBar, ((performance.now() - t0) * 1e6) / BARS);
    one.free();
    const batch = freshSim(withPosition);
    t0 = performance.now();
    batch.onBars1m(bars, 0, BARS);
    perBarBatch = Math.min(perBarBatch, ((performance.now() - t0) * 1e6) / BARS);
    batch.free();
  }
  console.log(
    `position=${withPosition}: onBar1m ${perBar.toFixed(1)} ns/bar, onBars1m ${perBarBatch.toFixed(1)} ns/bar (${BARS} bars, best of 3)`,
  );
}
bars.free();
