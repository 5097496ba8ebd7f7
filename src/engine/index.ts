// The PlayEngine and its ports. Venues (sim/, bybit/) implement `Venue`; the engine imports none of them.
export { BatchFeatures, type Resampler } from './batch-features';
export { type Action, type Decision, DecisionLog, type DecisionSink } from './decision';
export { EquityLog, type EquityLogColumns } from './equity-log';
export { type FeaturePipeline, type FeatureStart, playTimeframes } from './feature-pipeline';
export { IncrementalFeatures, type IncrementalOptions } from './incremental-features';
export { isValidOrderLinkId, ORDER_ID_MAX_LEN, OrderIds, RUN_ID_MAX_LEN } from './order-ids';
export { type OrderRole, type OrderStatus, OrderTracker, type TrackedOrder } from './order-tracker';
export { engineConfig } from './play-config';
export {
  type EngineConfig,
  type EngineCounters,
  type EngineSnapshot,
  type EvalState,
  type ExitPlan,
  type Explanation,
  PlayEngine,
  type SkippedEntry,
  type Strategy,
} from './play-engine';
export { PlayStrategy } from './play-strategy';
export type * from './ports';
export { advanceCursor, type TfSeries } from './series';
export { type SignalFlagOptions, SignalFlags, type SignalSource } from './signal-flags';
export {
  entryCostRate,
  floorToStep,
  fractionOf,
  type LotRules,
  roundToTick,
  type SizingPlan,
  type StepFraction,
  sizePosition,
} from './sizing';
export { type ClosedTrade, type ExitReason, type OpenTrade, roundUsdt, TradeBook } from './trade-book';
