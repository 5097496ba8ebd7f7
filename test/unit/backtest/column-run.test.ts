// The column run (src/backtest/column-run.ts, core-rs/src/sim/signal_run.rs) must give exactly what
// the PlayEngine gives: for the 1m reference, every example Play and random Plays over the bundled
// real month, the manifest (play, inputs, trades hash, equity hash, run hash), the metrics, the
// open position, the skipped entries and the ambiguity figures are equal with the column run on
// and forced off. The random Plays span exec timeframes, evaluation cadence, emits (entries,
// exits, reverse, and/or conditions, rules that read the position's side, a 1h timeframe, stateful
// operators), sizing plans, stops and targets, sizes that the margin caps bind, leverage, fees, slippage,
// funding and the orders-per-minute limit, so the run both completes and gives up; both must occur.
import { expect, test } from 'bun:test';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { runBacktest } from '../../../src/backtest';
import type { Simulation } from '../../../src/backtest/simulate';
import { openStoreMarket } from '../../../src/data';
import { TradeError } from '../../../src/errors';
import { defaultCatalog } from '../../../src/tools/play-catalog';
import { loadPlay } from '../../../src/tools/play-validate';
import { sampleStore } from '../../sample-store';

const sample = sampleStore('trade-colrun-');
const dir = sample.dir;

const ROOT = join(import.meta.dir, '../../..');

interface Outcome {
  path: Simulation['path'];
  /** Trades closed by a take profit or a stop loss. */
  protectionExits: number;
  engineReason: string | undefined;
  facts: unknown;
}

async function run(path: string, columnRun: boolean, noFunding = false): Promise<Outcome> {
  const checked = loadPlay(path, defaultCatalog());
  let sim: Simulation | undefined;
  const r = await runBacktest(await openStoreMarket(sample.store(), checked.play.symbol), checked, {
    intrabar: 'path',
    noFunding,
    outRoot: join(dir, columnRun ? 'columns' : 'engine'),
    packageVersion: 'test',
    columnRun,
    onSimulation: (s) => {
      sim = s;
    },
  });
  const facts = {
    manifest: r.manifest,
    metrics: r.metrics,
    openPosition: r.openPosition,
    skipped: r.skippedEntries,
    skippedTotal: r.skippedEntriesTotal,
    intrabar: r.intrabar,
    closedPnl: r.closedTradesPnlUsdt,
    openEntryTsMs: sim?.openEntryTsMs,
    counters: sim ? { ...sim.counters, lastEventSeq: 0, liquidations: 0 } : undefined,
  };
  const protectionExits = sim!.trades.filter((t) => t.exitReason === 'take_profit' || t.exitReason === 'stop_loss').length;
  return { path: sim!.path, engineReason: sim!.engineReason, protectionExits, facts };
}

async function compare(path: string, noFunding = false): Promise<Outcome | undefined> {
  let engine: Outcome;
  try {
    engine = await run(path, false, noFunding);
  } catch (e) {
    // A warm-up longer than the bundled month leaves no window: nothing to compare.
    if (e instanceof TradeError && (e.code === 'GATE_FAILED' || e.code === 'USAGE')) return undefined;
    throw e;
  }
  expect(engine.path).toBe('engine');
  const columns = await run(path, true, noFunding);
  expect({ path, ...(columns.facts as object) }).toEqual({ path, ...(engine.facts as object) });
  return columns;
}

test('the 1m reference and every example Play: the same result with the column run on and off', async () => {
  const plays = [
    ...readdirSync(join(ROOT, 'plays'))
      .filter((f) => f.endsWith('.yml'))
      .map((f) => join(ROOT, 'plays', f)),
    join(ROOT, 'scripts/bench/plays/ema-reversal-1m.yml'),
    join(ROOT, 'scripts/bench/plays/four-indicators.yml'),
  ];
  const paths: Record<string, string> = {};
  for (const p of plays) {
    const got = await compare(p);
    if (got) paths[p.split('/').pop()!] = got.path === 'columns' ? 'columns' : `engine: ${got.engineReason}`;
  }
  console.log(`column run: ${JSON.stringify(paths)}`);
  // The speed references are what the column run is for.
  expect(paths['ema-reversal-1m.yml']).toBe('columns');
  expect(paths['four-indicators.yml']).toBe('columns');
  // Exits that read the position's side (evaluated for each side).
  expect(paths['ema-cross.yml']).toBe('columns');
  expect(Object.keys(paths).length).toBeGreaterThanOrEqual(10);
}, 120_000);

const playArb = fc.record({
  exec: fc.constantFrom('1m', '1m', '5m', '15m'),
  everyMinute: fc.boolean(),
  fast: fc.integer({ min: 2, max: 20 }),
  gap: fc.integer({ min: 1, max: 30 }),
  slowKind: fc.constantFrom('ema', 'sma'),
  shape: fc.constantFrom(
    'cross',
    'cross_exits',
    'reverse',
    'long_only',
    'and_filter',
    'or_exit',
    'side_exits',
    'flat_entries',
    'htf_filter',
    'htf_cross',
    'windows',
    'windows_side',
  ),
  qty: fc.constantFrom(0.001, 0.01, 0.01, 0.05, 0.5),
  sizing: fc.constantFrom('qty', 'qty', 'notional_usdt', 'equity_pct', 'risk_pct'),
  stop: fc.constantFrom('none', 'pct', 'distance_usdt', 'atr', 'atr'),
  take: fc.constantFrom('none', 'pct', 'rr', 'atr', 'distance_usdt'),
  other: fc.constantFrom('none', 'none', 'none', 'none', 'trailing', 'limit', 'level'),
  equity: fc.constantFrom(1000, 20_000, 1_000_000, 1_000_000),
  leverage: fc.constantFrom(1, 3, 10, 10, 50),
  taker: fc.constantFrom(0, 0.00055, 0.002),
  slippage: fc.constantFrom(0, 3),
  perMinute: fc.constantFrom(undefined, undefined, undefined, undefined, 1, 3),
  maxNotional: fc.constantFrom(undefined, undefined, undefined, 500, 1_000_000),
  noFunding: fc.boolean(),
});

type PlaySpec = typeof playArb extends fc.Arbitrary<infer T> ? T : never;

function playYaml(s: PlaySpec, id: string): string {
  const rules: Record<PlaySpec['shape'], string> = {
    cross: `  entries:
    - when: fast cross_above slow
      emit: enter_long
    - when: fast cross_below slow
      emit: enter_short`,
    cross_exits: `  entries:
    - when: fast cross_above slow
      emit: enter_long
    - when: fast cross_below slow
      emit: enter_short
  exits:
    - when: close < slow
      emit: exit_long
    - when: close > slow
      emit: exit_short`,
    reverse: `  entries:
    - when: fast cross_above slow
      emit: enter_long
    - when: fast cross_below slow
      emit: reverse`,
    long_only: `  entries:
    - when: fast > slow and close > fast
      emit: enter_long
  exits:
    - when: fast cross_below slow
      emit: exit`,
    and_filter: `  entries:
    - when: fast cross_above slow and close > open
      emit: enter_long
    - when: fast cross_below slow and close < open
      emit: enter_short`,
    side_exits: `  entries:
    - when: fast cross_above slow
      emit: enter_long
    - when: fast cross_below slow
      emit: enter_short
  exits:
    - when: side == long and close < slow
      emit: exit_long
    - when: side == short and close > fast
      emit: exit_short`,
    flat_entries: `  entries:
    - when: fast > slow and not in_position
      emit: enter_long
    - when: fast < slow and side == long
      emit: enter_short
  exits:
    - when: in_position and close < open
      emit: exit`,
    htf_filter: `  entries:
    - when: fast cross_above slow and htf.close > htf_ema
      emit: enter_long
    - when: fast cross_below slow and htf.close < htf_ema
      emit: enter_short
  exits:
    - when: side == long and close < htf_ema
      emit: exit_long`,
    htf_cross: `  entries:
    - when: close cross_above htf_ema
      emit: enter_long
    - when: close cross_below htf_ema
      emit: enter_short`,
    windows: `  entries:
    - when:
        all:
          - holds_for: 2
            per: htf
            when: htf.close > htf_ema
          - fast cross_above slow
      emit: enter_long
    - when: "count_true(6, close < fast) >= 4 and occurred_within(3, fast cross_below slow)"
      emit: enter_short`,
    windows_side: `  entries:
    - when: fast cross_above slow
      emit: enter_long
  exits:
    - when:
        all:
          - holds_for: 3
            when: in_position
          - close < slow
      emit: exit`,
    or_exit: `  entries:
    - when: fast cross_above slow
      emit: enter_long
  exits:
    - when: fast cross_below slow or close < slow
      emit: exit_long`,
  };
  return `id: ${id}
symbol: BTCUSDT
timeframes:
  exec: ${s.exec}
  htf: 1h
features:
  htf_ema: { indicator: ema, params: { length: ${s.fast + 3} }, tf: htf }
  fast: { indicator: ema, params: { length: ${s.fast} } }
  slow: { indicator: ${s.slowKind}, params: { length: ${s.fast + s.gap} } }
  atr: { indicator: atr, params: { length: ${s.fast + 2} } }
actions:
${rules[s.shape]}
risk:
${risk(s)}  leverage: ${s.leverage}
${s.perMinute === undefined ? '' : `  max_orders_per_minute: ${s.perMinute}\n`}${s.maxNotional === undefined ? '' : `  max_notional_usdt: ${s.maxNotional}\n`}account:
  starting_equity_usdt: ${s.equity}
  taker_fee_rate: ${s.taker}
  slippage_bps: ${s.slippage}
${execution(s)}`;
}

function risk(s: PlaySpec): string {
  const sizing = {
    qty: `{ qty: ${s.qty} }`,
    notional_usdt: `{ notional_usdt: ${s.qty * 60_000} }`,
    equity_pct: `{ equity_pct: ${Math.min(100, s.qty * 200)} }`,
    risk_pct: `{ risk_pct: ${Math.min(100, s.qty * 20)} }`,
  }[s.sizing];
  const stop = {
    none: '',
    pct: '  stop_loss: { pct: 0.8 }\n',
    distance_usdt: '  stop_loss: { distance_usdt: 350 }\n',
    atr: '  stop_loss: { atr: atr, mult: 1.5 }\n',
  }[s.stop];
  const take = {
    none: '',
    pct: '  take_profit: { pct: 1.2 }\n',
    rr: '  take_profit: { rr: 2 }\n',
    atr: '  take_profit: { atr: atr, mult: 3 }\n',
    distance_usdt: '  take_profit: { distance_usdt: 500 }\n',
  }[s.take];
  const other = s.other === 'trailing' ? '  trailing_stop: { pct: 1 }\n' : '';
  const level = s.other === 'level' ? '  stop_loss: { level_long: slow * 0.99, level_short: slow * 1.01 }\n' : stop;
  // risk_pct sizing and an R-multiple target need a stop (the Play validator says so).
  const needStop = (s.sizing === 'risk_pct' || s.take === 'rr') && level === '' ? '  stop_loss: { pct: 1 }\n' : level;
  return `  sizing: ${sizing}\n${needStop}${take}${other}`;
}

function execution(s: PlaySpec): string {
  const lines = [
    ...(s.everyMinute ? ['  evaluate: every_1m'] : []),
    ...(s.other === 'limit' ? ['  entry: { type: limit, offset_pct: 0.05, expire_bars: 3 }'] : []),
  ];
  return lines.length > 0 ? `execution:\n${lines.join('\n')}\n` : '';
}

test('random Plays: the same result with the column run on and off; it both completes and gives up', async () => {
  const seen = { columns: 0, gaveUp: 0, refused: 0, trades: 0, protectionExits: 0, multiTimeframeOrStateful: 0 };
  let k = 0;
  await fc.assert(
    fc.asyncProperty(playArb, async (spec) => {
      const path = join(dir, `random-${k}.yml`);
      writeFileSync(path, playYaml(spec, `random-${k++}`));
      const got = await compare(path, spec.noFunding);
      if (!got) return;
      if (got.path === 'columns') {
        seen.columns++;
        if (['htf_filter', 'htf_cross', 'windows'].includes(spec.shape)) seen.multiTimeframeOrStateful++;
        seen.protectionExits += got.protectionExits;
      } else if (got.engineReason?.startsWith('the column run met')) seen.gaveUp++;
      else seen.refused++;
      seen.trades += (got.facts as { metrics: { trades: number } }).metrics.trades;
    }),
    { numRuns: 80, seed: 20261208 },
  );
  console.log(`column run: ${JSON.stringify(seen)}`);
  expect(seen.columns).toBeGreaterThanOrEqual(20);
  expect(seen.gaveUp).toBeGreaterThanOrEqual(5);
  expect(seen.refused).toBeGreaterThanOrEqual(3);
  expect(seen.trades).toBeGreaterThan(3000);
  // Stops and targets filled inside the column run, not only signal exits.
  expect(seen.protectionExits).toBeGreaterThan(200);
  // Rules over a higher timeframe, and rules that remember (holds_for, count_true, crosses over it).
  expect(seen.multiTimeframeOrStateful).toBeGreaterThanOrEqual(5);
}, 300_000);
