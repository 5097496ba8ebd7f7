// Options accepted by every command.
import { DEFAULT_DB_PATH } from '../tools';
import type { OptionSpec } from './args';

export { DEFAULT_DB_PATH };

export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: 'db', value: true, env: 'TRADE_DB', help: `DuckDB store path (env TRADE_DB, default ${DEFAULT_DB_PATH})` },
  { name: 'json', value: false, help: 'print the result as one JSON object' },
  { name: 'ts', value: true, help: 'how times are printed: iso (ISO 8601 UTC, default) or ms (epoch milliseconds)' },
  { name: 'help', value: false, help: 'show help for the command' },
];
