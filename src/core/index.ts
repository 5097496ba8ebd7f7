// Public surface of the WASM core for the rest of the TypeScript code.
export { CORE_ERROR_NAMES } from './error-codes.gen';
export { check, lastCoreError } from './errors';
export { type BarValues, CoreIndicator, CoreOhlcv, type OhlcvColumns, type SeriesKind } from './indicators';
export { F64Buffer, f64View } from './memory';
export { execToHtfIndex, projectByIndex, projectToExec } from './project-to-exec';
export { findIndicator, type IndicatorSpec, indicatorRegistry, type ParamSpec, SOURCES, type SourceName } from './registry';
export { type CoreResampled, coreResample, RESAMPLE_CHUNK_ROWS } from './resample';
export {
  CoreSim,
  type IntrabarMode,
  type RiskTier,
  type SimBarColumns,
  SimBars,
  type SimConfig,
  type SimOrder,
  type SimOrderKind,
  type SimState,
  type SimTpSl,
} from './sim';
export type {
  Side,
  SimEvent,
  SimFillEvent,
  SimFundingEvent,
  SimLiquidationEvent,
  SimOrderEndEvent,
  SimTradeClosedEvent,
  SimTriggeredEvent,
} from './sim-events';
export { decodeSimEvents } from './sim-events';
export {
  SIM_EVENT_STRIDE,
  SIM_REASONS,
  SIM_SIGNAL_EXEC_CLOSE,
  SIM_SIGNAL_SIDE_SHIFT,
  SIM_STATE_FIELDS,
  type SimFillReason,
  type SimReason,
  type SimTriggerSource,
} from './sim-layout';
export {
  CoreSignalRun,
  SIGNAL_DISTANCE,
  SIGNAL_SIZING,
  type SignalColumns,
  type SignalRunRules,
  type SignalRunStep,
} from './sim-signals';
export { findStructure, structureRegistry } from './structure-registry';
export { CoreStructure } from './structures';
export { coreCompiled, loadCore, precompileCore } from './wasm';

import { coreImage } from './wasm';

/** First 12 hex chars of core.wasm's SHA-256, as printed by `trade --version`. */
export function coreHash(): string {
  return coreImage().sha256.slice(0, 12);
}

export function coreSha256(): string {
  return coreImage().sha256;
}
