// The indicator registry as exported by the core (JSON), typed. The Play schema and the CLI
// derive params, outputs and inputs from it; nothing here is hand-maintained.
import { core, readScratchJson } from './memory';

export const SOURCES = ['open', 'high', 'low', 'close', 'volume', 'hl2', 'hlc3', 'ohlc4'] as const;
export type SourceName = (typeof SOURCES)[number];

export interface ParamSpec {
  name: string;
  kind: 'int' | 'float';
  min: number;
  max: number;
  default: number;
  doc: string;
}

export type InputSpec = { kind: 'source'; default: SourceName } | { kind: 'fixed'; fields: string[] };

export interface IndicatorSpec {
  name: string;
  title: string;
  family: string;
  convention: string;
  warmup: string;
  /** Extra bars before values are used, so a recursive indicator's seed no longer matters (a formula; "0" when none). */
  unstable: string;
  params: ParamSpec[];
  outputs: string[];
  inputs: InputSpec;
}

let cached: readonly IndicatorSpec[] | undefined;

export function indicatorRegistry(): readonly IndicatorSpec[] {
  if (!cached) cached = Object.freeze(readScratchJson<IndicatorSpec[]>(() => coreRegistryJson()));
  return cached;
}

export function findIndicator(name: string): IndicatorSpec | undefined {
  return indicatorRegistry().find((s) => s.name === name);
}

function coreRegistryJson(): number {
  return core().registry_json();
}
