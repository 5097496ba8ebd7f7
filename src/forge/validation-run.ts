// Runs a Play's `validation:` block: reads its scenario and expectations (every problem at once,
// each at its file:line:col), builds the synthetic market, runs the Play on it in memory and
// evaluates every expectation. Problems in the block make it `invalid` (exit 2 upstream); a
// failed expectation makes it `fail` (exit 1).
import type { CheckedPlay } from '../dsl';
import { TradeError } from '../errors';
import type { Position } from '../play';
import { type ExpectationResult, evaluateExpectation } from './expect-eval';
import { factsOf } from './expect-facts';
import { type Expectation, parseExpectation } from './expect-parse';
import { type ScenarioSpec, syntheticMarket } from './market';
import { runOnWindow } from './run-window';
import { readScenarioSpec } from './scenario-spec';
import { DEFAULT_SYNTH_SYMBOL, syntheticInstrument } from './synth-symbol';

export type Locate = (path: readonly (string | number)[]) => Position;

export interface BlockProblem extends Position {
  path: string;
  message: string;
}

export interface CheckedExpectation extends ExpectationResult, Position {
  path: string;
}

export interface ValidationOutcome {
  status: 'pass' | 'fail' | 'invalid' | 'none';
  problems: BlockProblem[];
  results: CheckedExpectation[];
  scenario?: { name: string; seed: number; bars: number; trades: number; eventBar: number };
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A validation block: the Play's own, or a proof file's (`play:` + `validation:`). */
export interface ValidationBlock {
  scenario?: unknown;
  expect?: unknown;
}

export interface CheckedBlock {
  problems: BlockProblem[];
  spec?: ScenarioSpec;
  parsed: { e: Expectation; i: number }[];
}

/** Reads a block without running it: every problem of its scenario and expectations, located. */
export function checkValidationBlock(block: ValidationBlock, locate: Locate): CheckedBlock {
  const problems: BlockProblem[] = [];
  const problem = (path: (string | number)[], message: string) =>
    problems.push({ ...locate(path), path: path.join('.').replace(/\.(\d+)/g, '[$1]'), message });
  if (!isMap(block.scenario)) problem(['validation'], 'validation.scenario is missing: expected a map with at least `name:`');
  const spec = isMap(block.scenario) ? readScenarioSpec(block.scenario) : undefined;
  for (const p of spec?.problems ?? []) problem(['validation', 'scenario', p.field], p.message);
  const items = Array.isArray(block.expect) ? (block.expect as unknown[]) : [];
  if (block.expect !== undefined && !Array.isArray(block.expect))
    problem(['validation', 'expect'], 'validation.expect must be a list of expectations like `trades >= 1`');
  else if (items.length === 0) problem(['validation'], 'validation.expect is empty: expected a list of expectations like `trades >= 1`');
  const parsed: { e: Expectation; i: number }[] = [];
  for (const [i, item] of items.entries()) {
    const r = parseExpectation(item);
    if (r.ok) parsed.push({ e: r.expectation, i });
    else problem(['validation', 'expect', i], `${JSON.stringify(item)}: ${r.message}`);
  }
  return { problems, spec: spec?.spec, parsed };
}

/** Runs `block` (default: the Play's own block); `locate` maps `validation...` paths to file positions. */
export function runValidation(
  checked: CheckedPlay,
  locate: Locate,
  block: ValidationBlock | undefined = checked.play.validation,
): ValidationOutcome {
  if (!block) return { status: 'none', problems: [], results: [] };
  const { problems, spec: scenario, parsed } = checkValidationBlock(block, locate);
  const problem = (path: (string | number)[], message: string) =>
    problems.push({ ...locate(path), path: path.join('.').replace(/\.(\d+)/g, '[$1]'), message });
  if (problems.length > 0 || !scenario) return { status: 'invalid', problems, results: [] };
  const spec = { spec: scenario };
  const market = syntheticMarket(spec.spec);
  const symbol = DEFAULT_SYNTH_SYMBOL;
  const instrument = syntheticInstrument(symbol);
  let run: ReturnType<typeof runOnWindow>;
  try {
    run = runOnWindow({ checked, symbol, instrument, candles: market.candles, funding: market.funding, toMs: market.endMs });
  } catch (e) {
    // A gate refusing the scenario (a gap, too short for the warm-up) is a problem of the block.
    if (!(e instanceof TradeError) || e.code !== 'GATE_FAILED') throw e;
    problem(['validation', 'scenario'], `the backtest refuses this scenario: ${e.message}`);
    return { status: 'invalid', problems, results: [] };
  }
  if (market.eventTsMs < run.fromMs)
    problem(
      ['validation', 'scenario', 'event_at'],
      `the event (1m bar ${spec.spec.eventAt}) comes before the first tradable bar (1m bar ${(run.fromMs - spec.spec.startMs) / 60_000}, after the Play's warm-up): raise event_at and bars`,
    );
  if (problems.length > 0) return { status: 'invalid', problems, results: [] };
  const { sim } = run;
  const side = sim.lastAccount.position.side;
  const facts = factsOf({
    trades: sim.trades,
    metrics: sim.metrics,
    skippedEntries: sim.skipped.length,
    openSide: side === 'long' || side === 'short' ? side : 'flat',
    openEntryTsMs: sim.openEntryTsMs,
    startMs: spec.spec.startMs,
    endMs: market.endMs,
    eventTsMs: market.eventTsMs,
    execTfMs: run.execTfMs,
  });
  const results = parsed.map(({ e, i }) => {
    const path = ['validation', 'expect', i];
    return { ...evaluateExpectation(e, facts), ...locate(path), path: `validation.expect[${i}]` };
  });
  return {
    status: results.every((r) => r.pass) ? 'pass' : 'fail',
    problems,
    results,
    scenario: {
      name: spec.spec.name,
      seed: spec.spec.seed,
      bars: spec.spec.bars,
      trades: sim.trades.length,
      eventBar: facts.event_bar as number,
    },
  };
}
