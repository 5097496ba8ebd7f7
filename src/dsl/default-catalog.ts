// The default Catalog for Plays: the core's indicator and structure registries, its input
// sources, and exact warm-ups (first valid index) read from the core for the given params.
// Tests pass their own Catalog instead. (In dsl, so every module that loads Plays can use it.)
import * as core from '../core';
import type { Catalog, FeatureKind } from '../play';

let cached: Catalog | undefined;

export function defaultCatalog(): Catalog {
  if (cached) return cached;
  cached = {
    indicators: core.indicatorRegistry(),
    structures: core.structureRegistry(),
    sources: core.SOURCES,
    warmupBars: coreWarmup,
  };
  return cached;
}

function coreWarmup(kind: FeatureKind, name: string, params: Readonly<Record<string, number>>): number {
  const ind = kind === 'indicator' ? new core.CoreIndicator(name, { ...params }) : new core.CoreStructure(name, { ...params });
  try {
    return ind.warmup;
  } finally {
    ind.free();
  }
}
