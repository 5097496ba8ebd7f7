// The default Catalog for Plays: the core's indicator registry (exact warm-ups from the core),
// its structure registry once the core exports `structureRegistry()` (an empty list until then),
// and the core's input sources. Tests pass their own Catalog instead.
import * as core from '../core';
import type { Catalog, CatalogEntry } from '../play';

let cached: Catalog | undefined;

export function defaultCatalog(): Catalog {
  if (cached) return cached;
  // Looked up by name so this file needs no change when the structures branch adds the export.
  const structureRegistry = (core as unknown as Record<string, unknown>).structureRegistry as (() => readonly CatalogEntry[]) | undefined;
  cached = {
    indicators: core.indicatorRegistry(),
    structures: structureRegistry ? structureRegistry() : [],
    sources: core.SOURCES,
    warmupBars: (kind, name, params) => (kind === 'indicator' ? indicatorWarmup(name, params) : undefined),
  };
  return cached;
}

function indicatorWarmup(name: string, params: Readonly<Record<string, number>>): number {
  const ind = new core.CoreIndicator(name, { ...params });
  try {
    return ind.warmup;
  } finally {
    ind.free();
  }
}
