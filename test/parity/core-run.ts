// Runs one core indicator over columns for the parity tests: resolves the source argument
// against the registry's declared inputs and returns the outputs by name. The registry is the
// only authority on what exists; a parity case whose indicator is absent is skipped by the caller.
import { CoreIndicator, findIndicator, type IndicatorSpec, type OhlcvColumns, type SourceName } from '../../src/core';

export interface CoreRun {
  spec: IndicatorSpec;
  outputs: Map<string, Float64Array>;
}

/**
 * `source` is the series the reference read (null: fixed bar fields). A source-kind indicator gets
 * it (or its registry default when null); a fixed-input indicator gets none (its fields are its definition).
 */
export function runCore(name: string, params: Record<string, number>, source: string | null, cols: OhlcvColumns): CoreRun {
  const spec = findIndicator(name);
  if (!spec) throw new Error(`indicator '${name}' is not in the core registry`);
  // A reference over fixed fields (TA-Lib CCI forms hlc3 from H, L, C) maps to the registry's
  // default source; the comparison then proves that default right.
  const chosen = spec.inputs.kind === 'source' ? ((source ?? spec.inputs.default) as SourceName) : undefined;
  const ind = new CoreIndicator(name, params, chosen);
  try {
    const columns = ind.batch(cols);
    return { spec, outputs: new Map(spec.outputs.map((o, k) => [o, columns[k] as Float64Array])) };
  } finally {
    ind.free();
  }
}

/** Problems with the expected output names: each must be one of the registry's outputs. */
export function outputNameProblems(spec: IndicatorSpec, expected: readonly string[], label: string): string[] {
  return expected
    .filter((n) => !spec.outputs.includes(n))
    .map((n) => `${label}: registry outputs of ${spec.name} are [${spec.outputs.join(', ')}], the case expects '${n}'`);
}
