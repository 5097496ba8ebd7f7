// The PlayEngine and its ports. Venues (sim/, bybit/) implement `Venue`; the engine imports none of them.
export { type Action, type EngineConfig, type EquityPoint, type EvalState, type ExitPlan, PlayEngine, type Strategy } from './play-engine';
export type * from './ports';
export { advanceCursor, type TfSeries } from './series';
export { floorToStep, type LotRules, roundToTick, type SizingPlan, sizePosition } from './sizing';
