// What a Play may name as a feature: the indicator and structure registries, in the JSON shape the
// core exports (name, params with kind/min/max/default, outputs, inputs). The Play module never
// imports the core: callers pass a Catalog (tools/ builds the default one from src/core), so tests
// can inject a fake registry and the schema follows whatever the registry holds at run time.

export interface CatalogParam {
  name: string;
  kind: 'int' | 'float';
  min: number;
  max: number;
  default: number;
  doc?: string;
}

export type CatalogInputs = { kind: 'source'; default: string } | { kind: 'fixed'; fields: readonly string[] };

export interface CatalogEntry {
  name: string;
  params: readonly CatalogParam[];
  outputs: readonly string[];
  /** Absent for structures that read fixed bar fields. */
  inputs?: CatalogInputs;
  /** Human-readable first-valid-index formula over param names, e.g. "length - 1". */
  warmup?: string;
  /** Unstable period formula of a recursive indicator (bars on top of `warmup`); absent or "0": none. */
  unstable?: string;
}

export type FeatureKind = 'indicator' | 'structure';

export interface Catalog {
  indicators: readonly CatalogEntry[];
  structures: readonly CatalogEntry[];
  /** Selectable input sources (the core's SOURCES), e.g. close, hl2. */
  sources: readonly string[];
  /**
   * First valid bar index of a feature with these (complete) params, when the caller can compute it
   * exactly (the core's `ind_warmup`). Undefined: the `warmup` formula is evaluated instead.
   */
  warmupBars?: (kind: FeatureKind, name: string, params: Readonly<Record<string, number>>) => number | undefined;
}

/** The core's input sources, in its order; used when a caller builds a Catalog by hand. */
export const DEFAULT_SOURCES: readonly string[] = ['open', 'high', 'low', 'close', 'volume', 'hl2', 'hlc3', 'ohlc4'];

export function findEntry(catalog: Catalog, kind: FeatureKind, name: string): CatalogEntry | undefined {
  const list = kind === 'indicator' ? catalog.indicators : catalog.structures;
  return list.find((e) => e.name === name);
}
