// Public surface of the WASM core for the rest of the TypeScript code.
export { CORE_ERROR_NAMES } from './error-codes.gen';
export { check, lastCoreError } from './errors';
export { type BarValues, CoreIndicator, CoreOhlcv, type OhlcvColumns } from './indicators';
export { F64Buffer, f64View } from './memory';
export { findIndicator, type IndicatorSpec, indicatorRegistry, type ParamSpec, SOURCES, type SourceName } from './registry';
export { loadCore } from './wasm';

import { loadCore } from './wasm';

/** First 12 hex chars of core.wasm's SHA-256, as printed by `trade --version`. */
export function coreHash(): string {
  return loadCore().sha256.slice(0, 12);
}

export function coreSha256(): string {
  return loadCore().sha256;
}
