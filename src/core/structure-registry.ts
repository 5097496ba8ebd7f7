// The structure registry as exported by the core (JSON, same shape as the indicator registry,
// family "structure"), typed. Structure names are a namespace of their own.
import { core, readScratchJson } from './memory';
import type { IndicatorSpec } from './registry';

let cached: readonly IndicatorSpec[] | undefined;

export function structureRegistry(): readonly IndicatorSpec[] {
  if (!cached) cached = Object.freeze(readScratchJson<IndicatorSpec[]>(() => core().structure_registry_json()));
  return cached;
}

export function findStructure(name: string): IndicatorSpec | undefined {
  return structureRegistry().find((s) => s.name === name);
}
