// Validates a raw Play value (zod schema + cross-field semantics) and normalizes it: every default
// filled (feature params and source from the registry, play name, entry order fields). Rule
// conditions stay raw here; src/dsl parses them and substitutes their canonical text for hashing.

import { PlayError } from '../errors';
import { type Catalog, type FeatureKind, findEntry } from './catalog';
import type { PlayIssue } from './issues';
import { type FeatureDecl, type ParsedPlay, PlaySchema } from './schema';
import { checkFeatures, checkTimeframes } from './semantics-features';
import { checkActions, checkExecution, checkRisk } from './semantics-risk';
import { zodIssues } from './zod-issues';

export interface NormalizedFeature {
  indicator?: string;
  structure?: string;
  /** Every registry param, defaults filled. */
  params: Record<string, number>;
  tf: string;
  /** Set for source-input features only (the registry default when not given). */
  source?: string;
  /** The Play's own unstable period (extra warm-up bars), when it sets one. */
  unstable_bars?: number;
}

export type Play = Omit<ParsedPlay, 'name' | 'features'> & {
  name: string;
  features: Record<string, NormalizedFeature>;
};

export interface PlayValueCheck {
  /** Present when there is no error. */
  play?: Play;
  issues: PlayIssue[];
}

export function featureKind(f: { indicator?: string }): FeatureKind {
  return f.indicator !== undefined ? 'indicator' : 'structure';
}

export function featureName(f: { indicator?: string; structure?: string }): string {
  return (f.indicator ?? f.structure) as string;
}

export function checkPlayValue(value: unknown, catalog: Catalog): PlayValueCheck {
  // jitless: zod would otherwise generate (eval) a parser per object schema on its first use, a
  // cost a process that parses one Play once never earns back.
  const r = PlaySchema.safeParse(value, { jitless: true });
  const issues = r.success ? [] : zodIssues(r.error.issues, value, PlaySchema);
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  issues.push(
    ...checkTimeframes(raw.timeframes),
    ...checkFeatures(raw.features, raw.timeframes, catalog),
    ...checkRisk(raw.risk, raw.features),
    ...checkExecution(raw.execution),
    ...checkActions(raw.actions),
  );
  if (!r.success || issues.some((i) => i.severity === 'error')) return { issues };
  return { play: normalize(r.data, catalog), issues };
}

function normalize(p: ParsedPlay, catalog: Catalog): Play {
  const features: Record<string, NormalizedFeature> = {};
  for (const [id, f] of Object.entries(p.features)) features[id] = normalizeFeature(f, catalog);
  const entry = p.execution.entry;
  const normalEntry =
    entry.type === 'limit'
      ? {
          type: entry.type,
          offset_pct: entry.offset_pct ?? 0,
          time_in_force: entry.time_in_force ?? 'gtc',
          ...(entry.expire_bars === undefined ? {} : { expire_bars: entry.expire_bars }),
        }
      : { type: entry.type };
  return { ...p, name: p.name ?? p.id, features, execution: { ...p.execution, entry: normalEntry } };
}

function normalizeFeature(f: FeatureDecl, catalog: Catalog): NormalizedFeature {
  const kind = featureKind(f);
  const entry = findEntry(catalog, kind, featureName(f));
  if (!entry) throw new PlayError('INTERNAL', `normalize: ${kind} ${featureName(f)} passed validation but is not in the catalog`);
  const params: Record<string, number> = {};
  for (const spec of entry.params) params[spec.name] = f.params[spec.name] ?? spec.default;
  const out: NormalizedFeature = { params, tf: f.tf };
  if (kind === 'indicator') out.indicator = entry.name;
  else out.structure = entry.name;
  if (entry.inputs?.kind === 'source') out.source = f.source ?? entry.inputs.default;
  if (f.unstable_bars !== undefined) out.unstable_bars = f.unstable_bars;
  return out;
}
