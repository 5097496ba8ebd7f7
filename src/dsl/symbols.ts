// The names a rule can use, read leniently from a raw Play (so rules are checked even when other
// sections have errors): declared timeframes and features with their registry outputs. A feature
// whose indicator/structure is unknown has outputs `null`: refs to it are not reported again.
import { type Catalog, type FeatureKind, findEntry, isRecord } from '../play';

export interface FeatureSymbol {
  id: string;
  kind: FeatureKind;
  name: string;
  tf: string;
  outputs: readonly string[] | null;
}

export interface Symbols {
  tfs: readonly string[];
  features: ReadonlyMap<string, FeatureSymbol>;
}

export function symbolsFromRaw(raw: unknown, catalog: Catalog): Symbols {
  const play = isRecord(raw) ? raw : {};
  const tfs = isRecord(play.timeframes) ? Object.keys(play.timeframes) : [];
  if (!tfs.includes('exec')) tfs.unshift('exec');
  const features = new Map<string, FeatureSymbol>();
  if (isRecord(play.features)) {
    for (const [id, decl] of Object.entries(play.features)) {
      if (!isRecord(decl)) continue;
      const kind: FeatureKind = 'indicator' in decl ? 'indicator' : 'structure';
      const name = typeof decl[kind] === 'string' ? (decl[kind] as string) : '';
      const entry = findEntry(catalog, kind, name);
      const tf = typeof decl.tf === 'string' ? decl.tf : 'exec';
      features.set(id, { id, kind, name, tf, outputs: entry ? entry.outputs : null });
    }
  }
  return { tfs, features };
}
