// Forge: synthetic markets, executable `validation:` blocks and the look-ahead / warm-up audits.

export { auditCoverage, type CoverageReport } from './audit-coverage';
export { auditDeterminism, type DeterminismReport } from './audit-determinism';
export { auditLookahead, cutPoints, DEFAULT_CUTS, type LookaheadCut, type LookaheadReport, plantedPeek } from './audit-lookahead';
export { auditWarmup, type WarmupReport, type WarmupStep, warmupExtras } from './audit-warmup';
export {
  actionDifferences,
  type DecisionDifference,
  diffDecision,
  firstActionDifference,
  firstDifference,
  largestInputGap,
} from './decision-diff';
export { type ExpectationResult, evaluateExpectation } from './expect-eval';
export { FACT_TYPES, type FactValue, WORDS } from './expect-facts';
export { COMPARE_OPS, type Expectation, parseExpectation, SET_OPS } from './expect-parse';
export { type ScenarioSpec, type SyntheticMarket, syntheticMarket } from './market';
export { Prng } from './prng';
export { defaultFromMs, execTfMs, runOnWindow, type WindowRun, type WindowRunInput } from './run-window';
export { DEFAULT_START_ISO, readScenarioSpec, SPEC_FIELDS, type SpecProblem } from './scenario-spec';
export { CRASH_BARS, RECOVERY_BARS, SCENARIOS, type ScenarioName } from './scenarios';
export { sparkline } from './sparkline';
export {
  DEFAULT_SYNTH_SYMBOL,
  isSyntheticSymbol,
  SYNTH_SOURCE,
  SYNTH_SYMBOL_RE,
  syntheticInstrument,
  syntheticSymbolInput,
} from './synth-symbol';
export {
  type BlockProblem,
  type CheckedBlock,
  type CheckedExpectation,
  checkValidationBlock,
  type Locate,
  runValidation,
  type ValidationBlock,
  type ValidationOutcome,
} from './validation-run';
