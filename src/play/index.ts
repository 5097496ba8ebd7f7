// Public surface of the Play module: YAML loading with positions, schema, normalization, hashing.

export { canonicalJson, playHash, sha256Hex } from './canonical';
export { type Catalog, type CatalogEntry, type CatalogParam, DEFAULT_SOURCES, type FeatureKind, findEntry } from './catalog';
export { isRecord } from './guards';
export {
  compareIssues,
  describeValue,
  error,
  formatIssue,
  formatPath,
  type LocatedIssue,
  type PathSeg,
  type PlayIssue,
  type Severity,
  warning,
} from './issues';
export { type LoadedYaml, type Locator, loadYaml } from './load';
export { checkPlayValue, featureKind, featureName, type NormalizedFeature, type Play, type PlayValueCheck } from './normalize';
export { MAX_STARTING_EQUITY_USDT, NAME_RE, PlaySchema, TIMEFRAMES } from './schema';
export { type Position, SourceMap } from './source-map';
export { closest, didYouMean, levenshtein, listNames, meanClause } from './suggest';
export * from './vocabulary';
