// Cross-field checks on timeframes and features that the static schema cannot express: the exec
// timeframe, name rules and collisions, and each feature against the registry (name, params with
// a zod schema derived from the registry entry, tf, source). Works on the raw value so every
// problem is reported even when other sections are broken.
import { z } from 'zod';
import { type Catalog, type CatalogEntry, type FeatureKind, findEntry } from './catalog';
import { isRecord } from './guards';
import { describeValue, error, type PathSeg, type PlayIssue } from './issues';
import { NAME_RE } from './schema';
import { listNames, meanClause } from './suggest';
import { EXEC_TF, RESERVED_NAMES } from './vocabulary';
import { zodIssues } from './zod-issues';

const paramSchemas = new WeakMap<CatalogEntry, z.ZodType>();

/** A strict zod object for an entry's params: each optional, integer if kind int, within [min, max]. */
export function paramsSchema(entry: CatalogEntry): z.ZodType {
  let s = paramSchemas.get(entry);
  if (!s) {
    const shape: Record<string, z.ZodType> = {};
    for (const p of entry.params) {
      const n = p.kind === 'int' ? z.number().int() : z.number();
      shape[p.name] = n.min(p.min).max(p.max).optional();
    }
    s = z.strictObject(shape);
    paramSchemas.set(entry, s);
  }
  return s;
}

export function checkTimeframes(timeframes: unknown): PlayIssue[] {
  if (!isRecord(timeframes)) return [];
  const issues: PlayIssue[] = [];
  if (!(EXEC_TF in timeframes)) issues.push(error(['timeframes'], 'must declare exec, the timeframe rules run on (e.g. exec: 15m)'));
  for (const name of Object.keys(timeframes)) issues.push(...checkName(['timeframes', name], 'timeframe name'));
  return issues;
}

function checkName(path: readonly PathSeg[], what: string): PlayIssue[] {
  const name = String(path[path.length - 1]);
  if (!NAME_RE.test(name)) return [error(path, `must be a lower-case ${what} (a-z, 0-9, _; starting with a letter)`, { at: 'key' })];
  if (RESERVED_NAMES.has(name))
    return [error(path, `is a reserved name (a built-in or keyword of the rule language); choose another ${what}`, { at: 'key' })];
  return [];
}

export function checkFeatures(features: unknown, timeframes: unknown, catalog: Catalog): PlayIssue[] {
  if (!isRecord(features)) return [];
  const tfNames = isRecord(timeframes) ? Object.keys(timeframes) : undefined;
  const issues: PlayIssue[] = [];
  for (const [id, decl] of Object.entries(features)) {
    const path = ['features', id];
    issues.push(...checkName(path, 'feature id'));
    if (tfNames?.includes(id)) issues.push(error(path, 'is also a timeframe name; choose another feature id', { at: 'key' }));
    if (isRecord(decl)) issues.push(...checkFeature(path, decl, tfNames, catalog));
  }
  return issues;
}

function checkFeature(path: PathSeg[], decl: Record<string, unknown>, tfNames: string[] | undefined, catalog: Catalog): PlayIssue[] {
  const issues: PlayIssue[] = [];
  const hasIndicator = 'indicator' in decl;
  const hasStructure = 'structure' in decl;
  if (hasIndicator && hasStructure) {
    issues.push(error([...path, 'structure'], 'cannot be combined with indicator (a feature is one or the other)', { at: 'key' }));
  } else if (!hasIndicator && !hasStructure) {
    issues.push(error(path, 'needs indicator: <name> or structure: <name>'));
  }
  const kind: FeatureKind = hasIndicator ? 'indicator' : 'structure';
  const entry = resolveEntry(path, kind, decl[kind], catalog, issues);
  if (entry && isRecord(decl.params)) {
    const r = paramsSchema(entry).safeParse(decl.params, { jitless: true });
    if (!r.success) issues.push(...zodIssues(r.error.issues, decl.params, paramsSchema(entry), [...path, 'params']));
  }
  if (typeof decl.tf === 'string' && tfNames && !tfNames.includes(decl.tf)) {
    const hint = meanClause(decl.tf, tfNames);
    issues.push(error([...path, 'tf'], `must name a declared timeframe (got '${decl.tf}'${hint || ';'} declared: ${listNames(tfNames)})`));
  }
  if (decl.source !== undefined && entry) issues.push(...checkSource([...path, 'source'], decl.source, kind, entry, catalog));
  return issues;
}

function resolveEntry(path: PathSeg[], kind: FeatureKind, name: unknown, catalog: Catalog, issues: PlayIssue[]): CatalogEntry | undefined {
  if (typeof name !== 'string') return undefined;
  const entry = findEntry(catalog, kind, name);
  if (entry) return entry;
  const other: FeatureKind = kind === 'indicator' ? 'structure' : 'indicator';
  if (findEntry(catalog, other, name)) {
    issues.push(error([...path, kind], `'${name}' is a ${other}: write ${other}: ${name}`));
    return undefined;
  }
  const names = (kind === 'indicator' ? catalog.indicators : catalog.structures).map((e) => e.name);
  const hint = meanClause(name, names);
  const tail = hint || (names.length === 0 ? `; no ${kind}s are registered` : `; expected one of ${listNames(names)}`);
  issues.push(error([...path, kind], `must be a known ${kind} (got '${name}'${tail})`));
  return undefined;
}

function checkSource(path: PathSeg[], source: unknown, kind: FeatureKind, entry: CatalogEntry, catalog: Catalog): PlayIssue[] {
  if (entry.inputs?.kind !== 'source') {
    const reads = entry.inputs?.kind === 'fixed' ? `reads ${entry.inputs.fields.join(', ')}` : 'reads fixed bar fields';
    return [error(path, `does not apply: ${kind} ${entry.name} ${reads}`, { at: 'key' })];
  }
  if (typeof source !== 'string' || !catalog.sources.includes(source)) {
    const hint = typeof source === 'string' ? meanClause(source, catalog.sources) : '';
    return [error(path, `must be one of ${listNames(catalog.sources)} (got ${describeValue(source)}${hint})`)];
  }
  return [];
}
