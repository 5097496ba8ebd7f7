// Loads @duckdb/node-api on first use, not at start-up: in the compiled binary that means
// unpacking and loading the 70 MB native library, which commands and backtests that never open
// the store (`--version`, `play validate`, a backtest on an unchanged store's snapshot) skip.
export type DuckDBApi = typeof import('@duckdb/node-api');

let api: Promise<DuckDBApi> | undefined;

export function duckdbApi(): Promise<DuckDBApi> {
  api ??= import('@duckdb/node-api');
  return api;
}
