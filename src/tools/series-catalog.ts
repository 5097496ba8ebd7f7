// `trade indicators` / `trade structures`: every entry of the core's registries with its params
// (kind, default, range), outputs, input and warm-up rule, as the core describes them.
import { type IndicatorSpec, indicatorRegistry, type SeriesKind, structureRegistry } from '../core';

export interface SeriesCatalogEntry {
  name: string;
  title: string;
  params: { name: string; kind: string; default: number; min: number; max: number }[];
  outputs: string[];
  /** `source` (one selectable series, with its default) or the bar fields read. */
  input: string;
  warmup: string;
}

function entry(s: IndicatorSpec): SeriesCatalogEntry {
  return {
    name: s.name,
    title: s.title,
    params: s.params.map((p) => ({ name: p.name, kind: p.kind, default: p.default, min: p.min, max: p.max })),
    outputs: [...s.outputs],
    input: s.inputs.kind === 'source' ? `source (default ${s.inputs.default})` : s.inputs.fields.join(' '),
    warmup: s.warmup,
  };
}

export function seriesCatalog(kind: SeriesKind): SeriesCatalogEntry[] {
  return (kind === 'structure' ? structureRegistry() : indicatorRegistry()).map(entry);
}
