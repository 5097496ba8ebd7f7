// Forge: synthetic markets, executable `validation:` blocks and the look-ahead / warm-up audits.
export { type ScenarioSpec, type SyntheticMarket, syntheticMarket } from './market';
export { Prng } from './prng';
export { DEFAULT_START_ISO, readScenarioSpec, SPEC_FIELDS, type SpecProblem } from './scenario-spec';
export { CRASH_BARS, RECOVERY_BARS, SCENARIOS, type ScenarioName } from './scenarios';
export {
  DEFAULT_SYNTH_SYMBOL,
  isSyntheticSymbol,
  SYNTH_SOURCE,
  SYNTH_SYMBOL_RE,
  syntheticInstrument,
  syntheticSymbolInput,
} from './synth-symbol';
