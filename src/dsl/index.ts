// Public surface of the rule DSL: parse and check Plays' rules, compile them, requirements gate.
export type { Loc, Node, NodeType, Resolved } from './ast';
export { checkRule } from './check';
export { checkPlayData, checkPlaySource, type PlayCheckResult } from './check-play';
export type { CheckedPlay } from './checked-play';
export { compileRules, type RuleBlock, type RuleCase, type RuleSet } from './compile';
export { defaultCatalog } from './default-catalog';
export { DslSyntaxError } from './lexer';
export { loadPlay, loadPlayText, loadPlayWithSource } from './load-play';
export { parseRule } from './parser';
export { printRule } from './print';
export { evalWarmupFormula, type FeatureRequirement, type PlayRequirements, playRequirements, type TfRequirement } from './requirements';
export {
  type CaseInfo,
  type ColumnNeed,
  type CompiledRules,
  EMIT_BIT,
  type Evaluator,
  type RuntimeEnv,
  STATE,
  STATE_SIZE,
} from './runtime';
export { type FeatureSymbol, type Symbols, symbolsFromRaw } from './symbols';
export { ruleFromYaml } from './yaml-rules';
