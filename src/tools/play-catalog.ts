// The default Catalog for Plays (src/dsl/default-catalog.ts), where the tools have always found it.
export { defaultCatalog } from '../dsl';
